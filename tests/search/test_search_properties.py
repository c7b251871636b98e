"""Properties that hold for any input: no crash, filters respected, exact ports first."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portdeck.dataset import MAX_PORT, Catalog, Protocol, RangeClass
from portdeck.search import SearchEngine, SearchResult, parse_query

# The session engine is shared on purpose: searching must not change its answers.
SHARED = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)

protocol_words = st.sampled_from([p.value for p in Protocol] + ["TCP", "Udp"])
ports = st.integers(min_value=0, max_value=MAX_PORT)
words = st.sampled_from(
    ["ssh", "http", "sql", "server", "mail", "postgress", "kerb", "x", "9", "80", "-", ".."]
)
# Text people type, mixed with the pieces the parser cares about.
query_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.lists(st.one_of(protocol_words, words, ports.map(str), st.text(max_size=5)), max_size=6).map(" ".join),
    st.builds(
        lambda a, sep, b: f"{a}{sep}{b}",
        st.integers(-10, 99999),
        st.sampled_from(["-", "..", ":", "/", " - "]),
        st.integers(-10, 99999),
    ),
)


def check_result(result: SearchResult) -> None:
    assert isinstance(result.entries, Sequence)
    assert result.counts[None] == len(result.entries)
    for range_class in RangeClass:
        in_class = result.in_class(range_class)
        assert list(in_class) == [e for e in result.entries if e.range_class is range_class]
        assert result.counts[range_class] == len(in_class)
    if result.error is not None:
        assert "\n" not in result.error
    wanted = result.query.protocols
    if wanted:
        # An entry that names no protocol (an IANA block set aside without one) is on every one.
        assert all(not e.protocols or not wanted.isdisjoint(e.protocols) for e in result.entries)
    if result.query.port_range is not None:
        low, high = result.query.port_range
        assert all(e.port <= high and e.end >= low for e in result.entries)


@SHARED
@given(text=query_text)
def test_never_raises(engine: SearchEngine, text: str) -> None:
    check_result(engine.search(text))


@SHARED
@given(text=st.text(min_size=1, max_size=20), repeat=st.integers(1, 600))
def test_long_and_control_text(engine: SearchEngine, text: str, repeat: int) -> None:
    long = (text * repeat)[:10_000]
    check_result(engine.search(long))
    check_result(engine.search("\x00\x1b[31m" + long + "\x7f\u200b\ufeff"))


def test_ten_thousand_characters(engine: SearchEngine) -> None:
    for text in ("a" * 10_000, "9" * 10_000, "-" * 10_000, "ssh " * 2_500, "\x00" * 10_000):
        check_result(engine.search(text))


@SHARED
@given(protocol=st.sets(st.sampled_from(list(Protocol)), min_size=1), rest=st.one_of(words, ports.map(str)))
def test_protocol_filter_holds(engine: SearchEngine, protocol: set[Protocol], rest: str) -> None:
    text = " ".join([*(p.value for p in sorted(protocol)), rest])
    result = engine.search(text)
    assert result.query.protocols == frozenset(protocol)
    wanted = result.query.protocols
    assert all(not e.protocols or not wanted.isdisjoint(e.protocols) for e in result.entries)


@SHARED
@given(low=ports, high=ports, separator=st.sampled_from(["-", "..", " - ", " .. "]))
def test_range_filter_holds(engine: SearchEngine, low: int, high: int, separator: str) -> None:
    result = engine.search(f"{low}{separator}{high}")
    first, last = sorted((low, high))
    assert result.query.port_range == (first, last)
    assert all(e.port <= last and e.end >= first for e in result.entries)
    assert [e.port for e in result.entries if not e.is_range] == sorted(
        e.port for e in result.entries if not e.is_range
    )


@SHARED
@given(port=ports, protocol=st.none() | st.sampled_from(list(Protocol)))
def test_exact_port_comes_first(
    engine: SearchEngine, catalog: Catalog, port: int, protocol: Protocol | None
) -> None:
    text = f"{protocol.value} {port}" if protocol else str(port)
    result = engine.search(text)
    assert result.port == port
    assert result.assignment is catalog.assignment(port)
    here = [e for e in catalog.at(port) if protocol is None or not e.protocols or protocol in e.protocols]
    assert list(result.entries[: len(here)]) == here
    assert all(str(e.port).startswith(str(port)) for e in result.entries[len(here) :])


@SHARED
@given(port=st.sampled_from([22, 53, 80, 443, 3389, 5432, 6379, 8080, 27017]))
def test_exact_port_first_for_common_ports(engine: SearchEngine, port: int) -> None:
    assert engine.search(str(port)).entries[0].port == port


@given(text=query_text)
def test_parse_query_never_raises(text: str) -> None:
    query = parse_query(text)
    assert query.text == " ".join(query.text.split())
    assert query.port is None or 0 <= query.port <= MAX_PORT
