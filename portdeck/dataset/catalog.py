"""The loaded dataset, indexed for the lookups every layer needs."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from enum import Enum

from .model import PortEntry, RangeClass, Source


class Assignment(str, Enum):
    """What the registry says of a port number that may have no entry."""

    ASSIGNED = "assigned"
    RESERVED = "reserved"
    UNASSIGNED = "unassigned"
    DYNAMIC = "dynamic"  # 49152-65535: never assigned, free for private and ephemeral use


_SOURCE_ORDER = {Source.IANA: 0, Source.UNOFFICIAL: 1, Source.LOCAL: 2}


def entry_order(entry: PortEntry) -> tuple[int, int, int, str]:
    """Port order; on one port official before unofficial before local."""
    return (entry.port, entry.end, _SOURCE_ORDER[entry.source], entry.service)


class Catalog:
    """Every entry, sorted by port, with the registry's reserved ranges.

    A plain slotted class, not a dataclass: importing `dataclasses` alone costs a
    one-shot CLI lookup ~14 ms of its ~30 ms budget.
    """

    __slots__ = ("entries", "reserved", "_singles", "_ranges", "_reserved_starts")

    def __init__(self, entries: tuple[PortEntry, ...], reserved: tuple[tuple[int, int], ...] = ()) -> None:
        self.entries = entries
        self.reserved = reserved
        singles: dict[int, list[PortEntry]] = {}
        for entry in entries:
            if entry.port == entry.end:
                singles.setdefault(entry.port, []).append(entry)
        self._singles = {port: tuple(group) for port, group in singles.items()}
        self._ranges = tuple(e for e in entries if e.port != e.end)
        self._reserved_starts = tuple(start for start, _ in reserved)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.entries == other.entries and self.reserved == other.reserved

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Catalog({len(self.entries)} entries)"

    @classmethod
    def of(cls, entries: Iterable[PortEntry], reserved: Iterable[tuple[int, int]] = ()) -> Catalog:
        """A catalog of these entries in port order."""
        return cls(tuple(sorted(entries, key=entry_order)), tuple(reserved))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[PortEntry]:
        return iter(self.entries)

    def at(self, port: int) -> tuple[PortEntry, ...]:
        """Entries for exactly this port first, then ranges that include it."""
        exact = self._singles.get(port, ())
        ranges = tuple(e for e in self._ranges if e.covers(port))
        return exact + ranges

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
