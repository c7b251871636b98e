"""The input is untrusted: files that are no files, sizes, terminals, broken and hostile XML
and YAML, escape sequences in what is printed."""

from __future__ import annotations

import io
import os
import pty
import re
import sys
from pathlib import Path

import pytest

from portdeck.explain import explain_options_help, parse_fail_on
from portdeck.explain.source import open_source

from .conftest import FIXTURES, Explain, Explained

ESCAPE = "\x1b]0;PWN\x07"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line_error(done: Explained) -> str:
    assert done.status == 2
    assert done.out == ""
    lines = done.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("portdeck: "), lines
    return str(lines[0])


def test_a_fifo_is_refused_at_once(explain: Explain, tmp_path: Path) -> None:
    fifo = tmp_path / "scan"
    os.mkfifo(fifo)
    message = one_line_error(explain(fifo))
    assert "named pipe (FIFO)" in message and "cat FIFO | portdeck --explain" in message


def test_a_terminal_on_stdin_gets_a_hint(explain: Explain) -> None:
    primary, secondary = pty.openpty()
    try:
        with open(secondary, "rb", buffering=0, closefd=False) as terminal:
            message = one_line_error(explain(stdin=terminal))
    finally:
        os.close(primary)
        os.close(secondary)
    assert "standard input is a terminal" in message and "| portdeck --explain" in message


@pytest.mark.parametrize("make", ["folder", "device", "missing"])
def test_files_that_are_no_files(explain: Explain, tmp_path: Path, make: str) -> None:
    path = {"folder": str(tmp_path), "device": "/dev/zero", "missing": str(tmp_path / "nope")}[make]
    message = one_line_error(explain(path))
    assert {"folder": "a folder", "device": "a device", "missing": "no such file"}[make] in message


def test_the_size_limit_holds_for_files_and_pipes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"10.0.0.1:22\n" * 10_000)
    with pytest.raises(Exception, match="over the 1,000-byte limit"):
        open_source(str(big), None, limit=1000)
    piped = io.BytesIO(b"10.0.0.1:22\n" * 100_000)
    with (
        pytest.raises(Exception, match="over the 100,000-byte limit"),
        open_source("-", piped, limit=100_000) as source,
    ):
        for _ in source.lines():
            pass


def test_closed_stdin(explain: Explain) -> None:
    assert "standard input is closed" in one_line_error(explain(stdin=None))


def test_nothing_found_is_not_an_error(explain: Explain) -> None:
    done = explain(stdin=b"")
    assert (done.status, done.out.strip()) == (0, "[]")
    assert "no ports found" in done.err


def test_a_scan_cut_short_keeps_what_came_before(explain: Explain, tmp_path: Path) -> None:
    text = (FIXTURES / "nmap-loopback.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index('portid="6379"') - 30])
    done = explain(cut)
    assert done.status == 0
    assert (23, "tcp") in done.ports() and (6379, "tcp") not in done.ports()
    assert "stops being valid at line" in done.err and "unfinished scan" in done.err


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<html><body/></html>\n', "not nmap's"),
        (
            (
                b'<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                b'<nmaprun><host><address addr="&b;" addrtype="ipv4"/></host></nmaprun>\n'
            ),
            "refused",
        ),
        (b"<nmaprun><host><ports><port portid='22'", "not valid nmap XML"),
    ],
)
def test_bad_xml_is_one_line(explain: Explain, tmp_path: Path, xml: bytes, reason: str) -> None:
    path = tmp_path / "scan.xml"
    path.write_bytes(xml)
    assert reason in one_line_error(explain(path))


def test_other_xml_is_read_as_text(explain: Explain) -> None:
    done = explain(stdin=b'<?xml version="1.0"?>\n<config><upstream>10.0.0.5:8080</upstream></config>\n')
    assert done.ports() == {(8080, None)} and "read as text" in done.err


def test_bad_yaml_is_one_line(explain: Explain) -> None:
    assert "not valid YAML (line" in one_line_error(explain(stdin=b"services:\n  web: [unclosed\n"))
    deep = b"services:\n" + b"[" * 100_000 + b"\n"
    assert "YAML" in one_line_error(explain(stdin=deep))


