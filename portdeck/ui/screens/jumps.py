"""The main screen's jumps: to a port, to a related port, and back and forward between them.

Kept apart from the screen so its module stays about showing results; the screen
owns one `Jumps` and routes its keys here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...dataset import PortEntry
from ..navigation import History, Place

if TYPE_CHECKING:
    from .main import MainScreen


class Jumps:
    """Every jump is a step in `history`: Alt+← / Alt+→ walk them."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.history = History()
        # The entry whose related ports `r` walks through, the next index, and the query it set.
        self._related_walk: tuple[PortEntry, int, str] | None = None

    def place(self) -> Place:
        screen = self.screen
        return Place(screen.search_text, screen.active_tab, screen.highlighted_entry)

    def goto_port(self, port: int, entry: PortEntry | None = None) -> None:
        """Jump to a port number (a step Alt+← comes back from), the cursor on `entry` or the first row."""
        self.history.leaving(self.place())
        self._go(Place(str(port), self.screen.tab_specs[0].id, entry))

    def _go(self, place: Place) -> None:
        screen = self.screen
        while screen.app.screen is not screen:
            screen.app.pop_screen()
        screen.active_tab = screen.tab_spec(place.tab).id
        screen.search_text = place.query
        if place.entry is not None:
            screen.results_view.move_to(place.entry)

    def back(self) -> None:
        place = self.history.back(self.place())
        if place is not None:
            self._go(place)

    def forward(self) -> None:
        place = self.history.forward(self.place())
        if place is not None:
            self._go(place)

    def related(self) -> None:
        """Jump to the highlighted entry's next related port; again for the one after."""
        screen = self.screen
        walk = self._related_walk
        if walk is not None and walk[2] == screen.search_text:
            origin, index = walk[0], walk[1]
        elif screen.highlighted_entry is not None:
            origin, index = screen.highlighted_entry, 0
        else:
            return
        if not origin.related:
            screen.notify("No related ports for this entry", severity="warning", timeout=3)
            return
        port = origin.related[index % len(origin.related)]
        self.goto_port(port)
        self._related_walk = (origin, index + 1, screen.search_text)
        position = f"{index % len(origin.related) + 1}/{len(origin.related)}"
        screen.notify(f"Related port {position} of {origin.port_label} · Alt+← back", timeout=3, markup=False)
