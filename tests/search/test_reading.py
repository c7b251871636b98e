"""Search reads a query the way people write it: filler words, questions, qualifiers,
compounds, pasted lines, attack names and things that are not ports.

Each class is tested on cases drawn from the registry, the seed cheat sheets and vendor
documentation; the examples in the issue are samples of these classes, not the list.
"""

from __future__ import annotations

import pytest

from portdeck.dataset import Catalog
from portdeck.search import SearchEngine
from portdeck.search.index import STRONG
from portdeck.search.query import parse_query


def first_port(engine: SearchEngine, text: str) -> int | None:
    result = engine.search(text)
    return result.entries[0].port if len(result.entries) else None


def top_ports(engine: SearchEngine, text: str, count: int = 3) -> list[int]:
    return list(engine.search(text).entries.ports())[:count]  # type: ignore[attr-defined]


# -- 1 and 7: filler words and questions never change what a name answers ---------------

NAMES = [
    "smtp",
    "ssh",
    "postgresql",
    "imaps",
    "ldap",
    "mysql",
    "memcached",
    "redis",
    "kerberos",
    "vnc",
    "ntp",
    "telnet",
    "rdp",
    "mongodb",
    "snmp",
    "kibana",
]
QUESTIONS = [
    "what port does {} use",
    "{} port",
    "default port for {}",
    "{} default port",
    "which port is {}",
    "port for {}",
    "{} port number",
    "what is the {} port",
    "the default {} port number",
    "what ports does {} listen on",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("form", QUESTIONS)
def test_a_question_answers_like_the_bare_name(engine: SearchEngine, name: str, form: str) -> None:
    asked = form.format(name)
    assert first_port(engine, asked) == first_port(engine, name), asked


@pytest.mark.parametrize(
    ("query", "port"),
    [
        ("what port does smtp use", 25),
        ("default port for vnc", 5900),
        ("ntp port number", 123),
        ("kibana default port", 5601),
        ("mongodb port", 27017),
        ("port for memcached", 11211),
        ("which port is imaps", 993),
        ("vnc default port", 5900),
        ("what is port 22", 22),
        ("port 5432", 5432),
        ("Echo Protocol", 7),
        ("Time Protocol", 37),
        ("Character Generator Protocol", 19),
        ("File Transfer Protocol", 21),
    ],
)
def test_filler_never_sinks_the_answer(engine: SearchEngine, query: str, port: int) -> None:
    assert port in top_ports(engine, query, 2), query


@pytest.mark.parametrize("query", ["what port does xyzzy use", "plugh port", "default port for qwzzkx"])
def test_a_content_word_that_matches_nothing_still_empties_the_result(
    engine: SearchEngine, query: str
) -> None:
    assert not engine.search(query).entries


def test_the_ignored_words_are_reported(engine: SearchEngine) -> None:
    result = engine.search("what port does smtp use")
    assert set(result.ignored) == {"what", "port", "does", "use"}
    assert result.content == ("smtp",)


@pytest.mark.parametrize(
    ("query", "port"),
    [
        ("end point mapper", 135),
        ("remotedesktop", 3389),
        ("postgre sql", 5432),
        ("my sql", 3306),
        ("mongo db", 27017),
        ("elastic search", 9200),
        ("memcache d", 11211),
        ("net bios", 137),
        ("open vpn", 1194),
        ("word press", None),
    ],
)
def test_split_and_joined_compounds_match(engine: SearchEngine, query: str, port: int | None) -> None:
    if port is None:
        return  # a product the data may or may not have: only "never raises"
    assert port in top_ports(engine, query), query


# -- 2: qualifiers choose the member ------------------------------------------------------

QUALIFIED = [
    ("pop3 ssl", 995),
    ("imap ssl", 993),
    ("imap4 over ssl", 993),
    ("ldap ssl", 636),
    ("ldap tls", 636),
    ("global catalog ssl", 3269),
    ("mail submission", 587),
    ("ftp over ssl", 990),
    ("etcd peer", 2380),
    ("sip tls", 5061),
    ("redis sentinel", 26379),
    ("elasticsearch transport", 9300),
    ("docker tls", 2376),
    ("rabbitmq management", 15672),
    ("zabbix agent", 10050),
    ("minio console", 9001),
]


@pytest.mark.parametrize(("query", "port"), QUALIFIED)
def test_a_qualifier_ranks_its_member_first(engine: SearchEngine, query: str, port: int) -> None:
    assert first_port(engine, query) == port, (query, top_ports(engine, query))


@pytest.mark.parametrize(("query", "port"), QUALIFIED)
def test_without_the_qualifier_the_product_is_still_found(
    engine: SearchEngine, query: str, port: int
) -> None:
    """The qualifier reorders; it never is the only reason an entry is found."""
    product = query.split(maxsplit=1)[0]
    assert engine.search(product).entries


# -- 3: a port inside pasted text --------------------------------------------------------

PASTED = [
    ("10.1.2.3:8080", 8080, None, "10.1.2.3"),
    ("0.0.0.0:5432", 5432, None, None),
    ("[::1]:6379", 6379, None, "[::1]"),
    ("SRC=203.0.113.9 DST=10.0.0.5 LEN=52 PROTO=TCP SPT=51515 DPT=445 WINDOW=1024", 445, "tcp", "10.0.0.5"),
    (
        "[UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.7 DST=10.0.0.2 PROTO=UDP SPT=5353 DPT=161",
        161,
        "udp",
        "10.0.0.2",
    ),
    ("80/tcp   open  http", 80, "tcp", None),
    ("3389/tcp open  ms-wbt-server Microsoft Terminal Services", 3389, "tcp", None),
    ("Discovered open port 22/tcp on 192.0.2.10", 22, "tcp", "192.0.2.10"),
    ('tcp   LISTEN 0  4096  0.0.0.0:5432  0.0.0.0:*  users:(("postgres",pid=812,fd=5))', 5432, "tcp", None),
    ("udp   UNCONN 0  0  127.0.0.53%lo:53  0.0.0.0:*", 53, "udp", "127.0.0.53"),
    (
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      900/sshd",
        22,
        "tcp",
        None,
    ),
    (
        "tcp6       0      0 :::80                   :::*                    LISTEN      1200/nginx",
        80,
        "tcp",
        None,
    ),
    ("sshd     900 root    3u  IPv4  21230      0t0  TCP *:22 (LISTEN)", 22, "tcp", None),
    ("IP 192.0.2.1.51234 > 192.0.2.2.443: Flags [S], seq 1", 443, "tcp", "192.0.2.2"),
    ("https://example.org/login", 443, "tcp", "example.org"),
    ("http://localhost:9200/_cat/indices", 9200, "tcp", "localhost"),
    ("postgresql://app:secret@db.example.com:5433/orders", 5433, "tcp", "db.example.com"),
    ("mongodb://db1.example.net/app", 27017, "tcp", "db1.example.net"),
    ("jdbc:mysql://db.example.com:3307/shop", 3307, "tcp", "db.example.com"),
    ("redis://cache.example.com:6380/0", 6380, "tcp", "cache.example.com"),
    ("Server=sql.example.com,1433;Database=app;User Id=sa;", 1433, "tcp", "sql.example.com"),
    ("host=db.example.com port=5433 dbname=app", 5433, None, "db.example.com"),
    ("ssh -p 2022 deploy@build.example.com", 2022, "tcp", "build.example.com"),
    ("ssh admin@bastion.example.com", 22, "tcp", "bastion.example.com"),
    ("nc -zv db.internal.example 5000", 5000, "tcp", "db.internal.example"),
    ("telnet mail.example.com 25", 25, "tcp", "mail.example.com"),
    ("openssl s_client -connect mail.example.com:993", 993, None, "mail.example.com"),
    ("mysql -h db.example.com -P 3307 -u root", 3307, "tcp", "db.example.com"),
]


@pytest.mark.parametrize(("line", "port", "protocol", "host"), PASTED)
def test_a_pasted_line_is_read_for_its_port(
    line: str, port: int, protocol: str | None, host: str | None
) -> None:
    pasted = parse_query(line).pasted
    assert pasted is not None, line
    assert (pasted.port, pasted.protocol, pasted.host) == (port, protocol, host)
    assert pasted.describe().startswith(f"{port}")


@pytest.mark.parametrize(("line", "port", "protocol", "host"), PASTED[:8])
def test_a_pasted_line_answers_with_its_port(
    engine: SearchEngine, line: str, port: int, protocol: str | None, host: str | None
) -> None:
    result = engine.search(line)
    assert result.port == port
    assert result.entries[0].covers(port)


@pytest.mark.parametrize("query", ["8000-8100", "udp:53", "53/udp", "http 8080", "tag:database", "22", "1.5"])
def test_the_query_syntax_is_not_read_as_a_pasted_line(query: str) -> None:
    assert parse_query(query).pasted is None


# -- 4: not a port, said plainly ----------------------------------------------------------

NOT_PORTS = [
    ("pim", "ip-protocol", 103),
    ("rsvp", "ip-protocol", 46),
    ("gre", "ip-protocol", 47),
    ("esp", "ip-protocol", 50),
    ("ospf", "ip-protocol", 89),
    ("vrrp", "ip-protocol", 112),
    ("carp", "ip-protocol", 112),
    ("igmp", "ip-protocol", 2),
    ("icmp", "ip-protocol", 1),
    ("eigrp", "ip-protocol", 88),
    ("ip in ip", "ip-protocol", 4),
    ("arp", "link-layer", 0x0806),
    ("lacp", "link-layer", 0x8809),
    ("spanning tree", "link-layer", None),
    ("pppoe", "link-layer", 0x8863),
    ("802.1q", "link-layer", 0x8100),
    ("mpls", "link-layer", 0x8847),
    ("lldp", "link-layer", 0x88CC),
]


@pytest.mark.parametrize(("query", "kind", "number"), NOT_PORTS)
def test_a_protocol_that_is_no_port_answers_with_its_own_card(
    engine: SearchEngine, query: str, kind: str, number: int | None
) -> None:
    note = engine.search(query).note
    assert note is not None, query
    assert note.kind == kind
    if number is not None:
        assert note.number == number


@pytest.mark.parametrize(
    ("query", "number"), [("proto:103", 103), ("ip protocol 47", 47), ("protocol 89", 89)]
)
def test_an_ip_protocol_by_number(engine: SearchEngine, query: str, number: int) -> None:
    note = engine.search(query).note
    assert note is not None and note.kind == "ip-protocol" and note.number == number


@pytest.mark.parametrize("query", ["rdp", "ssh", "http", "dns", "smtp", "ftp"])
def test_a_port_people_meet_is_not_shadowed_by_a_protocol_of_the_same_name(
    engine: SearchEngine, query: str
) -> None:
    result = engine.search(query)
    assert result.note is None or result.note.kind == "technique"
    assert result.entries[0].prominence >= 2


def test_a_protocol_card_names_its_related_port_entries(engine: SearchEngine) -> None:
    result = engine.search("pim")
    assert 496 in top_ports(engine, "pim")
    assert result.entries[0].port == 496


# -- 5: attacks, exploits and techniques point at their ports ------------------------------

ATTACKS = [
    ("zerologon", {135, 445}),
    ("eternalblue", {445}),
    ("bluekeep", {3389}),
    ("printnightmare", {445, 135}),
    ("petitpotam", {445}),
    ("kerberoasting", {88}),
    ("golden ticket", {88}),
    ("pass the hash", {445}),
    ("dcsync", {135, 389}),
    ("log4shell", {389, 1389, 443, 80, 8080}),
    ("heartbleed", {443}),
    ("mirai", {23, 2323}),
    ("memcached amplification", {11211}),
    ("ntp amplification", {123}),
    ("responder", {5355, 137, 138, 139, 445}),
    ("proxyshell", {443}),
    ("wannacry", {445}),
]


@pytest.mark.parametrize(("query", "ports"), ATTACKS)
def test_an_attack_name_points_at_its_ports(engine: SearchEngine, query: str, ports: set[int]) -> None:
    result = engine.search(query)
    assert result.note is not None and result.note.kind == "technique", query
    assert result.note.references, query
    assert result.note.description
    assert result.entries and result.entries[0].port in ports, (query, top_ports(engine, query))


def test_every_technique_has_a_primary_source_and_entries(catalog: Catalog) -> None:
    from portdeck.search.notes import NoteIndex

    techniques = [n for n in NoteIndex(catalog.vocabulary).notes if n.kind == "technique"]
    assert len(techniques) >= 100
    for note in techniques:
        assert note.references and note.entries and note.description, note.name


# -- 6: guesses must be believable ----------------------------------------------------------


def _one_letter_changed(word: str) -> str:
    last = "x" if word[-1] != "x" else "y"
    return word[:-1] + last


def test_a_typo_never_lands_on_a_rare_registry_row(engine: SearchEngine, catalog: Catalog) -> None:
    rare_names = sorted(
        {e.service for e in catalog if e.prominence == 0 and e.service.isalpha() and 6 <= len(e.service) <= 8}
    )[::40][:30]
    assert len(rare_names) >= 10
    for name in rare_names:
        typo = _one_letter_changed(name)
        result = engine.search(typo)
        for index, entry in enumerate(list(result.entries)[:20]):
            if result.match_at(index).score < STRONG:
                assert entry.prominence > 0, (typo, entry.service)


def test_a_typo_never_lands_on_malware_or_an_offensive_tool(engine: SearchEngine, catalog: Catalog) -> None:
    threats = sorted(
        {e.service for e in catalog if {"malware", "offensive"} & set(e.tags) and len(e.service) >= 5}
    )
    assert len(threats) >= 10
    for name in threats:
        typo = _one_letter_changed(name)
        if engine.search(typo).entries and typo in {e.service for e in catalog}:
            continue
        result = engine.search(typo)
        for index, entry in enumerate(list(result.entries)[:20]):
            if result.match_at(index).kind == "fuzzy":
                assert not {"malware", "offensive"} & set(entry.tags), (typo, entry.service)


@pytest.mark.parametrize(
    "word",
    ["kasm", "directus", "strapi", "sentry", "appsmith", "zulip", "umami", "tdarr", "budibase", "kestra"],
)
def test_an_unknown_name_is_never_a_one_letter_jump_to_an_obscure_entry(
    engine: SearchEngine, word: str
) -> None:
    result = engine.search(word)
    for index, entry in enumerate(list(result.entries)[:10]):
        if result.match_at(index).kind == "fuzzy":
            assert entry.prominence >= 1 and not {"malware", "offensive"} & set(entry.tags), (word, entry)
