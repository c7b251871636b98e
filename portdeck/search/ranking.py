"""Rank the entries that match a query's words, best first.

Tiers, best first: exact service name or alias; the words found at the start of a
name, alias or title word ("mail" in "Simple Mail Transfer", "sql server" in
"Microsoft-SQL-Server"); all words found, not as one phrase; found with typos;
found only in a description; and, when no entry has every word, the entries with
the most of them. Within a tier, curated entries come first, then official ones,
then lower ports (the entry's `order`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum

from .index import EXACT, PREFIX, PRIMARY, WordIndex


class Tier(IntEnum):
    """How an entry matched the words; a higher tier always ranks first."""

    SOME_WORDS = 0
    DESCRIPTION = 1
    FUZZY = 2
    WORDS = 3
    PREFIX = 4
    EXACT_NAME = 5


# A curated entry outranks a non-curated one this many fuzzy points better, per word.
_CURATED_BONUS = 6
# In the exact and prefix tiers curated entries simply come first.
_CURATED_FIRST = 1 << 10
# Sort keys pack (tier, score, order) into one int: sorting thousands of ints is cheap.
_ORDER_BITS = 24
_SCORE_BITS = 20


def rank(
    index: WordIndex,
    words: Sequence[str],
    order: Sequence[int],
    curated: Sequence[bool],
    keep: Callable[[int], bool] | None = None,
) -> list[int]:
    """Positions of the entries matching `words`, best first.

    `order[i]` is entry i's place in the tie-break order (curated, official, low
    port); `keep` drops entries that fail the query's other filters.
    """
    per_word = [index.match(word) for word in words]
    if not per_word:
        return []
    smallest = min(per_word, key=len)
    candidates = [at for at in smallest if all(at in scores for scores in per_word)]
    if keep is not None:
        candidates = [at for at in candidates if keep(at)]
    keys: dict[int, int] = {}
    for at in candidates:
        tier, score = _tier(index, words, at, [scores[at] for scores in per_word])
        if tier >= Tier.WORDS:
            score += _CURATED_FIRST * curated[at]  # curated before a better sub-score
        else:
            score += _CURATED_BONUS * len(words) * curated[at]  # only near-ties go to curated
        keys[at] = _key(tier, score, order[at])
    if not candidates and len(words) > 1:
        # No entry has every word: fall back to those with the most, then the best scores.
        for scores in per_word:
            for at in scores:
                if at not in keys and (keep is None or keep(at)):
                    found = [s[at] for s in per_word if at in s]
                    keys[at] = _key(Tier.SOME_WORDS, len(found) * 1000 + sum(found), order[at])
    for at, is_service in index.exact_names(" ".join(words)):
        if keep is None or keep(at):
            keys[at] = _key(Tier.EXACT_NAME, _CURATED_FIRST * curated[at] + is_service, order[at])
    return sorted(keys, key=keys.__getitem__)


def _tier(index: WordIndex, words: Sequence[str], at: int, scores: list[int]) -> tuple[Tier, int]:
    """An entry's tier and its score within the tier, from each word's score."""
    weakest = min(scores)
    if weakest >= PREFIX:
        exact_words = sum(score == EXACT for score in scores)
        if len(words) == 1 or index.has_phrase(at, words):
            return Tier.PREFIX, exact_words
        return Tier.WORDS, exact_words
    if weakest >= PRIMARY:
        return Tier.FUZZY, sum(scores)
    return Tier.DESCRIPTION, sum(scores)


def _key(tier: Tier, score: int, order: int) -> int:
    """Ascending sort key: higher tier, then higher score, then earlier order."""
    return ((Tier.EXACT_NAME - tier) << (_SCORE_BITS + _ORDER_BITS)) | (
        ((1 << _SCORE_BITS) - 1 - score) << _ORDER_BITS
    ) | order
