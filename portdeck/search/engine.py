"""The search engine: one query string in, a ranked `SearchResult` out.

Numbers, ranges and the empty query are answered from the catalog's port order
alone, so `portdeck 22` never imports rapidfuzz or builds the word index. Word
queries build the index on first use (or on `warm()`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from portdeck.dataset import MAX_PORT, Catalog, PortEntry, Protocol

from .index import WordIndex
from .query import Query, parse_query
from .ranking import rank
from .result import SearchResult


class SearchEngine:
    """Searches one catalog. Cheap to build; the word index is built lazily."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries = catalog.entries
        self._ports: list[int] | None = None
        self._ranges: tuple[PortEntry, ...] | None = None
        self._index: WordIndex | None = None
        self._order: list[int] = []
        self._curated: list[bool] = []
        self._protocol_masks: list[int] | None = None
        self._everything: dict[frozenset[Protocol], tuple[PortEntry, ...]] = {}

    def warm(self) -> None:
        """Build the word index now (the TUI calls this in a worker at start-up)."""
        self._word_index()

    def search(self, text: str) -> SearchResult:
        """Parse and answer a query. Never raises, whatever the text."""
        query = parse_query(text)
        if query.error is not None:
            return SearchResult(query, (), error=query.error)
        if query.port is not None:
            return self._by_port(query, query.port)
        if query.port_range is not None:
            return SearchResult(query, self._filter(self._in_range(*query.port_range), query))
        if not query.text:
            return SearchResult(query, self._all(query.protocols))
        return SearchResult(query, self._by_words(query))

    # Numbers and ranges: port order only, no word index.

    def _by_port(self, query: Query, port: int) -> SearchResult:
        """That port's entries, then (curated first) ports whose number starts with it."""
        exact = self.catalog.at(port)
        seen = set(exact)
        starting: list[PortEntry] = []
        # Ports written with these digits first: 80 -> 800-809, 8000-8099, 80000+ (none).
        # No port number is written starting with 0 except 0 itself.
        scale = 10
        while port and port * scale <= MAX_PORT:
            low = port * scale
            starting.extend(e for e in self._in_span(low, low + scale - 1) if e not in seen)
            scale *= 10
        starting.sort(key=lambda e: not e.curated)  # stable: port order within each group
        entries = self._filter((*exact, *starting), query)
        return SearchResult(query, entries, port=port, assignment=self.catalog.assignment(port))

    def _in_range(self, low: int, high: int) -> tuple[PortEntry, ...]:
        """Entries that overlap low-high, in port order (a range entry may start before it)."""
        if self._ranges is None:
            self._ranges = tuple(e for e in self._entries if e.is_range)
        before = tuple(e for e in self._ranges if e.port < low <= e.end)
        return before + self._in_span(low, high)

    def _in_span(self, low: int, high: int) -> tuple[PortEntry, ...]:
        """Entries whose first port is in low-high, in port order."""
        if self._ports is None:
            self._ports = [e.port for e in self._entries]
        return self._entries[bisect_left(self._ports, low) : bisect_right(self._ports, high)]

    def _all(self, protocols: frozenset[Protocol]) -> tuple[PortEntry, ...]:
        found = self._everything.get(protocols)
        if found is None:
            found = self._everything[protocols] = self._filter(self._entries, Query(protocols=protocols))
        return found

    @staticmethod
    def _filter(entries: tuple[PortEntry, ...], query: Query) -> tuple[PortEntry, ...]:
        if not query.protocols:
            return entries
        wanted = query.protocols
        return tuple(e for e in entries if not wanted.isdisjoint(e.protocols))

    # Words: the lazily built index and the ranking.

    def _word_index(self) -> WordIndex:
        if self._index is None:
            entries = self._entries
            # Tie-break order: curated, then official, then port (entries are in port order).
            by_order = sorted(range(len(entries)), key=lambda i: (not entries[i].curated, not entries[i].official, i))
            order = [0] * len(entries)
            for place, at in enumerate(by_order):
                order[at] = place
            self._order = order
            self._curated = [e.curated for e in entries]
            self._protocol_masks = [_mask(e.protocols) for e in entries]
            self._index = WordIndex(entries)
        return self._index

    def _by_words(self, query: Query) -> tuple[PortEntry, ...]:
        index = self._word_index()
        keep: Callable[[int], bool] | None = None
        if query.protocols:
            wanted, masks = _mask(query.protocols), self._protocol_masks
            assert masks is not None
            keep = lambda at: bool(masks[at] & wanted)  # noqa: E731
        ranked = rank(index, query.words, self._order, self._curated, keep)
        entries = self._entries
        return tuple(entries[at] for at in ranked)


_BITS = {protocol: 1 << bit for bit, protocol in enumerate(Protocol)}


def _mask(protocols: frozenset[Protocol] | tuple[Protocol, ...]) -> int:
    mask = 0
    for protocol in protocols:
        mask |= _BITS[protocol]
    return mask
