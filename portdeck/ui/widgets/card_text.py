"""What the entry card says: its parts, top to bottom, for an entry or a number with no entry.

Plain data (Textual's Content, no widgets): the card widget draws the parts. Every
string from outside (entry text, process names) becomes Content literally, never
parsed as markup, and process names are escaped by `local_ports`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content

from ...dataset import Assignment, Note, PortEntry, RangeClass, Source, Vocabulary
from ...local_ports import process_label, user_label

if TYPE_CHECKING:
    from ...listening import Listener

HOST_PLACEHOLDER = "HOST"


class Vacancy(NamedTuple):
    """A port number the user typed that has no entry, and what the registry says of it."""

    port: int
    assignment: Assignment


class Part(NamedTuple):
    """One block of the card."""

    name: str
    """title, facts, source, listening, description, security, related, more, checks, check."""
    content: Content
    look: str
    """How it is drawn: the name, or `official` / `unofficial` for the source, `link` for a related port."""
    link: int | None = None
    """The port a related-port line jumps to (Enter on it, or a click)."""


class CardContext(NamedTuple):
    """What the card needs beyond the entry: the sockets, the pin, the neighbours and the words."""

    listeners: tuple[Listener, ...] = ()
    pinned: bool = False
    neighbours: Mapping[int, PortEntry] = {}  # the most prominent entry of each related port
    vocabulary: Vocabulary = Vocabulary()
    host: str | None = None  # the host the check commands are written for
    check_result: Content | None = None  # the last live check of this port
    note: Note | None = None  # what the query names that is not a port (a technique, IP protocol)
    unexpected: tuple[str | None, ...] = ()  # per listener: why its program is a surprise, or None
    new_since: tuple[str | None, ...] = ()  # per listener: "new since baseline FILE (saved …)", or None
    origin: str | None = None  # the ports file and line the entry comes from ("team: a.toml:12")
    live_check: bool = True  # `t` checks the port where the card is shown (not in the full-detail window)
    empty: str = ""  # no entry to show: why the list has none, as the list says it


_VACANCY_TEXT = {
    Assignment.UNASSIGNED: (
        "Unassigned",
        (
            "IANA has not assigned this port to any service. Software may still use it "
            "unofficially; nothing in portdeck's list of common uses does."
        ),
    ),
    Assignment.RESERVED: (
        "Reserved",
        "IANA reserves this port number: it is not to be assigned to a service.",
    ),
    Assignment.DYNAMIC: (
        "Dynamic / private range",
        (
            "Ports 49152-65535 are never assigned. Operating systems hand them out as "
            "ephemeral (client-side) ports, and they are free for private use."
        ),
    ),
    Assignment.ASSIGNED: ("Assigned", "IANA assigns this port; pick an entry to read about it."),
}


def _range_text(range_class: RangeClass) -> str:
    low, high = range_class.bounds
    return f"{range_class.label} range ({low}-{high})"


def listening_content(
    listeners: Sequence[Listener], unexpected: Sequence[str | None] = (), new_since: Sequence[str | None] = ()
) -> Content | None:
    """One line per local socket: protocol, address, `process[pid]` and user when the OS reveals
    them; under it, why its program is not the one expected there, if it is not, and whether it is
    new since the baseline the Listening tab compares with."""
    if not listeners:
        return None
    lines = [Content.from_markup("[b]Listening on this machine[/b]")]
    for index, listener in enumerate(listeners):
        owner = " ".join(filter(None, (process_label(listener), user_label(listener))))
        exposed = " · all interfaces" if listener.on_all_interfaces else ""
        lines.append(
            Content.from_markup(
                "$protocol $address [dim]$owner[/dim]$exposed",
                protocol=listener.protocol.value,
                address=listener.address,
                owner=owner,
                exposed=exposed,
            )
        )
        surprise = unexpected[index] if index < len(unexpected) else None
        if surprise:
            lines.append(Content.assemble(("unexpected: ", "bold"), surprise))
        new = new_since[index] if index < len(new_since) else None
        if new:
            lines.append(Content.assemble(("new ", "bold"), new))
    return Content("\n").join(lines)


def _parts(*parts: tuple[str, Content | str | None, str | None]) -> list[Part]:
    """The parts that have something to say; strings are plain text, never markup."""
    return [
        Part(name, Content(content) if isinstance(content, str) else content, look or name)
        for name, content, look in parts
        if content
    ]


def _labelled(label: str, text: str) -> Content:
    return Content.assemble((f"{label}: ", "bold"), text)


def entry_parts(entry: PortEntry, context: CardContext = CardContext()) -> tuple[Part, ...]:
    """Every field of an entry; the security note and the listening sockets stand out."""
    unknown = entry.source is Source.UNKNOWN
    facts = Content.assemble(
        f"{_range_text(entry.range_class)} · {entry.protocol_label} · ",
        "process " if unknown else "service ",
        (entry.service or "(no name)", "bold"),
        " · ★ pinned" if context.pinned else "",
    )
    if entry.official:
        source = "✓ Official: assigned by IANA"
    elif entry.source is Source.LOCAL:
        source = f"Local: {context.origin}" if context.origin else "Local: from your own ports file"
    elif unknown:
        source = "? Unknown: no registry entry and no common use on record"
    else:
        source = "Unofficial: common use, not an IANA assignment"
    security = _labelled("Security", entry.security) if entry.security else None
    more: list[Content] = []
    vocabulary = context.vocabulary
    if entry.family:
        more.append(_labelled("Family", vocabulary.family_name(entry.family)))
    if entry.tags:
        more.append(_labelled("Tags", ", ".join(entry.tags)))
    if entry.aliases:
        more.append(_labelled("Also known as", ", ".join(entry.aliases)))
    if entry.processes:
        more.append(_labelled("Served by", ", ".join(entry.processes)))
    if entry.references:
        more.append(_labelled("Sources", ", ".join(entry.references)))
    parts = note_parts(context.note)
    parts += _parts(
        ("title", f"{entry.port_label}  {entry.title}", None),
        ("facts", facts, None),
        ("source", source, "official" if entry.official else "unofficial"),
        ("check", context.check_result, None),  # near the top: the answer to what the user just asked
        ("listening", listening_content(context.listeners, context.unexpected, context.new_since), None),
        ("description", entry.description, None),
        ("security", security, None),
        ("more", Content("\n").join(more) if more else None, None),
    )
    parts += related_parts(entry, context.neighbours)
    parts += check_parts(entry, context)
    return tuple(parts)


def note_parts(note: Note | None) -> list[Part]:
    """The card of what the query names that is not a port entry, above the entry's own."""
    if note is None:
        return []
    from ...note_card import card_lines

    first, *rest = card_lines(note)
    lines = [Content.assemble((first, "bold")), *(Content(line) for line in rest)]
    return [Part("note", Content("\n").join(lines), "security" if note.kind == "technique" else "more")]


