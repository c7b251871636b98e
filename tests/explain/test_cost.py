"""What --explain costs: `portdeck 22` never imports it, YAML is imported only for YAML,
and a big nmap XML file is streamed, never held whole."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from portdeck.dataset import Catalog
from portdeck.explain import run_explain

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_explain import write_nmap_xml  # noqa: E402

PROBE = """
import contextlib, io, json, sys
from portdeck.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps(sorted(m for m in sys.modules if m.startswith("portdeck.explain") or m in ("yaml", "pyexpat"))))
"""


def test_a_lookup_imports_none_of_it(tmp_path: Path, child_env: Callable[..., dict[str, str]]) -> None:
    env = child_env(PORTDECK_CACHE_DIR=str(tmp_path / "cache"), PORTDECK_CONFIG=str(tmp_path / "none.toml"))
    for query in (["22"], ["postgress"], ["10.0.0.1:8080"]):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *query], env=env, check=True, capture_output=True, text=True
        )
        assert json.loads(done.stdout) == [], query


def test_yaml_only_for_yaml(tmp_path: Path, child_env: Callable[..., dict[str, str]]) -> None:
    code = (
        "import io, sys\nfrom portdeck.dataset import load_catalog\nfrom portdeck.explain import run_explain\n"
        "run_explain(load_catalog(), [], as_json=True, fail_on=frozenset(), limit=0, "
        "stdin=io.BytesIO(sys.argv[1].encode()), stdout=io.StringIO(), stderr=io.StringIO())\n"
        "print('yaml' in sys.modules)\n"
    )
    env = child_env(PORTDECK_CACHE_DIR=str(tmp_path / "cache"))
    for text, loaded in (("10.0.0.1:22\n", "False"), ("services:\n  a:\n    ports: ['80:80']\n", "True")):
        done = subprocess.run(
            [sys.executable, "-c", code, text], env=env, check=True, capture_output=True, text=True
        )
        assert done.stdout.strip() == loaded


def test_a_big_scan_is_streamed(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "scan.xml"
    ports = write_nmap_xml(str(path), 3000)
    size = path.stat().st_size
    with open(os.devnull, "w") as null:
        run = lambda: run_explain(  # noqa: E731
            catalog, [str(path)], as_json=True, fail_on=frozenset(), limit=0,
            stdin=io.BytesIO(), stdout=null, stderr=io.StringIO(),
        )  # fmt: skip
        run()  # the catalog's entries for these ports are built once
        tracemalloc.start()
        try:
            assert run() == 0
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < size, f"peak {peak:,} bytes for a {size:,}-byte file"
    out = io.StringIO()
    run_explain(catalog, [str(path)], as_json=True, fail_on=frozenset(), limit=0,
                stdin=io.BytesIO(), stdout=out, stderr=io.StringIO())  # fmt: skip
    rows = json.loads(out.getvalue())
    assert sum(row["count"] for row in rows) == ports
    assert len(next(row for row in rows if row["port"] == 22)["hosts"]) > 1000
