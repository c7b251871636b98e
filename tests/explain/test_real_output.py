"""--explain on real output of the real tools (tests/explain/fixtures, made by
make_fixtures.py: nmap scanning listeners on 127.0.0.1, and this machine's ss, netstat
and lsof while they listened). nmap is not needed here: the fixtures are files."""

from __future__ import annotations

import pytest

from .conftest import FIXTURES, Explain

# What make_fixtures.py listened on, and what each must be flagged.
EXPECTED = {
    (27374, "tcp"): {"malware", "security"},
    (31335, "udp"): {"malware", "security"},
    (4444, "tcp"): {"offensive", "security"},
    (23, "tcp"): {"security"},
    (6379, "tcp"): {"security"},
    (80, "tcp"): {"security"},
    (161, "udp"): {"security"},
    (20007, "tcp"): {"unknown"},
}
SERVICES = {27374: "sub7", 31335: "trinoo", 4444: "metasploit", 23: "telnet", 6379: "redis", 161: "snmp"}
NMAP = ["nmap-loopback.nmap", "nmap-loopback.gnmap", "nmap-loopback.xml"]


@pytest.mark.parametrize("name", NMAP)
def test_nmap_every_output_gives_the_same_rows(explain: Explain, name: str) -> None:
    done = explain(FIXTURES / name)
    assert done.status == 0, done.err
    assert done.ports() == set(EXPECTED)
    for (port, protocol), flags in EXPECTED.items():
        row = done.row(port, protocol)
        # Open on a scanned host: exposed, wherever it was bound.
        assert set(row["flags"]) == flags | {"exposed"}, (port, row["flags"])
        assert row["hosts"] == ["127.0.0.1"]
        assert row["count"] == 1
        if port in SERVICES:
            assert row["entries"][0]["service"] == SERVICES[port]
    assert "read as nmap" in done.err


def test_nmap_line_numbers_point_at_the_port(explain: Explain) -> None:
    for name in NMAP:
        text = (FIXTURES / name).read_text().splitlines()
        for row in explain(FIXTURES / name).rows():
            (line,) = row["lines"]
            assert f"{row['port']}" in text[line - 1], (name, row["port"], text[line - 1])


def test_riskiest_first(explain: Explain) -> None:
    rows = explain(FIXTURES / "nmap-loopback.xml").rows()
    flags = [set(row["flags"]) for row in rows]
    assert {"malware"} <= flags[0] and {"malware"} <= flags[1]
    assert "offensive" in flags[2]
    assert flags[-1] == {"exposed", "unknown"}
    assert rows[-1]["entries"] == [] or all(
        entry["end"] - entry["port"] >= 2500 for entry in rows[-1]["entries"]
    )


@pytest.mark.parametrize("name", ["ss-tulpn.txt", "netstat-tulpn.txt", "lsof-i-P-n.txt"])
def test_socket_listings_of_this_machine(explain: Explain, name: str) -> None:
    done = explain(FIXTURES / name)
    assert done.status == 0, done.err
    assert set(EXPECTED) <= done.ports()
    for (port, protocol), flags in EXPECTED.items():
        row = done.row(port, protocol)
        # Bound to 127.0.0.1 only: not exposed.
        assert set(row["flags"]) == flags, (port, row["flags"])
        assert row["hosts"] == ["127.0.0.1"]
        assert row["processes"] == ["python"]
    text = (FIXTURES / name).read_text()
    if "0.0.0.0:2024" in text:  # something of the machine's own, on every interface
        assert "exposed" in done.row(2024)["flags"]


def test_fail_on_for_ci(explain: Explain) -> None:
    scan = FIXTURES / "nmap-loopback.xml"
    assert explain(scan, fail_on=["malware"]).status == 1
    assert "27374/tcp" in explain(scan, fail_on=["malware"]).err
    listing = FIXTURES / "ss-tulpn.txt"
    assert explain(listing, fail_on=["exposed"]).status == (1 if "0.0.0.0:2024" in listing.read_text() else 0)
    assert explain(FIXTURES / "nmap-loopback.nmap", fail_on=["security", "unknown"]).status == 1


def test_the_table_on_a_terminal(explain: Explain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    done = explain(FIXTURES / "nmap-loopback.nmap", as_json=False, terminal=True)
    lines = done.out.splitlines()
    assert "read as nmap normal output" in lines[0]
    assert lines[1].split() == ["Port", "Proto", "Seen", "Service", "Title"]
    at = next(n for n, line in enumerate(lines) if line.startswith("27374"))
    assert lines[at].split()[:4] == ["27374", "tcp", "1", "sub7"]
    assert lines[at + 1].strip() == "malware security exposed · on 127.0.0.1 · line 11"


def test_piped_lines_are_tab_separated(explain: Explain) -> None:
    done = explain(FIXTURES / "nmap-loopback.gnmap", as_json=False)
    first = done.out.splitlines()[0].split("\t")
    assert first[:4] == ["27374", "tcp", "1", "malware,security,exposed"]
    assert first[4] == "sub7"
    assert first[6:] == ["127.0.0.1", "3"]
    assert "read as nmap grepable" in done.err  # notes go to stderr, the lines stay clean


def test_several_inputs_add_up(explain: Explain) -> None:
    done = explain(FIXTURES / "nmap-loopback.xml", FIXTURES / "ss-tulpn.txt")
    row = done.row(27374)
    assert row["count"] == 2
    assert set(row["flags"]) == {"malware", "security", "exposed"}
    assert {str(line).rsplit(":", 1)[0].rsplit("/", 1)[-1] for line in row["lines"]} == {
        "nmap-loopback.xml",
        "ss-tulpn.txt",
    }


def test_limit_cuts_and_says_so(explain: Explain) -> None:
    done = explain(FIXTURES / "nmap-loopback.xml", limit=3)
    assert len(done.rows()) == 3
    assert "3 of 8 ports; --limit 0 shows all" in done.err
    # --fail-on sees every row, not only those shown.
    assert explain(FIXTURES / "nmap-loopback.xml", limit=1, fail_on=["unknown"]).status == 1
