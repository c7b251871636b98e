"""The pasted lines read without `re` (plain_lines.py) are read as their patterns read them:
on any ASCII text drawn from the characters such lines are made of."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.line_patterns import HOST, LOG_DESTINATION, LOG_DESTINATION_PORT, LOG_PROTOCOL
from portdeck.search import plain_lines

PIECES = [
    "10", "1", "2", "255", "0", "8080", "123456", ".", ":", "::", "[", "]", "*", "%", "lo", "eth0", "-", "_",
    "a", "Z", "db", "example", "org", "localhost", " ", "\t", "=", "/", "tcp", "UDP", "sctp", "DPT=", "PROTO=",
    "DST=", "SRC=", "x", "fe80", "server", "Data Source", "address", "-p", "P", "://", "http", ",", ";",
    "tcp6", "TCP", "udp", "LISTEN", "UNCONN", "LISTENING", "user@", "@", "?", "#", "+srv", "mongodb", "a-b", "3000",
]  # fmt: skip
lines = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)

LOOKS_PASTED = re.compile(
    r"\d[.:]\d|://|=\s*\d|\d/(?:tcp|udp|sctp)\b|\s-[pP]\s?\d|\]:\d|\*:\d|::\d|\b(?:server|data source|address)\s*=",
    re.IGNORECASE,
)
ADDRESS = re.compile(rf"(?<![\w.:])({HOST}):(\d{{1,5}})(?![\d.])")
URL = re.compile(
    rf"\b([A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/\s]*@)?({HOST}|[A-Za-z0-9-]+)(?::(\d{{1,5}}))?(?=[/?#\s,;]|$)"
)
BARE_IPV6 = re.compile(r"(?<!\S)([0-9A-Fa-f:]*:):(\d{1,5})(?!\S)")
SOCKET_LINE = re.compile(r"(?i)^\s*(tcp|udp|tcp6|udp6|sctp)\S*\s")


@settings(max_examples=1500, deadline=None)
@given(text=lines)
def test_looks_pasted_as_the_pattern_says(text: str) -> None:
    assert plain_lines.looks_pasted(text) == bool(LOOKS_PASTED.search(text))


@settings(max_examples=1500, deadline=None)
@given(text=lines)
def test_the_address_is_the_one_the_pattern_finds(text: str) -> None:
    found = ADDRESS.search(text)
    assert plain_lines.address_and_port(text) == (found and (found[1], found[2], found[0]))


@settings(max_examples=1500, deadline=None)
@given(text=lines)
def test_the_firewall_fields_are_the_ones_the_patterns_find(text: str) -> None:
    port = re.search(LOG_DESTINATION_PORT, text)
    protocol, destination = re.search(LOG_PROTOCOL, text), re.search(LOG_DESTINATION, text)
    expected = port and (port[1], protocol and protocol[1], destination and destination[1], port[0])
    assert plain_lines.firewall_fields(text) == expected


@settings(max_examples=1500, deadline=None)
@given(text=lines)
def test_every_address_is_one_the_pattern_finds(text: str) -> None:
    assert plain_lines.addresses(text) == [(m[1], m[2]) for m in ADDRESS.finditer(text)]
    assert plain_lines.bare_ipv6(text) == [(m[1], m[2]) for m in BARE_IPV6.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(text=lines)
def test_the_url_is_the_one_the_pattern_finds(text: str) -> None:
    found = URL.search(text)
    assert plain_lines.url_parts(text) == (found and (found[1], found[2], found[3], found[0]))


@settings(max_examples=1500, deadline=None)
@given(text=lines)
def test_a_socket_line_and_its_state_as_the_patterns_read_them(text: str) -> None:
    found = SOCKET_LINE.match(text)
    assert plain_lines.socket_protocol(text) == (found and found[1])
    for word in ("LISTEN", "UNCONN"):
        assert plain_lines.has_word(text, word) == bool(re.search(rf"\b{word}\b", text))


def test_text_beyond_ascii_is_left_to_the_patterns() -> None:
    assert plain_lines.looks_pasted("١٠.٠.٠.١:80") is None
    assert plain_lines.address_and_port("hôte.example:80") is None
    assert plain_lines.firewall_fields("DPT=445 → drop") is None
    assert plain_lines.url_parts("http://hôte.example:80/") is None
    assert plain_lines.addresses("hôte.example:80") is None