def related_parts(entry: PortEntry, neighbours: Mapping[int, PortEntry]) -> list[Part]:
    """A heading, then one selectable line per related port: Enter (or a click) goes there."""
    if not entry.related:
        return []
    parts = [
        Part(
            "related", Content.from_markup("[b]Related ports[/b] [dim](↓ to pick, Enter to go)[/dim]"), "more"
        )
    ]
    for port in entry.related:
        neighbour = neighbours.get(port)
        what = f"{neighbour.service or neighbour.title}  {neighbour.title}" if neighbour else "no entry"
        parts.append(Part("related", Content(f"→ {port}  {what}"), "link", link=port))
    return parts


def check_parts(entry: PortEntry, context: CardContext) -> list[Part]:
    """The commands that test this service, written for the host last checked (or HOST)."""
    if not entry.checks:
        return []
    host = context.host or HOST_PLACEHOLDER
    heading = "[b]Check it[/b] [dim](t runs a live check)[/dim]" if context.live_check else "[b]Check it[/b]"
    lines = [Content.from_markup(heading)]
    lines += [Content(command.replace(HOST_PLACEHOLDER, host)) for command in entry.checks]
    return [Part("checks", Content("\n").join(lines), "more")]


def vacancy_parts(vacancy: Vacancy, context: CardContext = CardContext()) -> tuple[Part, ...]:
    """What the registry says of a number with no entry."""
    heading, explanation = _VACANCY_TEXT[vacancy.assignment]
    return tuple(
        _parts(
            ("title", f"{vacancy.port}  {heading}", None),
            ("facts", _range_text(RangeClass.of(vacancy.port)), None),
            ("source", "No entry for this port", "unofficial"),
            ("check", context.check_result, None),
            ("listening", listening_content(context.listeners, context.unexpected, context.new_since), None),
            ("description", explanation, None),
        )
    )


def empty_parts(reason: str) -> tuple[Part, ...]:
    """The card when the list has no row: the list's own reason ("No matches in Pinned; 15 in
    other tabs."), not a "No entry" that would contradict it."""
    return tuple(_parts(("title", "Nothing highlighted", None), ("facts", reason, None)))


PLACEHOLDER_PARTS = tuple(
    _parts(
        ("title", "No entry", None),
        ("facts", "Type a port, a range or a name above.", None),
    )
)


SEPARATOR = "·"


def wrap_items(content: Content, width: int) -> Content:
    """`content` with line breaks where it wraps at `width`, but never before a `·`: the word
    before the dot goes down with it ("tcp/udp · service http", not "· service http"), or, with
    no word to spare, the break stands for the dot. Unchanged when no wrapped line starts with one."""
    if SEPARATOR not in content.plain or width < 2:
        return content
    if not any(line.plain.startswith(SEPARATOR) for line in content.wrap(width)):
        return content
    return Content("\n").join(
        Content("\n").join(_wrap_line_items(line, width)) for line in content.split("\n", allow_blank=True)
    )


def _wrap_line_items(line: Content, width: int) -> list[Content]:
    """One line of `wrap_items`: its wrapped pieces, each one as it is drawn."""
    pieces: list[Content] = []
    rest = line
    while True:
        wrapped = rest.wrap(width)
        if len(wrapped) < 2:
            return [*pieces, rest]
        text = rest.plain
        cut = len(wrapped[0].plain)  # wrapped lines lose their trailing spaces
        resume = len(text) - len(text[cut:].lstrip(" "))
        if text.startswith(SEPARATOR, resume):
            earlier = text.rfind(" ", 0, cut)
            if earlier > 0 and text[:earlier].strip():
                cut = resume = earlier + 1
            else:  # one word fills the line: the break separates the items
                resume = len(text) - len(text[resume + len(SEPARATOR) :].lstrip(" "))
        pieces.append(rest[:cut].rstrip())
        rest = rest[resume:]
