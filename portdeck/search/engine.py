"""The search engine: one query string in, a ranked `SearchResult` out.

Numbers, ranges and the empty query are answered from the catalog's port order
alone, so `portdeck 22` never loads the word index. Word queries load the index
from the cache folder (or build it) on first use, or on `warm()`.
"""

from __future__ import annotations

from _thread import allocate_lock
from collections.abc import Sequence

from portdeck.dataset import MAX_PORT, Catalog, Note, PortEntry, Protocol
from portdeck.typed_tuple import TYPE_CHECKING

from .flags import prominence_of
from .query import Query, parse_query, tokens
from .result import Match, Positions, SearchResult

if TYPE_CHECKING:
    from .notes import NoteIndex
    from .ranking import Ranker
    from .reading import Reading

# A word query whose best entry scores below this has only guesses: an undescribed IP
# protocol named exactly answers before them.
STRONG_SCORE = 75
NOTE_MATCH = Match("note", 100)



class SearchEngine:
    """Searches one catalog. Cheap to build; the word index is loaded lazily."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._ranges: tuple[PortEntry, ...] | None = None
        self._ranking: Ranker | None = None
        self._building = allocate_lock()  # _thread, not threading: no import cost for the CLI
        self._filters: dict[tuple[frozenset[Protocol], frozenset[str]], list[bool]] = {}
        self._everything: dict[tuple[frozenset[Protocol], frozenset[str]], Sequence[PortEntry]] = {}
        self._phrases: dict[int, str] = {}
        self._notes: NoteIndex | None = None

    def warm(self) -> None:
        """Load the word index now, and the C typo matcher (the TUI calls this in a worker)."""
        self._ranker()
        import rapidfuzz.distance  # noqa: F401 - loaded here, typo matching uses it from now on

    def clear_cache(self) -> None:
        """Forget cached word matches (the benchmark times every keystroke cold)."""
        if self._ranking is not None:
            self._ranking.index.clear_cache()

    def search(self, text: str) -> SearchResult:
        """Parse and answer a query. Never raises."""
        query = parse_query(text)
        if query.error is not None:
            return SearchResult(query, (), error=query.error)
        if query.note_number is not None:
            note = self._note_index().by_number(*query.note_number)
            return SearchResult(query, self._note_entries(note, query), note=note)
        if query.void:
            return SearchResult(query, ())
        if query.port is not None:
            return self._by_port(query, query.port)
        if query.port_range is not None:
            return SearchResult(query, self._filter(self._in_range(*query.port_range), query))
        if not query.text:
            return SearchResult(query, self._all(query))
        return self._by_words(query)

    # -- numbers and ranges: port order only, no word index ----------------------------

    def _by_port(self, query: Query, port: int) -> SearchResult:
        """That port's entries, then (what people meet first) ports whose number starts with it."""
        catalog = self.catalog
        wanted = self._allowed(query)
        exact = [p for p in catalog.positions_at(port) if wanted is None or wanted[p]]
        starting: list[int] = []
        # Ports written with these digits first: 80 -> 800-809, 8000-8099, 80000+ (none).
        # No port number is written starting with 0 except 0 itself.
        scale = 10
        while port and port * scale <= MAX_PORT:
            span = catalog.span(port * scale, port * scale + scale - 1)
            starting.extend(p for p in range(span.start, span.stop) if wanted is None or wanted[p])
            scale *= 10
        # What people meet first; stable, so port order within. The index knows every entry's
        # prominence without building the entries (a digit typed in the TUI matches thousands).
        meta = self._ranking.index.meta if self._ranking is not None else None
        if meta is not None:
            starting.sort(key=lambda p: -prominence_of(meta[p]))
        else:
            starting.sort(key=lambda p: -catalog[p].prominence)
        entries = Positions(catalog, [*exact, *starting])
        return SearchResult(query, entries, port=port, assignment=catalog.assignment(port))

    def _in_range(self, low: int, high: int) -> Sequence[PortEntry]:
        """Entries that overlap low-high, in port order (a range entry may start before it)."""
        if self._ranges is None:
            self._ranges = self.catalog.ranges()
        before = tuple(e for e in self._ranges if e.port < low <= e.end)
        span = self.catalog.span(low, high)
        return (*before, *span) if before else span

    def _all(self, query: Query) -> Sequence[PortEntry]:
        # With no filter, the whole catalog as a lazy span: the TUI's first frame builds
        # the entries it shows, not all 6,700.
        if not query.protocols and not query.tags:
            return self.catalog.span()
        key = (query.protocols, query.tags)
        found = self._everything.get(key)
        if found is None:
            kept = self._allowed(query) or []
            found = self._everything[key] = Positions(
                self.catalog, [p for p, keep in enumerate(kept) if keep]
            )
        return found

    @staticmethod
    def _filter(entries: Sequence[PortEntry], query: Query) -> Sequence[PortEntry]:
        if not query.protocols and not query.tags:
            return entries
        return tuple(e for e in entries if e.runs_on(query.protocols) and _has_tags(e, query.tags))

    # -- words: the word index and the ranking ----------------------------------------

    def _ranker(self) -> Ranker:
        if self._ranking is None:
            # A search arriving while warm() loads in a worker waits for it, not loads twice.
            with self._building:
                if self._ranking is None:
                    # The number-only path never needs these.
                    from .index_store import load_index
                    from .ranking import Ranker

                    self._ranking = Ranker(load_index(self.catalog))
        return self._ranking

    def _by_words(self, query: Query) -> SearchResult:
        from .notes import is_described
        from .reading import read_words

        ranker = self._ranker()
        words = query.words
        reading = read_words(words, ranker.index.common)
        number = reading.content[0] if len(reading.content) == 1 and not reading.qualifiers else ""
        if number.isdigit() and len(number) <= 5 and int(number) <= MAX_PORT and reading.filler:
            # "what is port 22", "port 5432": a port question about one number.
            found = self._by_port(query._replace(port=int(number)), int(number))
            found.ignored = reading.filler
            return found
        allowed = self._allowed(query)
        ranked = ranker.rank(reading, allowed, self._has_phrase)
        for alternative in self._compounds(reading):
            other = ranker.rank(alternative, allowed, self._has_phrase)
            if other.best > ranked.best:
                ranked, reading = other, alternative
        note = self._note_index().named(words)
        positions = ranked.positions
        matches = ranked.matches
        if note is not None and (is_described(note) or ranked.best < STRONG_SCORE):
            first = [p for p in self._note_positions(note) if allowed is None or allowed[p]]
            matches = {**matches, **{p: NOTE_MATCH for p in first}}
            positions = [*first, *(p for p in positions if p not in set(first))]
        else:
            note = None
        found = SearchResult(
            query, Positions(self.catalog, positions), matches=matches, note=note, ignored=reading.ignored
        )
        found.content = reading.content
        return found

    def _compounds(self, reading: Reading) -> list[Reading]:
        """Other readings of the content words: two joined ("end point" -> "endpoint") or one
        split in two ("webui" -> "web ui"), where the index knows the result as a word."""
        index = self._ranker().index
        content = reading.content
        found = []
        for at in range(len(content) - 1):
            joined = content[at] + content[at + 1]
            if index.has_word(joined):
                found.append(reading._replace(content=(*content[:at], joined, *content[at + 2 :])))
        for at, word in enumerate(content):
            if len(word) < 6 or index.match(word):
                continue  # only a word that matches nothing as typed ("webui")
            for cut in range(3, len(word) - 2):
                head, tail = word[:cut], word[cut:]
                if index.has_word(head) and index.has_word(tail):
                    found.append(reading._replace(content=(*content[:at], head, tail, *content[at + 1 :])))
                    break
        return found

    def _note_index(self) -> NoteIndex:
        if self._notes is None:
            from .notes import NoteIndex

            self._notes = NoteIndex(self.catalog.vocabulary)
        return self._notes

    def _note_positions(self, note: Note) -> list[int]:
        """Catalog positions of the entries a note names, in its order."""
        found = []
        for service, port in note.entries:
            found += [p for p in self.catalog.positions_at(port) if self.catalog[p].service == service]
        return list(dict.fromkeys(found))

    def _note_entries(self, note: Note | None, query: Query) -> Sequence[PortEntry]:
        if note is None:
            return ()
        allowed = self._allowed(query)
        return Positions(self.catalog, [p for p in self._note_positions(note) if allowed is None or allowed[p]])

    def _allowed(self, query: Query) -> list[bool] | None:
        """Per entry, whether the query's protocol and tag filters keep it (None: no filter)."""
        if not query.protocols and not query.tags:
            return None
        key = (query.protocols, query.tags)
        found = self._filters.get(key)
        if found is None:
            found = self._filters[key] = self.catalog.keeps(query.protocols, query.tags)
        return found

    def _has_phrase(self, position: int, words: Sequence[str]) -> int:
        """Whether the words stand together, in this order, in one name, alias, title or family:
        0 no, 1 inside one, 2 as the whole of one ("time protocol" is 37's whole title)."""
        text = self._phrases.get(position)
        if text is None:
            entry = self.catalog[position]
            family = self.catalog.vocabulary.families.get(entry.family, ("", ()))[0]
            fields = (entry.service, *entry.aliases, entry.title, family)
            text = self._phrases[position] = "\n" + "\n".join(" " + " ".join(tokens(f)) + " " for f in fields) + "\n"
        phrase = " " + " ".join(words) + " "
        if phrase not in text:
            return 0
        return 2 if "\n" + phrase + "\n" in text else 1


def _has_tags(entry: PortEntry, tags: frozenset[str]) -> bool:
    return not tags or tags.issubset(entry.tags)
