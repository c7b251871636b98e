"""What a search returns: the ranked entries, per-tab views and counts, and the port answer."""

from __future__ import annotations

from collections.abc import Sequence

from portdeck.dataset import Assignment, CatalogSpan, PortEntry, RangeClass

from .query import Query

_WELL_KNOWN_LAST = RangeClass.WELL_KNOWN.bounds[1]
_REGISTERED_LAST = RangeClass.REGISTERED.bounds[1]


class SearchResult:
    """One search's answer. The range tab is a filter applied here, so tabs and counts agree.

    A plain slotted class, not a dataclass: see `Query` for why.
    """

    __slots__ = ("query", "entries", "port", "assignment", "error", "_by_class", "_counts")

    def __init__(
        self,
        query: Query,
        entries: Sequence[PortEntry],
        port: int | None = None,
        assignment: Assignment | None = None,
        error: str | None = None,
    ) -> None:
        self.query = query
        self.entries = entries  # ranked, best first, every range class (a CatalogSpan in port order)
        self.port = port  # the number typed, when the query is one number
        self.assignment = assignment  # what the registry says of that number
        self.error = error  # why the query cannot be a port, on one line
        self._by_class: dict[RangeClass, Sequence[PortEntry]] = {}
        self._counts: dict[RangeClass | None, int] | None = None

    def __repr__(self) -> str:
        shown = f"{len(self.entries)} entries, port={self.port}, error={self.error!r}"
        return f"SearchResult({self.query!r}, {shown})"

    def in_class(self, range_class: RangeClass | None) -> Sequence[PortEntry]:
        """The entries in one range class (None: all of them), in ranked order."""
        if range_class is None:
            return self.entries
        found = self._by_class.get(range_class)
        if found is None:
            first, last = range_class.bounds
            # A range entry belongs to the class of its first port, as PortEntry.range_class says.
            if isinstance(self.entries, CatalogSpan):  # in port order: the class is a sub-span
                found = self.entries.within(first, last)
            else:
                found = tuple(e for e in self.entries if first <= e.port <= last)
            self._by_class[range_class] = found
        return found

    @property
    def counts(self) -> dict[RangeClass | None, int]:
        """How many entries each tab shows; None is the All tab. Counted on first use."""
        if self._counts is None:
            well_known = registered = 0
            if isinstance(self.entries, CatalogSpan):
                well_known = len(self.in_class(RangeClass.WELL_KNOWN))
                registered = len(self.in_class(RangeClass.REGISTERED))
            else:
                for entry in self.entries:
                    if entry.port <= _WELL_KNOWN_LAST:
                        well_known += 1
                    elif entry.port <= _REGISTERED_LAST:
                        registered += 1
            self._counts = {
                None: len(self.entries),
                RangeClass.WELL_KNOWN: well_known,
                RangeClass.REGISTERED: registered,
                RangeClass.DYNAMIC: len(self.entries) - well_known - registered,
            }
        return self._counts
