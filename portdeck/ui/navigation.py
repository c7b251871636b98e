"""Where the user has been: every jump (a related port, a palette hit) is a step back to.

Plain Python, no Textual: the main screen records a place before it jumps, and
Alt+← / Alt+→ walk the steps like a browser's Back and Forward.
"""

from __future__ import annotations

from typing import NamedTuple

from ..dataset import PortEntry

LIMIT = 100  # steps kept; older ones are forgotten


class Place(NamedTuple):
    """What the user saw: the query, the tab and the highlighted entry."""

    query: str
    tab: str
    entry: PortEntry | None


class History:
    """Back and forward stacks of places."""

    def __init__(self) -> None:
        self._back: list[Place] = []
        self._forward: list[Place] = []

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def leaving(self, place: Place) -> None:
        """A jump is about to leave `place`: it becomes the step back; forward steps are gone."""
        if not self._back or self._back[-1] != place:
            self._back.append(place)
            del self._back[:-LIMIT]
        self._forward.clear()

    def back(self, current: Place) -> Place | None:
        """The place before the last jump (None: none), remembering `current` for Forward."""
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Place) -> Place | None:
        """The place Back left (None: none), remembering `current` for Back."""
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()
