"""`--conflicts`: each kind of problem found with its file and line; text, JSON, exit statuses."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

from portdeck.conflicts import (
    BROWSER_BLOCKED,
    EPHEMERAL,
    KNOWN_PORT,
    SAME_PORT,
    check_conflicts,
    conflicts_json,
    run_conflicts,
)
from portdeck.dataset import Catalog
from portdeck.free_ports import EphemeralRange
from portdeck.userdata.team import TeamPorts, load_team

from .conftest import entry

Write = Callable[[str, str], Path]
EPHEMERAL_RANGE = EphemeralRange(50000, 60999, "test")


def _load(built_in: Catalog, tmp_path: Path) -> TeamPorts:
    return load_team(
        built_in,
        None,
        environ={"PORTDECK_PATH": str(tmp_path / "team")},
        cwd=str(tmp_path),
        home=str(tmp_path),
    )


def test_a_clean_plan_has_no_conflicts_and_exits_0(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    write(
        "team/payments.toml",
        entry(41500, "billing")
        + entry(41501, "billing-worker", protocols='"udp"')
        + entry(5432, "postgres-staging")  # PostgreSQL under a name of its own
        + entry(8443, "billing-web", extra='tags = ["web"]\n')  # any web service is at home on 8443
        + entry(41502, "ledger", protocols='"udp"'),
    )
    write("team/again.toml", entry(41500, "billing"))  # the same service twice: both kept
    write("team/other.toml", entry(41501, "tcp-only"))  # same port, another protocol
    loaded = _load(built_in, tmp_path)
    assert check_conflicts(loaded.catalog, loaded.origins, EPHEMERAL_RANGE) == []
    out = io.StringIO()
    assert run_conflicts(loaded.catalog, loaded.origins, ephemeral=EPHEMERAL_RANGE, out=out) == 0
    assert out.getvalue() == "portdeck: no conflicts in 3 files (7 entries)\n"


def test_every_kind_of_conflict_with_its_file_and_line(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    payments = write(
        "team/payments.toml",
        entry(41600, "billing")  # line 1
        + entry(5432, "billing-db")  # line 7: PostgreSQL's port
        + entry(6667, "dashboard", extra='tags = ["web"]\n')  # line 13: IRC, a Fetch bad port
        + entry(55000, "worker"),  # line 20: ephemeral
    )
    search = write("team/search.toml", "\n" + entry(41600, "indexer", protocols='"tcp", "udp"'))  # line 2
    loaded = _load(built_in, tmp_path)
    found = check_conflicts(loaded.catalog, loaded.origins, EPHEMERAL_RANGE)
    summary = [(c.kind, Path(c.origin.path).name, c.origin.line, c.service) for c in found]
    assert summary == [
        (KNOWN_PORT, "payments.toml", 7, "billing-db"),
        (KNOWN_PORT, "payments.toml", 13, "dashboard"),
        (BROWSER_BLOCKED, "payments.toml", 13, "dashboard"),
        (EPHEMERAL, "payments.toml", 20, "worker"),
        (SAME_PORT, "search.toml", 2, "indexer"),
    ]
    known, irc, blocked, ephemeral, same = found
    assert "(ircu, " in irc.message
    assert "5432/tcp/udp is PostgreSQL (postgresql, everyday)" in known.message
    assert blocked.ports == (6667,) and "browsers refuse port 6667" in blocked.message
    assert "ephemeral range 50000-60999 (test)" in ephemeral.message
    assert same.others == (
        loaded.origins.of(next(e for e, _ in loaded.origins.items() if e.service == "billing")),
    )
    assert same.message == "indexer claims 41600/tcp, already claimed by billing (team: payments.toml:1)"
    assert known.line() == f"{payments}:7: {known.message}"
    assert same.line().startswith(f"{search}:2: ")


def test_ranges_overlap_and_the_ephemeral_check_can_be_left_out(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    write("team/a.toml", entry(41700, "pool", end=41799) + entry(55000, "late"))
    write("team/b.toml", entry(41750, "single"))
    loaded = _load(built_in, tmp_path)
    found = check_conflicts(loaded.catalog, loaded.origins, None)
    assert [(c.kind, c.service, c.ports) for c in found] == [(SAME_PORT, "single", (41750,))]


def test_text_json_and_exit_statuses(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    write("team/a.toml", entry(41800, "one") + entry(41800, "two"))
    loaded = _load(built_in, tmp_path)
    out = io.StringIO()
    assert run_conflicts(loaded.catalog, loaded.origins, ephemeral=EPHEMERAL_RANGE, out=out) == 1
    lines = out.getvalue().splitlines()
    assert lines == [
        f"{tmp_path / 'team' / 'a.toml'}:7: two claims 41800/tcp, already claimed by one (team: a.toml:1)",
        "portdeck: 1 conflict in 1 file (2 entries)",
    ]
    out = io.StringIO()
    assert (
        run_conflicts(loaded.catalog, loaded.origins, as_json=True, ephemeral=EPHEMERAL_RANGE, out=out) == 1
    )
    document = json.loads(out.getvalue())
    assert document == conflicts_json(
        check_conflicts(loaded.catalog, loaded.origins, EPHEMERAL_RANGE), loaded.origins
    )
    assert document["files"] == [{"kind": "team", "path": str(tmp_path / "team" / "a.toml"), "entries": 2}]
    (conflict,) = document["conflicts"]
    assert conflict == {
        "kind": "same-port",
        "file": str(tmp_path / "team" / "a.toml"),
        "line": 7,
        "origin": "team: a.toml:7",
        "port": 41800,
        "end": 41800,
        "protocols": ["tcp"],
        "service": "two",
        "ports": [41800],
        "message": "two claims 41800/tcp, already claimed by one (team: a.toml:1)",
        "others": [{"file": str(tmp_path / "team" / "a.toml"), "line": 1, "origin": "team: a.toml:1"}],
    }


def test_a_broken_file_makes_the_check_exit_2_after_checking_the_rest(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    write("team/a.toml", entry(41900, "fine"))
    broken = write("team/b.toml", "[[entry]\n")
    loaded = _load(built_in, tmp_path)
    out = io.StringIO()
    assert run_conflicts(loaded.catalog, loaded.origins, ephemeral=EPHEMERAL_RANGE, out=out) == 2
    text = out.getvalue()
    assert f"{broken}:1: invalid TOML" in text and "(not checked)" in text
    assert text.endswith("portdeck: no conflicts in 1 file (1 entry); 1 file could not be read\n")
    out = io.StringIO()
    assert (
        run_conflicts(loaded.catalog, loaded.origins, as_json=True, ephemeral=EPHEMERAL_RANGE, out=out) == 2
    )
    files = json.loads(out.getvalue())["files"]
    assert files[1]["entries"] is None and files[1]["problem"].startswith(f"{broken}:1:")


def test_no_files_at_all_is_said_and_exits_0(built_in: Catalog, tmp_path: Path) -> None:
    loaded = load_team(built_in, None, environ={}, cwd=str(tmp_path), home=str(tmp_path))
    out = io.StringIO()
    assert run_conflicts(loaded.catalog, loaded.origins, ephemeral=EPHEMERAL_RANGE, out=out) == 0
    assert out.getvalue().startswith("portdeck: no ports files found")


def test_file_names_are_printed_escaped(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "\x1b]0;PWN\x07.toml").write_text(entry(41950, "a") + entry(41950, "b"), encoding="utf-8")
    loaded = _load(built_in, tmp_path)
    out = io.StringIO()
    run_conflicts(loaded.catalog, loaded.origins, ephemeral=EPHEMERAL_RANGE, out=out)
    assert "\x1b" not in out.getvalue() and "\\x1b]0;PWN\\x07.toml:7:" in out.getvalue()
    out = io.StringIO()
    run_conflicts(loaded.catalog, loaded.origins, as_json=True, ephemeral=EPHEMERAL_RANGE, out=out)
    assert "\x1b" not in out.getvalue()
    assert json.loads(out.getvalue())["conflicts"][0]["file"] == os.path.join(folder, "\x1b]0;PWN\x07.toml")


def test_the_machine_range_is_read_when_none_is_given(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    from portdeck.free_ports import ephemeral_range

    low = ephemeral_range().low
    write("team/a.toml", entry(low, "in-the-range"))
    loaded = _load(built_in, tmp_path)
    out = io.StringIO()
    assert run_conflicts(loaded.catalog, loaded.origins, out=out) == 1
    assert "ephemeral range" in out.getvalue()


def test_a_missing_portdeck_path_folder_exits_2(built_in: Catalog, tmp_path: Path) -> None:
    """A typo in CI's PORTDECK_PATH must not pass as "no conflicts"."""
    loaded = _load(built_in, tmp_path)  # tmp_path/team does not exist
    out = io.StringIO()
    assert run_conflicts(loaded.catalog, loaded.origins, ephemeral=EPHEMERAL_RANGE, out=out) == 2
    assert f"{tmp_path / 'team'}: no such file or folder" in out.getvalue()
