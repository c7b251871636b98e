"""The detail pane: the card of the highlighted entry, beside or under the results."""

from __future__ import annotations

from .entry_card import EntryCard


class DetailPane(EntryCard):
    """The card of the highlighted entry; it scrolls when the entry does not fit."""
