"""The portdeck app: composes the widgets, holds the bindings and the app-wide state."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ..dataset import Assignment, Catalog, PortEntry, Source
from ..search import SearchEngine, SearchResult
from ..userdata import PinStore, pin_key
from . import clipboard
from .commands import PortdeckCommands
from .marks import Marks
from .tabs import DEFAULT_TABS, TabSpec, listening_tab, pinned_tab
from .widgets import DetailPane, RangeTabs, ResultsView, SearchInput, TitleBar, Vacancy

if TYPE_CHECKING:
    from ..listening import Listener

ListenerSource = Callable[[], Sequence["Listener"]]

TABS_GROUP = Binding.Group("Tabs", compact=True)
# Actions that only make sense on the main screen (not over help, detail or the palette).
MAIN_SCREEN_ACTIONS = frozenset(
    {"clear", "focus_search", "next_tab", "previous_tab", "show_tab", "show_tab_index", "cursor",
     "related", "toggle_detail", "help", "toggle_pin"}
)
# Actions whose availability depends on the query and the highlighted entry (see check_action).
DYNAMIC_ACTIONS = ("copy", "related", "clear", "toggle_pin")
# Actions on keys the search box types as text: hidden from the Footer while it has focus.
TYPED_KEY_ACTIONS = frozenset({"focus_search", "related", "toggle_detail", "show_tab_index", "toggle_pin"})
# What the marks in the results mean, under the results panel.
LEGEND = "• unofficial  ★ pinned  ● listening  ! security"
# Lines that are not the panes: the title bar, the search box (3), the tabs, the Footer.
CHROME_LINES = 6
# Notifications the user must have time to read (a broken file, a feature that is off).
LONG_TIMEOUT = 20


class PortdeckApp(App[None]):
    """Search the port catalog as you type; read about the highlighted entry."""

    # Absolute, so a subclass defined in another module still finds the stylesheet.
    CSS_PATH = Path(__file__).with_name("portdeck.tcss")
    TITLE = "portdeck"
    COMMANDS = App.COMMANDS | {PortdeckCommands}
    AUTO_FOCUS = "#search"
    # Below this width the detail pane goes under the results; below this height it hides.
    NARROW_WIDTH = 76
    SHORT_HEIGHT = 18

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("q", "quit", "Quit", show=False, id="app.quit.q"),
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help.question_mark"),
        # Not in the Footer (Esc and the help screen cover it): the Footer is full at 100 columns.
        Binding("slash", "focus_search", "Search", show=False, id="search.focus"),
        Binding("escape", "clear", "Clear", id="search.clear"),
        # Priority: the search box would otherwise take these for word-by-word cursor moves.
        Binding("ctrl+left", "previous_tab", "Previous tab", priority=True, group=TABS_GROUP, id="tabs.previous"),
        Binding("ctrl+right", "next_tab", "Next tab", priority=True, group=TABS_GROUP, id="tabs.next"),
        *(
            Binding(str(n), f"show_tab_index({n - 1})", f"Tab {n}", show=False, id=f"tabs.{n}")
            for n in range(1, 10)
        ),
        # While the search box has focus, these move the results cursor (the box has no use for them).
        Binding("down", "cursor('down')", "Down", show=False, id="results.cursor.down"),
        Binding("up", "cursor('up')", "Up", show=False, id="results.cursor.up"),
        Binding("pagedown", "cursor('page_down')", "Page down", show=False, id="results.cursor.page_down"),
        Binding("pageup", "cursor('page_up')", "Page up", show=False, id="results.cursor.page_up"),
        Binding("c", "copy", "Copy", id="entry.copy"),
        Binding("f", "toggle_pin", "Pin", id="entry.pin"),
        Binding("r", "related", "Related", id="entry.related"),
        Binding("d", "toggle_detail", "Detail", id="detail.toggle"),
        Binding("ctrl+r", "refresh_listening", "Refresh listening", show=False, id="listening.refresh"),
    ]

    class ListeningRead(Message):
        """The listening-sockets worker finished: the sockets, or why they cannot be read."""

        def __init__(self, listeners: tuple[Listener, ...] | None, problem: str | None = None) -> None:
            super().__init__()
            self.listeners = listeners
            self.problem = problem

    search_text: reactive[str] = reactive("", init=False)
    """What is in the search box; every change runs a search."""
    active_tab: reactive[str] = reactive("", init=False)
    """The id of the tab whose matches the results view shows."""
    highlighted_entry: reactive[PortEntry | None] = reactive(None, init=False)
    """The entry under the results cursor."""
    detail_toggled: reactive[bool] = reactive(False, init=False)
    """`d` flips the detail pane: hidden when there is room for it, shown when there is not."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        engine: SearchEngine | None = None,
        tabs: Sequence[TabSpec] | None = None,
        pins: PinStore | None = None,
        listeners: ListenerSource | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        """`pins` defaults to the user's store in `data_dir()`; `listeners` to the real
        sockets (`portdeck.listening.local_listeners`); `warnings` are shown once the app is up."""
        super().__init__()
        self.catalog = catalog
        self.engine: SearchEngine = engine if engine is not None else SearchEngine(catalog)
        self.marks = Marks(catalog)
        if tabs is None:
            tabs = (*DEFAULT_TABS, pinned_tab(self.marks), listening_tab(self.marks))
        self.tab_specs: tuple[TabSpec, ...] = tuple(tabs)
        if pins is None:
            from ..userdata import data_dir

            pins = PinStore(data_dir())
        self.pin_store = pins
        self.marks.set_pins(pins.load())
        self._listener_source = listeners
        self._startup_warnings = tuple(warnings)
        self._warnings_shown = 0  # how many of pin_store.warnings are already on screen
        self._listening_asked = False  # the user pressed refresh: report when done
        self.result: SearchResult | None = None
        self.vacancy: Vacancy | None = None
        # The entry whose related ports `r` walks through, the next index, and the query it set.
        self._related_walk: tuple[PortEntry, int, str] | None = None
        self._binding_state: tuple[bool | None, ...] = ()
        self._collector_paused = False
        self.set_reactive(PortdeckApp.active_tab, self.tab_specs[0].id)

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The widgets get their content before they mount: the first frame is laid out and
        # drawn once, complete, with no updates queued behind it to lay out and draw again.
        self.search_input = SearchInput(placeholder="Search: 5432 · postgress · 8000-8100 · udp 53", id="search")
        self.range_tabs = RangeTabs(self.tab_specs, id="tabs")
        self.results_view = ResultsView(id="results", classes="results-panel")
        self.results_view.border_subtitle = LEGEND
        self.results_view.marks = self.marks
        self.detail_pane = DetailPane(id="detail")
        # The panes sit in the screen's grid, not in a container of their own: a container
        # is one more widget to lay out, and its first resize repainted both panes again.
        self._main_screen = self.screen
        self._main_screen.add_class("-main")
        self._apply_size()
        self._run_search(self.search_text)

        yield TitleBar()
        yield self.search_input
        yield self.range_tabs
        yield self.results_view
        if self._empty_message is not None:  # the first result is empty
            yield self._empty_message
        yield self.detail_pane
        yield Footer()

    def on_load(self) -> None:
        # Start-up only allocates what the session keeps (widgets, styles, the catalog), yet
        # the collector walked it all several times before the first frame: ~15 ms of it.
        self._collector_paused = gc.isenabled()
        gc.disable()

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        self._resume_collector()  # the app may end before its first frame

    def on_ready(self) -> None:
        self._resume_collector()
        # Only once the first frame is up: the threads would hold the GIL half the time.
        self._warm_engine()
        self._read_listening()
        for warning in self._startup_warnings:
            self.notify(warning, title="portdeck", severity="warning", timeout=LONG_TIMEOUT)
        self._show_store_warnings()

    @work(thread=True, exclusive=True, group="warm")
    def _warm_engine(self) -> None:
        """Build the fuzzy indexes off the UI thread, so the first frame does not wait."""
        self.engine.warm()

    # -- listening sockets --------------------------------------------------------

    @work(thread=True, exclusive=True, group="listening")
    def _read_listening(self) -> None:
        """Read the local listening sockets off the UI thread (psutil takes tens of ms)."""
        source = self._listener_source
        try:
            if source is None:
                from ..listening import local_listeners as source
            message = self.ListeningRead(tuple(source()))
        except Exception as error:  # noqa: BLE001 - ListeningUnavailable, or anything psutil raises
            from ..listening import ListeningUnavailable

            reason = str(error) if isinstance(error, ListeningUnavailable) else f"{type(error).__name__}: {error}"
            message = self.ListeningRead(None, reason or type(error).__name__)
        if not get_current_worker().is_cancelled:  # a newer refresh is on its way
            self.post_message(message)

    @on(ListeningRead)
    def _listening_read(self, message: ListeningRead) -> None:
        asked, self._listening_asked = self._listening_asked, False
        if message.listeners is None:
            self.marks.set_listeners(None)
            self._drop_tab("listening")
            self.notify(
                f"Listening ports are not shown: {message.problem}",
                title="Listening",
                severity="warning",
                timeout=LONG_TIMEOUT,
            )
        else:
            self.marks.set_listeners(message.listeners)
            if asked:
                count = len(self.marks.listening or ())
                self.notify(f"{count} port{'' if count == 1 else 's'} listening on this machine", timeout=3)
        self._marks_changed()
        self.refresh_bindings()

    def _drop_tab(self, tab_id: str) -> None:
        if all(spec.id != tab_id for spec in self.tab_specs):
            return
        self.tab_specs = tuple(spec for spec in self.tab_specs if spec.id != tab_id)
        self.range_tabs.specs = self.tab_specs
        if self.active_tab == tab_id:
            self.active_tab = self.tab_specs[0].id
        self.range_tabs.refresh()

    def _marks_changed(self) -> None:
        """Pins or sockets changed: redraw the marks, recount, refilter a tab that depends on them."""
        result = self.result
        view = self.results_view
        view.marks = self.marks
        if result is None:
            return
        spec = self.tab_spec(self.active_tab)
        entries = spec.entries(result)
        if entries != view.entries:  # a span of the catalog compares by position, building nothing
            # Keep the cursor where it was: on the same entry, or on the row that took its place.
            old_entry, old_cursor = view.highlighted, view.cursor
            self._show_result()
            if old_entry is None or not view.move_to(old_entry):
                view.cursor = old_cursor
        else:
            self.range_tabs.counts = {s.id: s.count_in(result) for s in self.tab_specs}
            self._show_detail(view.highlighted)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size)  # self.size may still be the old one here

    def _apply_size(self, size: Size | None = None) -> None:
        width, height = size or self.size
        narrow = width < self.NARROW_WIDTH
        cramped = narrow and height < self.SHORT_HEIGHT  # no room for results and detail at once
        toggled = self.detail_toggled
        hide_detail, detail_only = toggled != cramped, cramped and toggled
        screen = self._main_screen
        screen.set_class(hide_detail, "-hide-detail")
        screen.set_class(detail_only, "-detail-only")
        # Rows: the search box, the tabs, then the results (and the detail pane, 45% of the
        # room, under them when narrow); columns: the results, and the detail pane beside
        # them at 38% of the width, within 30-64 cells.
        grid = screen.styles
        both = not (hide_detail or detail_only)
        if narrow or not both:
            grid.grid_size_columns = 1
            grid.grid_columns = "1fr"
            room = height - CHROME_LINES
            grid.grid_rows = f"3 1 1fr {room * 45 // 100}" if narrow and both else "3 1 1fr"
        else:
            grid.grid_size_columns = 2
            grid.grid_columns = f"1fr {min(64, max(30, width * 38 // 100))}"
            grid.grid_rows = "3 1 1fr"
        if cramped and toggled and self.focused is self.results_view:
            # The list is hidden but the arrows still walk it: keep focus off the detail pane,
            # which would take them to scroll instead.
            self.screen.set_focus(None)

    def watch_detail_toggled(self) -> None:
        self._apply_size()

    # -- widgets (made in compose) -------------------------------------------------

    search_input: SearchInput
    range_tabs: RangeTabs
    results_view: ResultsView
    detail_pane: DetailPane
    _main_screen: Screen  # its grid holds the panes
    _empty_message: Static | None = None  # made the first time a tab has no rows

    def tab_spec(self, tab_id: str) -> TabSpec:
        """The spec of a tab by id (the first tab when the id is unknown)."""
        return next((spec for spec in self.tab_specs if spec.id == tab_id), self.tab_specs[0])

    # -- searching ----------------------------------------------------------------

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
        self._run_search(text)

    def _run_search(self, text: str) -> None:
        # Called directly: a search is measured at well under a millisecond to a few
        # milliseconds on the full dataset (benchmarks/bench_tui.py), far inside a frame,
        # and running it in the handler means a stale result can never land after a newer one.
        self.result = self.engine.search(text)
        self._show_result()

    def watch_active_tab(self) -> None:
        self._show_result()

    def _show_result(self) -> None:
        """Push the current result, filtered by the active tab, down to the widgets."""
        result = self.result
        if result is None:
            return
        spec = self.tab_spec(self.active_tab)
        entries = spec.entries(result)
        tabs = self.range_tabs
        tabs.counts = {s.id: s.count_in(result) for s in self.tab_specs}
        tabs.active = spec.id
        self.vacancy = None
        if result.port is not None and result.assignment not in (None, Assignment.ASSIGNED):
            self.vacancy = Vacancy(result.port, result.assignment)
        self._set_empty_state(spec, entries, result)
        self.sub_title = self._match_summary(result, spec, len(entries))
        self.results_view.entries = entries
        # Fill the detail pane in this same tick rather than on the Highlighted message, so a
        # keystroke costs one layout and one frame, not two.
        self._show_detail(self.results_view.highlighted)

    def _match_summary(self, result: SearchResult, spec: TabSpec, shown: int) -> str:
        if not self.search_text.strip():
            summary = f"{len(self.catalog):,} entries"
        else:
            total = len(result.entries)
            summary = f"{total:,} match" + ("" if total == 1 else "es")
        if spec is not self.tab_specs[0]:
            summary += f" · {shown:,} in {spec.label}"
        return summary

    def _set_empty_state(self, spec: TabSpec, entries: Sequence[PortEntry], result: SearchResult) -> None:
        self._main_screen.set_class(not entries, "-empty")
        if entries:
            return
        text = self.search_text.strip()
        if result.error:
            message = f"{result.error}\n\nA port is a number from 0 to 65535."
        elif self.vacancy is not None:
            message = f"No entry for port {self.vacancy.port}: see the detail pane for what the registry says."
        elif spec.empty is not None and not text:
            message = spec.empty()
        elif result.entries:
            message = (
                f"No matches in {spec.label}; {len(result.entries):,} in other tabs.\n\n"
                "Ctrl+← / Ctrl+→ switch tabs."
            )
        elif text:
            message = (
                f"Nothing matches {text!r}.\n\n"
                "Try a port (5432), a range (8000-8100), a protocol and port (udp 53) "
                "or a service name (postgres, ldaps). Esc clears the search."
            )
        else:
            message = "This tab is empty."
        self._empty_state().update(message)

    def _empty_state(self) -> Static:
        """The message shown instead of the results view; made on first use, not for the first frame."""
        if self._empty_message is None:
            self._empty_message = Static(id="empty", classes="results-panel", markup=False)  # it quotes the query
            self._empty_message.border_subtitle = LEGEND
            if self._main_screen.is_attached:
                self._main_screen.mount(self._empty_message, after=self.results_view)
        return self._empty_message

    # -- messages from the widgets ------------------------------------------------

    @on(ResultsView.Highlighted)
    def _entry_highlighted(self, event: ResultsView.Highlighted) -> None:
        if event.entry is not self.results_view.highlighted:
            return  # the cursor or the rows moved on since it was posted
        self._show_detail(event.entry)

    def _show_detail(self, entry: PortEntry | None) -> None:
        self.highlighted_entry = entry
        vacancy = self.vacancy if entry is None else None
        marks = self.marks
        if entry is not None:
            listeners, pinned = marks.listeners_for(entry), marks.is_pinned(entry)
        else:
            listeners, pinned = marks.listeners_for(port=vacancy.port if vacancy else None), False
        self.detail_pane.show(entry, vacancy, listeners, pinned)
        # The Footer rebuilds itself on refresh_bindings: only ask when a key's state changed.
        state = tuple(self.check_action(action, ()) for action in DYNAMIC_ACTIONS)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    @on(ResultsView.Selected)
    def _entry_selected(self, event: ResultsView.Selected) -> None:
        from .screens import EntryScreen  # imported when first needed: not on the first frame's path

        entry = event.entry
        self.push_screen(EntryScreen(entry, self.marks.listeners_for(entry), self.marks.is_pinned(entry)))

    @on(RangeTabs.Clicked)
    def _tab_clicked(self, event: RangeTabs.Clicked) -> None:
        self.show_tab(event.tab_id)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.results_view.entries:
            self.results_view.focus()

    # -- commands -----------------------------------------------------------------

    def show_tab(self, tab_id: str) -> None:
        """Make the tab with this id active."""
        self.active_tab = self.tab_spec(tab_id).id

    def goto_port(self, port: int, entry: PortEntry | None = None) -> None:
        """Search for a port number and put the cursor on `entry` (or the first row)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.active_tab = self.tab_specs[0].id
        self.search_text = str(port)
        if entry is not None:
            self.results_view.move_to(entry)

    def help_keys(self) -> list[tuple[str, str]]:
        """(keys, description) for the help screen, from the bindings themselves."""
        rows: list[tuple[str, str]] = [("type", "search as you type")]
        seen: dict[str, list[str]] = {}
        order: list[str] = []
        for binding in _bindings(self.BINDINGS, ResultsView.BINDINGS):
            description = _HELP_TEXT.get(binding.action, binding.description)
            if description is None:
                continue
            if description not in seen:
                seen[description] = []
                order.append(description)
            for key in binding.key.split(","):
                display = self.get_key_display(Binding(key.strip(), binding.action))
                if display not in seen[description]:
                    seen[description].append(display)
        rows += [(" ".join(seen[d]), d) for d in order]
        rows.append((f"1-{len(self.tab_specs)}", "tab by number (when the list has focus)"))
        rows.append(("ctrl+p", "command palette: go to port, switch tab, copy, pin"))
        return rows

    # -- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action in TYPED_KEY_ACTIONS and isinstance(self.focused, Input):
            return False  # the key goes into the search box; do not advertise it
        if action == "show_tab_index":
            return bool(parameters) and int(str(parameters[0])) < len(self.tab_specs)
        if action == "copy":
            return None if self.highlighted_entry is None and self.vacancy is None else True
        if action == "related":
            entry = self.highlighted_entry
            return None if entry is None or not entry.related else True
        if action == "clear":
            return True if self.search_text else None
        if action == "toggle_pin":
            entry = self.highlighted_entry
            return None if entry is None or entry.source is Source.UNKNOWN else True
        if action == "refresh_listening":
            return any(spec.id == "listening" for spec in self.tab_specs)
        return True

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_clear(self) -> None:
        self.search_text = ""
        self.search_input.focus()

    def action_next_tab(self) -> None:
        self._step_tab(+1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        ids = [spec.id for spec in self.tab_specs]
        index = ids.index(self.tab_spec(self.active_tab).id)
        self.active_tab = ids[(index + step) % len(ids)]

    def action_show_tab_index(self, index: int) -> None:
        if 0 <= index < len(self.tab_specs):
            self.active_tab = self.tab_specs[index].id

    def action_cursor(self, move: str) -> None:
        getattr(self.results_view, f"action_cursor_{move}" if move in ("up", "down") else f"action_{move}")()

    def action_copy(self) -> None:
        entry = self.highlighted_entry
        if entry is not None:
            text, what = entry.port_label, f"port {entry.port_label} ({entry.service})"
        elif self.vacancy is not None:
            text, what = str(self.vacancy.port), f"port {self.vacancy.port}"
        else:
            self.bell()
            return
        # Textual sends the text to the terminal (OSC 52) and the terminal never answers:
        # say what was done, and what is known to stop it from reaching the clipboard.
        problem = "no terminal is attached" if self._driver is None else clipboard.obstacle(os.environ)
        try:
            self.copy_to_clipboard(text)
        except Exception as error:  # noqa: BLE001 - a closed or broken terminal stream
            problem = f"writing to the terminal failed ({error})"
        if problem is not None:
            self.notify(
                f"Could not copy {what}: {problem}. Select {text} with the mouse instead.",
                title="Not copied",
                severity="warning",
                timeout=8,
            )
            return
        self.notify(
            f"Sent {what} to the clipboard through the terminal (OSC 52; some terminals ignore it)."
            + clipboard.caveat(os.environ),
            title="Copy",
            timeout=4,
        )

    def action_toggle_pin(self) -> None:
        """Pin the highlighted entry, or unpin it; saved at once."""
        entry = self.highlighted_entry
        if entry is None:
            self.bell()
            return
        if entry.source is Source.UNKNOWN:
            self.notify(f"Port {entry.port} has no entry to pin", severity="warning", timeout=3)
            return
        pinned = self.pin_store.toggle(pin_key(entry))
        self.marks.set_pins(self.pin_store.pins)
        self.notify(f"{'Pinned' if pinned else 'Unpinned'} {entry.port_label} {entry.service}", timeout=3)
        self._show_store_warnings()
        self._marks_changed()

    def _show_store_warnings(self) -> None:
        """Notify the pin store's problems not shown yet (a corrupt file set aside, a failed save)."""
        warnings = self.pin_store.warnings
        for warning in warnings[self._warnings_shown :]:
            self.notify(warning, title="Pins", severity="warning", timeout=LONG_TIMEOUT)
        self._warnings_shown = len(warnings)

    def action_refresh_listening(self) -> None:
        """Read the listening sockets again."""
        self._listening_asked = True
        self._read_listening()

    def action_related(self) -> None:
        """Jump to the highlighted entry's next related port; again for the one after."""
        walk = self._related_walk
        if walk is not None and walk[2] == self.search_text:
            origin, index, _ = walk
        else:
            origin, index = self.highlighted_entry, 0
        if origin is None or not origin.related:
            self.notify("No related ports for this entry", severity="warning", timeout=3)
            return
        port = origin.related[index % len(origin.related)]
        self.goto_port(port)
        self._related_walk = (origin, index + 1, self.search_text)
        position = f"{index % len(origin.related) + 1}/{len(origin.related)}"
        self.notify(
            f"Related to {origin.port_label} {origin.service}: {port} ({position}). r for the next.",
            timeout=3,
        )

    def action_toggle_detail(self) -> None:
        self.detail_toggled = not self.detail_toggled

    def action_help(self) -> None:
        from .screens import HelpScreen  # imported when first needed: not on the first frame's path

        self.push_screen(HelpScreen(self.help_keys()))


