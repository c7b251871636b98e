"""The sockets listening on this machine (TCP listening, UDP bound), via psutil.

Never imports Textual. psutil is imported on first use, so lookups that do not
ask about the local machine do not pay for it.
"""

from __future__ import annotations

from .dataset import Protocol
from .typed_tuple import NamedTuple

# Bind addresses that accept traffic on every interface of the machine.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "*")


class Listener(NamedTuple):
    """One local socket accepting traffic. `process` and `user` come from the OS and are
    untrusted text: any local user can name a program `\x1b]0;…`."""

    port: int
    protocol: Protocol
    address: str  # as a user writes it: 127.0.0.1:5432, [::]:22
    pid: int | None  # None when the OS does not reveal it (another user's process)
    process: str | None
    user: str | None = None  # the process owner's name, when the OS reveals it

    @property
    def ip(self) -> str:
        """The bind address without the port: "127.0.0.1", "::"."""
        host = self.address.rpartition(":")[0]
        return host[1:-1] if host.startswith("[") else host

    @property
    def on_all_interfaces(self) -> bool:
        """Bound to every interface (0.0.0.0, ::): reachable from the network, firewall permitting."""
        return self.ip in WILDCARD_ADDRESSES


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

    owners: dict[int, tuple[str | None, str | None]] = {}
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
        if pid is not None and pid not in owners:
            owners[pid] = _owner(psutil, pid)
        process, user = owners.get(pid, (None, None)) if pid is not None else (None, None)
        address = format_address(conn.laddr.ip, conn.laddr.port)
        found.add(Listener(conn.laddr.port, protocol, address, pid, process, user))
    return tuple(sorted(found, key=lambda sock: (sock.port, sock.protocol.value, sock.address)))


def _owner(psutil: object, pid: int) -> tuple[str | None, str | None]:
    """The process's name and its user's name; None for what the OS does not tell."""
    try:
        process = psutil.Process(pid)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - gone, or not ours to see: the port still shows
        return None, None
    return _ask(process.name), _ask(process.username)


def _ask(question: object) -> str | None:
    try:
        return str(question())  # type: ignore[operator]
    except Exception:  # noqa: BLE001 - access denied, zombie, or gone since
        return None
