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
        yield Static(id="card-title", classes="card-title", markup=False)
        yield Static(id="card-facts", classes="card-facts")
        yield Static(id="card-source", classes="card-source")
        yield Static(id="card-listening", classes="card-listening")
        yield Static(id="card-description", classes="card-description", markup=False)
        yield Static(id="card-security", classes="card-security")
        yield Static(id="card-more", classes="card-more")

    def on_mount(self) -> None:
        self._update()

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

    def _part(self, name: str) -> Static:
        return self.query_one(f"#card-{name}", Static)

    def _set(self, name: str, content: str | Content | None) -> None:
        part = self._part(name)
        if content:
            part.update(content)
            part.display = True
        else:
            part.display = False

    def _update(self) -> None:
        if not self.is_mounted:
            return
        entry, vacancy = self.entry, self.vacancy
        if entry is not None:
            self._show_entry(entry)
        elif vacancy is not None:
            self._show_vacancy(vacancy)
        else:
            self._set("title", "No entry")
            self._set("facts", Content("Type a port, a range or a name above."))
            for name in ("source", "listening", "description", "security", "more"):
                self._set(name, None)
            self.set_class(False, "-unofficial")

    def _show_entry(self, entry: PortEntry) -> None:
        self._set("title", f"{entry.port_label}  {entry.title}")
        unknown = entry.source is Source.UNKNOWN
        facts = Content.from_markup(
            "$range · $protocols · " + ("process [b]$service[/b]" if unknown else "service [b]$service[/b]"),
            range=_range_text(entry.range_class),
            protocols=entry.protocol_label,
            service=entry.service,
        )
        if self.pinned:
            facts += Content(" · ★ pinned")
        self._set("facts", facts)
        self._set("listening", listening_content(self.listeners))
        source = self._part("source")
        source.set_class(entry.official, "-official")
        source.set_class(not entry.official, "-unofficial")
        if entry.official:
            self._set("source", Content("✓ Official: assigned by IANA"))
        elif entry.source is Source.LOCAL:
            self._set("source", Content("Local: from your own ports file"))
        elif unknown:
            self._set("source", Content("? Unknown: no registry entry and no common use on record"))
        else:
            self._set("source", Content("Unofficial: common use, not an IANA assignment"))
        self._set("description", entry.description or None)
        if entry.security:
            self._set("security", Content.from_markup("[b]Security:[/b] $note", note=entry.security))
        else:
            self._set("security", None)
        more: list[Content] = []
        if entry.aliases:
            more.append(Content.from_markup("[b]Also known as:[/b] $aliases", aliases=", ".join(entry.aliases)))
        if entry.related:
            more.append(Content.from_markup(f"[b]Related:[/b] {_links(entry.related)}  [dim](r jumps)[/dim]"))
        if entry.references:
            more.append(Content.from_markup("[b]References:[/b] $refs", refs=", ".join(entry.references)))
        self._set("more", Content("\n").join(more) if more else None)

    def _show_vacancy(self, vacancy: Vacancy) -> None:
        heading, explanation = _VACANCY_TEXT[vacancy.assignment]
        self._set("title", f"{vacancy.port}  {heading}")
        self._set("facts", Content(_range_text(RangeClass.of(vacancy.port))))
        source = self._part("source")
        source.set_class(False, "-official")
        source.set_class(True, "-unofficial")
        self._set("source", Content("No entry for this port"))
        self._set("listening", listening_content(self.listeners))
        self._set("description", explanation)
        self._set("security", None)
        self._set("more", None)


class DetailPane(VerticalScroll):
    """The card of the highlighted entry, scrollable when it does not fit."""

    def compose(self) -> ComposeResult:
        yield EntryCard(id="detail-card")

    @property
    def card(self) -> EntryCard:
        return self.query_one(EntryCard)

    def show(
        self,
        entry: PortEntry | None,
        vacancy: Vacancy | None = None,
        listeners: Sequence[Listener] = (),
        pinned: bool = False,
    ) -> None:
        """Show an entry, or a number with no entry, with its local sockets."""
        card = self.card
        if card.entry is not entry or card.vacancy != vacancy:
            self.scroll_home(animate=False)
        card.show(entry, vacancy, listeners, pinned)
