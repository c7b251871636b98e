"""What is known about one entry, or about a port number with no entry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ...dataset import Assignment, PortEntry, RangeClass, Source

if TYPE_CHECKING:
    from ...listening import Listener


class Vacancy(NamedTuple):
    """A port number the user typed that has no entry, and what the registry says of it."""

    port: int
    assignment: Assignment


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


PartContent = str | Content | None
"""What one part of the card shows (None: the part is hidden)."""
# The card's parts, top to bottom; the title and the description are plain text, not markup.
PARTS = ("title", "facts", "source", "listening", "description", "security", "more")
PLAIN_PARTS = frozenset({"title", "description"})


class EntryCard(Vertical):
    """Every field of an entry; security notes stand out; official or unofficial is said plainly."""

    entry: reactive[PortEntry | None] = reactive(None, init=False)
    """The entry to show."""
    vacancy: reactive[Vacancy | None] = reactive(None, init=False)
    """A port number with no entry, shown when `entry` is None."""
    listeners: reactive[tuple[Listener, ...]] = reactive((), init=False)
    """The local sockets on the entry's (or the vacant number's) port."""
    pinned: reactive[bool] = reactive(False, init=False)
    """Whether the entry is pinned."""

    _shown = False  # whether show() has filled the card once

    def compose(self) -> ComposeResult:
        # Made with their content: a card filled before it mounts costs no second layout.
        contents, official = self._contents()
        for name in PARTS:
            content = contents[name]
            part = Static(content or "", id=f"card-{name}", classes=f"card-{name}", markup=name not in PLAIN_PARTS)
            part.display = bool(content)
            if name == "source":
                _mark_official(part, official)
            yield part

    def watch_entry(self) -> None:
        self._update()

    def watch_vacancy(self) -> None:
        self._update()

    def show(
        self,
        entry: PortEntry | None,
        vacancy: Vacancy | None = None,
        listeners: Sequence[Listener] = (),
        pinned: bool = False,
    ) -> None:
        """Set the attributes with one repaint (none when nothing changed)."""
        listeners = tuple(listeners)
        if (
            self._shown
            and entry is self.entry
            and vacancy == self.vacancy
            and listeners == self.listeners
            and pinned == self.pinned
        ):
            return
        self._shown = True
        self.set_reactive(EntryCard.entry, entry)
        self.set_reactive(EntryCard.vacancy, vacancy)
        self.set_reactive(EntryCard.listeners, listeners)
        self.set_reactive(EntryCard.pinned, pinned)
        self._update()

    def _update(self) -> None:
        if not self.is_mounted:
            return  # compose reads the attributes
        contents, official = self._contents()
        for name in PARTS:
            part = self.query_one(f"#card-{name}", Static)
            content = contents[name]
            if content:
                part.update(content)
            part.display = bool(content)
            if name == "source":
                _mark_official(part, official)

    def _contents(self) -> tuple[dict[str, PartContent], bool | None]:
        """What each part shows, and whether the source is official (None: no source shown)."""
        entry, vacancy = self.entry, self.vacancy
        if entry is not None:
            return self._entry_contents(entry), entry.official
        if vacancy is not None:
            return self._vacancy_contents(vacancy), False
        contents: dict[str, PartContent] = dict.fromkeys(PARTS)
        contents["title"] = "No entry"
        contents["facts"] = Content("Type a port, a range or a name above.")
        return contents, None

    def _entry_contents(self, entry: PortEntry) -> dict[str, PartContent]:
        unknown = entry.source is Source.UNKNOWN
        facts = Content.from_markup(
            "$range · $protocols · " + ("process [b]$service[/b]" if unknown else "service [b]$service[/b]"),
            range=_range_text(entry.range_class),
            protocols=entry.protocol_label,
            service=entry.service,
        )
        if self.pinned:
            facts += Content(" · ★ pinned")
        if entry.official:
            source = Content("✓ Official: assigned by IANA")
        elif entry.source is Source.LOCAL:
            source = Content("Local: from your own ports file")
        elif unknown:
            source = Content("? Unknown: no registry entry and no common use on record")
        else:
            source = Content("Unofficial: common use, not an IANA assignment")
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
        return {
            "title": f"{entry.port_label}  {entry.title}",
            "facts": facts,
            "source": source,
            "listening": listening_content(self.listeners),
            "description": entry.description or None,
            "security": security,
            "more": Content("\n").join(more) if more else None,
        }

    def _vacancy_contents(self, vacancy: Vacancy) -> dict[str, PartContent]:
        heading, explanation = _VACANCY_TEXT[vacancy.assignment]
        return {
            "title": f"{vacancy.port}  {heading}",
            "facts": Content(_range_text(RangeClass.of(vacancy.port))),
            "source": Content("No entry for this port"),
            "listening": listening_content(self.listeners),
            "description": explanation,
            "security": None,
            "more": None,
        }


def _mark_official(source: Static, official: bool | None) -> None:
    """Colour the source line: official, or not (None: the line is hidden; leave it)."""
    if official is not None:
        source.set_class(official, "-official")
        source.set_class(not official, "-unofficial")


class DetailPane(VerticalScroll):
    """The card of the highlighted entry, scrollable when it does not fit."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Made here, not in compose: the app fills it before the pane mounts.
        self.card = EntryCard(id="detail-card")

    def compose(self) -> ComposeResult:
        yield self.card

    def show(
        self,
        entry: PortEntry | None,
        vacancy: Vacancy | None = None,
        listeners: Sequence[Listener] = (),
        pinned: bool = False,
    ) -> None:
        """Show an entry, or a number with no entry, with its local sockets."""
        card = self.card
        if self.is_mounted and (card.entry is not entry or card.vacancy != vacancy):
            self.scroll_home(animate=False)
        card.show(entry, vacancy, listeners, pinned)
