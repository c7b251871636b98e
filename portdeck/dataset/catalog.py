"""The loaded dataset, indexed for the lookups every layer needs."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import Enum
from typing import Any

from .model import PortEntry, RangeClass, Source


class Assignment(str, Enum):
    """What the registry says of a port number that may have no entry."""

    ASSIGNED = "assigned"
    RESERVED = "reserved"
    UNASSIGNED = "unassigned"
    DYNAMIC = "dynamic"  # 49152-65535: never assigned, free for private and ephemeral use


_SOURCE_ORDER = {Source.IANA: 0, Source.UNOFFICIAL: 1, Source.LOCAL: 2, Source.UNKNOWN: 3}


def entry_order(entry: PortEntry) -> tuple[int, int, int, str]:
    """Port order; on one port official before unofficial before local."""
    return (entry.port, entry.end, _SOURCE_ORDER[entry.source], entry.service)


class Catalog:
    """Every entry, sorted by port, with the registry's reserved ranges.

    A plain slotted class, not a dataclass: importing `dataclasses` alone costs a
    one-shot CLI lookup ~14 ms. A catalog read from the cache holds raw rows and
    builds records on demand: `at(port)` builds only the few it returns, and
    `entries` builds them all on first use (search needs them; `portdeck 22` not).
    """

    __slots__ = ("_entries", "_make", "_ranges", "_reserved_starts", "_rows", "_singles", "reserved")

    def __init__(self, entries: tuple[PortEntry, ...], reserved: tuple[tuple[int, int], ...] = ()) -> None:
        self._entries: tuple[PortEntry, ...] | None = entries
        self._rows: Sequence[tuple[Any, ...]] = entries
        self._make: Callable[[tuple[Any, ...]], PortEntry] | None = None
        self.reserved = reserved
        self._index()

    @classmethod
    def from_rows(
        cls,
        rows: Sequence[tuple[Any, ...]],
        make: Callable[[tuple[Any, ...]], PortEntry],
        reserved: tuple[tuple[int, int], ...],
    ) -> Catalog:
        """A catalog over rows already in port order; `make(row)` builds one entry.

        Each row starts (port, end, …) like a PortEntry, so the index is built
        from the rows alone.
        """
        catalog = cls.__new__(cls)
        catalog._entries, catalog._rows, catalog._make, catalog.reserved = None, rows, make, reserved
        catalog._index()
        return catalog

    def _index(self) -> None:
        singles: dict[int, list[int]] = {}
        ranges: list[int] = []
        for position, row in enumerate(self._rows):
            if row[0] == row[1]:
                singles.setdefault(row[0], []).append(position)
            else:
                ranges.append(position)
        self._singles = singles
        self._ranges = tuple(ranges)
        self._reserved_starts = tuple(start for start, _ in self.reserved)

    @property
    def entries(self) -> tuple[PortEntry, ...]:
        if self._entries is None:
            assert self._make is not None
            self._entries = tuple(map(self._make, self._rows))
            self._rows = self._entries
        return self._entries

    def _entry(self, position: int) -> PortEntry:
        if self._entries is not None:
            return self._entries[position]
        assert self._make is not None
        return self._make(self._rows[position])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.entries == other.entries and self.reserved == other.reserved

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Catalog({len(self)} entries)"

    @classmethod
    def of(cls, entries: Iterable[PortEntry], reserved: Iterable[tuple[int, int]] = ()) -> Catalog:
        """A catalog of these entries in port order."""
        return cls(tuple(sorted(entries, key=entry_order)), tuple(reserved))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[PortEntry]:
        return iter(self.entries)

    def at(self, port: int) -> tuple[PortEntry, ...]:
        """Entries for exactly this port first, then ranges that include it."""
        rows = self._rows
        positions = [*self._singles.get(port, ()), *(i for i in self._ranges if rows[i][0] <= port <= rows[i][1])]
        return tuple(self._entry(i) for i in positions)

    def in_class(self, range_class: RangeClass) -> tuple[PortEntry, ...]:
        return tuple(e for e in self.entries if e.range_class is range_class)

    def assignment(self, port: int) -> Assignment:
        """What IANA says of a port number: assigned, reserved, unassigned or dynamic.

        Only official entries count: a port with only common unofficial uses is
        still unassigned (or dynamic) as far as the registry goes.
        """
        if any(entry.official for entry in self.at(port)):
            return Assignment.ASSIGNED
        if RangeClass.of(port) is RangeClass.DYNAMIC:
            return Assignment.DYNAMIC
        index = bisect_right(self._reserved_starts, port) - 1
        if index >= 0 and self.reserved[index][1] >= port:
            return Assignment.RESERVED
        return Assignment.UNASSIGNED

    def merged_with(self, extra: Iterable[PortEntry]) -> Catalog:
        """A new catalog with more entries (the user's own) added."""
        return Catalog.of([*self.entries, *extra], self.reserved)
