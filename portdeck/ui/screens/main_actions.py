"""The main screen's actions: what its keys (main_keys.py) do to the view, and when each
is offered (`check_action`). A base class of `MainScreen`, which holds the view's state and
shows results; jumps and checks have helpers of their own (jumps.py, checking.py)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.screen import Screen

from ...dataset import PortEntry, Source
from ..tabs import LISTENING_TAB

if TYPE_CHECKING:
    from textual.widgets import Input

    from ...listening import Listener
    from ..app import PortdeckApp
    from ..tabs import TabSpec
    from ..widgets import ResultsView, Vacancy
    from .checking import Checks
    from .jumps import Jumps
    from .socket_menu import SocketAction


class MainActions(Screen[None]):
    """The keys' actions over the state `MainScreen` keeps (declared here for type checkers)."""

    if TYPE_CHECKING:
        search_text: str
        active_tab: str
        highlighted_entry: PortEntry | None
        detail_toggled: bool
        vacancy: Vacancy | None
        tab_specs: tuple[TabSpec, ...]
        jumps: Jumps
        checks: Checks
        search_input: Input
        results_view: ResultsView
        tmux_clipboard: str | None

        @property
        def portdeck(self) -> PortdeckApp: ...

        def tab_spec(self, tab_id: str) -> TabSpec: ...

        def marks_changed(self) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        entry = self.highlighted_entry
        if action == "check" and self.portdeck.public:
            return False  # served to visitors: the server connects to no host for them
        if action in ("copy", "check", "copy_menu"):
            return None if entry is None and self.vacancy is None else True
        if action == "related":
            return None if entry is None or not entry.related else True
        if action == "clear":
            return True if self.search_text else None
        if action == "toggle_pin":
            return None if entry is None or entry.source is Source.UNKNOWN else True
        if action == "socket_menu":  # the Listening tab's rows only: hidden elsewhere
            if self.active_tab != LISTENING_TAB:
                return False
            return True if entry is not None and self.portdeck.marks.listeners_for(entry) else None
        if action == "back":  # hidden, not greyed, when there is nowhere to go: the Footer is full
            return self.jumps.history.can_go_back
        if action == "forward":
            return self.jumps.history.can_go_forward
        return True

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_step_back(self) -> None:
        """Esc in the list or the detail pane: back to the search box, the query kept."""
        if self.checks.cancel():  # Esc first stops a check that is running
            return
        self.search_input.focus()

    def action_clear(self) -> None:
        """Esc in the search box (or the palette's Clear): empty the query."""
        if self.checks.cancel():
            return
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

    def action_cursor(self, move: str) -> None:
        view = self.results_view
        getattr(view, f"action_cursor_{move}" if move in ("up", "down") else f"action_{move}")()

    def copy_text(self, text: str) -> None:
        """Copy `text` and say what was done; tmux was asked in a worker, never here."""
        from .. import clipboard  # here: the first frame needs no clipboard code

        clipboard.copy(self.app, text, os.environ, ask_tmux=lambda: self.tmux_clipboard)

    def action_copy(self) -> None:
        entry = self.highlighted_entry
        if entry is not None:
            self.copy_text(entry.port_label)
        elif self.vacancy is not None:
            self.copy_text(str(self.vacancy.port))
        else:
            self.app.bell()

    def action_copy_menu(self) -> None:
        """`C`: choose what to copy (port, host:port, service name, a check command)."""
        from .copy_menu import CopyMenu

        entry = self.highlighted_entry
        if entry is None:
            self.action_copy()
            return
        host = self.portdeck.settings.values.get("check_host")

        def chosen(text: str | None) -> None:
            if text is not None:
                self.copy_text(text)

        self.app.push_screen(CopyMenu(entry, host if isinstance(host, str) else None), chosen)

    def action_socket_menu(self) -> None:
        """`a` on a Listening row: copy the address or PID, open it, its command line, stop it."""
        from .socket_menu import SocketMenu, socket_actions

        entry = self.highlighted_entry
        listeners = self.portdeck.marks.listeners_for(entry) if entry is not None else ()
        if entry is None or self.active_tab != LISTENING_TAB or not listeners:
            self.app.bell()
            return
        first = listeners[0]
        title = f"{first.protocol.value} {first.address}" if len(listeners) == 1 else f"{entry.port_label}"
        actions = socket_actions(listeners, self.portdeck.catalog.at)
        self.app.push_screen(SocketMenu(f"{title} {entry.service}".strip(), actions), self._socket_action)

    def _socket_action(self, action: SocketAction | None) -> None:
        from .socket_menu import (
            COMMAND_LINE,
            COPY,
            OPEN,
            STOP,
            CommandLineScreen,
            ConfirmStop,
            command_line,
            open_in_browser,
            owner,
        )

        if action is None:
            return
        sock = action.listener
        if action.kind == COPY:
            self.copy_text(action.value)
        elif action.kind == OPEN:
            open_in_browser(self.app, action.value)
        elif action.kind == COMMAND_LINE and sock.pid is not None:
            try:
                text = command_line(sock.pid)
            except OSError as error:
                self.notify(f"No command line: {error}", severity="warning", timeout=8, markup=False)
                return
            self.app.push_screen(CommandLineScreen(f"Command line of {owner(sock)}", text))
        elif action.kind == STOP and sock.pid is not None:
            ports = sorted(
                {s.port for s in self.portdeck.marks.listeners_for(port=sock.port) if s.pid == sock.pid}
            )
            where = ", ".join(map(str, ports or [sock.port]))
            question = f"Stop {owner(sock)} listening on {where}? It gets SIGTERM."

            def answered(yes: bool | None) -> None:
                if yes:
                    self._stop(sock)

            self.app.push_screen(ConfirmStop(question), answered)

    def _stop(self, sock: Listener) -> None:
        from .socket_menu import stop_process

        said, severity = stop_process(sock)
        self.notify(said, severity=severity, timeout=8, markup=False)  # type: ignore[arg-type]
        self.set_timer(0.5, self.portdeck.refresh_listening)  # the socket goes with the process

    def ask_baseline(self) -> None:
        """The palette's "Compare listeners with a baseline…": ask for the file, then read it."""
        from .socket_menu import BaselinePrompt

        marks = self.portdeck.marks
        shown = marks.baseline[0] if marks.baseline is not None else ""

        def chosen(path: str | None) -> None:
            if path:
                self.portdeck.compare_with_baseline(path)
                self.show_tab_if_there(LISTENING_TAB)

        self.app.push_screen(BaselinePrompt(shown), chosen)

    def show_tab_if_there(self, tab_id: str) -> None:
        if any(spec.id == tab_id for spec in self.tab_specs):
            self.active_tab = tab_id

    def action_toggle_pin(self) -> None:
        """Pin the highlighted entry, or unpin it; saved at once."""
        entry = self.highlighted_entry
        if entry is None or entry.source is Source.UNKNOWN:
            self.app.bell()
            return
        pinned = self.portdeck.toggle_pin(entry)
        self.notify(
            f"{'Pinned' if pinned else 'Unpinned'} {entry.port_label} {entry.service}",
            timeout=3,
            markup=False,
        )
        self.marks_changed()

    def action_toggle_detail(self) -> None:
        self.detail_toggled = not self.detail_toggled

    def goto_port(self, port: int, entry: PortEntry | None = None) -> None:
        """Jump to a port (the palette and the full-detail window do): a step Alt+← undoes."""
        self.jumps.goto_port(port, entry)

    def action_related(self) -> None:
        self.jumps.related()

    def action_back(self) -> None:
        self.jumps.back()

    def action_forward(self) -> None:
        self.jumps.forward()

    def action_check(self) -> None:
        if self.portdeck.public:  # the binding is off too; this holds for any other way in
            self.notify("Live checks are off in this shared app.", markup=False)
            return
        self.checks.ask()
