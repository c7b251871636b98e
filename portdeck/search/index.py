"""The word index: which entries a query word matches, where, and how well.

Built once per catalog from every entry's names, aliases, title, family, tags and
description (a Python loop over thousands of entries, ~60 ms), then kept in the
cache folder beside the dataset (`index_store`), so a one-shot word query loads it
instead of building it. It is split by the first letter of each word: a word is
looked up, prefix-matched and typo-matched only among words with its first letter,
so a query reads one slice of the index.
"""

from __future__ import annotations

import marshal
import sys
from bisect import bisect_left

from portdeck.dataset import PortEntry, Vocabulary

from ..typed_tuple import TYPE_CHECKING
from .flags import entry_flags, is_threat, prominence_of
from .query import tokens
from .reading import COMMON_SHARE
from .result import GUESS_BELOW
from .typos import PYTHON, typos

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

# Where a word was found in an entry; the lower, the stronger (see `BAND`).
NAME, ALIAS, PORT_NUMBER, NAME_WORD, PROCESS, TAG, DESCRIPTION = range(7)
# How strongly a word matches an entry, by where it was found, and how: an exact word,
# the start of a word (prefix), or a typo of one. Prominence is added on top (ranking).
EXACT_NAME = 100  # the whole service name: "ssh"
EXACT_ALIAS = 95  # a whole alias: "rdp"
PORT_WORD = 90  # a number among words, equal to the port: "http 8080"
WORD = 85  # a whole word of the name, an alias, the title or the family: "sql" in "Microsoft SQL Server"
PROCESS_NAME = 83  # the executable that serves it: "sshd", "mysqld"
TAG_WORD = 80  # a tag, or a word for it: "database", "scada" (-> ics)
PREFIX_NAME = 77  # the start of the name or an alias, as typed: "postg", "elasticse"
PREFIX = 75  # the start of a word of the title, family or name
TYPO_NAME = 62  # a typo of a word of the name: "postgress"
TYPO_ALIAS = 60  # a typo of a word of an alias
TYPO_WORD = 57  # a typo of a word of the title or family
TYPO_TAG = 55  # a typo of a tag
DESCRIPTION_WORD = 35  # a whole word of the description only
DESCRIPTION_PREFIX = 30
STRONG = PREFIX  # from here down, a match is a guess or only in the description
assert STRONG == GUESS_BELOW  # the same line, for those that do not load the index

# Names run together shorter than this are too short to tell a misspelling from another name.
MISSPELT_NAME_MIN = 8
# A word is taken as still being typed only this many letters short of a known word.
STILL_TYPING = 3
# Shorter prefixes than this would match a word of nearly every description.
DESCRIPTION_PREFIX_MIN = 3
_CACHE_SIZE = 512

# Per entry and word: (band, field); the index stores field codes, bands are derived.
WordMatches = dict[int, int]
# A slice as the cache holds it: marshal'd (its words, and its offsets and codes as native
# uint32 arrays), decoded when a query word first needs it.
StoredSlice = bytes
# The cache holds native-order arrays: a cache folder shared with a machine of the other byte
# order (it is keyed on the dataset, not the machine) must rebuild, not misread.
BYTE_ORDER = sys.byteorder


def kind_of(band: int) -> str:
    """The name `--json` gives a band: how the entry matched the words."""
    if band == PROCESS_NAME:
        return "process"
    if band >= EXACT_NAME:
        return "name"
    if band >= EXACT_ALIAS:
        return "alias"
    if band >= PORT_WORD:
        return "port"
    if band >= WORD or band in (PREFIX, PREFIX_NAME):
        return "prefix"
    if band >= TAG_WORD:
        return "tag"
    if band >= TYPO_TAG:
        return "fuzzy"
    return "description"


class IndexSlice:
    """The words of the index that start with one letter, sorted, with the entries holding each.

    Stored as three flat arrays rather than a dict of tuples: a query decodes one slice per
    word, and this layout decodes ~6x faster (no int object per posting until it is read).
    """

    __slots__ = ("_codes", "_offsets", "words")

    def __init__(self, words: tuple[str, ...], offsets: memoryview, codes: memoryview) -> None:
        self.words = words  # sorted
        self._offsets = offsets  # word i's codes are codes[offsets[i]:offsets[i + 1]]
        self._codes = codes  # position << 3 | field

    @classmethod
    def of(cls, postings: dict[str, tuple[int, ...]]) -> IndexSlice:
        from array import array  # only a cache miss builds an index

        words = tuple(sorted(postings))
        offsets, codes = array("I", [0]), array("I")
        for word in words:
            codes.extend(postings[word])
            offsets.append(len(codes))
        return cls(words, memoryview(offsets), memoryview(codes))

    @classmethod
    def from_bytes(cls, stored: StoredSlice) -> IndexSlice:
        words, offsets, codes = marshal.loads(stored)
        return cls(words, memoryview(offsets).cast("I"), memoryview(codes).cast("I"))

    def to_bytes(self) -> StoredSlice:
        return marshal.dumps((self.words, self._offsets.tobytes(), self._codes.tobytes()))

    def codes(self, word: str) -> Sequence[int]:
        """The field codes of `word` (empty when it is not a word of this slice)."""
        words = self.words
        at = bisect_left(words, word)
        if at == len(words) or words[at] != word:
            return ()
        return self._codes[self._offsets[at] : self._offsets[at + 1]]

    def with_prefix(self, word: str) -> Iterable[str]:
        """Words that start with `word` (`word` itself included)."""
        words = self.words
        at = bisect_left(words, word)
        while at < len(words) and words[at].startswith(word):
            yield words[at]
            at += 1


