"""The detail pane: the card of the highlighted entry, scrollable when it does not fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from .card_text import Vacancy
from .entry_card import EntryCard

if TYPE_CHECKING:
    from ...dataset import PortEntry
    from ...listening import Listener


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
