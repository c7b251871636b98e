"""What comes out on top: one row per rule of the search box (issue 3)."""

from __future__ import annotations

import pytest

from portdeck.dataset import Assignment, Catalog, PortEntry, Protocol, RangeClass
from portdeck.search import SearchEngine

# (query, port, service) of the expected first result.
TOP = [
    # A number: that port's entries first.
    ("22", 22, "ssh"),
    ("443", 443, "https"),
    ("80", 80, "http"),
    ("5432", 5432, "postgresql"),
    ("3389", 3389, "ms-wbt-server"),
    ("0053", 53, "domain"),  # leading zeros are the same port
    ("6001", 6000, "x11"),  # a registry range that covers the port
    ("50000", 50000, "jenkins-agent"),  # several common uses: the most met first (Jenkins agents)
    ("8", 80, "http"),  # port 8 is unassigned: prominent ports written 8... come first
    # A number with a protocol.
    ("udp 53", 53, "domain"),
    ("udp:53", 53, "domain"),
    ("53/udp", 53, "domain"),
    ("tcp 22", 22, "ssh"),
    ("sctp 80", 80, "http"),
    # Ranges, in port order.
    ("8000-8100", 8000, "irdmi"),
    ("8000..8100", 8000, "irdmi"),
    ("8000 - 8100", 8000, "irdmi"),
    ("8100-8000", 8000, "irdmi"),  # reversed: the same ports
    ("6010-6020", 6000, "x11"),  # a range entry overlapping the range
    # Protocol words alone: that protocol's entries in port order.
    ("sctp", 9, "discard"),
    ("dccp", 9, "discard"),
    # Exact service names.
    ("ssh", 22, "ssh"),
    ("http", 80, "http"),
    ("https", 443, "https"),
    ("smtp", 25, "smtp"),
    ("kerberos", 88, "kerberos"),
    ("postgresql", 5432, "postgresql"),
    ("SSH", 22, "ssh"),
    ("  ssh  ", 22, "ssh"),
    ("ms-sql-s", 1433, "ms-sql-s"),
    ("ms sql s", 1433, "ms-sql-s"),  # separators do not matter in names
    # Aliases.
    ("dns", 53, "domain"),
    ("rdp", 3389, "ms-wbt-server"),
    ("smb", 445, "microsoft-ds"),  # the alias its title repeats beats 139's
    ("ldaps", 636, "ldaps"),
    ("postgres", 5432, "postgresql"),
    ("mongo", 27017, "mongodb"),
    ("k8s", 6443, "kube-apiserver"),
    ("mssql", 1433, "ms-sql-s"),
    # Prefixes, as typed.
    ("postg", 5432, "postgresql"),
    ("kube apiserver", 6443, "kube-apiserver"),  # "kube" alone is also CoreDNS's kube-dns
    ("elasticse", 9200, "elasticsearch"),
    ("kerb", 88, "kerberos"),
    ("mysq", 3306, "mysql"),
    # Typos.
    ("postgress", 5432, "postgresql"),
    ("kerbros", 88, "kerberos"),
    ("kubernetse", 6443, "kube-apiserver"),
    ("elasticsaerch", 9200, "elasticsearch"),
    ("redsi", 6379, "redis"),
    ("pstgresql", 5432, "postgresql"),
    ("Pöstgres", 5432, "postgresql"),  # accents folded
    # Several words narrow the result.
    ("sql server", 1433, "ms-sql-s"),
    ("server sql", 1433, "ms-sql-s"),
    ("sql servr", 1433, "ms-sql-s"),
    ("microsoft sql", 1433, "ms-sql-s"),
    ("remote desktop", 3389, "ms-wbt-server"),
    ("windows file sharing", 445, "microsoft-ds"),  # SMB over TCP; 139 (over NetBIOS) follows
    ("http 8080", 8080, "http-alt"),  # a number among words narrows by port
    # Protocol words with words.
    ("tcp ssh", 22, "ssh"),
    ("udp dns", 53, "domain"),
    ("sctp ssh", 22, "ssh"),
    # Ties: the common, curated port before obscure registry rows.
    ("mail", 25, "smtp"),
    ("imap", 143, "imap"),
    ("pop3", 110, "pop3"),
    ("ftp", 21, "ftp"),
    ("ntp", 123, "ntp"),
    ("irc", 6665, "ircu"),  # what IRC servers use (6667), not the registry's unused 194
]