class WordIndex:
    """Every entry's words, by first letter; and, per entry, its prominence and whether it is official."""

    def __init__(
        self,
        slices: dict[str, StoredSlice | IndexSlice],
        meta: bytes,
        common: frozenset[str] = frozenset(),
        note_names: dict[str, int] | None = None,
    ) -> None:
        self._slices = slices
        self.meta = meta  # per position: `entry_flags`
        self.common = common  # words in so many titles that they name nothing (reading.py)
        self.typo_matcher = PYTHON  # RAPIDFUZZ once the engine has loaded it (typos.py)
        self.note_names = note_names  # the notes' names run together -> position (notes.py)
        self._cache: dict[str, WordMatches] = {}

    # -- building -------------------------------------------------------------------

    @classmethod
    def build(cls, entries: Sequence[PortEntry], vocabulary: Vocabulary = Vocabulary()) -> WordIndex:
        postings: dict[str, dict[int, int]] = {}  # word -> position -> best field

        def add(word: str, position: int, field: int) -> None:
            found = postings.setdefault(word, {})
            if found.get(position, DESCRIPTION + 1) > field:
                found[position] = field

        tag_words = {
            tag: [*tokens(tag), *(w for word in words for w in tokens(word))]
            for tag, (_meaning, words) in vocabulary.tags.items()
        }
        family_words = {
            family: tokens(" ".join((name, *aliases)))
            for family, (name, aliases) in vocabulary.families.items()
        }
        meta = bytearray(len(entries))
        title_words: dict[str, int] = {}
        for position, entry in enumerate(entries):
            meta[position] = entry_flags(entry)
            for word in {*tokens(entry.title), *tokens(entry.service)}:
                title_words[word] = title_words.get(word, 0) + 1
            names = [
                (NAME, entry.service),
                *((ALIAS, alias) for alias in entry.aliases),
                (NAME_WORD, entry.title),
            ]
            for field, text in names:
                words = tokens(text)
                for word in words:
                    add(word, position, NAME_WORD)
                if words and field != NAME_WORD:
                    add("".join(words), position, field)  # "ms-sql-s", "ms sql s" and "mssqls" are one name
                elif len(words) > 1:
                    add("".join(words), position, NAME_WORD)  # "remotedesktop" finds its title
            add(str(entry.port), position, PORT_NUMBER)
            for word in family_words.get(entry.family, ()):
                add(word, position, NAME_WORD)
            for tag in entry.tags:
                for word in tag_words.get(tag) or tokens(tag):
                    add(word, position, TAG)
            for word in tokens(entry.description):
                add(word, position, DESCRIPTION)
            for process in entry.processes:
                add("".join(tokens(process)), position, PROCESS)
        slices: dict[str, StoredSlice | IndexSlice] = {}
        by_letter: dict[str, dict[str, tuple[int, ...]]] = {}
        for word, fields in postings.items():
            by_letter.setdefault(word[0], {})[word] = tuple(p << 3 | f for p, f in fields.items())
        for letter, letter_postings in by_letter.items():
            slices[letter] = IndexSlice.of(letter_postings)
        threshold = max(2, COMMON_SHARE * len(entries))
        common = frozenset(w for w, count in title_words.items() if count >= threshold and not w.isdigit())
        from .notes import note_names

        return cls(slices, bytes(meta), common, note_names(vocabulary))

    def to_bytes(self) -> tuple[dict[str, StoredSlice], bytes, tuple[str, ...], dict[str, int]]:
        """The index as `index_store` caches it: the slices, the metadata, the common words and
        the notes' names."""
        slices = {}
        for letter, found in self._slices.items():
            slices[letter] = found.to_bytes() if isinstance(found, IndexSlice) else found
        return slices, self.meta, tuple(sorted(self.common)), dict(self.note_names or {})

    # -- matching -------------------------------------------------------------------

    def _slice(self, letter: str) -> IndexSlice | None:
        found = self._slices.get(letter)
        if isinstance(found, bytes):
            found = self._slices[letter] = IndexSlice.from_bytes(found)
        return found

    def clear_cache(self) -> None:
        self._cache.clear()

    def match(self, word: str) -> WordMatches:
        """Entry position -> band (how strongly `word` matches it), for every entry it matches."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                # Start over rather than evict one by one: plain dict get/set/clear stay safe
                # when a cancelled search worker and a new one overlap.
                self._cache.clear()
            found = self._cache[word] = self._match(word)
        return found

    def _match(self, word: str) -> WordMatches:
        bands: WordMatches = {}
        letters = self._slice(word[0]) if word else None
        if letters is None:
            return bands
        codes = letters.codes
        exact = codes(word)
        _raise(bands, exact, _exact_band)
        prefixed = [w for w in letters.with_prefix(word) if w != word]
        for longer in prefixed:
            _raise(bands, codes(longer), _prefix_band(len(word)))
        meta = self.meta
        if not any(band >= PREFIX and prominence_of(meta[position]) for position, band in bands.items()):
            # The word, as typed, names (or starts a word of) nothing but obscure registry rows,
            # if anything: it may be a typo of what people meet ("vcn": VNC before vcnet-link-v10;
            # "dsn": DNS after IANA's d-s-n). A typo of an everyday name then ranks with them.
            found = typos(word, letters.words, self.typo_matcher)
            for known, _edits in found:
                _raise(bands, self._believable(codes(known)), _typo_band)
            # Nothing yet: perhaps a typo in a word still being typed ("kuberb"), but only well
            # short of a known word: "kuberb" on the way to "kubernetes", not "kestra" one
            # letter short of "kestrel" (a different name, typed whole).
            if not (exact or prefixed or found) and len(word) >= 5:
                heads = [w[: len(word)] for w in letters.words if len(w) >= len(word) + STILL_TYPING]
                for head, _edits in typos(word, heads, self.typo_matcher):
                    for known in letters.with_prefix(head):
                        _raise(bands, self._believable(codes(known)), _typo_band)
        return bands

    def _believable(self, codes: Iterable[int]) -> list[int]:
        """The field codes a typo may land on: entries people meet, never a rare registry
        row nor a malware or offensive-tool entry ("nothing matches" beats that guess)."""
        meta = self.meta
        return [c for c in codes if prominence_of(meta[c >> 3]) and not is_threat(meta[c >> 3])]

    def has_word(self, word: str) -> bool:
        """Whether `word` is, as it is, a word of some entry's name, alias, title or family."""
        letters = self._slice(word[0]) if word else None
        return letters is not None and any(
            code & 7 not in (DESCRIPTION, PROCESS) for code in letters.codes(word)
        )

    def misspelt_names(self, phrase_words: Sequence[str]) -> WordMatches:
        """Entries whose service name or an alias is a typo away from these words run
        together ("kfaka ui" for Kafka UI's "kafka-ui"): the name typed whole, misspelt."""
        name = "".join(phrase_words)
        letters = self._slice(name[0]) if len(name) >= MISSPELT_NAME_MIN else None
        if letters is None:
            return {}
        bands: WordMatches = {}
        for known, _edits in typos(name, letters.words, self.typo_matcher):
            _raise(bands, self._believable(letters.codes(known)), _misspelt_name_band)
        return {position: band for position, band in bands.items() if band > 0}

    def exact_names(self, phrase_words: Sequence[str]) -> WordMatches:
        """Entries whose service name or an alias is these words run together ("ms sql s")."""
        name = "".join(phrase_words)
        letters = self._slice(name[0]) if name else None
        if letters is None:
            return {}
        bands: WordMatches = {}
        for code in letters.codes(name):
            if code & 7 in (NAME, ALIAS):
                bands[code >> 3] = EXACT_NAME if code & 7 == NAME else EXACT_ALIAS
        return bands


def _raise(bands: WordMatches, codes: Iterable[int], band_of: Callable[[int], int]) -> None:
    """Raise each entry's band to what these field codes give it."""
    for code in codes:
        band = band_of(code & 7)
        position = code >> 3
        if bands.get(position, -1) < band:
            bands[position] = band


def _exact_band(field: int) -> int:
    return (EXACT_NAME, EXACT_ALIAS, PORT_WORD, WORD, PROCESS_NAME, TAG_WORD, DESCRIPTION_WORD)[field]


def _prefix_band(length: int) -> Callable[[int], int]:
    described = DESCRIPTION_PREFIX if length >= DESCRIPTION_PREFIX_MIN else -1

    def band(field: int) -> int:
        if field == DESCRIPTION:
            return described
        if field in (NAME, ALIAS):
            return PREFIX_NAME
        return -1 if field in (PORT_NUMBER, PROCESS) else PREFIX

    return band


def _misspelt_name_band(field: int) -> int:
    return {NAME: TYPO_NAME, ALIAS: TYPO_ALIAS}.get(field, -1)


def _typo_band(field: int) -> int:
    return (TYPO_NAME, TYPO_ALIAS, -1, TYPO_WORD, -1, TYPO_TAG, -1)[field]
