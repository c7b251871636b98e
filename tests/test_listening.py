"""Local listening sockets: real sockets on 127.0.0.1, and the paths where the OS says no."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import psutil
import pytest

if TYPE_CHECKING:
    from tests.conftest import BindFirstFree

from portdeck.dataset import Assignment, Catalog, Protocol, load_catalog
from portdeck.listening import ListeningUnavailable, format_address, local_listeners
from portdeck.local_ports import by_port


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(use_cache=False)


@pytest.fixture
def sockets(catalog: Catalog, bind_first_free: BindFirstFree) -> Iterator[dict[str, socket.socket]]:
    """A TCP listener on a port the dataset knows, and a bound UDP socket on one it does not."""
    known = (
        e.port for e in catalog if 20000 <= e.port < 49152 and not e.is_range and Protocol.TCP in e.protocols
    )
    unknown = (p for p in range(50000, 60000) if catalog.assignment(p) is Assignment.DYNAMIC)
    opened = {
        "known_tcp": bind_first_free(known, socket.SOCK_STREAM),
        "unknown_udp": bind_first_free(unknown, socket.SOCK_DGRAM),
    }
    yield opened
    for sock in opened.values():
        sock.close()


def port_of(sock: socket.socket) -> int:
    return sock.getsockname()[1]


def test_real_sockets_are_listed_with_our_process(sockets: dict[str, socket.socket]) -> None:
    listeners = by_port(local_listeners())
    tcp_port, udp_port = port_of(sockets["known_tcp"]), port_of(sockets["unknown_udp"])
    (tcp,) = [sock for sock in listeners[tcp_port] if sock.protocol is Protocol.TCP]
    (udp,) = [sock for sock in listeners[udp_port] if sock.protocol is Protocol.UDP]
    assert tcp.address == f"127.0.0.1:{tcp_port}" and udp.address == f"127.0.0.1:{udp_port}"
    assert tcp.pid == os.getpid() and tcp.process == psutil.Process().name()


def test_a_connected_client_socket_is_not_a_listener(sockets: dict[str, socket.socket]) -> None:
    server = sockets["known_tcp"]
    client = socket.create_connection(server.getsockname())
    try:
        client_port = client.getsockname()[1]
        assert client_port not in by_port(local_listeners())
    finally:
        client.close()


def test_ipv6_addresses_are_bracketed() -> None:
    assert format_address("::", 22) == "[::]:22"
    assert format_address("127.0.0.1", 5432) == "127.0.0.1:5432"


def test_permission_denied_listing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise psutil.AccessDenied(pid=None, msg="net_connections needs root")

    monkeypatch.setattr(psutil, "net_connections", refuse)
    with pytest.raises(ListeningUnavailable, match="refused to list sockets"):
        local_listeners()


def test_unsupported_platform_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(*_: object, **__: object) -> None:
        raise NotImplementedError("no socket listing here")

    monkeypatch.setattr(psutil, "net_connections", unsupported)
    with pytest.raises(ListeningUnavailable, match="cannot list sockets on this platform"):
        local_listeners()


def test_hidden_process_names_degrade_to_ports_only(
    sockets: dict[str, socket.socket], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Hidden:
        def __init__(self, pid: int) -> None:
            raise psutil.AccessDenied(pid=pid)

    monkeypatch.setattr(psutil, "Process", Hidden)
    listeners = by_port(local_listeners())
    (tcp,) = [sock for sock in listeners[port_of(sockets["known_tcp"])] if sock.protocol is Protocol.TCP]
    assert tcp.process is None and tcp.address.startswith("127.0.0.1:")
