"""What a search returns: the ranked entries, per-tab views and counts, and the port answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from portdeck.dataset import Assignment, PortEntry, RangeClass

from .query import Query

_WELL_KNOWN_LAST = RangeClass.WELL_KNOWN.bounds[1]
_REGISTERED_LAST = RangeClass.REGISTERED.bounds[1]


@dataclass(frozen=True)
class SearchResult:
    """One search's answer. The range tab is a filter applied here, so tabs and counts agree."""

    query: Query
    entries: tuple[PortEntry, ...]
    port: int | None = None  # the number typed, when the query is one number
    assignment: Assignment | None = None  # what the registry says of that number
    error: str | None = None  # why the query cannot be a port, on one line
    _by_class: dict[RangeClass, tuple[PortEntry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def in_class(self, range_class: RangeClass | None) -> tuple[PortEntry, ...]:
        """The entries in one range class (None: all of them), in ranked order."""
        if range_class is None:
            return self.entries
        found = self._by_class.get(range_class)
        if found is None:
            first, last = range_class.bounds
            # A range entry belongs to the class of its first port, as PortEntry.range_class says.
            found = self._by_class[range_class] = tuple(e for e in self.entries if first <= e.port <= last)
        return found

    @cached_property
    def counts(self) -> dict[RangeClass | None, int]:
        """How many entries each tab shows; None is the All tab."""
        well_known = registered = 0
        for entry in self.entries:
            if entry.port <= _WELL_KNOWN_LAST:
                well_known += 1
            elif entry.port <= _REGISTERED_LAST:
                registered += 1
        return {
            None: len(self.entries),
            RangeClass.WELL_KNOWN: well_known,
            RangeClass.REGISTERED: registered,
            RangeClass.DYNAMIC: len(self.entries) - well_known - registered,
        }
