"""The search engine: one query string in, a ranked `SearchResult` out.

Numbers, ranges and the empty query are answered from the catalog's port order
alone, so `portdeck 22` never imports rapidfuzz or builds the word index. Word
queries build the index on first use (or on `warm()`).
"""

from __future__ import annotations

from _thread import allocate_lock
from collections.abc import Sequence

from portdeck.dataset import MAX_PORT, Catalog, PortEntry, Protocol
from portdeck.typed_tuple import TYPE_CHECKING

from .prominence import prominence
from .query import Query, parse_query
from .result import SearchResult

if TYPE_CHECKING:
    from .ranking import Ranker


class SearchEngine:
    """Searches one catalog. Cheap to build; the word index is built lazily."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._ranges: tuple[PortEntry, ...] | None = None
        self._ranking: Ranker | None = None
        self._building = allocate_lock()  # _thread, not threading: no import cost for the CLI
        self._protocol_filters: dict[frozenset[Protocol], list[bool]] = {}
        self._everything: dict[frozenset[Protocol], Sequence[PortEntry]] = {}

    @property
    def _entries(self) -> tuple[PortEntry, ...]:
        # Not read in __init__: a catalog from the cache builds its records on first use.
        return self.catalog.entries

    def warm(self) -> None:
        """Build the word index now (the TUI calls this in a worker at start-up)."""
        self._ranker()

    def clear_cache(self) -> None:
        """Forget cached word matches (the benchmark times every keystroke cold)."""
        if self._ranking is not None:
            self._ranking.index.clear_cache()

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
        """That port's entries, then (prominent first) ports whose number starts with it."""
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
        starting.sort(key=lambda e: -prominence(e))  # stable: port order within each group
        entries = self._filter((*exact, *starting), query)
        return SearchResult(query, entries, port=port, assignment=self.catalog.assignment(port))

    def _in_range(self, low: int, high: int) -> Sequence[PortEntry]:
        """Entries that overlap low-high, in port order (a range entry may start before it)."""
        if self._ranges is None:
            self._ranges = self.catalog.ranges()
        before = tuple(e for e in self._ranges if e.port < low <= e.end)
        span = self._in_span(low, high)
        return (*before, *span) if before else span

    def _in_span(self, low: int, high: int) -> Sequence[PortEntry]:
        """Entries whose first port is in low-high, in port order, built as they are read."""
        return self.catalog.span(low, high)

    def _all(self, protocols: frozenset[Protocol]) -> Sequence[PortEntry]:
        # With no protocol filter, the whole catalog as a lazy span: the TUI's first
        # frame builds the entries it shows, not all 6,500.
        found = self._everything.get(protocols)
        if found is None:
            found = self._everything[protocols] = self._filter(self.catalog.span(), Query(protocols=protocols))
        return found

    @staticmethod
    def _filter(entries: Sequence[PortEntry], query: Query) -> Sequence[PortEntry]:
        if not query.protocols:
            return entries
        wanted = query.protocols
        return tuple(e for e in entries if not wanted.isdisjoint(e.protocols))

    # Words: the lazily built index and the ranking.

    def _ranker(self) -> Ranker:
        if self._ranking is None:
            # A search arriving while warm() builds in a worker waits for it, not builds twice.
            with self._building:
                if self._ranking is None:
                    # Imported here: the number-only path (the CLI's `portdeck 22`) never needs them.
                    from .index import WordIndex
                    from .ranking import Ranker

                    self._ranking = Ranker(WordIndex(self._entries), self._entries)
        return self._ranking

    def _by_words(self, query: Query) -> tuple[PortEntry, ...]:
        ranked = self._ranker().rank(query.words, self._allowed(query.protocols))
        entries = self._entries
        return tuple(entries[at] for at in ranked)

    def _allowed(self, protocols: frozenset[Protocol]) -> list[bool] | None:
        """Per entry, whether it runs on one of these protocols (None: no filter)."""
        if not protocols:
            return None
        found = self._protocol_filters.get(protocols)
        if found is None:
            found = self._protocol_filters[protocols] = [
                not protocols.isdisjoint(e.protocols) for e in self._entries
            ]
        return found
