"""`portdeck --check` as a user runs it: the installed command, against servers on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import LOOPBACK, Serve, portdeck


def greeting(banner: bytes) -> Callable[[socket.socket], None]:
    """A server that sends `banner` on connecting, then stays up half a second."""

    def handle(connection: socket.socket) -> None:
        connection.sendall(banner)
        time.sleep(0.5)

    return handle


def test_an_open_port_with_a_banner_exits_0(tcp_server: Serve, tmp_path: Path) -> None:
    port = tcp_server(greeting(b"220 ftp.example FTP server ready\r\n"))
    done = portdeck("--check", f"{LOOPBACK}:{port}", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{LOOPBACK}:{port}: open in ")
    assert "Banner: 220 ftp.example FTP server ready" in lines


def test_json_is_one_object_with_the_documented_fields(tcp_server: Serve, tmp_path: Path) -> None:
    port = tcp_server(greeting(b"+OK POP3 ready\r\n"))
    done = portdeck("--check", f"{LOOPBACK}:{port}", "--json", tmp_path=tmp_path)
    document = json.loads(done.stdout)
    assert {
        "host",
        "address",
        "port",
        "protocol",
        "state",
        "rtt_ms",
        "banner",
        "tls",
        "http",
        "entries",
    } <= set(document)
    assert (document["state"], document["banner"], document["tls"], document["http"]) == (
        "open",
        "+OK POP3 ready",
        None,
        None,
    )
    assert (
        document["port"] == port and document["protocol"] == "tcp" and isinstance(document["rtt_ms"], float)
    )


def test_a_closed_port_exits_1(closed_port: int, tmp_path: Path) -> None:
    done = portdeck("--check", f"{LOOPBACK}:{closed_port}", tmp_path=tmp_path)
    assert done.returncode == 1 and f"{LOOPBACK}:{closed_port}: closed" in done.stdout


def test_a_known_port_lists_its_entries_beside_the_result(closed_port: int, tmp_path: Path) -> None:
    done = portdeck("--check", f"{LOOPBACK}:22", "--timeout", "1", tmp_path=tmp_path)
    assert "On port 22:" in done.stdout and "ssh  Secure Shell (SSH)" in done.stdout
    document = json.loads(
        portdeck("--check", f"{LOOPBACK}:22", "--json", "--timeout", "1", tmp_path=tmp_path).stdout
    )
    assert document["entries"][0]["service"] == "ssh"


def test_tls_over_the_command(tls_server: Callable[..., int], tmp_path: Path) -> None:
    port = tls_server(http=True)
    done = portdeck("--check", f"localhost:{port}", "--tls", "--http", "--json", tmp_path=tmp_path)
    document = json.loads(done.stdout)
    tls = document["tls"]
    assert document["state"] == "open" and tls["version"].startswith("TLS")
    assert tls["verified"] is False and tls["self_signed"] is False and tls["days_left"] > 300
    assert set(tls) >= {
        "version",
        "cipher",
        "subject",
        "issuer",
        "not_after",
        "days_left",
        "self_signed",
        "verified",
    }
    assert document["http"] == {"status": "HTTP/1.1 204 No Content", "server": "test-https"}
    text = portdeck("--check", f"localhost:{port}", "--tls", tmp_path=tmp_path).stdout
    assert "does NOT verify" in text and "TLS: TLSv1" in text


def test_udp_silence_is_said_plainly(silent_udp_port: int, tmp_path: Path) -> None:
    done = portdeck("--check", f"{LOOPBACK}:{silent_udp_port}/udp", "--timeout", "0.5", tmp_path=tmp_path)
    assert done.returncode == 1 and "no answer" in done.stdout and "proves nothing" in done.stdout


def test_a_server_that_never_answers_is_bounded_by_the_timeout(tmp_path: Path) -> None:
    with socket.socket() as listener:  # accepts (the backlog), never reads or writes
        listener.bind((LOOPBACK, 0))
        listener.listen()
        start = time.monotonic()
        done = portdeck(
            "--check", f"{LOOPBACK}:{listener.getsockname()[1]}", "--timeout", "1", tmp_path=tmp_path
        )
        elapsed = time.monotonic() - start
    assert done.returncode == 0 and "did not speak first" in done.stdout
    assert elapsed < 10


@pytest.mark.parametrize(
    "target", ["nonsense", "host:99999", "host:0", "[::1:22", "host:22/icmp", "\x1b]0;PWN\x07:22"]
)
def test_bad_targets_are_usage_errors_on_one_line(target: str, tmp_path: Path) -> None:
    done = portdeck("--check", target, tmp_path=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("portdeck: ")
    assert "\x1b" not in done.stderr and "Traceback" not in done.stderr


def test_an_unresolvable_name_is_one_line_and_exit_1(tmp_path: Path) -> None:
    done = portdeck("--check", "no-such-host.invalid:443", "--timeout", "2", tmp_path=tmp_path)
    assert done.returncode == 1 and "cannot resolve no-such-host.invalid" in done.stdout
    assert "Traceback" not in done.stderr
