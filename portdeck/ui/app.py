"""The portdeck app: the catalog, search engine, pins, settings and sockets its screens share.

The main screen (screens/main.py) is the view; the app owns what outlives a view:
the data, the user's pins and settings, the listening sockets (read by its base class,
socket_reading.py), the app-wide keys (quit, help, the command palette) and the start-up notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from ..dataset import Catalog, PortEntry
from ..search import SearchEngine
from .marks import Marks
from .memory import IDLE_SECONDS, CollectorPolicy, bound_footer_watchers
from .remembered_css import RememberedStylesheet
from .screens.main import MainScreen
from .socket_reading import LONG_TIMEOUT, ListenerSource, SocketReading
from .tabs import DEFAULT_TABS, TabSpec, explained_tab, listening_tab, pinned_tab

if TYPE_CHECKING:
    from textual.command import Provider

    from ..userdata.pins import PinStore
    from ..userdata.settings import Settings
    from ..userdata.team import Origins


def portdeck_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens, not for the first frame."""
    from .commands import PortdeckCommands

    return PortdeckCommands


class AppOptions(TypedDict, total=False):
    """`PortdeckApp`'s keyword arguments, for `make_app` (mypy checks the two agree)."""

    engine: SearchEngine | None
    tabs: Sequence[TabSpec] | None
    pins: PinStore | None
    settings: Settings | None
    listeners: ListenerSource | None
    warnings: Sequence[str]
    public: bool
    explained: tuple[str, Sequence[PortEntry]] | None
    origins: Origins | None
    baseline: str | None