def test_yaml_anchors_that_repeat_without_end(explain: Explain) -> None:
    ports = ", ".join(f'"{p}:{p}"' for p in range(1000, 1010))
    services = "\n".join(f"  s{n}: {{ports: *p}}" for n in range(200))
    text = f"x-ports: &p [{ports}]\nservices:\n  first: {{ports: *p}}\n{services}\n"
    done = explain(stdin=text.encode())
    assert done.status == 0
    assert done.row(1000)["count"] == 201 * 2  # host and container side, per service


def test_hostile_names_never_reach_the_terminal_raw(
    explain: Explain, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    listing = (
        "Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n"
        f'tcp   LISTEN 0      128          0.0.0.0:4444       0.0.0.0:*    users:(("{ESCAPE}\u202e",pid=1,fd=3))\n'
    ).encode()
    hosts = f"evil{ESCAPE}.example.org:22\n".encode()
    for stdin in (listing, hosts):
        for as_json, terminal in ((False, True), (False, False), (True, False)):
            done = explain(stdin=stdin, as_json=as_json, terminal=terminal)
            assert not RAW_CONTROL.search(done.out + done.err), (done.out, done.err)
    done = explain(stdin=listing)
    assert done.row(4444)["processes"] == [ESCAPE + "\u202e"]  # JSON keeps the real text, escaped


def test_a_hostile_file_name_in_messages(explain: Explain, tmp_path: Path) -> None:
    name = tmp_path / f"scan{ESCAPE}.txt"
    name.write_bytes(b"10.0.0.1:22\n")
    done = explain(name, as_json=False)
    assert not RAW_CONTROL.search(done.out + done.err)
    assert "\\x1b]0;PWN\\x07" in done.err


def test_fail_on_words() -> None:
    assert parse_fail_on("security, malware,UNKNOWN") == {"security", "malware", "unknown"}
    assert parse_fail_on("") == frozenset()
    with pytest.raises(ValueError, match="bogus is no flag"):
        parse_fail_on("security,bogus")


def test_fail_on_unknown_word_in_run_explain(explain: Explain) -> None:
    assert "is no flag" in one_line_error(explain(stdin=b"10.0.0.1:22\n", fail_on=["bogus"]))


def test_options_help() -> None:
    options = dict(explain_options_help())
    assert set(options) == {"--explain [FILE …]", "--fail-on FLAG,…"}
    assert "malware" in options["--fail-on FLAG,…"]


def test_stdin_dash_and_a_file_together(explain: Explain) -> None:
    done = explain("-", FIXTURES / "ss-tulpn.txt", stdin=b"Discovered open port 27374/tcp on 10.0.0.9\n")
    row = done.row(27374)
    assert row["count"] == 2 and row["hosts"] == ["10.0.0.9", "127.0.0.1"]
    assert any(str(line).startswith("-:") for line in row["lines"])


def test_python_the_real_stdin_pipe(tmp_path: Path) -> None:
    """Through a real pipe and the process's own stdin, as `ss -tulpn | portdeck --explain` runs."""
    import subprocess

    code = (
        "import sys\nfrom portdeck.dataset import load_catalog\nfrom portdeck.explain import run_explain\n"
        "sys.exit(run_explain(load_catalog(), [], as_json=False, fail_on=frozenset({'malware'}), limit=0, "
        "stdin=sys.stdin.buffer, stdout=sys.stdout, stderr=sys.stderr))\n"
    )
    data = (FIXTURES / "ss-tulpn.txt").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "PORTDECK_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, env=env)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(b"27374\ttcp\t1\tmalware")


def test_digits_that_are_not_ascii(explain: Explain) -> None:
    """str.isdigit() says yes to "²", which int() refuses: no such number is a port, and none crashes."""
    lines = [
        "Netid State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\ntcp LISTEN 0 1 0.0.0.0:\u00b2 0.0.0.0:*\n",
        "Active Internet connections\ntcp 0 0 0.0.0.0:\u00b2\u00b2 0.0.0.0:* LISTEN 1/x\n",
        "#masscan\nopen tcp \u0662\u0662 10.0.0.1 1\n",
        "10.0.0.1:\u00b9\u00b2\n",
    ]
    for text in lines:
        done = explain(stdin=text.encode())
        assert done.status == 0 and done.rows() == [], text
