"""The main screen: the search box, the tabs, the results and the detail pane, and their keys.

It holds the view's state (query, active tab, highlighted entry), routes the widgets'
messages and owns the keys that act on that view. The layout for each terminal size
is in portdeck.tcss, keyed on the breakpoint classes (breakpoints.py) set here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from ...dataset import Assignment, PortEntry
from ...search import SearchResult
from ...search.result import GUESS_BELOW
from ..tabs import LISTENING_TAB, TabSpec
from ..widgets import (
    CardContext,
    EmptyState,
    EntryCard,
    KeyFooter,
    RangeTabs,
    ResultsView,
    SearchInput,
    TitleBar,
    Vacancy,
)
from .breakpoints import HEIGHT_BREAKPOINTS, WIDTH_BREAKPOINTS, breakpoint_classes
from .checking import CheckFinished, Checks
from .jumps import Jumps
from .main_actions import MainActions
from .main_keys import MAIN_KEYS
from .summaries import match_summary, reading_summary, retitle, tab_note

if TYPE_CHECKING:
    from ...listening import Listener
    from ..app import PortdeckApp

# What the marks in the results mean, under the results panel (the short one for narrow panes).
LEGEND = "• unofficial ★ pinned ● listening ! security ▲ exposed"
SHORT_LEGEND = "•unofficial ★pin ●live !risk ▲exposed"
# On the Listening tab every row listens: its legend says what sets a socket apart.
LISTENING_LEGENDS = (
    "? unknown ● listening + new since baseline ≠ unexpected program ▲ exposed ! security",
    "?unknown +new ≠unexpected ▲exposed !risk",
)
# How often the Listening tab reads the sockets again while it is shown.
LISTENING_REFRESH_SECONDS = 5


class MainScreen(MainActions):
    """Search the port catalog as you type; read about the highlighted entry."""

    AUTO_FOCUS = "#search"
    HORIZONTAL_BREAKPOINTS = WIDTH_BREAKPOINTS
    VERTICAL_BREAKPOINTS = HEIGHT_BREAKPOINTS

    BINDINGS = MAIN_KEYS

    # State, not looks: each watcher updates the widgets that show it. The default
    # repaint=True would redraw the whole screen on every keystroke (a second, full frame).
    search_text: reactive[str] = reactive("", init=False, repaint=False)
    """What is in the search box; every change runs a search."""
    active_tab: reactive[str] = reactive("", init=False, repaint=False)
    """The id of the tab whose matches the results view shows."""
    highlighted_entry: reactive[PortEntry | None] = reactive(None, init=False, repaint=False)
    """The entry under the results cursor."""
    detail_toggled: reactive[bool] = reactive(False, init=False, repaint=False)
    """`d` flips the detail pane: hidden when there is room for it, shown alone when there is not."""

    def __init__(self, tabs: Sequence[TabSpec], first: SearchResult, first_tab: str | None = None) -> None:
        """`first` is the empty query's result, searched before the screen is built; `first_tab`
        the tab shown at start (the first one when None)."""
        super().__init__()
        self.tab_specs: tuple[TabSpec, ...] = tuple(tabs)
        self.result: SearchResult = first
        self.vacancy: Vacancy | None = None
        self.jumps = Jumps(self)
        self.checks = Checks(self)
        self._binding_state: tuple[bool | None, ...] = ()
        self.empty_state: EmptyState | None = None  # made the first time a tab has no rows
        self.listening_refresh: Timer | None = None
        self.tmux_clipboard: str | None = None  # tmux's set-clipboard, asked once in a worker
        self.set_reactive(MainScreen.active_tab, first_tab or self.tab_specs[0].id)
        # The breakpoint classes for the terminal's size, before anything is styled: given by
        # the first Resize instead, they would restyle every widget once more (~10 ms).
        self.add_class(*breakpoint_classes(self.app.size), update=False)
        self._shown_once = False

    def post_message(self, message: Message) -> bool:
        # Textual's ScreenResume restyles every widget, as a screen coming back after a change
        # of theme needs. The first one finds each widget styled as it mounted, with these
        # classes already set: the same styles again, ~12 ms of the start-up.
        if isinstance(message, events.ScreenResume) and not self._shown_once:
            self._shown_once = True
            message.refresh_styles = False
        return super().post_message(message)

    @property
    def portdeck(self) -> PortdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # The widgets get their content before they mount: the first frame is laid out and
        # drawn once, complete, with no updates queued behind it to lay out and draw again.
        self.search_input = SearchInput(
            placeholder="Search: 5432 · postgress · 8000-8100 · udp 53", id="search"
        )
        self.range_tabs = RangeTabs(self.tab_specs, id="tabs")
        self.results_view = ResultsView(id="results", classes="results-panel")
        self.results_view.border_subtitle = LEGEND
        self.results_view.marks = self.portdeck.marks
        self.detail_pane = EntryCard(id="detail")
        self._show_result()
        yield TitleBar()
        yield self.search_input
        yield self.range_tabs
        yield self.results_view
        if self.empty_state is not None:  # the first result is empty
            yield self.empty_state
        yield self.detail_pane
        # No palette item: at 80 columns the keys need the room (Ctrl+P is in the help).
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if os.environ.get("TMUX"):
            self._ask_tmux()

    @work(thread=True, exclusive=True, group="tmux")
    def _ask_tmux(self) -> None:
        """Ask tmux once, off the UI thread, whether it passes clipboard requests on (up to 2 s)."""
        from .. import clipboard  # here: the first frame needs no clipboard code

        setting = clipboard.tmux_set_clipboard()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(setattr, self, "tmux_clipboard", setting)

    def has_tab(self, tab_id: str) -> bool:
        """Whether the screen shows a tab with this id (the Listening tab may have been dropped)."""
        return any(spec.id == tab_id for spec in self.tab_specs)

    def tab_spec(self, tab_id: str) -> TabSpec:
        """The spec of a tab by id (the first tab when the id is unknown)."""
        return next((spec for spec in self.tab_specs if spec.id == tab_id), self.tab_specs[0])

    # -- searching ------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != event.input.value:
            # A newer keystroke already changed the box; its own Changed event follows.
            # Acting on this stale one would write the old text back into the box.
            return
        self.search_text = event.value

    def watch_search_text(self, text: str) -> None:
        if self.search_input.value != text:
            self.search_input.value = text
        # Directly, not in a worker: a search is well under a frame (benchmarks/bench_tui.py),
        # and running it here means a stale result can never land after a newer one.
        self.result = self.portdeck.engine.search(text)
        self._show_result()

    def watch_active_tab(self, tab: str) -> None:
        listening = tab == LISTENING_TAB
        self.results_view.listening_columns = listening
        if listening and self.listening_refresh is None:
            # Sockets come and go: while the tab shows them, read them again now and then.
            self.listening_refresh = self.set_interval(
                LISTENING_REFRESH_SECONDS, self.portdeck.refresh_listening
            )
        elif not listening and self.listening_refresh is not None:
            self.listening_refresh.stop()
            self.listening_refresh = None
        self._show_result()
        self._fit_legend()

    def _show_result(self) -> None:
        """Push the current result, filtered by the active tab, down to the widgets."""
        result = self.result
        spec = self.tab_spec(self.active_tab)
        entries = spec.entries(result)
        self.range_tabs.counts = {s.id: s.count_in(result) for s in self.tab_specs}
        self.range_tabs.active = spec.id
        self.vacancy = None
        if result.port is not None and result.assignment not in (None, Assignment.ASSIGNED):
            self.vacancy = Vacancy(result.port, result.assignment)
        self.set_class(not entries, "-empty")
        if not entries:
            self._empty_state().explain(self.search_text, spec, result, self.vacancy and self.vacancy.port)
        self.app.sub_title = match_summary(self, spec, len(entries))
        retitle(self.search_input, "border_subtitle", tab_note(self, spec, entries))
        guesses = (
            [match.score < GUESS_BELOW for match in result.matches_in(entries)] if result.content else []
        )
        self.results_view.guesses = guesses if any(guesses) else ()
        retitle(self.results_view, "border_title", reading_summary(result, any(guesses)))
        self.results_view.entries = entries
        # Fill the detail pane in this same tick rather than on the Highlighted message, so a
        # keystroke costs one layout and one frame, not two.
        self.show_detail(self.results_view.highlighted)

    def _empty_state(self) -> EmptyState:
        if self.empty_state is None:
            self.empty_state = EmptyState(id="empty", classes="results-panel")
            self.empty_state.border_subtitle = self.results_view.border_subtitle
            if self.is_attached:
                self.mount(self.empty_state, after=self.results_view)
        return self.empty_state

    def suggest_free_ports(self) -> None:
        """The palette's "Suggest a free port": five ports, and why each is safe, in a notice."""
        from ...free_ports import suggest_free

        listening = frozenset(self.portdeck.marks.listening or ())  # the ports; none if unread
        picks = suggest_free(self.portdeck.catalog, count=5, listening=listening)
        if not picks:
            self.notify("No free port in the registered range.", severity="warning", markup=False)
            return
        reasons = "; ".join(dict.fromkeys(reason for pick in picks for reason in pick.reasons))
        ports = ", ".join(str(pick.port) for pick in picks)
        self.notify(f"{ports}\nEach is {reasons}.", title="Free ports", markup=False, timeout=20)

    def _unexpected(self, listeners: Sequence[Listener]) -> tuple[str | None, ...]:
        """Per socket, why the program on it is not the one its port's entries name (or None)."""
        surprises = self.portdeck.marks.surprises  # worked out once per reading of the sockets
        return tuple(surprises.get(listener) for listener in listeners) if surprises else ()

    def _new_since(self, listeners: Sequence[Listener]) -> tuple[str | None, ...]:
        """Per socket new since the baseline: "since baseline FILE (saved …)" (or None)."""
        marks = self.portdeck.marks
        if marks.baseline is None or not listeners:
            return ()
        from ...safe_text import printable

        path, baseline = marks.baseline
        since = f"since baseline {printable(path)}"
        if baseline.saved_at:
            since += f" (saved {printable(baseline.saved_at)})"
        said: list[str | None] = []
        for listener in listeners:
            before = marks.held_before(listener) if marks.is_new(listener) else None
            if before is not None:
                owner = printable(before.process) if before.process else "?"
                said.append(f"{since}: was {owner}" + (f" ({printable(before.user)})" if before.user else ""))
            else:
                said.append(since if marks.is_new(listener) else None)
        return tuple(said)

    def show_detail(self, entry: PortEntry | None) -> None:
        """Show `entry` (or, with none, the vacant number typed) in the detail pane."""
        self.highlighted_entry = entry
        vacancy = self.vacancy if entry is None else None
        app = self.portdeck
        marks = app.marks
        if entry is not None:
            listeners = marks.listeners_for(entry)
            neighbours = {port: found[0] for port in entry.related if (found := app.catalog.at(port))}
        else:
            listeners, neighbours = marks.listeners_for(port=vacancy.port if vacancy else None), {}
        port, protocols = (entry.port, entry.protocols) if entry else (vacancy.port if vacancy else None, ())
        host = app.settings.values.get("check_host")
        context = CardContext(
            listeners=listeners,
            pinned=entry is not None and marks.is_pinned(entry),
            neighbours=neighbours,
            vocabulary=app.catalog.vocabulary,
            host=host if isinstance(host, str) else None,
            check_result=self.checks.shown_for(port, protocols),
            note=self.result.note,
            unexpected=self._unexpected(listeners),
            new_since=self._new_since(listeners),
            origin=app.origins.label(entry) if app.origins is not None and entry is not None else None,
            live_check=not app.public,
            empty=self._empty_reason() if entry is None else "",
        )
        self.detail_pane.show(entry, vacancy, context)
        # The Footer rebuilds itself on refresh_bindings: only ask when a key's state changed.
        actions = ("copy", "related", "clear", "toggle_pin", "back", "forward", "socket_menu")
        state = tuple(self.check_action(action, ()) for action in actions)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def _empty_reason(self) -> str:
        """Why the list has no row, as its empty state says it ("" when it has rows)."""
        state = self.empty_state
        return state.summary if state is not None and self.has_class("-empty") else ""

    def marks_changed(self) -> None:
        """Pins or sockets changed: redraw the marks, recount, refilter a tab that depends on them."""
        view = self.results_view
        view.marks = self.portdeck.marks
        entries = self.tab_spec(self.active_tab).entries(self.result)
        if entries != view.entries:  # a span of the catalog compares by position, building nothing
            # Keep the cursor where it was: on the same entry, or on the row that took its place.
            old_entry, old_cursor = view.highlighted, view.cursor
            self._show_result()
            if old_entry is None or not view.move_to(old_entry):
                view.cursor = old_cursor
        else:
            self.range_tabs.counts = {s.id: s.count_in(self.result) for s in self.tab_specs}
            spec = self.tab_spec(self.active_tab)
            if spec.id == LISTENING_TAB:  # what changed since a baseline is said beside the query
                retitle(self.search_input, "border_subtitle", tab_note(self, spec, entries))
            self.show_detail(view.highlighted)

    def drop_tab(self, tab_id: str) -> None:
        """Remove a tab that cannot work here (the Listening tab where sockets cannot be read)."""
        if not self.has_tab(tab_id):
            return
        self.tab_specs = tuple(spec for spec in self.tab_specs if spec.id != tab_id)
        self.range_tabs.specs = self.tab_specs
        if self.active_tab == tab_id:
            self.active_tab = self.tab_specs[0].id
        self.range_tabs.refresh()

    # -- messages from the widgets ----------------------------------------------------

    @on(ResultsView.Highlighted)
    def _entry_highlighted(self, event: ResultsView.Highlighted) -> None:
        # Not for a stale message (the cursor moved on since), nor for the entry shown already:
        # a new result posts this too, and _show_result has filled the card for it.
        entry = event.entry
        if entry is self.results_view.highlighted and entry is not self.highlighted_entry:
            self.show_detail(entry)

    @on(ResultsView.Selected)
    def _entry_selected(self, event: ResultsView.Selected) -> None:
        from .entry import EntryScreen  # imported when first needed: not on the first frame's path

        entry = self.detail_pane.entry or event.entry
        if entry is not None:
            self.app.push_screen(EntryScreen(entry, self.detail_pane.context))

    @on(EntryCard.LinkChosen)
    def _link_chosen(self, event: EntryCard.LinkChosen) -> None:
        self.jumps.goto_port(event.port)

    @on(RangeTabs.Clicked)
    def _tab_clicked(self, event: RangeTabs.Clicked) -> None:
        self.show_tab(event.tab_id)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.results_view.entries:
            self.results_view.focus()
        elif self.vacancy is not None:  # a number with no entry: its card has the keys (c, t)
            self.detail_pane.focus()

    def on_resize(self) -> None:
        self._place_focus()
        self.call_after_refresh(self._fit_legend)

    def _fit_legend(self) -> None:
        full, short = (LEGEND, SHORT_LEGEND) if self.active_tab != LISTENING_TAB else LISTENING_LEGENDS
        legend = full if self.results_view.outer_size.width >= len(full) + 6 else short
        for panel in (self.results_view, self.empty_state):
            if panel is not None:
                panel.border_subtitle = legend

    def watch_detail_toggled(self, toggled: bool) -> None:
        self.set_class(toggled, "-detail-toggled")
        self._place_focus()

    def _place_focus(self) -> None:
        """Keep focus on a pane that shows: in a small terminal one pane shows at a time."""
        one_pane, toggled = self.has_class("-narrow") and self.has_class("-short"), self.detail_toggled
        detail_shown = toggled if one_pane else not toggled
        results_shown = not (one_pane and toggled)
        if not results_shown and self.focused is self.results_view:
            self.detail_pane.focus()
        elif not detail_shown and self.focused is self.detail_pane:
            self.results_view.focus()

    def show_tab(self, tab_id: str) -> None:
        """Make the tab with this id active."""
        self.active_tab = self.tab_spec(tab_id).id

    def on_check_finished(self, message: CheckFinished) -> None:
        self.checks.finished(message)
