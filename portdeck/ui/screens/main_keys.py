"""The main screen's keys: one `Binding` each, with the tooltip the help window shows and
the command palette names its command by (listed while `check_action` offers it).

Kept apart from the screen's logic so the whole keymap reads in one place. One
typing model: the search box types every letter; in the list and the detail pane
letters are commands (a letter that is none says so), and `/` or Esc goes back to
the search box.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

TABS = Binding.Group("Tabs", compact=True)

MAIN_KEYS: list[BindingType] = [
    # Letters: the search box types them, so they act from the list and the detail pane.
    # First, so the Footer shows them first when the list has focus.
    Binding("c", "copy", "Copy", tooltip="copy the highlighted port number", id="entry.copy"),
    Binding(
        "C",
        "copy_menu",
        "Copy…",
        show=False,
        tooltip="copy menu: the port, host:port, the service name or a check command",
        id="entry.copy_menu",
    ),
    Binding(
        "f",
        "toggle_pin",
        "Pin",
        tooltip="pin or unpin the highlighted entry (★, the Pinned tab)",
        id="entry.pin",
    ),
    Binding(
        "r", "related", "Jump", tooltip="jump to a related port (again: the next one)", id="entry.related"
    ),
    Binding(
        "t",
        "check",
        "Check",
        tooltip="check this port on a host: is it open, what answers (Esc cancels)",
        id="entry.check",
    ),
    Binding(
        "a",
        "socket_menu",
        "Act…",
        tooltip="act on the listening socket (Listening tab): copy its address or PID, open it in "
        "the browser, show its command line, stop its process",
        id="listening.actions",
    ),
    Binding(
        "d",
        "toggle_detail",
        "Pane",
        show=False,
        tooltip="show or hide the detail pane (in a small terminal: switch panes)",
        id="detail.toggle",
    ),
    Binding(
        "escape",
        "step_back",
        "Search",
        tooltip="back to the search box, keeping the query (Esc there clears it)",
        id="search.back",
    ),
    Binding(
        "slash", "focus_search", "Search", show=False, tooltip="back to the search box", id="search.focus"
    ),
    # Priority: the search box would otherwise take these for word-by-word cursor moves.
    Binding(
        "ctrl+left",
        "previous_tab",
        "Previous tab",
        priority=True,
        group=TABS,
        tooltip="previous tab",
        id="tabs.previous",
    ),
    Binding(
        "ctrl+right",
        "next_tab",
        "Next tab",
        priority=True,
        group=TABS,
        tooltip="next tab",
        id="tabs.next",
    ),
    Binding(
        "alt+left",
        "back",
        "Back",
        tooltip="back to where you were before a jump",
        id="history.back",
    ),
    Binding(
        "alt+right",
        "forward",
        "Forward",
        tooltip="forward again after going back",
        id="history.forward",
    ),
    # From the search box, these move the results cursor (the box has no use for them).
    Binding("down", "cursor('down')", "Down", show=False, id="results.cursor.down"),
    Binding("up", "cursor('up')", "Up", show=False, id="results.cursor.up"),
    Binding("pagedown", "cursor('page_down')", "Page down", show=False, id="results.cursor.page_down"),
    Binding("pageup", "cursor('page_up')", "Page up", show=False, id="results.cursor.page_up"),
    Binding(
        "ctrl+r",
        "app.refresh_listening",
        "Refresh",
        show=False,
        tooltip="read the ports listening on this machine again",
        id="listening.refresh",
    ),
]
