"""The loaded dataset, indexed for the lookups every layer needs."""

from __future__ import annotations

# collections.abc's own classes, from where Python keeps them loaded: importing
# collections.abc would load the collections package (~3 ms) for nothing else.
from _collections_abc import Sequence
from bisect import bisect_left, bisect_right

from ..str_enum import Enum
from ..typed_tuple import TYPE_CHECKING
from .entry_order import BROAD_RANGE, answer_order, entry_order
from .facets import Facets
from .model import MAX_PORT, PortEntry, Protocol, RangeClass, Vocabulary

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Protocol as Interface


class Assignment(str, Enum):
    """What the registry says of a port number that may have no entry."""

    ASSIGNED = "assigned"
    RESERVED = "reserved"
    UNASSIGNED = "unassigned"
    DYNAMIC = "dynamic"  # 49152-65535: never assigned, free for private and ephemeral use


if TYPE_CHECKING:

    class EntryStore(Interface):
        """Builds the catalog's entries by position, for a catalog that builds them on demand."""

        def entry(self, position: int) -> PortEntry: ...

        def all_entries(self) -> list[PortEntry]: ...

        def facets(self) -> Facets | None:
            """The entries' facets when known without building them (None: build them)."""


class Catalog:
    """Every entry, sorted by port, with the registry's reserved ranges.

    Entries are built on demand. The catalog keeps each entry's first and last
    port, which is all its lookups need; `catalog[i]` builds one entry and
    `entries` builds them all. So `portdeck 22` builds the entries of port 22
    and nothing else, and the TUI's first frame only those on screen.

    A plain slotted class, not a dataclass: a lookup must not import `dataclasses`
    (tests/test_start_up.py says what it costs and enforces it).
    """

    __slots__ = (
        "_all",
        "_built",
        "_ends",
        "_facets",
        "_ranges",
        "_reserved_starts",
        "_starts",
        "_store",
        "key",
        "reserved",
        "vocabulary",
    )

    def __init__(
        self,
        entries: Sequence[PortEntry],
        reserved: tuple[tuple[int, int], ...] = (),
        vocabulary: Vocabulary = Vocabulary(),
    ) -> None:
        """A catalog of entries already in `entry_order`; see `Catalog.of` for any order."""
        built = tuple(entries)
        self._setup(tuple(e.port for e in built), tuple(e.end for e in built), reserved, vocabulary)
        self._built: list[PortEntry | None] = list(built)
        self._all: tuple[PortEntry, ...] | None = built
        self._store: EntryStore | None = None
        self._facets: Facets | None = None

    @classmethod
    def of(
        cls,
        entries: Iterable[PortEntry],
        reserved: Iterable[tuple[int, int]] = (),
        vocabulary: Vocabulary = Vocabulary(),
    ) -> Catalog:
        """A catalog of these entries in port order."""
        return cls(sorted(entries, key=entry_order), tuple(reserved), vocabulary)

    @classmethod
    def on_demand(
        cls,
        starts: tuple[int, ...],
        ends: tuple[int, ...],
        store: EntryStore,
        reserved: tuple[tuple[int, int], ...],
        vocabulary: Vocabulary = Vocabulary(),
        ranges: tuple[int, ...] | None = None,
    ) -> Catalog:
        """A catalog whose entry i, spanning starts[i]-ends[i] in `entry_order`, `store` builds;
        `ranges`, the positions of its range entries, when a cache kept them."""
        catalog = cls.__new__(cls)
        catalog._setup(starts, ends, reserved, vocabulary, ranges)
        catalog._built = [None] * len(starts)
        catalog._all = None
        catalog._store = store
        catalog._facets = None
        return catalog

    def _setup(
        self,
        starts: tuple[int, ...],
        ends: tuple[int, ...],
        reserved: tuple[tuple[int, int], ...],
        vocabulary: Vocabulary,
        ranges: tuple[int, ...] | None = None,
    ) -> None:
        self._starts, self._ends, self.reserved, self.vocabulary = starts, ends, reserved, vocabulary
        # A checksum of the files it came from, when it came from files: what caches of things
        # derived from the catalog (the search index) are keyed on.
        self.key: str | None = None
        # Positions of the range entries: every port lookup scans them (a loop over 7,000
        # entries costs a lookup ~1 ms, so the dataset cache keeps them).
        if ranges is None:
            ranges = tuple(i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start != end)
        self._ranges = ranges
        self._reserved_starts = tuple(start for start, _ in reserved)

    # The sequence of entries, in port order.

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, position: int) -> PortEntry:
        entry = self._built[position]
        if entry is None:
            if position < 0:
                position += len(self._starts)
            assert self._store is not None
            entry = self._built[position] = self._store.entry(position)
        return entry

    def __iter__(self) -> Iterator[PortEntry]:
        return iter(self.entries)

    @property
    def entries(self) -> tuple[PortEntry, ...]:
        """Every entry (built now if the catalog came from the cache)."""
        if self._all is None:
            assert self._store is not None
            # Keep the entries already handed out, so each position has one object.
            fresh = self._store.all_entries()
            self._all = tuple(old or new for old, new in zip(self._built, fresh, strict=True))
            self._built = list(self._all)
        return self._all

    @property
    def facets(self) -> Facets:
        """What the protocol and tag filters need of every entry (`facets.Facets`)."""
        if self._facets is None:
            known = self._store.facets() if self._store is not None else None
            self._facets = known if known is not None else Facets.of(self.entries)
        return self._facets

    def keeps(self, protocols: frozenset[Protocol], tags: frozenset[str]) -> list[bool]:
        """Per position, whether the entry runs on one of `protocols` and has every tag in `tags`."""
        return self.facets.keeps(protocols, tags)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return (
            self.entries == other.entries
            and self.reserved == other.reserved
            and self.vocabulary == other.vocabulary
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Catalog({len(self)} entries)"

    # Lookups by port number.

    def at(self, port: int) -> tuple[PortEntry, ...]:
        """The entries that explain this port, what people meet there today first.

        Entries people described for it (and the user's own) come first, by prominence,
        the entry for exactly this port before ranges that include it, official before
        unofficial. A broad range (`BROAD_RANGE`) follows them, and is left out when one
        of them is at least as prominent; the registry's bare rows come last.
        """
        return tuple(self[i] for i in self.positions_at(port))

    def at_on(self, port: int, protocols: Iterable[Protocol]) -> tuple[PortEntry, ...]:
        """The entries of `at(port)` that run on one of `protocols` (none given: all of them).

        What a socket, a check or `portdeck udp 53` wants of a port: see `PortEntry.runs_on`
        for an entry that names no protocol."""
        wanted = frozenset(protocols)
        return tuple(entry for entry in self.at(port) if entry.runs_on(wanted))

    def positions_at(self, port: int) -> list[int]:
        """The positions of `at(port)`'s entries, in its order."""
        starts, ends = self._starts, self._ends
        first, last = bisect_left(starts, port), bisect_right(starts, port)
        found = [i for i in range(first, last) if ends[i] == port]
        broad: list[int] = []
        for i in self._ranges:
            if starts[i] <= port <= ends[i]:
                (broad if ends[i] - starts[i] >= BROAD_RANGE else found).append(i)
        if broad:
            described = max((self[i].prominence for i in found if self[i].curated), default=-1)
            broad = [i for i in broad if self[i].prominence > described]
            found += broad
        # Stable: catalog order (official first) among equals.
        found.sort(key=lambda i: answer_order(self[i], i in broad))
        return found

    def span(self, low: int = 0, high: int = MAX_PORT) -> CatalogSpan:
        """The entries whose first port is in low-high, in port order, built as they are read."""
        return CatalogSpan(self, bisect_left(self._starts, low), bisect_right(self._starts, high))

    def ranges(self) -> tuple[PortEntry, ...]:
        """The entries that span more than one port."""
        return tuple(self[i] for i in self._ranges)

    def ranges_among(self, positions: Iterable[int]) -> tuple[PortEntry, ...]:
        """The entries at `positions` that cover more than one port; only those are built."""
        starts, ends = self._starts, self._ends
        return tuple(self[p] for p in positions if starts[p] != ends[p])

    def port_of(self, position: int) -> int:
        """The first port of entry `position`, without building the entry."""
        return self._starts[position]

    def in_class(self, range_class: RangeClass) -> CatalogSpan:
        return self.span(*range_class.bounds)

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

    def merged_with(self, extra: Catalog | Iterable[PortEntry], key: str | None = None) -> Catalog:
        """A new catalog with more entries (the user's own) added, still built on demand.

        `key` identifies the added entries (a checksum of their file) for the merged key.
        Slices and bisection over the two catalogs' port spans, building no entry: a
        lookup with a personal file pays for the entries it shows, not for all of them.
        """
        added = extra if isinstance(extra, Catalog) else Catalog.of(extra)
        if not len(added):
            return self
        starts, ends = self._starts, self._ends
        # Entries in a file are never UNKNOWN, so on the same span an added (local) entry
        # sorts after every built-in one: it goes after the last base entry not above its span.
        spans = list(zip(starts, ends, strict=True))
        cuts: list[int] = []
        cut = 0
        for span in zip(added._starts, added._ends, strict=True):
            cut = bisect_right(spans, span, cut)  # both in port order: search on from the last
            cuts.append(cut)
        merged_starts: list[int] = []
        merged_ends: list[int] = []
        done = 0
        for count, cut in enumerate(cuts):
            merged_starts += starts[done:cut]
            merged_ends += ends[done:cut]
            merged_starts.append(added._starts[count])
            merged_ends.append(added._ends[count])
            done = cut
        merged_starts += starts[done:]
        merged_ends += ends[done:]
        merged = Catalog.on_demand(
            tuple(merged_starts),
            tuple(merged_ends),
            _MergedStore(self, added, cuts),
            self.reserved,
            self.vocabulary,
        )
        merged.key = f"{self.key}+{key}" if self.key and key else None
        return merged


class _MergedStore:
    """Entries of a merged catalog: the base catalog's, with the added catalog's inserted.

    Added entry i goes before base entry `cuts[i]`, so it sits at position `cuts[i] + i`.
    """

    __slots__ = ("_added", "_at", "_base", "_cuts")

    def __init__(self, base: Catalog, added: Catalog, cuts: list[int]) -> None:
        self._base, self._added, self._cuts = base, added, cuts
        self._at = [cut + count for count, cut in enumerate(cuts)]  # positions of the added entries

    def entry(self, position: int) -> PortEntry:
        before = bisect_left(self._at, position)  # added entries before this position
        if before < len(self._at) and self._at[before] == position:
            return self._added[before]
        return self._base[position - before]

    def all_entries(self) -> list[PortEntry]:
        return [self.entry(position) for position in range(len(self._base) + len(self._added))]

    def facets(self) -> Facets:
        """Both catalogs' facets (each from its cache), interleaved in the merged order."""
        base, added, cuts = self._base.facets, self._added.facets, self._cuts
        masks = bytearray()
        done = 0
        for count, cut in enumerate(cuts):
            masks += base.protocols[done:cut]
            masks.append(added.protocols[count])
            done = cut
        masks += base.protocols[done:]
        tags: dict[str, list[int]] = {
            tag: [index + bisect_right(cuts, index) for index in found] for tag, found in base.tags.items()
        }
        for tag, found in added.tags.items():
            tags.setdefault(tag, []).extend(self._at[index] for index in found)
        return Facets(bytes(masks), {tag: tuple(sorted(found)) for tag, found in tags.items()})


class CatalogSpan(Sequence[PortEntry]):
    """Catalog entries at positions start-stop: a port-ordered view that builds entries as read."""

    __slots__ = ("catalog", "start", "stop")

    def __init__(self, catalog: Catalog, start: int, stop: int) -> None:
        self.catalog, self.start, self.stop = catalog, start, max(start, stop)

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, index: int | slice) -> PortEntry | CatalogSpan:  # type: ignore[override]
        if isinstance(index, slice):
            first, last, step = index.indices(len(self))
            if step != 1:
                return tuple(self)[index]  # type: ignore[return-value]
            return CatalogSpan(self.catalog, self.start + first, self.start + last)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("catalog span index out of range")
        return self.catalog[self.start + index]

    def __iter__(self) -> Iterator[PortEntry]:
        catalog = self.catalog
        return (catalog[i] for i in range(self.start, self.stop))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CatalogSpan) and other.catalog is self.catalog:
            return (self.start, self.stop) == (other.start, other.stop) or len(self) == len(other) == 0
        if isinstance(other, (CatalogSpan, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CatalogSpan({self.start}-{self.stop} of {self.catalog!r})"

    def ranges(self) -> tuple[PortEntry, ...]:
        """The entries of this span that cover more than one port."""
        catalog = self.catalog
        return tuple(catalog[i] for i in catalog._ranges if self.start <= i < self.stop)

    def within(self, low: int, high: int) -> CatalogSpan:
        """The part of this span whose entries' first port is in low-high."""
        starts = self.catalog._starts
        first = bisect_left(starts, low, self.start, self.stop)
        return CatalogSpan(self.catalog, first, bisect_right(starts, high, first, self.stop))
