"""The installed command's answers about ports in the wild: --free, --listening --save and
--diff, and what --listening --json says of unexpected software. Real listeners on
127.0.0.1, started by the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .wild_helpers import StartChild

COMMAND = Path(sys.executable).with_name("portdeck")


def portdeck(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "PORTDECK_CACHE_DIR": str(cache),
        "PORTDECK_CONFIG": str(cache / "none.toml"),
    }
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_free_piped_is_one_port_a_line_and_a_seed_repeats_it(cache: Path) -> None:
    first = portdeck("--free", "3", "--seed", "team-a", cache=cache)
    again = portdeck("--free", "3", "--seed", "team-a", cache=cache)
    other = portdeck("--free", "3", "--seed", "team-b", cache=cache)
    assert first.returncode == 0 and first.stdout == again.stdout
    ports = [int(line) for line in first.stdout.split()]
    assert len(ports) == 3 and all(1024 <= port <= 49151 for port in ports)
    assert other.stdout != first.stdout


def test_free_in_a_span_as_json_says_why(cache: Path) -> None:
    done = portdeck("--free", "--range", "20000-21000", "--seed", "1", "--json", cache=cache)
    picks = json.loads(done.stdout)
    assert len(picks) == 5
    for pick in picks:
        assert 20000 <= pick["port"] <= 21000
        assert "unassigned in the IANA registry" in pick["reasons"]
        assert "browsers allow it (not a Fetch bad port)" in pick["reasons"]
        assert portdeck(str(pick["port"]), cache=cache).returncode == 1  # no entry names it


def test_free_in_a_span_with_nothing_free_exits_1(cache: Path) -> None:
    done = portdeck("--free", "--range", "5432-5432", cache=cache)
    assert done.returncode == 1 and done.stdout == ""


def test_a_bad_range_is_a_usage_error(cache: Path) -> None:
    done = portdeck("--free", "--range", "9-1", cache=cache)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_span_filters_a_lookup(cache: Path) -> None:
    done = portdeck("postgres", "-r", "5430-5440", cache=cache)
    assert done.returncode == 0
    assert {line.split("\t")[0] for line in done.stdout.splitlines()} == {"5432"}


def test_save_then_diff_sees_a_new_listener_and_exits_1(
    cache: Path, tmp_path: Path, start_child: StartChild
) -> None:
    baseline = tmp_path / "baseline.json"
    assert portdeck("--listening", "--save", str(baseline), cache=cache).returncode == 0
    child = start_child("nc")
    done = portdeck("--listening", "--diff", str(baseline), cache=cache)
    assert done.returncode == 1, done.stderr
    assert f"+ tcp 127.0.0.1:{child.port}" in done.stdout
    document = json.loads(portdeck("--listening", "--diff", str(baseline), "--json", cache=cache).stdout)
    assert any(item["port"] == child.port for item in document["appeared"])


def test_a_broken_baseline_is_one_line(cache: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("{not json")
    done = portdeck("--listening", "--diff", str(baseline), cache=cache)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "baseline.json" in done.stderr


def test_listening_json_names_unexpected_software(cache: Path, start_child: StartChild) -> None:
    child = start_child("nc", ports=(2222, 2200, 2201))
    document = json.loads(portdeck("--listening", "--json", cache=cache).stdout)
    mine = next(item for item in document if item["port"] == child.port and item["protocol"] == "tcp")
    assert "sshd" in mine["expected_processes"]
    assert mine["unexpected"] and "nc" in mine["unexpected"]


def test_listening_on_a_terminal_is_an_aligned_table_by_port(cache: Path, start_child: StartChild) -> None:
    from ..cli_helpers import run_on_terminal, without_styles

    low, high = start_child("nc", ports=(23456, 23457)), start_child("python3", ports=(12345, 12346))
    status, raw, _ = run_on_terminal("--listening", "--limit", "0", cache=cache, COLUMNS="120")
    lines = without_styles(raw.decode()).splitlines()
    assert status == 0
    assert lines[0].split() == ["Port", "Proto", "Address", "Process", "User", "Exposed", "Service", "Title"]
    rows = [line for line in lines[1:] if line[:1].isdigit()]
    assert [int(row.split()[0]) for row in rows] == sorted(int(row.split()[0]) for row in rows)
    mine = [row for row in rows if row.split()[0] in (str(low.port), str(high.port))]
    assert len(mine) == 2 and len({row.index("127.0.0.1") for row in mine}) == 1  # one column
