"""The rules of "How search reads a query", each tested on a class of queries, not one query."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portdeck.dataset import Catalog, PortEntry
from portdeck.search import SearchEngine
from portdeck.search.query import tokens
from portdeck.search.reading import FILLER, QUALIFIER_OF

SHARED = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=60)


def top(engine: SearchEngine, text: str, count: int = 1) -> list[tuple[int, str]]:
    return [(e.port, e.service) for e in engine.search(text).entries[:count]]


# -- every word counts ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "nonsense-zzz",
        "lorem ipsum",
        "xyzzy plugh",
        "banana smoothie",
        "qwerty uiop",
        "purple elephant",
        "ssh xyzzy",
        "http zzzq",
        "zzz",
        "xyzzy",
    ],
)
def test_a_word_that_matches_nothing_empties_the_result(engine: SearchEngine, text: str) -> None:
    assert engine.search(text).entries == ()


words_of_queries = st.sampled_from(
    [
        "ssh",
        "http",
        "sql",
        "server",
        "mail",
        "remote",
        "desktop",
        "postgress",
        "kerb",
        "web",
        "database",
        "windows",
        "file",
        "proxy",
        "tls",
        "oracle",
        "apache",
        "8080",
        "zzz",
        "access",
        "directory",
    ]
)


@SHARED
@given(first=st.lists(words_of_queries, min_size=1, max_size=3), more=words_of_queries)
def test_adding_a_word_never_adds_results(engine: SearchEngine, first: list[str], more: str) -> None:
    """Once a query names something (a content word), another word only narrows it: a
    content word must match too, a qualifier or filler word only reorders."""
    if not engine.search(" ".join(first)).query.words:
        return  # a number alone is a port lookup, not words: another kind of query
    if not set(first) - set(QUALIFIER_OF) - FILLER:
        return  # only qualifiers ("http web") are read as content until a product is named
    earlier, later = engine.search(" ".join(first)), engine.search(" ".join([*first, more]))
    if set(later.ignored) - FILLER or set(earlier.ignored) - FILLER:
        return  # a known word was left out, and the answer says so ("a word too many")
    before = {(e.port, e.end, e.service, e.source) for e in earlier.entries}
    after = {(e.port, e.end, e.service, e.source) for e in later.entries}
    assert after <= before
    if more in QUALIFIER_OF or more in FILLER:
        assert after == before


@SHARED
@given(word=st.text(alphabet="qxzjvkw", min_size=5, max_size=12))
def test_random_letters_that_match_no_word_return_nothing(
    engine: SearchEngine, catalog: Catalog, word: str
) -> None:
    vocabulary = _all_words(catalog)
    if any(known.startswith(word[:3]) for known in vocabulary):
        return  # close to a real word: a typo of it may rightly be found
    assert engine.search(word).entries == ()


# -- typos --------------------------------------------------------------------------------


def _swap(word: str, at: int) -> str:
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _prominent_names(catalog: Catalog) -> list[PortEntry]:
    """Entries people meet whose service name is one plain word of five letters or more."""
    return [
        e
        for e in catalog
        if e.prominence >= 2
        and e.service.isalpha()
        and len(e.service) >= 5
        and len(set(e.service)) == len(e.service)
    ]


def test_two_neighbouring_letters_swapped_is_one_edit(engine: SearchEngine, catalog: Catalog) -> None:
    """ldpa -> ldap, snpm -> snmp: a swap costs one edit, so the entry is found and comes first."""
    checked = 0
    for entry in _prominent_names(catalog):
        for at in range(1, len(entry.service) - 1):
            typo = _swap(entry.service, at)
            found = top(engine, typo, 3)
            assert (entry.port, entry.service) in found, f"{typo!r} -> {found}"
            checked += 1
    assert checked > 50
    assert top(engine, "ldpa") == [(389, "ldap")] and top(engine, "snpm") == [(161, "snmp")]


def test_a_typo_of_the_first_letter_is_no_match(engine: SearchEngine, catalog: Catalog) -> None:
    """People rarely mistype the first letter; allowing it makes guesses unbelievable."""
    for entry in _prominent_names(catalog)[:40]:
        typo = "q" + entry.service[1:] if entry.service[0] != "q" else "z" + entry.service[1:]
        assert (entry.port, entry.service) not in top(engine, typo, 20), typo


def test_a_name_beats_an_alias_of_another_entry_as_prominent(engine: SearchEngine) -> None:
    assert top(engine, "wireguad") == [(51820, "wireguard")]  # before tailscale, whose alias it is
    assert top(engine, "wireguard") == [(51820, "wireguard")]
    assert top(engine, "rabitmq")[0][1] != "epmd"  # RabbitMQ's own ports, not the port mapper


def test_a_typo_of_what_people_meet_beats_a_prefix_of_an_obscure_name(engine: SearchEngine) -> None:
    assert top(engine, "vcn") == [(5900, "rfb")]  # VNC, before vcnet-link-v10
    assert (53, "domain") in top(engine, "dsn", 3)  # DNS, after IANA's literal d-s-n


def test_short_words_tolerate_only_a_swap(engine: SearchEngine) -> None:
    assert top(engine, "sll") == []  # one edit from too many three-letter names to guess
    assert top(engine, "nsf") == [(2049, "nfs")]


def test_a_word_found_as_typed_is_not_guessed_at(engine: SearchEngine) -> None:
    """A real word is taken as typed: no typo guesses beside exact and prefix answers."""
    for text in ("postgres", "mysq", "kube", "ssh", "mail", "metasploit", "eternalblue", "mirai"):
        kinds = {engine.search(text).match_at(i).kind for i in range(len(engine.search(text).entries))}
        assert "fuzzy" not in kinds, text


# -- what matched: the match kinds --------------------------------------------------------


KIND_QUERIES = [
    "ssh",
    "rdp",
    "postg",
    "postgress",
    "scada",
    "botnet",
    "http 8080",
    "remote access",
    "active directory",
    "kerbros",
    "sql server",
    "eternalblue",
    "tag:database",
    "22",
    "8000-8100",
]


@pytest.mark.parametrize("text", KIND_QUERIES)
def test_match_kind_agrees_with_why_the_entry_matched(
    engine: SearchEngine, catalog: Catalog, text: str
) -> None:
    result = engine.search(text)
    words = result.content
    tag_words = {
        tag: {*tokens(tag), *(w for word in found for w in tokens(word))}
        for tag, (_m, found) in catalog.vocabulary.tags.items()
    }
    for i, entry in enumerate(result.entries[:60]):
        match = result.match_at(i)
        names = _name_words(entry, catalog)
        if match.kind == "port":
            assert (
                result.query.port is not None
                or result.query.port_range is not None
                or any(w.isdigit() for w in words)
            )
        elif match.kind == "name":
            assert {"".join(words), "".join(result.query.words)} & {"".join(tokens(entry.service))}
        elif match.kind == "alias":
            aliases = {"".join(tokens(a)) for a in entry.aliases}
            assert {"".join(words), "".join(result.query.words)} & aliases
        elif match.kind == "prefix":
            assert all(any(n.startswith(w) for n in names) for w in words), (text, entry)
        elif match.kind == "tag":
            marks = (
                set().union(*(tag_words.get(t, set(tokens(t))) for t in entry.tags)) if entry.tags else set()
            )
            assert any(w in marks or any(m.startswith(w) for m in marks) for w in words) or result.query.tags
        elif match.kind == "fuzzy":
            assert not all(any(n.startswith(w) for n in names) for w in words)
        elif match.kind == "note":
            assert result.note is not None
            assert (entry.service, entry.port) in result.note.entries
        elif match.kind == "process":
            assert any("".join(words) == "".join(tokens(p)) for p in entry.processes)
        else:
            assert match.kind == "description"
            assert any(w in " ".join(tokens(entry.description)) for w in words)
        assert 0 < match.score <= 100


def _name_words(entry: PortEntry, catalog: Catalog) -> set[str]:
    family = catalog.vocabulary.families.get(entry.family, ("", ()))
    texts = [entry.service, *entry.aliases, entry.title, family[0], *family[1], str(entry.port)]
    found = {w for text in texts for w in tokens(text)}
    found |= {"".join(tokens(text)) for text in texts}
    return found


def _all_words(catalog: Catalog) -> set[str]:
    found: set[str] = set()
    for entry in catalog:
        for text in (entry.service, entry.title, *entry.aliases, entry.description, *entry.tags):
            found.update(tokens(text))
    for name, words in catalog.vocabulary.families.values():
        found.update(tokens(" ".join((name, *words))))
    for _meaning, words in catalog.vocabulary.tags.values():
        found.update(tokens(" ".join(words)))
    return found
