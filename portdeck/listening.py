"""The sockets listening on this machine (TCP listening, UDP bound), via psutil.

Never imports Textual. psutil is imported on first use, so lookups that do not
ask about the local machine do not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .dataset import Protocol
from .typed_tuple import NamedTuple


class Listener(NamedTuple):
    """One local socket accepting traffic."""

    port: int
    protocol: Protocol
    address: str  # as a user writes it: 127.0.0.1:5432, [::]:22
    pid: int | None  # None when the OS does not reveal it (another user's process)
    process: str | None


class ListeningUnavailable(Exception):
    """This platform or these permissions cannot list sockets at all."""


def format_address(ip: str, port: int) -> str:
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def local_listeners() -> tuple[Listener, ...]:
    """Every listening TCP and bound UDP socket, IPv4 and IPv6, sorted by port."""
    import socket

    import psutil

    try:
        connections = psutil.net_connections(kind="inet")
    except psutil.AccessDenied as error:
        raise ListeningUnavailable(
            f"the OS refused to list sockets ({error.msg or 'access denied'}); run with more privileges"
        ) from None
    except (NotImplementedError, OSError) as error:
        raise ListeningUnavailable(f"psutil cannot list sockets on this platform ({error})") from None

    names: dict[int, str | None] = {}
    found: set[Listener] = set()
    for conn in connections:
        if not conn.laddr:
            continue
        if conn.type == socket.SOCK_STREAM and conn.status == psutil.CONN_LISTEN:
            protocol = Protocol.TCP
        elif conn.type == socket.SOCK_DGRAM and not conn.raddr:
            protocol = Protocol.UDP
        else:
            continue
        pid = conn.pid
        if pid is not None and pid not in names:
            names[pid] = _process_name(psutil, pid)
        process = names.get(pid) if pid is not None else None
        found.add(Listener(conn.laddr.port, protocol, format_address(conn.laddr.ip, conn.laddr.port), pid, process))
    return tuple(sorted(found, key=lambda l: (l.port, l.protocol.value, l.address)))


def _process_name(psutil: object, pid: int) -> str | None:
    try:
        return psutil.Process(pid).name()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - gone, or not ours to see: the port still shows
        return None


def by_port(listeners: Iterable[Listener]) -> dict[int, tuple[Listener, ...]]:
    """Listeners grouped by port number."""
    grouped: dict[int, list[Listener]] = {}
    for listener in listeners:
        grouped.setdefault(listener.port, []).append(listener)
    return {port: tuple(group) for port, group in grouped.items()}
