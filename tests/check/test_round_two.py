"""Issue 23, the check's items: Unicode digits, TLS for an address, every resolved address,
the output encoding, Ctrl+C, a closed pipe, JSON escaped once, a certificate too large to
read, empty and bracketed targets. Real servers on 127.0.0.1, started here."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.check import probe
from portdeck.check.probe import CLOSED, OPEN, Plan, check
from portdeck.check.target import Target, TargetError, parse_target

from .conftest import COMMAND, LOOPBACK, Serve, portdeck


def trust(authority: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test authority stands in for the system's CAs."""
    original = ssl.create_default_context

    def trusting(*args: object, **kwargs: object) -> ssl.SSLContext:
        context = original(*args, **kwargs)  # type: ignore[arg-type]
        authority.configure_trust(context)  # type: ignore[attr-defined]
        return context

    monkeypatch.setattr(ssl, "create_default_context", trusting)


# -- 1, 19: targets ------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["²", "٣", "３", "2²", "⑤"])
def test_a_port_in_unicode_digits_is_a_bad_target(port: str, tmp_path: Path) -> None:
    with pytest.raises(TargetError):
        parse_target(f"127.0.0.1:{port}")
    done = portdeck("--check", f"127.0.0.1:{port}", tmp_path=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "is not a port number" in done.stderr


@pytest.mark.parametrize(
    ("target", "says"),
    [("", "--check needs a target"), ("[zz]:80", "not an IPv6 address"), ("[::1%eth0x]:22", "")],
)
def test_empty_and_bracketed_targets(target: str, says: str, tmp_path: Path) -> None:
    if says:
        done = portdeck(f"--check={target}", tmp_path=tmp_path)
        assert done.returncode == 2 and says in done.stderr and len(done.stderr.splitlines()) == 1
    else:  # an IPv6 address with a zone is a target
        assert parse_target(target) == Target("::1%eth0x", 22)


# -- 2: TLS verified against an address ----------------------------------------------------


def test_a_certificate_for_a_name_does_not_verify_for_an_address(
    tls_server: Callable[..., int], authority: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    trust(authority, monkeypatch)
    port = tls_server(names=("example.com",))
    tls = check(Target(LOOPBACK, port), Plan(tls=True)).tls
    assert tls is not None and tls.names == ("example.com",)
    assert not tls.verified and tls.problem and "IP address mismatch" in tls.problem, tls


def test_a_certificate_for_the_address_verifies(
    tls_server: Callable[..., int], authority: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    trust(authority, monkeypatch)
    port = tls_server(names=(LOOPBACK,))
    tls = check(Target(LOOPBACK, port), Plan(tls=True)).tls
    assert tls is not None and tls.verified and tls.problem is None


# -- 3: every address of a name ------------------------------------------------------------


def test_each_resolved_address_is_tried_until_one_answers(
    tcp_server: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`::1 localhost` first in /etc/hosts, the server on 127.0.0.1 only: the second address answers."""
    port = tcp_server(lambda connection: connection.sendall(b"SSH-2.0-loopback\r\n"))

    def resolver(host: str, port_: int, *args: object, **kwargs: object) -> list[tuple]:
        assert host == "localhost.test"  # resolved here, never by the system's resolver
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port_, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (LOOPBACK, port_)),
        ]

    monkeypatch.setattr(probe.socket, "getaddrinfo", resolver)
    result = check(Target("localhost.test", port), timeout=2)
    assert result.state == OPEN and result.address == LOOPBACK, result
    assert result.banner == "SSH-2.0-loopback"


def test_when_every_address_fails_each_is_named(closed_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def resolver(host: str, port_: int, *args: object, **kwargs: object) -> list[tuple]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (LOOPBACK, port_)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port_)),
        ]

    monkeypatch.setattr(probe.socket, "getaddrinfo", resolver)
    result = check(Target("two.test", closed_port), timeout=1)
    assert result.state == CLOSED and result.address == LOOPBACK
    assert result.note and "also tried 127.0.0.2" in result.note


def test_the_order_alternates_families_and_drops_duplicates() -> None:
    v6a, v6b = (socket.AF_INET6, ("::1", 1, 0, 0)), (socket.AF_INET6, ("::2", 1, 0, 0))
    v4a, v4b = (socket.AF_INET, ("127.0.0.1", 1)), (socket.AF_INET, ("127.0.0.2", 1))
    assert probe.happy_eyeballs_order([v6a, v6b, v4a, v6a, v4b]) == [v6a, v4a, v6b, v4b]


# -- 4, 15: what reaches the output --------------------------------------------------------

HOSTILE_BANNER = "\x1b]0;PWN\x07 caf\u00e9 \u2192 \u20ac ready"


def test_json_escapes_server_text_once(tcp_server: Serve, tmp_path: Path) -> None:
    port = tcp_server(lambda connection: connection.sendall(HOSTILE_BANNER.encode() + b"\r\n"))
    done = portdeck("--check", f"{LOOPBACK}:{port}", "--json", tmp_path=tmp_path)
    assert done.returncode == 0
    assert "\\u001b]0;PWN\\u0007" in done.stdout and "\\\\x1b" not in done.stdout, done.stdout
    assert json.loads(done.stdout)["banner"] == HOSTILE_BANNER
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_an_output_encoding_without_the_banner_s_characters_escapes_them(
    encoding: str, tcp_server: Serve, tmp_path: Path
) -> None:
    port = tcp_server(lambda connection: connection.sendall(HOSTILE_BANNER.encode() + b"\r\n"))
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PORTDECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [str(COMMAND), "--check", f"{LOOPBACK}:{port}"], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    assert b"\\u2192 \\u20ac ready" in done.stdout and b"\x1b" not in done.stdout


# -- 9, 11: Ctrl+C and a closed pipe -------------------------------------------------------


def test_ctrl_c_during_a_check_is_one_line_and_130(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts, never speaks: the check waits
        silent.bind((LOOPBACK, 0))
        silent.listen()
        env = {**os.environ, "PORTDECK_CACHE_DIR": str(tmp_path / "cache")}
        child = subprocess.Popen(
            [str(COMMAND), "--check", f"{LOOPBACK}:{silent.getsockname()[1]}", "--tls", "--timeout", "20"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        time.sleep(2)  # started, connected, waiting for the handshake
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=30)
    assert child.returncode == 130, err
    assert err.decode() == "portdeck: interrupted\n"


def test_a_closed_pipe_keeps_the_check_s_status(closed_port: int, tmp_path: Path) -> None:
    env = {**os.environ, "PORTDECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{COMMAND}' --check {LOOPBACK}:{closed_port} | true"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1, "a closed port is status 1, whoever reads the output"
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr


# -- 18: a certificate too large to read ---------------------------------------------------


def test_a_certificate_too_large_to_read_is_said_so(tls_server: Callable[..., int]) -> None:
    names = tuple(f"host-{number:05d}.a-rather-long-name.example" for number in range(4000))
    port = tls_server(names=names)
    result = check(Target(LOOPBACK, port), Plan(tls=True), timeout=5)
    assert result.state == OPEN
    assert result.note and "certificate too large to read" in result.note, result.note
    assert "no TLS" not in result.note
