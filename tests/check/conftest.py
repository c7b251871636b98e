"""Real servers on 127.0.0.1, started by the tests: never any address outside the loopback range."""

from __future__ import annotations

import os
import socket
import ssl
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

LOOPBACK = "127.0.0.1"

COMMAND = Path(sys.executable).with_name("portdeck")


def portdeck(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, with its cache and settings in `tmp_path`."""
    env = {
        **os.environ,
        "PORTDECK_CACHE_DIR": str(tmp_path / "cache"),
        "PORTDECK_CONFIG": str(tmp_path / "none"),
    }
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, env=env, timeout=60)


Serve = Callable[[Callable[[socket.socket], None]], int]


@pytest.fixture
def tcp_server() -> Iterator[Serve]:
    """Starts a TCP server on a free loopback port; each connection is handled by `handler`."""
    listeners: list[socket.socket] = []

    def serve(handler: Callable[[socket.socket], None]) -> int:
        listener = socket.socket()
        listener.bind((LOOPBACK, 0))
        listener.listen()
        listeners.append(listener)

        def accept() -> None:
            while True:
                try:
                    connection, _ = listener.accept()
                except OSError:
                    return
                threading.Thread(target=_handle, args=(handler, connection), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()
        return listener.getsockname()[1]

    yield serve
    for listener in listeners:
        listener.close()


def _handle(handler: Callable[[socket.socket], None], connection: socket.socket) -> None:
    with connection:
        try:
            handler(connection)
        except OSError:
            pass


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed: the OS refuses connections)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def authority() -> object:
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.fixture
def tls_server(tcp_server: Serve, authority: object, tmp_path: Path) -> Callable[..., int]:
    """A TLS server with a certificate made now, for `names`; it answers HTTP HEAD when asked."""

    def serve(names: tuple[str, ...] = ("localhost", LOOPBACK), http: bool = False) -> int:
        certificate = authority.issue_cert(*names)  # type: ignore[attr-defined]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        certificate.configure_cert(context)

        def handler(connection: socket.socket) -> None:
            with context.wrap_socket(connection, server_side=True) as secure:
                if http:
                    secure.recv(4096)
                    secure.sendall(b"HTTP/1.1 204 No Content\r\nServer: test-https\r\n\r\n")
                else:
                    secure.sendall(b"* OK IMAP4rev1 test server ready\r\n")
                    secure.recv(4096)

        return tcp_server(handler)

    return serve


@pytest.fixture
def udp_dns_server() -> Iterator[int]:
    """A UDP server that answers DNS queries with an empty NOERROR answer, recursion available."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((LOOPBACK, 0))

    def answer() -> None:
        while True:
            try:
                data, peer = sock.recvfrom(4096)
            except OSError:
                return
            if len(data) < 12:
                continue  # not a DNS query: a real server ignores it too
            ident = struct.unpack(">H", data[:2])[0]
            sock.sendto(struct.pack(">HHHHHH", ident, 0x8180, 1, 0, 0, 0) + data[12:], peer)

    threading.Thread(target=answer, daemon=True).start()
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def silent_udp_port() -> Iterator[int]:
    """A bound UDP socket that never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((LOOPBACK, 0))
        yield sock.getsockname()[1]
