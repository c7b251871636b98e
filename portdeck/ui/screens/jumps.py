"""The main screen's jumps: to a port, to a related port, and back and forward between them.

A mixin of `MainScreen` (it reads the screen's query, tab, cursor and history): kept
apart so the screen's module stays about showing results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...dataset import PortEntry
from ..navigation import Place

if TYPE_CHECKING:
    from .main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class Jumps(_Base):
    """Every jump is a step in `history`: Alt+← / Alt+→ walk them."""

    # The entry whose related ports `r` walks through, the next index, and the query it set.
    _related_walk: tuple[PortEntry, int, str] | None = None

    def place(self) -> Place:
        return Place(self.search_text, self.active_tab, self.highlighted_entry)

    def goto_port(self, port: int, entry: PortEntry | None = None) -> None:
        """Jump to a port number (a step Alt+← comes back from), the cursor on `entry` or the first row."""
        self.history.leaving(self.place())
        self._go(Place(str(port), self.tab_specs[0].id, entry))

    def _go(self, place: Place) -> None:
        while self.app.screen is not self:
            self.app.pop_screen()
        self.active_tab = self.tab_spec(place.tab).id
        self.search_text = place.query
        if place.entry is not None:
            self.results_view.move_to(place.entry)

    def action_back(self) -> None:
        place = self.history.back(self.place())
        if place is not None:
            self._go(place)

    def action_forward(self) -> None:
        place = self.history.forward(self.place())
        if place is not None:
            self._go(place)

    def action_related(self) -> None:
        """Jump to the highlighted entry's next related port; again for the one after."""
        walk = self._related_walk
        if walk is not None and walk[2] == self.search_text:
            origin, index, _ = walk
        else:
            origin, index = self.highlighted_entry, 0
        if origin is None or not origin.related:
            self.notify("No related ports for this entry", severity="warning", timeout=3)
            return
        port = origin.related[index % len(origin.related)]
        self.goto_port(port)
        self._related_walk = (origin, index + 1, self.search_text)
        position = f"{index % len(origin.related) + 1}/{len(origin.related)}"
        self.notify(f"Related port {position} of {origin.port_label} · Alt+← back", timeout=3, markup=False)
