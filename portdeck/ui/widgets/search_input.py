"""The search box, and the rule that typing anywhere on the main screen types into it."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input


class SearchInput(Input):
    """An Input whose Enter is advertised in the Footer: it moves to the results."""

    BINDINGS = [
        Binding(
            "enter", "submit", "Results", tooltip="from the search box: go to the list", id="search.submit"
        ),
    ]
    CURSOR_BLINK = True
    """Whether the cursor blinks (tests and screenshots turn it off, so pictures do not depend on the clock)."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        # Focus must not select the text: a key typed in the list lands here and would replace it.
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.cursor_blink = self.CURSOR_BLINK

    def add_typed(self, text: str) -> None:
        """Take focus and add `text` at the end, as if the user had typed it here."""
        self.focus()
        self.cursor_position = len(self.value)
        self.insert_text_at_cursor(text)


def type_into_search(widget: Widget, event: events.Key) -> None:
    """A printable key that is no command where `widget` has focus goes to the search box.

    Typing "443" or "redis" while the list has focus is a search, not three tab switches.
    """
    if not event.is_printable or not event.character or event.key in widget.app.active_bindings:
        return
    for search in widget.screen.query(SearchInput):
        event.stop()
        event.prevent_default()
        search.add_typed(event.character)
        return
