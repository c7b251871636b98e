"""The word index: which entries a query word matches, and how well.

Built once from the catalog (lazily: numeric queries never need it). Matching a
word is cheap lookups first (exact token, token prefix through a sorted
vocabulary) and one rapidfuzz pass over the de-duplicated vocabulary for typos,
instead of fuzzy-scoring every entry's long text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from portdeck.dataset import PortEntry

from .query import tokens

# Word scores, one scale for every way a word can match an entry. Matches in the
# name, aliases or title score PRIMARY or more; description matches score below it.
EXACT = 100  # a whole token: "mail" in "Simple Mail Transfer"
PREFIX = 90  # the start of a token: "postg" in "postgresql"
PRIMARY = 50  # fuzzy name/title matches score 60-79
DESCRIPTION_EXACT = 40
DESCRIPTION_PREFIX = 35  # fuzzy description matches score 25-30

FUZZY_MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
TRANSPOSED = 60  # a short word with two neighbouring letters swapped: "dsn" for "dns"
FUZZY_CUTOFF = 75  # fuzz.ratio: "kerbros"/"kerberos" is 93, "postgress"/"postgresql" 84
PREFIX_FUZZY_MIN_LENGTH = 5  # a typo in a word still being typed: "kuberb" ~ "kubern(etes)"
PREFIX_FUZZY_CUTOFF = 80
DESCRIPTION_PREFIX_MIN_LENGTH = 3  # "p" would match a word of nearly every description
DESCRIPTION_FUZZY_CUTOFF = 85
_CACHE_SIZE = 512


def squash(text: str) -> str:
    """A name without separators, so 'ms sql s', 'MS-SQL-S' and 'mssqls' are one name."""
    return "".join(tokens(text))


class _Vocabulary:
    """Tokens to the entries that contain them, with prefix and fuzzy lookups."""

    def __init__(self, postings: dict[str, list[int]]) -> None:
        self.postings: dict[str, tuple[int, ...]] = {t: tuple(ids) for t, ids in postings.items()}
        self.sorted_tokens: list[str] = sorted(self.postings)
        # Only tokens with a letter are worth fuzzy matching: "8080" is not a typo of "8081".
        self.fuzzy_choices: list[str] = [
            t for t in self.sorted_tokens if len(t) >= 3 and not t.isdigit()
        ]
        self._truncated: dict[int, tuple[list[str], list[str]]] = {}

    def with_prefix(self, word: str) -> Iterable[str]:
        """Tokens that start with `word` (including `word` itself)."""
        tokens_ = self.sorted_tokens
        at = bisect_left(tokens_, word)
        while at < len(tokens_) and tokens_[at].startswith(word):
            yield tokens_[at]
            at += 1

    def fuzzy(self, word: str, cutoff: float) -> list[tuple[str, float]]:
        """Tokens within `cutoff` fuzz.ratio of `word`."""
        from rapidfuzz import fuzz, process  # deferred: numeric queries never pay for it

        # processor=None: choices are already folded and tokenised, as `word` is.
        found = process.extract(
            word, self.fuzzy_choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
        )
        return [(choice, score) for choice, score, _ in found]

    def fuzzy_prefix(self, word: str, cutoff: float) -> list[tuple[str, float]]:
        """Tokens whose first len(word) characters are within `cutoff` of `word`."""
        from rapidfuzz import fuzz, process

        longer, heads = self._heads(len(word))
        found = process.extract(
            word, heads, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
        )
        return [(longer[at], score) for _, score, at in found]

    def _heads(self, length: int) -> tuple[list[str], list[str]]:
        """Tokens longer than `length`, and their first `length` characters (cached)."""
        cached = self._truncated.get(length)
        if cached is None:
            longer = [t for t in self.fuzzy_choices if len(t) > length]
            cached = self._truncated[length] = (longer, [t[:length] for t in longer])
        return cached


class WordIndex:
    """Every entry's names, aliases, title and description, tokenised for word matching."""

    def __init__(self, entries: Sequence[PortEntry]) -> None:
        primary: defaultdict[str, list[int]] = defaultdict(list)
        described: defaultdict[str, list[int]] = defaultdict(list)
        names: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for at, entry in enumerate(entries):
            names_tokens = [tokens(name) for name in (entry.service, *entry.aliases)]
            seen = {str(entry.port)}  # "http 80": a number among words matches the port
            for position, words in enumerate(names_tokens):
                seen.update(words)
                key = "".join(words)  # "ms sql s", "MS-SQL-S" and "mssqls" are one name
                if len(words) > 1:
                    seen.add(key)  # "mssql" finds ms-sql-s
                if key and at not in (found[0] for found in names[key]):  # the first alias counts
                    names[key].append((at, position))
            title = tokens(entry.title)
            seen.update(title)
            if len(title) > 1:
                seen.add("".join(title))  # "remotedesktop" finds its title
            for token in seen:
                primary[token].append(at)
            if entry.description:
                for token in set(tokens(entry.description)):
                    described[token].append(at)
        self._entries = entries
        self._primary = _Vocabulary(primary)
        self._described = _Vocabulary(described)
        self._names = {key: tuple(found) for key, found in names.items()}
        self._phrases: dict[int, str] = {}
        self._cache: dict[str, dict[int, int]] = {}
        self._described_sets: dict[str, frozenset[int]] = {}

    def exact_names(self, phrase: str) -> tuple[tuple[int, int], ...]:
        """Entries whose service name or an alias is the phrase.

        Pairs of (entry, position): 0 for the service name, 1 for the first alias...
        """
        return self._names.get(squash(phrase), ())

    def has_phrase(self, at: int, words: Sequence[str]) -> bool:
        """Whether the words appear in this order, at word starts, in one name or title."""
        return " " + " ".join(words) in self._phrase(at)

    def title_has(self, at: int, words: Sequence[str]) -> bool:
        """Whether the words are whole words of the title, in this order."""
        title = self._phrase(at).rpartition("\n")[2]
        return " " + " ".join(words) + " " in title

    def _phrase(self, at: int) -> str:
        """An entry's names and title as tokens, one line per field (built when first asked),
        so that a phrase never runs from one field into the next."""
        found = self._phrases.get(at)
        if found is None:
            entry = self._entries[at]
            fields = (entry.service, *entry.aliases, entry.title)
            found = self._phrases[at] = "\n".join(" " + " ".join(tokens(f)) + " " for f in fields)
        return found

    def in_description(self, word: str) -> frozenset[int]:
        """Entries whose description has `word` as a whole word."""
        found = self._described_sets.get(word)
        if found is None:
            found = self._described_sets[word] = frozenset(self._described.postings.get(word, ()))
        return found

    def clear_cache(self) -> None:
        self._cache.clear()

    def match(self, word: str) -> dict[int, int]:
        """Entry -> best score of `word` against it, for every entry it matches at all."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                # Start over rather than evict one by one: plain dict get/set/clear stay safe
                # when a cancelled search worker and a new one overlap.
                self._cache.clear()
            found = self._cache[word] = self._match(word)
        return found

    def _match(self, word: str) -> dict[int, int]:
        scores: dict[int, int] = {}
        primary, described = self._primary, self._described
        if len(word) >= DESCRIPTION_PREFIX_MIN_LENGTH:
            _add(scores, described, described.with_prefix(word), lambda t: DESCRIPTION_PREFIX)
        _add(scores, described, [word] if word in described.postings else [], lambda t: DESCRIPTION_EXACT)
        fuzzy = len(word) >= FUZZY_MIN_LENGTH and not word.isdigit()
        if fuzzy and len(word) >= PREFIX_FUZZY_MIN_LENGTH:
            for token, score in described.fuzzy(word, DESCRIPTION_FUZZY_CUTOFF):
                _add(scores, described, [token], lambda t, s=score: 25 + int((s - 85) / 3))
        if not fuzzy and len(word) > 1 and not word.isdigit():
            # Too short for fuzz.ratio's cutoff, but a swapped pair is the commonest slip.
            swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}
            _add(scores, primary, [t for t in swaps if t in primary.postings], lambda t: TRANSPOSED)
        if fuzzy:
            for token, score in primary.fuzzy(word, FUZZY_CUTOFF):
                _add(scores, primary, [token], lambda t, s=score: 60 + int((s - 75) * 0.76))
            if len(word) >= PREFIX_FUZZY_MIN_LENGTH:
                for token, score in primary.fuzzy_prefix(word, PREFIX_FUZZY_CUTOFF):
                    _add(scores, primary, [token], lambda t, s=score: 60 + int((s - 80) * 0.5))
        _add(scores, primary, primary.with_prefix(word), lambda t: EXACT if t == word else PREFIX)
        return scores


def _add(
    scores: dict[int, int], vocabulary: _Vocabulary, matched: Iterable[str], score_of: Callable[[str], int]
) -> None:
    """Raise each entry's score to what these matched tokens give it."""
    postings = vocabulary.postings
    get = scores.get
    for token in matched:
        score = score_of(token)
        for at in postings[token]:
            if get(at, -1) < score:
                scores[at] = score
