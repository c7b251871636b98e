"""The Footer, with the keys a newcomer needs first: at any width they are never cut off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

# Actions whose keys lead the Footer: help and quit (the app's), so a narrow terminal keeps them.
ESSENTIAL = ("help", "quit")


class KeyFooter(Footer):
    """Textual's Footer, with Help and Quit first: the keys that are cut are the minor ones."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        first = [key for action in ESSENTIAL for key in keys if getattr(key, "action", None) == action]
        yield from first
        yield from (key for key in keys if key not in first)
