"""Typo matching: which known words are within a few edits of what was typed.

An edit is one inserted, deleted or changed letter, or two neighbouring letters
swapped ("ldpa" for "ldap" is one edit: optimal string alignment, OSA). The first
letter must be right: people rarely mistype it, and holding it fixed keeps guesses
believable and the candidate list short.

Two implementations of one rule, chosen by the caller (`matcher`): rapidfuzz's OSA in
C, which the TUI's engine selects once it has loaded rapidfuzz while warming up, and a
filtered pure-Python scan, so a one-shot `portdeck postgress` does not pay rapidfuzz's
~20 ms import. A test checks that both give the same answers.
"""

from __future__ import annotations

from portdeck.typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def edit_budget(word: str) -> int:
    """How many edits a typed word may be away from a known one (0: none believable)."""
    length = len(word)
    if length < 3 or word.isdigit():
        return 0
    if length <= 4:
        return 1  # only a swap of two neighbouring letters (see `typos`): "dsn" for "dns", "ldpa"
    # Two edits only in long words: in an eight-letter one they make another name
    # ("directus" is two letters from "director").
    return 1 if length <= 8 else 2


PYTHON, RAPIDFUZZ = "python", "rapidfuzz"


def typos(word: str, known: Sequence[str], matcher: str = PYTHON) -> list[tuple[str, int]]:
    """(known word, edits) for every known word within `edit_budget(word)` edits, first letter equal."""
    budget = edit_budget(word)
    if not budget:
        return []
    if matcher == RAPIDFUZZ:
        found = _typos_rapidfuzz(word, known, budget)
    else:
        found = _typos_python(word, known, budget)
    if len(word) <= 4:  # a short word: a swap only, anything else has too many neighbours ("kasm")
        found = [(w, d) for w, d in found if len(w) == len(word) and sorted(w) == sorted(word)]
    return found


def _typos_rapidfuzz(word: str, known: Sequence[str], budget: int) -> list[tuple[str, int]]:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    first = word[0]
    found = process.extract(word, known, scorer=OSA.distance, score_cutoff=budget, limit=None)
    return [
        (choice, int(distance)) for choice, distance, _ in found if choice[:1] == first and choice != word
    ]


def _typos_python(word: str, known: Sequence[str], budget: int) -> list[tuple[str, int]]:
    first, length, letters = word[0], len(word), set(word)
    found = []
    for candidate in known:
        if candidate[:1] != first or abs(len(candidate) - length) > budget or candidate == word:
            continue
        # Each edit changes at most two letters of the set: a cheap test before the real one.
        if len(letters.symmetric_difference(candidate)) > 2 * budget:
            continue
        distance = osa_distance(word, candidate, budget)
        if distance <= budget:
            found.append((candidate, distance))
    return found


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edits from `a` to `b` (optimal string alignment), or `limit + 1` once it is clearly more.

    Only cells within `limit` of the diagonal are computed (any other needs more edits than
    that), and with comparisons rather than min(): a one-shot query runs this in Python.
    """
    length_b = len(b)
    if abs(len(a) - length_b) > limit:
        return limit + 1
    over = limit + 1
    before: list[int] = []
    previous = [j if j <= limit else over for j in range(length_b + 1)]
    for i in range(1, len(a) + 1):
        current = [over] * (length_b + 1)
        if i <= limit:
            current[0] = i
        row_best = current[0]
        letter = a[i - 1]
        for j in range(max(1, i - limit), min(length_b, i + limit) + 1):
            value = previous[j - 1] + (letter != b[j - 1])
            if previous[j] + 1 < value:
                value = previous[j] + 1
            if current[j - 1] + 1 < value:
                value = current[j - 1] + 1
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == b[j - 1] and before[j - 2] + 1 < value:
                value = before[j - 2] + 1
            if value > over:
                value = over
            current[j] = value
            if value < row_best:
                row_best = value
        if row_best > limit:
            return over
        before, previous = previous, current
    return previous[length_b]
