"""The full detail of one entry, over the whole screen (Enter on a row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from ...dataset import PortEntry
from ..widgets.entry_card import EntryCard

if TYPE_CHECKING:
    from ...listening import Listener


class EntryScreen(ModalScreen[None]):
    """Everything about one entry, with room to read it."""

    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="entry.close"),
        Binding("c", "app.copy", "Copy port", id="entry.copy"),
    ]

    def __init__(self, entry: PortEntry, listeners: Sequence[Listener] = (), pinned: bool = False) -> None:
        super().__init__()
        self.entry = entry
        self.listeners = tuple(listeners)
        self.pinned = pinned

    def compose(self) -> ComposeResult:
        card = EntryCard(id="entry-body")
        card.border_title = f"Port {self.entry.port_label}"
        card.border_subtitle = "Esc closes · c copies"
        card.show(self.entry, listeners=self.listeners, pinned=self.pinned)
        yield card

    def action_close(self) -> None:
        self.dismiss(None)
