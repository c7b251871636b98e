"""Rank the entries that match a query's words, best first.

Tiers, best first:

1. the words are the service name or an alias ("dns" -> domain, 53);
2. they start a word of the name, an alias or the title, as one phrase ("mail" in
   "Mail submission", "sql server" in "Microsoft SQL Server");
3. every word found there, not as one phrase ("server sql");
4. found with typos ("kerbros");
5. found only in a description;
6. when no entry has every word, the entries with the most of them.

Within a tier, prominent entries come first (see `prominence.py`), then official
ones, then lower ports. One deliberate exception to "descriptions last": for the
most prominent entries, a whole word of the description counts like a title word,
so `mail` finds IMAP and POP3 ("Lets mail clients read...") right after the
entries named for mail, instead of after forty historic registry rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from portdeck.dataset import PortEntry

from .index import EXACT, PREFIX, PRIMARY, WordIndex
from .prominence import MOST_PROMINENT, prominence


class Tier(IntEnum):
    """How an entry matched the words; a higher tier always ranks first."""

    SOME_WORDS = 0
    DESCRIPTION = 1
    FUZZY = 2
    WORDS = 3
    PREFIX = 4
    EXACT_NAME = 5


# Fuzzy tiers: a prominent entry outranks an obscure one this many points better, per word.
_PROMINENCE_BONUS = 4
# Exact and prefix tiers: prominence comes before the sub-score.
_PROMINENCE_FIRST = 1 << 10
# Sort keys pack (tier, score, order) into one int: sorting thousands of ints is cheap.
_ORDER_BITS = 24
_ORDER_MASK = (1 << _ORDER_BITS) - 1
_SCORE_BITS = 20
_SCORE_MAX = (1 << _SCORE_BITS) - 1
_TIER_SHIFT = _SCORE_BITS + _ORDER_BITS


class Ranker:
    """Ranks word matches for one catalog, with its tie-break order precomputed."""

    def __init__(self, index: WordIndex, entries: Sequence[PortEntry]) -> None:
        self.index = index
        self.prominence = [prominence(e) for e in entries]
        weights = self.prominence
        # Tie-break order: prominent, then official, then port (entries are in port order).
        self.by_order = sorted(range(len(entries)), key=lambda i: (-weights[i], not entries[i].official, i))
        self.order = [0] * len(entries)
        for place, at in enumerate(self.by_order):
            self.order[at] = place

    def rank(self, words: Sequence[str], allowed: Sequence[bool] | None = None) -> list[int]:
        """Positions of the entries matching `words`, best first.

        `allowed[i]` is False for entries the query's other filters drop.
        """
        index, order, weights = self.index, self.order, self.prominence
        per_word = [index.match(word) for word in words]
        if not per_word:
            return []
        keys: list[int] = []
        if len(per_word) == 1:
            keys = self._single_word(per_word[0], words[0], allowed)
        else:
            smallest = min(per_word, key=len)
            for at in smallest:
                if (allowed is None or allowed[at]) and all(at in scores for scores in per_word):
                    weight = weights[at]
                    tier, score = _tier(index, words, at, [scores[at] for scores in per_word], weight)
                    if tier >= Tier.WORDS:
                        score += _PROMINENCE_FIRST * weight
                    else:
                        score += _PROMINENCE_BONUS * len(words) * weight  # only near-ties go to prominence
                    keys.append(_key(tier, score, order[at]))
            if not keys:
                keys = self._most_words(per_word, allowed)
        named = {
            at: _key(
                Tier.EXACT_NAME,
                _PROMINENCE_FIRST * weights[at] + _name_score(index, words, at, position),
                order[at],
            )
            for at, position in index.exact_names(" ".join(words))
            if allowed is None or allowed[at]
        }
        if named:
            keys = [key for key in keys if self.by_order[key & _ORDER_MASK] not in named]
            keys.extend(named.values())
        keys.sort()
        by_order = self.by_order
        return [by_order[key & _ORDER_MASK] for key in keys]

    def _single_word(self, scores: dict[int, int], word: str, allowed: Sequence[bool] | None) -> list[int]:
        """`_tier` unrolled for one word: this loop sees thousands of entries for "s"."""
        order, weights = self.order, self.prominence
        described = self.index.in_description(word)
        prefix_base = (Tier.EXACT_NAME - Tier.PREFIX) << _TIER_SHIFT
        fuzzy_base = (Tier.EXACT_NAME - Tier.FUZZY) << _TIER_SHIFT
        description_base = (Tier.EXACT_NAME - Tier.DESCRIPTION) << _TIER_SHIFT
        top = _SCORE_MAX
        keys = []
        append = keys.append
        for at, score in scores.items():
            if allowed is not None and not allowed[at]:
                continue
            weight = weights[at]
            if score >= PREFIX:
                inverse = top - _PROMINENCE_FIRST * weight - _word_rank(score)
                append(prefix_base | inverse << _ORDER_BITS | order[at])
            elif weight == MOST_PROMINENT and at in described:
                append(prefix_base | (top - _PROMINENCE_FIRST * weight) << _ORDER_BITS | order[at])
            else:
                base = fuzzy_base if score >= PRIMARY else description_base
                append(base | (top - score - _PROMINENCE_BONUS * weight) << _ORDER_BITS | order[at])
        return keys

    def _most_words(self, per_word: list[dict[int, int]], allowed: Sequence[bool] | None) -> list[int]:
        """No entry has every word: those with the most of them, then the best scores."""
        order = self.order
        keys = []
        seen: set[int] = set()
        for scores in per_word:
            for at in scores:
                if at not in seen and (allowed is None or allowed[at]):
                    seen.add(at)
                    found = [s[at] for s in per_word if at in s]
                    keys.append(_key(Tier.SOME_WORDS, len(found) * 1000 + sum(found), order[at]))
        return keys


def _tier(
    index: WordIndex, words: Sequence[str], at: int, scores: list[int], weight: int
) -> tuple[Tier, int]:
    """An entry's tier and its score within the tier, from each word's score."""
    weakest = min(scores)
    if weakest < PREFIX and weight == MOST_PROMINENT:
        # Whole description words of the most prominent entries: see the module docstring.
        if all(score >= PREFIX or at in index.in_description(word) for word, score in zip(words, scores)):
            weakest = PREFIX
    if weakest >= PREFIX:
        sub_score = sum(_word_rank(score) for score in scores)
        if len(words) == 1 or index.has_phrase(at, words):
            return Tier.PREFIX, sub_score
        return Tier.WORDS, sub_score
    if weakest >= PRIMARY:
        return Tier.FUZZY, sum(scores)
    return Tier.DESCRIPTION, sum(scores)


def _name_score(index: WordIndex, words: Sequence[str], at: int, position: int) -> int:
    """Among exact names: the service name, then an alias the title repeats ("smb" ->
    "SMB over TCP", 445, before 139 whose title does not say SMB), then earlier aliases."""
    if position == 0:
        return 64
    return 32 * index.title_has(at, words) + 16 - min(position, 15)


def _word_rank(score: int) -> int:
    """Within the prefix tiers: a whole word, then a word's start, then a description word."""
    return 2 if score == EXACT else 1 if score >= PREFIX else 0


def _key(tier: Tier, score: int, order: int) -> int:
    """Ascending sort key: higher tier, then higher score, then earlier order."""
    return (Tier.EXACT_NAME - tier) << _TIER_SHIFT | (_SCORE_MAX - score) << _ORDER_BITS | order