@pytest.mark.parametrize(("text", "port", "service"), TOP, ids=[row[0] for row in TOP])
def test_top_result(engine: SearchEngine, text: str, port: int, service: str) -> None:
    result = engine.search(text)
    assert result.entries, f"{text!r} found nothing"
    top = result.entries[0]
    shown = [(e.port, e.service) for e in result.entries[:5]]
    assert (top.port, top.service) == (port, service), f"{text!r} ranked {shown}"


def test_enough_cases() -> None:
    assert len(TOP) >= 40


@pytest.mark.parametrize(
    ("text", "near_top"),
    [
        ("mail", {25, 110, 143, 587, 993, 995}),  # SMTP, POP3, IMAP and their TLS ports
        ("http", {80, 443, 8080}),
        ("dns", {53, 853, 5353}),
        ("kubernetes", {6443, 10250}),
        ("elastic", {9200, 5601}),
        ("dsn", {53, 853}),  # too short for fuzzy matching, but two letters swapped are found
        ("nsf", {2049}),
    ],
)
def test_near_top(engine: SearchEngine, text: str, near_top: set[int]) -> None:
    ports = [e.port for e in engine.search(text).entries[:8]]
    assert near_top <= set(ports), f"{text!r} ranked {ports}"


def test_http_puts_the_plain_port_above_its_variants(engine: SearchEngine) -> None:
    ranked = [e.service for e in engine.search("http").entries]
    assert ranked.index("http") < ranked.index("http-alt") < ranked.index("http-mgmt")


def test_number_then_ports_that_start_with_it(engine: SearchEngine) -> None:
    result = engine.search("80")
    ports = [e.port for e in result.entries]
    assert ports[:3] == [80, 80, 80]
    assert {8000, 8080} <= set(ports)
    assert all(str(p).startswith("80") for p in ports)
    # What people meet first on the port itself; official first among equals.
    on_80 = [e for e in result.entries if e.port == 80]
    order = [(e.prominence, e.official) for e in on_80]
    assert on_80[0].service == "http"
    assert [p for p, _ in order] == sorted((p for p, _ in order), reverse=True)


def test_number_as_typed_digit_by_digit(engine: SearchEngine) -> None:
    for typed in ("5", "54", "543", "5432"):
        result = engine.search(typed)
        assert result.port == int(typed)
        assert all(str(e.port).startswith(typed) or e.covers(int(typed)) for e in result.entries)
    assert engine.search("5432").entries[0].service == "postgresql"


def test_range_is_in_port_order_and_inside(engine: SearchEngine) -> None:
    result = engine.search("8000-8100")
    ports = [e.port for e in result.entries]
    assert ports == sorted(ports)
    assert all(e.port <= 8100 and e.end >= 8000 for e in result.entries)
    assert {8000, 8080, 8081} <= set(ports)
    assert result.port is None and result.assignment is None and result.error is None
    assert result.query.port_range == (8000, 8100)


@pytest.mark.parametrize(
    ("text", "assignment"),
    [
        ("22", Assignment.ASSIGNED),
        ("8", Assignment.UNASSIGNED),
        ("0", Assignment.RESERVED),
        ("50000", Assignment.DYNAMIC),
        ("65000", Assignment.DYNAMIC),
        ("udp 53", Assignment.ASSIGNED),
    ],
)
def test_number_has_an_assignment(engine: SearchEngine, text: str, assignment: Assignment) -> None:
    result = engine.search(text)
    assert result.port == int(text.rsplit(maxsplit=1)[-1])
    assert result.assignment is assignment
    assert result.error is None


