"""Fixtures for the --explain tests: the real catalog, and `explain()`, which runs
`run_explain` on files or on bytes given as standard input and returns what it printed."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from portdeck.dataset import Catalog, load_catalog
from portdeck.explain import run_explain

FIXTURES = Path(__file__).parent / "fixtures"


class Explained(NamedTuple):
    status: int
    out: str
    err: str

    def rows(self) -> list[dict[str, Any]]:
        """The --json rows (the run must have been with as_json): JSON, so their values are Any."""
        rows: list[dict[str, Any]] = json.loads(self.out)
        return rows

    def row(self, port: int, protocol: str | None = "tcp") -> dict[str, Any]:
        found = [r for r in self.rows() if r["port"] == port and r["protocol"] == protocol]
        assert found, f"no row for {port}/{protocol} in {[(r['port'], r['protocol']) for r in self.rows()]}"
        return found[0]

    def ports(self) -> set[tuple[int, str | None]]:
        return {(r["port"], r["protocol"]) for r in self.rows()}


Explain = Callable[..., Explained]


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    folder = tmp_path_factory.mktemp("portdeck-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTDECK_CACHE_DIR", str(folder))
        patch.delenv("PORTDECK_NO_CACHE", raising=False)
        yield load_catalog()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def explain(catalog: Catalog) -> Explain:
    """explain(*paths, stdin=b"...", as_json=True, fail_on=(), limit=0, terminal=False)."""

    def run(
        *paths: str | Path,
        stdin: bytes | io.RawIOBase | io.BufferedIOBase = b"",
        as_json: bool = True,
        fail_on: Sequence[str] = (),
        limit: int = 0,
        terminal: bool = False,
    ) -> Explained:
        stream = io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin
        out = _Terminal() if terminal else io.StringIO()
        err = io.StringIO()
        status = run_explain(
            catalog,
            [str(p) for p in paths],
            as_json=as_json,
            fail_on=frozenset(fail_on),
            limit=limit,
            stdin=stream,  # type: ignore[arg-type]
            stdout=out,
            stderr=err,
        )
        return Explained(status, out.getvalue(), err.getvalue())

    return run
