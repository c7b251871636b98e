"""What counts as a typo, and the two matchers (pure Python for one-shot lookups, rapidfuzz in
the warm app) agreeing on every word."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from portdeck.dataset import Catalog
from portdeck.search import SearchEngine
from portdeck.search.typos import (
    PYTHON,
    RAPIDFUZZ,
    _typos_python,
    _typos_rapidfuzz,
    edit_budget,
    osa_distance,
    typos,
)

words = st.text("abcdelnoprst", min_size=0, max_size=10)


@pytest.mark.parametrize(
    ("word", "budget"),
    [
        ("ab", 0),
        ("22", 0),
        ("443", 0),
        ("dsn", 1),
        ("ldpa", 1),
        ("kerbos", 1),
        ("kerbros", 1),
        ("directus", 1),
        ("postgress", 2),
    ],
)
def test_the_edit_budget_grows_with_the_word(word: str, budget: int) -> None:
    assert edit_budget(word) == budget


def test_a_swap_of_neighbouring_letters_is_one_edit() -> None:
    assert osa_distance("ldpa", "ldap", 1) == 1
    assert osa_distance("snpm", "snmp", 1) == 1


def test_three_letters_allow_a_swap_and_nothing_else() -> None:
    assert [known for known, _ in typos("dsn", ["dns", "dsm", "dsnx", "don"])] == ["dns"]


def test_the_first_letter_must_be_right() -> None:
    assert typos("kerbros", ["kerberos", "herberos"]) == [("kerberos", 1)]


@settings(max_examples=500, deadline=None)
@given(words, words, st.sampled_from([1, 2]))
def test_the_banded_distance_is_exact_within_the_budget(a: str, b: str, limit: int) -> None:
    true = OSA.distance(a, b)
    found = osa_distance(a, b, limit)
    assert (found <= limit) == (true <= limit)
    if true <= limit:
        assert found == true


@settings(max_examples=300, deadline=None)
@given(words.filter(lambda w: len(w) >= 3), st.lists(words.filter(bool), max_size=40))
def test_both_matchers_find_the_same_words(word: str, known: list[str]) -> None:
    budget = edit_budget(word)
    candidates = sorted(set(known))
    assert sorted(_typos_python(word, candidates, budget)) == sorted(
        _typos_rapidfuzz(word, candidates, budget)
    )


def test_the_engine_chooses_its_matcher_and_answers_the_same(catalog: Catalog) -> None:
    """A cold engine matches typos in Python; a warmed one in rapidfuzz: same answers."""
    cold, warm = SearchEngine(catalog), SearchEngine(catalog)
    warm.warm()
    assert cold._ranker().index.typo_matcher == PYTHON
    assert warm._ranker().index.typo_matcher == RAPIDFUZZ
    for query in ("postgress", "kerbros", "elasticsaerch", "rabibtmq", "grafanna", "ldpa", "kubernets"):
        assert [e.port for e in cold.search(query).entries] == [e.port for e in warm.search(query).entries], (
            query
        )
