"""What a search returns: the ranked entries, why each matched, per-tab views and counts."""

from __future__ import annotations

# collections.abc's own classes, from where Python keeps them loaded: importing
# collections.abc would load the collections package (~3 ms) for nothing else.
from _collections_abc import Sequence

from portdeck.dataset import Assignment, Catalog, CatalogSpan, Note, PortEntry, RangeClass
from portdeck.typed_tuple import TYPE_CHECKING, NamedTuple

from .query import Query

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

_WELL_KNOWN_LAST = RangeClass.WELL_KNOWN.bounds[1]
_REGISTERED_LAST = RangeClass.REGISTERED.bounds[1]


class Match(NamedTuple):
    """Why an entry matched: `kind` (port, name, alias, prefix, tag, fuzzy, description) and
    `score`, the strength of the weakest word, 0-100 (100: the exact port or service name)."""

    kind: str
    score: int


# Below this score a match is a guess (a typo) or rests on the description alone: shown
# as "closest matches". index.STRONG is the same band (a leaf here: `portdeck 22` asks it
# without loading the word index).
GUESS_BELOW = 75

PORT_MATCH = Match("port", 100)
TAG_MATCH = Match("tag", 100)


class Positions(Sequence[PortEntry]):
    """Catalog entries at these positions, in this order, built as they are read.

    A word query can match thousands of entries ("s"); the list shows a screenful.
    """

    __slots__ = ("catalog", "positions")

    def __init__(self, catalog: Catalog, positions: Sequence[int]) -> None:
        self.catalog, self.positions = catalog, positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index: int | slice) -> PortEntry | Positions:  # type: ignore[override]
        if isinstance(index, slice):
            return Positions(self.catalog, self.positions[index])
        return self.catalog[self.positions[index]]

    def __iter__(self) -> Iterator[PortEntry]:
        catalog = self.catalog
        return (catalog[position] for position in self.positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Positions) and other.catalog is self.catalog:
            return list(self.positions) == list(other.positions)
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def ranges(self) -> tuple[PortEntry, ...]:
        """The entries here that cover more than one port; only those are built."""
        return self.catalog.ranges_among(self.positions)

    def ports(self) -> Iterator[int]:
        """The first port of each entry, without building any."""
        port_of = self.catalog.port_of
        return (port_of(position) for position in self.positions)


class SearchResult:
    """One search's answer. The range tab is a filter applied here, so tabs and counts agree.

    A plain slotted class, not a dataclass: see `Query` for why.
    """

    __slots__ = (
        "_by_class",
        "_counts",
        "_matches",
        "assignment",
        "content",
        "entries",
        "error",
        "ignored",
        "note",
        "port",
        "query",
    )

    def __init__(
        self,
        query: Query,
        entries: Sequence[PortEntry],
        port: int | None = None,
        assignment: Assignment | None = None,
        error: str | None = None,
        matches: Mapping[int, Match] | None = None,
        note: Note | None = None,
        ignored: tuple[str, ...] = (),
    ) -> None:
        self.query = query
        self.entries = entries  # ranked, best first, every range class
        self.port = port  # the number typed, when the query is one number
        self.assignment = assignment  # what the registry says of that number
        self.error = error  # why the query cannot be a port, on one line
        self._matches = matches  # catalog position -> why it matched (word queries)
        self.note = note  # what the query names that is not a port: a technique, an IP protocol
        self.ignored = ignored  # words read as filler: they did not decide the result
        self.content = query.words  # the words that decided it (every one matched)
        self._by_class: dict[RangeClass, Sequence[PortEntry]] = {}
        self._counts: dict[RangeClass | None, int] | None = None

    def __repr__(self) -> str:
        shown = f"{len(self.entries)} entries, port={self.port}, error={self.error!r}"
        return f"SearchResult({self.query!r}, {shown})"

    def match_at(self, index: int) -> Match:
        """Why `entries[index]` matched: how (`kind`) and how strongly (`score`)."""
        return self.matches_in(self.entries[index : index + 1])[0]

    def matches_in(self, view: Sequence[PortEntry]) -> list[Match]:
        """Why each entry of `view` (the entries, a slice of them, or a tab of them) matched."""
        if self._matches is not None and isinstance(view, Positions):
            return [self._matches[position] for position in view.positions]
        if self.query.tags and not self.query.words and self.query.port is None:
            return [TAG_MATCH] * len(view)  # `tag:ics`: every entry with the tag, by port
        return [PORT_MATCH] * len(view)  # a number, a range or everything: by port, nothing guessed

    def in_class(self, range_class: RangeClass | None) -> Sequence[PortEntry]:
        """The entries in one range class (None: all of them), in ranked order."""
        if range_class is None:
            return self.entries
        found = self._by_class.get(range_class)
        if found is None:
            first, last = range_class.bounds
            # A range entry belongs to the class of its first port, as PortEntry.range_class says.
            entries = self.entries
            if isinstance(entries, CatalogSpan):  # in port order: the class is a sub-span
                found = entries.within(first, last)
            elif isinstance(entries, Positions):
                port_of = entries.catalog.port_of
                found = Positions(
                    entries.catalog, [p for p in entries.positions if first <= port_of(p) <= last]
                )
            else:
                found = tuple(e for e in entries if first <= e.port <= last)
            self._by_class[range_class] = found
        return found

    @property
    def counts(self) -> dict[RangeClass | None, int]:
        """How many entries each tab shows; None is the All tab. Counted on first use."""
        if self._counts is None:
            well_known = registered = 0
            entries = self.entries
            if isinstance(entries, CatalogSpan):
                well_known = len(self.in_class(RangeClass.WELL_KNOWN))
                registered = len(self.in_class(RangeClass.REGISTERED))
            else:
                ports = entries.ports() if isinstance(entries, Positions) else (e.port for e in entries)
                for port in ports:
                    if port <= _WELL_KNOWN_LAST:
                        well_known += 1
                    elif port <= _REGISTERED_LAST:
                        registered += 1
            self._counts = {
                None: len(entries),
                RangeClass.WELL_KNOWN: well_known,
                RangeClass.REGISTERED: registered,
                RangeClass.DYNAMIC: len(entries) - well_known - registered,
            }
        return self._counts
