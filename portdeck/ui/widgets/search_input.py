"""The search box."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchInput(Input):
    """An Input whose Enter is advertised in the Footer: it moves to the results."""

    BINDINGS = [
        Binding("enter", "submit", "Results", id="search.submit"),
    ]