class PortdeckApp(SocketReading):
    """A port-number reference: search as you type, read about the highlighted entry."""

    # Absolute, so a subclass defined in another module still finds the stylesheet.
    CSS_PATH = Path(__file__).with_name("portdeck.tcss")
    TITLE = "portdeck"
    # The match summary changes on most keystrokes; only the TitleBar shows it (it watches
    # this). App's own sub_title repaints the whole screen on each change: a second frame.
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)
    COMMANDS = App.COMMANDS | {portdeck_commands}

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="quit", id="app.quit"),
        Binding("q", "quit", "Quit", show=False, tooltip="quit (outside the search box)", id="app.quit.q"),
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            tooltip="every key and the query syntax (this help)",
            id="app.help",
        ),
    ]

    def __init__(
        self,
        catalog: Catalog,
        *,
        engine: SearchEngine | None = None,
        tabs: Sequence[TabSpec] | None = None,
        pins: PinStore | None = None,
        settings: Settings | None = None,
        listeners: ListenerSource | None = None,
        warnings: Sequence[str] = (),
        public: bool = False,
        explained: tuple[str, Sequence[PortEntry]] | None = None,
        origins: Origins | None = None,
        baseline: str | None = None,
    ) -> None:
        """`pins` and `settings` default to the user's, in `paths.data_dir()`; `listeners` to the
        real sockets (`portdeck.listening.local_listeners`); `warnings` show once the app is up.

        `public`: the app served to visitors (`--serve --public`) is a reference only: no live
        check (a visitor must not make the server connect anywhere), no Listening tab (nor its
        sockets and processes), and pins and settings kept for the session, never written.

        `baseline`: a file `portdeck --listening --save` wrote; the Listening tab marks the sockets
        new since then (`portdeck --baseline FILE`)."""
        super().__init__()
        self.public = public
        if not public:  # served to visitors, the app writes nothing that outlives it (not even a key)
            self.stylesheet = RememberedStylesheet(variables=self.theme_variables)
        self.origins = origins  # the file and line of each entry from a ports file
        if public:
            from ..userdata.session import SessionPins, SessionSettings

            pins, settings = SessionPins(), SessionSettings()  # type: ignore[assignment]
        self.catalog = catalog
        self.engine: SearchEngine = engine if engine is not None else SearchEngine(catalog)
        self.marks = Marks(catalog)
        self._tabs = (
            tuple(tabs)
            if tabs is not None
            else (*DEFAULT_TABS, pinned_tab(self.marks), *(() if public else (listening_tab(self.marks),)))
        )
        if explained is not None:  # `portdeck --explain FILE`: its ports in a tab of their own, first
            self._tabs = (*self._tabs, explained_tab(*explained))
        self._first_tab = "explained" if explained is not None else None
        if pins is None or settings is None:
            from ..paths import data_dir

            folder = data_dir()
            if pins is None:
                from ..userdata.pins import PinStore

                pins = PinStore(folder)
            if settings is None:
                from ..userdata.settings import Settings

                settings = Settings(folder)
        self.pin_store, self.settings = pins, settings
        self.marks.set_pins(pins.load())
        self._listener_source = listeners
        self._startup_warnings = tuple(warnings)
        # How many of each store's warnings are already on screen: one count per list, since
        # both lists grow (one running count over the two joined skipped new pin warnings).
        self._warnings_shown: dict[str, int] = {"pins": 0, "settings": 0}
        self._baseline_path = baseline
        self.collector = CollectorPolicy()

    def get_default_screen(self) -> MainScreen:
        self.main = MainScreen(self._tabs, self.engine.search(""), first_tab=self._first_tab)
        return self.main

    # -- start-up -----------------------------------------------------------------

    def on_load(self) -> None:
        self.collector.pause()  # see ui/memory.py
        theme = self.settings.load().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme

    #: Whether SIGTERM and SIGHUP end the app the way Ctrl+Q does (run_tui's app): killed
    #: with the default action, it left the terminal in the alternate screen, the mouse
    #: reporting and the cursor hidden. Off under tests, which own the process's signals.
    exit_on_signals = False

    def on_mount(self) -> None:
        # Every screen's Footer, once it is composed: see ui/memory.py (Textual keeps each
        # FooterKey it ever showed alive through the Footer's data_bind watchers).
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.exit_on_signals:
            import asyncio
            import signal

            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._end_by_signal, signum)

    def _end_by_signal(self, signum: int) -> None:
        """Quit as Ctrl+Q does (the terminal put back), with 128 + the signal, as a shell reports
        a process a signal ended."""
        self.exit(return_code=128 + signum)

    def on_app_focus(self, event: events.AppFocus) -> None:
        """In a browser tab the app is blurred before its first screen takes focus, so nothing
        is focused when the tab gets it: the search box takes it, as in a terminal."""
        if self.screen is getattr(self, "main", None) and self.screen.focused is None:
            self.main.search_input.focus()

    def on_unmount(self) -> None:
        self.collector.restore()
        if isinstance(self.stylesheet, RememberedStylesheet):  # not after a CSS reload (textual run --dev)
            self.stylesheet.remember()

    def _screen_changed(self, screen: Screen[object]) -> None:
        self.call_after_refresh(self._bound_footers, screen)  # once the new screen is composed

    def _bound_footers(self, screen: Screen[object]) -> None:
        bound_footer_watchers(screen.query(Footer))

    def on_ready(self) -> None:
        self.collector.resume()
        self._bound_footers(self.screen)
        # Only once the first frame is up: the threads would hold the GIL half the time.
        self._warm_engine()
        if not self.public:
            self._read_listening()
            if self._baseline_path is not None:
                self.compare_with_baseline(self._baseline_path)
        for warning in self._startup_warnings:
            self.notify(warning, title="portdeck", severity="warning", timeout=LONG_TIMEOUT, markup=False)
        self.show_store_warnings()
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    @work(thread=True, exclusive=True, group="warm")
    def _warm_engine(self) -> None:
        """Build the fuzzy indexes off the UI thread, so the first frame does not wait."""
        self.engine.warm()
        if not get_current_worker().is_cancelled:  # the app is not on its way out
            self.call_from_thread(self._settle)

    def _settle(self) -> None:
        """Warm: what start-up built is frozen, and full collections wait for a pause in typing."""
        self.collector.settle()
        self.set_interval(IDLE_SECONDS / 2, self.collector.collect_if_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)):
            self.collector.note_input()
        await super().on_event(event)

    def _remember_theme(self, _theme: object) -> None:
        self.settings.update(theme=self.theme)
        self.show_store_warnings()

    # -- pins ---------------------------------------------------------------------

    def toggle_pin(self, entry: PortEntry) -> bool:
        """Pin or unpin an entry, saved at once; whether it is pinned now."""
        from ..userdata.pins import pin_key

        pinned = self.pin_store.toggle(pin_key(entry))
        self.marks.set_pins(self.pin_store.pins)
        self.show_store_warnings()
        return pinned

    def show_store_warnings(self) -> None:
        """Notify the stores' problems not shown yet (a corrupt file set aside, a failed save)."""
        for store, warnings in (("pins", self.pin_store.warnings), ("settings", self.settings.warnings)):
            for warning in warnings[self._warnings_shown[store] :]:
                self.notify(
                    warning, title="Your files", severity="warning", timeout=LONG_TIMEOUT, markup=False
                )
            self._warnings_shown[store] = len(warnings)

    # -- windows ------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # imported when first needed: not on the first frame's path
        from .widgets import EntryCard, ResultsView, SearchInput

        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere", [*self.BINDINGS, self.COMMAND_PALETTE_BINDING_HELP]),
                    ("Main screen", MainScreen.BINDINGS),
                    ("In the search box", SearchInput.BINDINGS),
                    ("In the list", ResultsView.BINDINGS),
                    ("In the detail pane", EntryCard.BINDINGS),
                ]
            )
        )

    # The palette's key is Textual's own binding; the help lists it with the app's keys.
    COMMAND_PALETTE_BINDING_HELP = Binding(
        App.COMMAND_PALETTE_BINDING,
        "command_palette",
        tooltip="command palette: go to port, switch tab, copy, pin, theme",
    )


def make_app(catalog: Catalog | None = None, **options: Unpack[AppOptions]) -> PortdeckApp:
    """Build the app (the default dataset when `catalog` is None)."""
    if catalog is None:
        from ..dataset import load_catalog

        catalog = load_catalog()
    return PortdeckApp(catalog, **options)


def run_tui(
    catalog: Catalog,
    warnings: Sequence[str] = (),
    explained: tuple[str, Sequence[PortEntry]] | None = None,
    origins: Origins | None = None,
    baseline: str | None = None,
) -> int:
    """Run the app in the terminal until the user quits (or SIGTERM, SIGHUP end it); `warnings`
    become notifications; `baseline`: the file the Listening tab compares with. Returns the exit
    status."""
    app = make_app(catalog, warnings=warnings, explained=explained, origins=origins, baseline=baseline)
    app.exit_on_signals = True
    app.run()
    return app.return_code or 0
