"""What the entry card says: its parts, top to bottom, for an entry or a number with no entry.

Plain data (Textual's Content, no widgets): the card widget draws the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content

from ...dataset import Assignment, PortEntry, RangeClass, Source

if TYPE_CHECKING:
    from ...listening import Listener


class Vacancy(NamedTuple):
    """A port number the user typed that has no entry, and what the registry says of it."""

    port: int
    assignment: Assignment


class Part(NamedTuple):
    """One block of the card."""

    name: str
    """title, facts, source, listening, description, security or more."""
    content: Content
    look: str
    """How it is drawn: the name, or `official` / `unofficial` for the source."""


_VACANCY_TEXT = {
    Assignment.UNASSIGNED: (
        "Unassigned",
        "IANA has not assigned this port to any service. Software may still use it "
        "unofficially; nothing in portdeck's list of common uses does.",
    ),
    Assignment.RESERVED: (
        "Reserved",
        "IANA reserves this port number: it is not to be assigned to a service.",
    ),
    Assignment.DYNAMIC: (
        "Dynamic / private range",
        "Ports 49152-65535 are never assigned. Operating systems hand them out as "
        "ephemeral (client-side) ports, and they are free for private use.",
    ),
    Assignment.ASSIGNED: ("Assigned", "IANA assigns this port; pick an entry to read about it."),
}


def _range_text(range_class: RangeClass) -> str:
    low, high = range_class.bounds
    return f"{range_class.label} range ({low}-{high})"


def listening_content(listeners: Sequence[Listener]) -> Content | None:
    """One line per local socket: protocol, address and `process[pid]` when the OS reveals it."""
    if not listeners:
        return None
    lines = [Content.from_markup("[b]Listening on this machine[/b]")]
    for listener in listeners:
        owner = ""
        if listener.pid is not None:
            owner = f"{listener.process or '?'}[{listener.pid}]"
        elif listener.process:
            owner = listener.process
        lines.append(
            Content.from_markup(
                "$protocol $address [dim]$owner[/dim]",
                protocol=listener.protocol.value,
                address=listener.address,
                owner=owner,
            )
        )
    return Content("\n").join(lines)


def _links(ports: tuple[int, ...]) -> str:
    """Related ports as clickable links that jump to the port."""
    return ", ".join(f"[@click=app.goto_port({port})]{port}[/]" for port in ports)


def _parts(*parts: tuple[str, Content | str | None, str | None]) -> tuple[Part, ...]:
    """The parts that have something to say; strings are plain text, never markup."""
    return tuple(
        Part(name, Content(content) if isinstance(content, str) else content, look or name)
        for name, content, look in parts
        if content
    )


def entry_parts(entry: PortEntry, listeners: Sequence[Listener] = (), pinned: bool = False) -> tuple[Part, ...]:
    """Every field of an entry; the security note and the listening sockets stand out."""
    unknown = entry.source is Source.UNKNOWN
    facts = Content.from_markup(
        "$range · $protocols · " + ("process [b]$service[/b]" if unknown else "service [b]$service[/b]"),
        range=_range_text(entry.range_class),
        protocols=entry.protocol_label,
        service=entry.service,
    )
    if pinned:
        facts += Content(" · ★ pinned")
    if entry.official:
        source = "✓ Official: assigned by IANA"
    elif entry.source is Source.LOCAL:
        source = "Local: from your own ports file"
    elif unknown:
        source = "? Unknown: no registry entry and no common use on record"
    else:
        source = "Unofficial: common use, not an IANA assignment"
    security = None
    if entry.security:
        security = Content.from_markup("[b]Security:[/b] $note", note=entry.security)
    more: list[Content] = []
    if entry.aliases:
        more.append(Content.from_markup("[b]Also known as:[/b] $aliases", aliases=", ".join(entry.aliases)))
    if entry.related:
        more.append(Content.from_markup(f"[b]Related:[/b] {_links(entry.related)}  [dim](r jumps)[/dim]"))
    if entry.references:
        more.append(Content.from_markup("[b]References:[/b] $refs", refs=", ".join(entry.references)))
    return _parts(
        ("title", f"{entry.port_label}  {entry.title}", None),
        ("facts", facts, None),
        ("source", source, "official" if entry.official else "unofficial"),
        ("listening", listening_content(listeners), None),
        ("description", entry.description, None),
        ("security", security, None),
        ("more", Content("\n").join(more) if more else None, None),
    )


def vacancy_parts(vacancy: Vacancy, listeners: Sequence[Listener] = ()) -> tuple[Part, ...]:
    """What the registry says of a number with no entry."""
    heading, explanation = _VACANCY_TEXT[vacancy.assignment]
    return _parts(
        ("title", f"{vacancy.port}  {heading}", None),
        ("facts", _range_text(RangeClass.of(vacancy.port)), None),
        ("source", "No entry for this port", "unofficial"),
        ("listening", listening_content(listeners), None),
        ("description", explanation, None),
    )


PLACEHOLDER_PARTS = _parts(
    ("title", "No entry", None),
    ("facts", "Type a port, a range or a name above.", None),
)
