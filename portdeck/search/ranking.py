"""Rank the entries that match a query's words, best first.

The rules (the README's "How search reads a query" says them to users):

- Every word counts: an entry is a match only if each word matches it somewhere
  (its name, aliases, title, family, tags or description). A word that matches
  nothing empties the result.
- How strongly an entry matches is its weakest word's band (index.py): an exact
  name, an alias, a whole word, a tag, a prefix, a typo, the description. Words
  found together as a phrase in one name or title add a little; the words run
  together being the service name or an alias ("ms sql s") count as that name.
- What people meet counts as much as how it matched: each prominence step adds
  `PROMINENCE_STEP`, so "oracle" puts the Oracle listener (common, a word of its
  family) before IANA's obscure service literally named "oracle".
- Ties: official entries, then lower ports.
"""

from __future__ import annotations

from portdeck.typed_tuple import NamedTuple

from ..typed_tuple import TYPE_CHECKING
from .index import STRONG, TAG_WORD, TYPO_TAG, WordIndex, WordMatches, kind_of
from .reading import Reading
from .result import Match

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

PROMINENCE_STEP = 12
PHRASE_BONUS = 4
FILLER_BONUS = 2  # per filler word found in the entry's name or title ("smtp port", "echo protocol")
# An entry carries a qualifier when a word of its group is in the entry's name, aliases,
# title, family or tags: at least this strong a match.
QUALIFIER_BAND = TAG_WORD
# Words that are the whole of an entry's title or a name ("time protocol") name it: above
# any number of qualifiers.
WHOLE_NAME_TIER = 16


class Ranked(NamedTuple):
    """Catalog positions of the matches, best first, and why each matched."""

    positions: list[int]
    matches: dict[int, Match]
    best: int = 0  # the top entry's score, to compare two readings of one query
    strong: bool = False  # whether any entry matched better than a guess
    guessed: bool = False  # whether any entry matched better than by its description alone


# Sort keys pack (tier, score, official, -position) into one int, in that order of
# significance: sorting thousands of ints is cheap. The tier is WHOLE_NAME_TIER for words
# that are an entry's whole name, plus one per qualifier the entry carries.
_POSITION_BITS = 24
_POSITION_MASK = (1 << _POSITION_BITS) - 1
_MATCHES: dict[int, Match] = {}


def _match_of(band: int) -> Match:
    """One Match per band, shared: thousands of matches per keystroke need no new objects."""
    found = _MATCHES.get(band)
    if found is None:
        found = _MATCHES[band] = Match(kind_of(band), band)
    return found


class Ranker:
    """Ranks word matches over one index."""

    def __init__(self, index: WordIndex) -> None:
        self.index = index

    def rank(
        self,
        reading: Reading,
        allowed: Sequence[bool] | None = None,
        phrase: Callable[[int, Reading], int] | None = None,
        words_of: Callable[[int], frozenset[str]] | None = None,
    ) -> Ranked:
        """The entries every content word matches, best first; `allowed[i]` False drops entry i.

        `phrase(position, words)` says whether the words stand together in one of the
        entry's names or its title: 1 inside one, 2 as the whole of one (checked only for
        multi-word queries). Words that are the whole of a name rank first, then qualifiers.
        """
        index = self.index
        words = reading.content
        per_word = [index.match(word) for word in words]
        if not per_word or not all(per_word):
            return Ranked([], {})
        everything = reading.words
        smallest = min(per_word, key=len)
        others = [scores for scores in per_word if scores is not smallest]
        named = index.exact_names(everything) if len(everything) > 1 else {}
        if len(words) > 1 and words != everything:
            named = {**index.exact_names(words), **named}
        if not named and len(everything) > 1 and any(max(found.values()) < STRONG for found in per_word):
            # A word matched only as a typo or in a description: the name may be typed whole
            # and misspelt ("kfaka ui"). Not tried when every word is a strong match: costly.
            named = index.misspelt_names(everything)
        # Qualifiers and filler are looked for in each candidate's own words (`words_of`), not
        # through the index: that would decode a slice of it for every word of a group.
        carried = list(reading.qualifiers)
        filler = list(reading.filler)
        words_of = words_of or self._no_words
        meta = index.meta
        keys: list[int] = []
        matches: dict[int, Match] = {}
        top_band = 0
        plain = len(everything) == 1 and not carried and not filler  # the common keystroke
        for position, first_band in smallest.items():
            if allowed is not None and not allowed[position]:
                continue
            band = first_band
            for scores in others:
                other = scores.get(position)
                if other is None:
                    break
                band = min(band, other)
            else:
                flags = meta[position]
                if plain:
                    qualified, score = 0, band + PROMINENCE_STEP * (flags >> 2)
                else:
                    qualified, score, band = self._tier(
                        position, band, reading, phrase, named, carried, filler, words_of
                    )
                    score += PROMINENCE_STEP * (flags >> 2)
                keys.append(
                    ((qualified << 10 | score) << 1 | flags & 1) << _POSITION_BITS
                    | (_POSITION_MASK - position)
                )
                matches[position] = _match_of(band)
                top_band = max(top_band, band)
        if not keys:
            return Ranked([], {})
        keys.sort(reverse=True)
        best = (keys[0] >> (_POSITION_BITS + 1)) & 1023
        return Ranked(
            [_POSITION_MASK - (key & _POSITION_MASK) for key in keys],
            matches,
            best,
            top_band >= STRONG,
            top_band >= TYPO_TAG,
        )

    @staticmethod
    def _tier(
        position: int,
        band: int,
        reading: Reading,
        phrase: Callable[[int, Reading], int] | None,
        named: WordMatches,
        carried: list[frozenset[str]],
        filler: list[str],
        words_of: Callable[[int], frozenset[str]],
    ) -> tuple[int, int, int]:
        """(tier, score without prominence, band) of a multi-word or qualified match."""
        bonus = whole = 0
        if len(reading.words) > 1 and phrase is not None:
            level = phrase(position, reading)
            bonus = PHRASE_BONUS if level else 0
            whole = level == 2
        if position in named:
            band, bonus, whole = max(band, named[position]), 0, True
        words = words_of(position) if carried or filler else frozenset()
        for word in filler:
            if word in words:
                bonus += FILLER_BONUS
        qualified = 0
        if band >= STRONG:  # qualifiers choose among strong matches; a guess is not promoted
            for group in carried:
                if not group.isdisjoint(words):
                    qualified += 1
        return qualified + WHOLE_NAME_TIER * whole, band + bonus, band

    @staticmethod
    def _no_words(position: int) -> frozenset[str]:
        return frozenset()
