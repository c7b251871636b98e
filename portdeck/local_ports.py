"""The sockets listening on this machine, joined with what the catalog says of their ports.

One home for the join that `portdeck --listening` and the TUI's Listening tab both
show: which entry explains a socket, a made-up "unknown" row for a port no entry
covers, how a process is labelled, and which sockets are exposed. No Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .dataset import Catalog, PortEntry, Protocol, Source
from .dataset.entry_order import BROAD_RANGE
from .listening import Listener
from .safe_text import printable

UNKNOWN_TITLE = "Unknown port, listening on this machine"


def process_label(listener: Listener) -> str:
    """`name[pid]`, the name alone, or "" when the OS hides the process; safe to print."""
    name = printable(listener.process) if listener.process else ""
    if listener.pid is not None:
        return f"{name or '?'}[{listener.pid}]"
    return name


def user_label(listener: Listener) -> str:
    return printable(listener.user) if listener.user else ""


def entry_for(catalog: Catalog, listener: Listener) -> PortEntry | None:
    """The entry that names a socket's port: the most prominent on its protocol, else on its port.

    A broad range (an OS's whole dynamic range) says what the port may be, not what it
    is: it names no socket (see `unknown_entry`).
    """
    on_protocol = (
        e for e in catalog.at_on(listener.port, (listener.protocol,)) if e.end - e.port < BROAD_RANGE
    )
    on_port = (e for e in catalog.at(listener.port) if e.end - e.port < BROAD_RANGE)
    return next(on_protocol, None) or next(on_port, None)


def unknown_entry(port: int, listeners: Sequence[Listener], catalog: Catalog | None = None) -> PortEntry:
    """A row for a listening port that no entry names, called after its processes; what a broad
    range around it says (Linux's ephemeral ports, Windows' dynamic ones) is its description."""
    protocols = tuple(p for p in Protocol if any(sock.protocol is p for sock in listeners))
    names = sorted({printable(sock.process) for sock in listeners if sock.process})
    context = [e for e in catalog.at(port) if e.end - e.port >= BROAD_RANGE] if catalog is not None else []
    description = " ".join(f"{e.title}: {e.description}" for e in context)
    return PortEntry(
        port,
        port,
        protocols,
        ", ".join(names) or "unknown",
        UNKNOWN_TITLE,
        source=Source.UNKNOWN,
        description=description,
    )


def is_exposed(listener: Listener, entry: PortEntry | None) -> bool:
    """Open on every interface, for a service whose entry warns about exposing it."""
    return listener.on_all_interfaces and entry is not None and bool(entry.security)


def by_port(listeners: Iterable[Listener]) -> dict[int, tuple[Listener, ...]]:
    """Listeners grouped by port number, in port order."""
    grouped: dict[int, list[Listener]] = {}
    for listener in listeners:
        grouped.setdefault(listener.port, []).append(listener)
    return {port: tuple(group) for port, group in sorted(grouped.items())}