def test_unassigned_number_still_answers(engine: SearchEngine, catalog: Catalog) -> None:
    port = next(p for p in range(1024, 49152) if catalog.assignment(p) is Assignment.UNASSIGNED)
    result = engine.search(str(port))
    assert result.port == port
    assert result.assignment is Assignment.UNASSIGNED
    assert result.error is None
    assert all(e.port != port for e in result.entries)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("99999", "99999 is not a port number (0-65535)"),
        ("-5", "-5 is not a port number (0-65535)"),
        ("65536", "65536 is not a port number (0-65535)"),
        ("8000-70000", "70000 is not a port number (0-65535)"),
        ("udp 99999", "99999 is not a port number (0-65535)"),
    ],
)
def test_not_a_port(engine: SearchEngine, text: str, message: str) -> None:
    result = engine.search(text)
    assert result.error == message
    assert result.entries == ()
    assert result.port is None and result.assignment is None


def test_huge_number_gives_a_short_error(engine: SearchEngine) -> None:
    result = engine.search("9" * 10_000)
    assert result.error is not None and "\n" not in result.error and len(result.error) < 60


@pytest.mark.parametrize("text", ["", "   ", "\x00", "\t\n"])
def test_nothing_to_match_lists_everything_by_port(engine: SearchEngine, catalog: Catalog, text: str) -> None:
    result = engine.search(text)
    assert result.error is None
    assert result.entries == catalog.entries


@pytest.mark.parametrize("text", ["-", "--", "?", "!!!", "...", "🔥", "¿¡"])
def test_text_with_nothing_searchable_matches_nothing(engine: SearchEngine, text: str) -> None:
    result = engine.search(text)
    assert result.error is None and result.entries == () and result.query.void


def test_protocol_word_filters(engine: SearchEngine) -> None:
    result = engine.search("udp")
    assert result.entries and all(Protocol.UDP in e.protocols or not e.protocols for e in result.entries)
    # IANA blocks that name no protocol are on every one (as a check of 4200/udp says)
    assert any(e.port_label == "4200-4299" for e in result.entries)
    assert result.query.protocols == frozenset({Protocol.UDP})
    assert [e.port for e in result.entries] == sorted(e.port for e in result.entries)


def test_protocol_filter_applies_to_words(engine: SearchEngine) -> None:
    services = {e.service for e in engine.search("udp ssh").entries}
    assert "ssh" in services  # ssh is registered on udp too
    assert all(Protocol.SCTP in e.protocols or not e.protocols for e in engine.search("sctp http").entries)


def test_no_match(engine: SearchEngine) -> None:
    result = engine.search("xyzzyqwv")
    assert result.entries == ()
    assert result.error is None
    assert result.counts[None] == 0


def test_counts_and_tabs_agree(engine: SearchEngine) -> None:
    for text in ("", "s", "http", "8", "40000-60000", "tcp"):
        result = engine.search(text)
        assert result.counts[None] == len(result.entries) == len(result.in_class(None))
        total = 0
        # Each entry's first place in the All tab, looked up once: `entries.index(e)` per entry
        # of every tab read the whole list again for each, ~10 s over the full dataset.
        first_place: dict[PortEntry, int] = {}
        for place, entry in enumerate(result.entries):
            first_place.setdefault(entry, place)
        for range_class in RangeClass:
            view = result.in_class(range_class)
            assert all(e.range_class is range_class for e in view)
            assert result.counts[range_class] == len(view)
            # Same order as the All tab.
            positions = [first_place[e] for e in view]
            assert positions == sorted(positions)
            total += len(view)
        assert total == len(result.entries)


def test_several_words_only_narrow(engine: SearchEngine) -> None:
    assert len(engine.search("sql server").entries) <= len(engine.search("sql").entries)


def test_query_is_reported(engine: SearchEngine) -> None:
    query = engine.search("TCP  SSH").query
    assert query.text == "ssh"
    assert query.protocols == frozenset({Protocol.TCP})
    assert query.port is None and query.port_range is None
