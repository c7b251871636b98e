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

from collections.abc import Callable, Sequence

from portdeck.typed_tuple import NamedTuple

from .index import WordIndex, kind_of
from .result import Match

PROMINENCE_STEP = 12
PHRASE_BONUS = 4
# Sort keys pack (score, official, position) into one int: sorting thousands of ints is cheap.
_POSITION_BITS = 24
_POSITION_MASK = (1 << _POSITION_BITS) - 1


class Ranked(NamedTuple):
    """Catalog positions of the matches, best first, and why each matched."""

    positions: list[int]
    matches: dict[int, Match]


class Ranker:
    """Ranks word matches over one index."""

    def __init__(self, index: WordIndex) -> None:
        self.index = index

    def rank(
        self,
        words: Sequence[str],
        allowed: Sequence[bool] | None = None,
        phrase: Callable[[int, Sequence[str]], bool] | None = None,
    ) -> Ranked:
        """The entries every word matches, best first; `allowed[i]` False drops entry i.

        `phrase(position, words)` says whether the words stand together in one of the
        entry's names or its title (checked only for multi-word queries).
        """
        index = self.index
        per_word = [index.match(word) for word in words]
        if not per_word or not all(per_word):
            return Ranked([], {})
        smallest = min(per_word, key=len)
        others = [scores for scores in per_word if scores is not smallest]
        named = index.exact_names(words) if len(words) > 1 else {}
        meta = index.meta
        keys: list[int] = []
        matches: dict[int, Match] = {}
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
                bonus = 0
                if position in named:
                    band = max(band, named[position])
                elif others and phrase is not None and phrase(position, words):
                    bonus = PHRASE_BONUS
                flags = meta[position]
                score = band + bonus + PROMINENCE_STEP * (flags >> 1)
                keys.append((score << 1 | flags & 1) << _POSITION_BITS | (_POSITION_MASK - position))
                matches[position] = Match(kind_of(band), band)
        keys.sort(reverse=True)
        return Ranked([_POSITION_MASK - (key & _POSITION_MASK) for key in keys], matches)
