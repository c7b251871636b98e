"""The search engine: one query string in, a ranked `SearchResult` out.

Numbers, ranges and the empty query are answered from the catalog's port order
alone, so `portdeck 22` never loads the word index. Word queries load the index
from the cache folder (or build it) on first use, or on `warm()`.
"""

from __future__ import annotations

from _thread import allocate_lock

from portdeck.dataset import MAX_PORT, Catalog, Note, PortEntry, Protocol
from portdeck.typed_tuple import TYPE_CHECKING

from .flags import prominence_of
from .query import Query, parse_query
from .result import Match, Positions, SearchResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .entry_words import EntryWords
    from .notes import NoteIndex
    from .ranking import Ranked, Ranker
    from .reading import Reading

EXACT_ALIAS_SCORE = 95  # index.EXACT_ALIAS: not imported, `portdeck 22` never loads the index
COMMON = 2  # prominence
RECENT = 64  # answers kept: typing a word again, or deleting a letter, asks nothing twice
# Every query starts with one of these: `warm()` answers each ahead of the first keystroke,
# the one that matches the most entries and so costs the most to rank (2,000 for "p").
FIRST_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
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
        self._notes: NoteIndex | None = None
        self._entry_words: EntryWords | None = None  # made with the index: it needs its common words
        self._recent: dict[str, SearchResult] = {}  # by query text, oldest first
        self._remembering = allocate_lock()

    def warm(self) -> None:
        """Load the word index now, and the C typo matcher (the TUI calls this in a worker)."""
        index = self._ranker().index
        import rapidfuzz.distance  # noqa: F401 - loaded here, in the worker, not on a keystroke

        from .typos import RAPIDFUZZ

        index.typo_matcher = RAPIDFUZZ
        for character in FIRST_CHARACTERS:
            self.search(character)

    def forget_answers(self) -> None:
        """Forget the answers kept (a benchmark times searching, not remembering)."""
        self._recent.clear()

    def clear_cache(self) -> None:
        """Forget cached answers and word matches (the benchmark times every keystroke cold)."""
        self.forget_answers()
        if self._ranking is not None:
            self._ranking.index.clear_cache()

    def search(self, text: str) -> SearchResult:
        """Parse and answer a query. Never raises. Answers are kept for the last `RECENT`
        queries: an answer depends on the text alone, and callers only read it."""
        found = self._recent.get(text)
        if found is None:
            found = self._answer(text)
            with self._remembering:  # warm() answers from a worker thread
                if len(self._recent) >= RECENT:
                    del self._recent[next(iter(self._recent))]
                self._recent[text] = found
        return found

    def _answer(self, text: str) -> SearchResult:
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
                    from .entry_words import EntryWords
                    from .index_store import load_index
                    from .ranking import Ranker

                    index = load_index(self.catalog)
                    self._entry_words = EntryWords(self.catalog, index.common)
                    self._ranking = Ranker(index)
        return self._ranking

    def _words(self) -> EntryWords:
        """Each entry's own words and phrases (loads the index first, as they need it)."""
        self._ranker()
        assert self._entry_words is not None
        return self._entry_words

    def _by_words(self, query: Query) -> SearchResult:
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
        entry_words = self._words()
        phrase, words_of = entry_words.phrase, entry_words.words
        ranked = ranker.rank(reading, allowed, phrase, words_of)
        for alternative in self._compounds(reading):
            other = ranker.rank(alternative, allowed, phrase, words_of)
            if other.best > ranked.best:
                ranked, reading = other, alternative
        if not ranked.guessed or not self._qualified_first(reading, ranked):
            # Every word together finds nothing better than a description, or nothing that
            # carries the qualifier: the best reading with one known word left out answers,
            # and says which ("smtp message submission", "eclipse mosquitto").
            best: tuple[bool, bool, int] | None = None
            for alternative in self._without_one_word(reading):
                other = ranker.rank(alternative, allowed, phrase, words_of)
                if not (other.strong or (other.guessed and not ranked.positions)):
                    continue  # a guess only stands in for nothing at all
                rank = (self._qualified_first(alternative, other), other.strong, other.best)
                if best is None or rank > best:
                    best, candidate = rank, (other, alternative)
            if best is not None and (not ranked.guessed or (best[0] and best[1])):
                ranked, reading = candidate
        if reading.qualifiers and ranked.positions:
            ranked = self._member_qualified(reading, ranked, allowed)
        note = self._note_index().named(words)
        positions = ranked.positions
        matches = ranked.matches
        if note is not None and self._note_answers(note, ranked):
            first = [p for p in self._note_positions(note) if allowed is None or allowed[p]]
            matches = {**matches, **dict.fromkeys(first, NOTE_MATCH)}
            positions = [*first, *(p for p in positions if p not in set(first))]
        else:
            note = None
        found = SearchResult(
            query, Positions(self.catalog, positions), matches=matches, note=note, ignored=reading.ignored
        )
        found.content = reading.content
        return found

    def _note_answers(self, note: Note, ranked: Ranked) -> bool:
        """Whether a note the words name answers first. A technique always does; a protocol
        only when it was described and no entry people meet has that very name ("rdp" is
        Remote Desktop, not IP protocol 27), or when the entries are all guesses."""
        from .notes import is_described

        if note.kind == "technique" or not ranked.strong:
            return True
        if not is_described(note):
            return False
        first = ranked.positions[0]
        named = ranked.matches[first].score >= EXACT_ALIAS_SCORE
        return not (named and self.catalog[first].prominence >= COMMON)

    def _qualified_first(self, reading: Reading, ranked: Ranked) -> bool:
        """Whether the first match carries one of the query's qualifiers (or there are none)."""
        if not reading.qualifiers or not ranked.positions:
            return True
        first = ranked.positions[0]
        return any(not group.isdisjoint(self._words().words(first)) for group in reading.qualifiers)

    def _member_qualified(self, reading: Reading, ranked: Ranked, allowed: Sequence[bool] | None) -> Ranked:
        """When no match carries the qualifier, the member of the first match's family that
        does answers first ("imap4 over ssl": IMAP4 is 143, its family's TLS member 993)."""

        def carries(position: int) -> bool:
            words = self._words().words(position)
            return any(not group.isdisjoint(words) for group in reading.qualifiers)

        if carries(ranked.positions[0]):
            return ranked
        first = self.catalog[ranked.positions[0]]
        if not first.family:
            return ranked
        members = [
            p
            for port in first.related
            for p in self.catalog.positions_at(port)
            if self.catalog[p].family == first.family and carries(p) and (allowed is None or allowed[p])
        ]
        if not members:
            return ranked
        band = ranked.matches[ranked.positions[0]]
        matches = {**ranked.matches, **dict.fromkeys(members, band)}
        positions = [*dict.fromkeys(members), *(p for p in ranked.positions if p not in members)]
        return ranked._replace(positions=positions, matches=matches)

    def _without_one_word(self, reading: Reading) -> list[Reading]:
        """Readings with one content word left out, if it is a word the data knows (a word
        that matches nothing still empties the result: nonsense stays nonsense)."""
        index = self._ranker().index
        content = reading.content
        return [
            reading._replace(content=(*content[:at], *content[at + 1 :]), filler=(*reading.filler, word))
            for at, word in enumerate(content)
            if len(content) > 1 and index.match(word)
        ]

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

            names = self._ranking.index.note_names if self._ranking is not None else None
            self._notes = NoteIndex(self.catalog.vocabulary, names)
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
        return Positions(
            self.catalog, [p for p in self._note_positions(note) if allowed is None or allowed[p]]
        )

    def _allowed(self, query: Query) -> list[bool] | None:
        """Per entry, whether the query's protocol and tag filters keep it (None: no filter)."""
        if not query.protocols and not query.tags:
            return None
        key = (query.protocols, query.tags)
        found = self._filters.get(key)
        if found is None:
            found = self._filters[key] = self.catalog.keeps(query.protocols, query.tags)
        return found


def _has_tags(entry: PortEntry, tags: frozenset[str]) -> bool:
    return not tags or tags.issubset(entry.tags)
