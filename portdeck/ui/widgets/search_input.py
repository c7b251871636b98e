"""The search box, and the one typing rule: letters type only in the search box.

In the list and the detail pane every letter and digit is a command or nothing
(as in lazygit); `/` or Esc goes back to the search box. A printable key that is
no command there says so instead of silently doing nothing.
"""

from __future__ import annotations

from time import monotonic
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input

# What a letter that is no command in the list says (a notification, at most this often).
TYPE_HINT = "Letters are commands here: / or Esc goes back to the search box"
HINT_SECONDS = 4.0


class SearchInput(Input):
    """An Input whose Enter is advertised in the Footer: it moves to the results."""

    BINDINGS = [
        Binding(
            "enter", "submit", "Results", tooltip="from the search box: go to the list", id="search.submit"
        ),
        Binding(
            "escape",
            "screen.clear",
            "Clear",
            tooltip="in the search box: clear the search",
            id="search.clear",
        ),
    ]
    CURSOR_BLINK = True
    """Whether the cursor blinks (tests and screenshots turn it off, so pictures do not depend on the clock)."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        # Focus must not select the text: Esc from the list comes back here to go on typing.
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.cursor_blink = self.CURSOR_BLINK

    async def _on_key(self, event: events.Key) -> None:
        # `?` in an empty box is a question, not a query (as in lazygit): it opens the help.
        if event.character == "?" and not self.value:
            event.stop()
            event.prevent_default()
            await self.run_action("app.help")
            return
        await super()._on_key(event)


def hint_search(widget: Widget, event: events.Key) -> None:
    """A printable key that is no command where `widget` has focus: say how to search."""
    if not event.is_printable or not event.character or event.key in widget.app.active_bindings:
        return
    event.stop()
    event.prevent_default()
    now = monotonic()
    if now - _last_hint.get(widget.app, -HINT_SECONDS) < HINT_SECONDS:
        return  # said a moment ago: typing a word must not stack up notifications
    _last_hint[widget.app] = now
    widget.app.notify(TYPE_HINT, timeout=HINT_SECONDS, markup=False)


# When each app last showed the hint; an app that ends drops out.
_last_hint: WeakKeyDictionary[App[object], float] = WeakKeyDictionary()
