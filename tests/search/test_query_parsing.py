"""parse_query: what each kind of text means, with no catalog involved."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.dataset import Protocol
from portdeck.search import Query, parse_query
from portdeck.search.query import _is_number_like, _join_ranges, _take_tags, fold, tokens

TCP, UDP, SCTP, DCCP = Protocol.TCP, Protocol.UDP, Protocol.SCTP, Protocol.DCCP


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Query()),
        ("22", Query(port=22)),
        ("0022", Query(port=22)),
        ("0", Query(port=0)),
        ("65535", Query(port=65535)),
        ("8000-8100", Query(port_range=(8000, 8100))),
        ("8000..8100", Query(port_range=(8000, 8100))),
        ("8000 .. 8100", Query(port_range=(8000, 8100))),
        ("8000\u20138100", Query(port_range=(8000, 8100))),  # en dash
        ("8100-8000", Query(port_range=(8000, 8100))),
        ("8000-", Query(port=8000)),  # a range still being typed
        ("8000.", Query(port=8000)),
        ("udp:53", Query(port=53, protocols=frozenset({UDP}))),
        ("udp 53", Query(port=53, protocols=frozenset({UDP}))),
        ("53/udp", Query(port=53, protocols=frozenset({UDP}))),
        ("TCP udp 53", Query(port=53, protocols=frozenset({TCP, UDP}))),
        ("sctp", Query(protocols=frozenset({SCTP}))),
        ("dccp", Query(protocols=frozenset({DCCP}))),
        ("tcp ssh", Query(text="ssh", protocols=frozenset({TCP}))),
        ("tcp:8000-8100", Query(port_range=(8000, 8100), protocols=frozenset({TCP}))),
        ("SQL   Server", Query(text="sql server")),
        ("ms-sql-s", Query(text="ms sql s")),
        ("Pöstgres", Query(text="postgres")),
        ("http 8080", Query(text="http 8080")),
        ("-", Query(void=True)),  # typed, but nothing to search: nothing matches
        ("!!!", Query(void=True)),
        ("tcpmux", Query(text="tcpmux")),  # only whole protocol words filter
        ("\uff12\uff12", Query(port=22)),  # digits of any script are digits: fullwidth…
        ("\u0663\u0663", Query(port=33)),  # …and Arabic-Indic
        ("tag:database", Query(tags=frozenset({"database"}))),
        ("tag:ics scada", Query(text="scada", tags=frozenset({"ics"}))),
        ("udp tag:dns 53", Query(port=53, protocols=frozenset({UDP}), tags=frozenset({"dns"}))),
    ],
)
def test_parse(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("99999", "99999 is not a port number (0-65535)"),
        ("65536", "65536 is not a port number (0-65535)"),
        ("-5", "-5 is not a port number (0-65535)"),
        ("1-99999", "99999 is not a port number (0-65535)"),
        ("1" * 40, "111111111111… is not a port number (0-65535)"),
    ],
)
def test_not_a_port(text: str, error: str) -> None:
    query = parse_query(text)
    assert query.error == error
    assert query.port is None and query.port_range is None


def test_words_are_capped() -> None:
    query = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert 0 < len(query.words) <= 8


def test_search_never_imports_textual(child_env: Callable[..., dict[str, str]]) -> None:
    code = "import portdeck.search, sys; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env=child_env())


def test_one_shot_queries_do_not_import_rapidfuzz(
    tmp_path: Path, child_env: Callable[..., dict[str, str]]
) -> None:
    """A one-shot lookup has no room for rapidfuzz's ~20 ms import: typos are matched in Python
    until the TUI warms the engine, which loads it."""
    code = (
        "import sys\n"
        "from portdeck.dataset import load_catalog\n"
        "from portdeck.search import SearchEngine\n"
        "engine = SearchEngine(load_catalog())\n"
        "for text in ('22', 'udp 53', '8000-8100', '', 'tcp', '99999', 'postgress', 'remote desktop'):\n"
        "    engine.search(text)\n"
        "assert 'rapidfuzz' not in sys.modules\n"
        "engine.warm()\n"
        "assert 'rapidfuzz' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=child_env(PORTDECK_CACHE_DIR=str(tmp_path)))


# The query reader splits words and joins ranges with str methods (importing `re` would cost
# every lookup ~11 ms). These hold it to the regular expressions it replaced, on any text.
_TEXT = st.text(
    alphabet=st.sampled_from("ab9Z0 _-.:/,;\t\u2013\u2014é٢２ß\u00a0\u3000\u200bΣ") | st.characters(),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_words_are_what_the_word_pattern_finds(text: str) -> None:
    assert tokens(text) == re.findall(r"[^\W_]+", fold(text))


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_ranges_are_joined_as_the_range_pattern_joins_them(text: str) -> None:
    assert _join_ranges(text) == re.sub(r"(?<=\d)\s*(?:-|\.\.|\u2013|\u2014)\s*(?=\d)", "-", text)


@settings(max_examples=400, deadline=None)
@given(token=st.text(alphabet="0123456789-.٢a", max_size=12))
def test_number_forms_are_what_the_number_patterns_match(token: str) -> None:
    patterns = (r"[0-9]+", r"([0-9]+)(?:-|\.\.)([0-9]+)", r"([0-9]+)(?:-|\.\.?)", r"-+[0-9]+")
    assert _is_number_like(token) == any(re.fullmatch(p, token, re.ASCII) for p in patterns)


@settings(max_examples=400, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["tag:", "tag", ":", "a", "z", "0", "-", " ", ",", ";", "\t", "é"]), max_size=30
    ).map("".join)
)
def test_tags_are_taken_as_the_tag_pattern_takes_them(text: str) -> None:
    pattern = r"(?<![^\s,;])tag:([a-z0-9][a-z0-9-]*)"
    assert _take_tags(text) == (re.sub(pattern, " ", text), frozenset(re.findall(pattern, text)))