# Longer wording for the help screen than fits in the Footer (None: leave it out).
_HELP_TEXT: dict[str, str | None] = {
    "quit": "quit",
    "help": "this help",
    "focus_search": "back to the search box",
    "clear": "clear the search",
    "previous_tab": "previous tab",
    "next_tab": "next tab",
    "cursor('down')": None,
    "cursor('up')": None,
    "cursor('page_down')": None,
    "cursor('page_up')": None,
    "copy": "copy the highlighted port number",
    "related": "jump to a related port (again: the next one)",
    "toggle_detail": "show or hide the detail pane",
    "toggle_pin": "pin or unpin the highlighted entry (★, the Pinned tab)",
    "refresh_listening": "read the ports listening on this machine again",
    "cursor_up": "move up (also from the search box)",
    "cursor_down": "move down (also from the search box)",
    "page_up": "page up",
    "page_down": "page down",
    "first": "first row",
    "last": "last row",
    "select": "full detail of the highlighted entry (from the search box: go to the list)",
}


def _bindings(*groups: Iterable[Binding | tuple[str, ...]]) -> Iterable[Binding]:
    for group in groups:
        for binding in group:
            if isinstance(binding, Binding):
                if not binding.action.startswith("show_tab_index"):
                    yield binding


def make_app(catalog: Catalog | None = None, **options: object) -> PortdeckApp:
    """Build the app (the default dataset when `catalog` is None)."""
    if catalog is None:
        from ..dataset import load_catalog

        catalog = load_catalog()
    return PortdeckApp(catalog, **options)  # type: ignore[arg-type]


def run_tui(catalog: Catalog, warnings: Sequence[str] = ()) -> None:
    """Run the app in the terminal until the user quits; `warnings` become notifications."""
    make_app(catalog, warnings=warnings).run()
