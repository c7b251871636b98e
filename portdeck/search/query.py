"""Parse what the user typed into a `Query`: words, a port or range, protocol filters.

Parsing never raises: anything that cannot be a port becomes a `Query` with an
`error` the UI can show on one line.
"""

from __future__ import annotations

import re
import unicodedata

from portdeck.dataset import MAX_PORT, Protocol
from portdeck.typed_tuple import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .pasted import Pasted

# Only the start of a very long paste matters; capping it keeps every later step cheap.
MAX_QUERY_CHARS = 256
# More words than this only narrow an already empty result, and each costs a fuzzy pass.
MAX_WORDS = 8

_PROTOCOL_WORDS = {p.value: p for p in Protocol}
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script
# The rest are compiled by `re` when first used, and each is used only where it can apply
# (`tag:` present, a digit typed): a one-shot `portdeck postgress` compiles two patterns.
# "8000 - 8100", "8000 .. 8100", "8000–8100" all become one "8000-8100" token.
_RANGE_GAP = r"(?<=\d)\s*(?:-|\.\.|\u2013|\u2014)\s*(?=\d)"
# Tokens split on whitespace and on separators people put between protocol and port.
_SPLIT = r"[\s:/,;]+"
_CONTROL = r"[\x00-\x1f\x7f-\x9f]+"
_NUMBER = r"[0-9]+"
_RANGE = r"([0-9]+)(?:-|\.\.)([0-9]+)"
# "8000-" or "8000.." while the rest of a range is still being typed.
_OPEN_RANGE = r"([0-9]+)(?:-|\.\.?)"
_NEGATIVE = r"-+[0-9]+"
_TAG = r"(?<![^\s,;])tag:([a-z0-9][a-z0-9-]*)"
# "proto:103", "ip protocol 103", "ipproto 47": an IP protocol by number; "ethertype:0x0806".
_PROTOCOL_NUMBER = (
    r"^\s*(?:proto|protocol|ipproto|ip-proto|ip\s+proto(?:col)?)(?:\s+number)?(?:\s*:\s*|\s+)(\d{1,3})\s*$"
)
# What a pasted line has and a query does not: an address's colon, a log's "=", a user@host,
# digits with dots (tcpdump's 10.0.0.1.443), "/tcp" of a scan line; or a client's name first.
_PASTED_MARKS = (":", "=", "@", ".", "/tcp", "/udp", "/sctp", " -p", " -P")
_CLIENT_WORDS = (
    "ssh", "scp", "sftp", "nc ", "ncat", "netcat", "telnet", "mysql", "mariadb", "psql", "redis-cli",
    "mongo", "nmap", "ftp", "curl", "wget", "openssl", "rsync", "mosh", "sudo",
)  # fmt: skip
_ETHERTYPE = r"^\s*ethertype(?:\s*:\s*|\s+)(0x[0-9a-f]{1,4}|\d{1,5})\s*$"
# Longer digit strings cannot be ports; int() of thousands of digits would even raise.
_MAX_DIGITS = 5


class Query(NamedTuple):
    """A parsed query. `text` holds the words left once numbers and protocols are taken out.

    Immutable like a frozen dataclass, but a NamedTuple: importing `dataclasses`
    costs the one-shot CLI lookup ~10 ms of its ~30 ms budget.
    """

    text: str = ""
    port: int | None = None
    port_range: tuple[int, int] | None = None
    protocols: frozenset[Protocol] = frozenset()
    error: str | None = None
    tags: frozenset[str] = frozenset()  # `tag:database`: only entries with every one of these tags
    void: bool = False  # something was typed, but nothing searchable ("!!!", "🔥"): nothing matches
    pasted: Pasted | None = None  # the port was read from a pasted line ("10.1.2.3:8080")
    note_number: tuple[str, int] | None = None  # ("ip-protocol", 103) for "proto:103"

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())

    @property
    def is_empty(self) -> bool:
        """Nothing to match: every entry (still filtered by protocol and tag) is the answer."""
        return (
            not self.text
            and self.port is None
            and self.port_range is None
            and self.error is None
            and not self.void
            and self.note_number is None
        )


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, digits of any script as ASCII digits:
    'Pöstgres' -> 'postgres', '２２' and '٢٢' -> '22'."""
    if text.isascii():
        return text.lower()  # the whole registry: skip the per-character Unicode work
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else c
        for c in decomposed
        if not unicodedata.combining(c)
    )


def tokens(text: str) -> list[str]:
    """The words of a text, folded, split at anything that is not a letter or digit."""
    return _WORD.findall(fold(text))


def parse_query(text: str) -> Query:
    """Parse a search box's text. Never raises."""
    if not isinstance(text, str):
        text = str(text)
    bare = text.strip()
    if bare.isascii() and bare.isdigit():  # the commonest query, "22": no pattern needed
        return _numeric(bare, frozenset())
    text = text[:MAX_QUERY_CHARS]
    if not text.isprintable():
        text = re.sub(_CONTROL, " ", text)
    has_digits = any(c.isdigit() for c in text)
    if has_digits or "://" in text or "@" in text:
        special = _special(text)
        if special is not None:
            return special
    text = fold(text)
    if has_digits:
        text = re.sub(_RANGE_GAP, "-", text)
    tags = frozenset(re.findall(_TAG, text)) if "tag:" in text else frozenset()
    if tags:
        text = re.sub(_TAG, " ", text)
    protocols: set[Protocol] = set()
    words: list[str] = []
    numbers: list[str] = []  # raw number-like tokens, interpreted once we know if words came too
    for token in re.split(_SPLIT, text):
        if not token:
            continue
        protocol = _PROTOCOL_WORDS.get(token)
        if protocol is not None:
            protocols.add(protocol)
        elif has_digits and _is_number_like(token):
            numbers.append(token)
        else:
            words.extend(tokens(token))
    found = frozenset(protocols)
    if len(numbers) == 1 and not words:
        return _numeric(numbers[0], found)._replace(tags=tags)
    # Numbers among words are words too: "http 8080" narrows http to ports starting 8080.
    for number in numbers:
        words.extend(tokens(number))
    void = not (words or found or tags) and bool(text.strip())
    return Query(text=" ".join(words[:MAX_WORDS]), protocols=found, tags=tags, void=void)


def _special(text: str) -> Query | None:
    """A pasted line holding a port, or an IP protocol or EtherType asked for by number."""
    lowered = text.lower().lstrip()
    if lowered.startswith(("proto", "ip", "ether")):
        found = re.match(_PROTOCOL_NUMBER, lowered)
        if found:
            return Query(note_number=("ip-protocol", int(found[1])))
        found = re.match(_ETHERTYPE, lowered)
        if found:
            return Query(note_number=("link-layer", int(found[1], 0)))
    if not any(mark in text for mark in _PASTED_MARKS) and not lowered.startswith(_CLIENT_WORDS):
        return None  # "udp 53", "8000-8100": the query syntax, and no pasted.py to load
    from .pasted import looks_pasted, read_pasted

    if not looks_pasted(text):
        return None
    pasted = read_pasted(text)
    if pasted is None:
        return None
    protocols = frozenset({_PROTOCOL_WORDS[pasted.protocol]} if pasted.protocol else ())
    return Query(port=pasted.port, protocols=protocols, pasted=pasted)


def _is_number_like(token: str) -> bool:
    """A port, a range, a range still being typed, or a negative number (an error to show)."""
    return any(
        re.fullmatch(pattern, token, re.ASCII) for pattern in (_NUMBER, _RANGE, _OPEN_RANGE, _NEGATIVE)
    )


def _numeric(token: str, protocols: frozenset[Protocol]) -> Query:
    """A query that is one number or one range (plus protocol words)."""
    if token.startswith("-"):
        return Query(protocols=protocols, error=f"{_short(token)} is not a port number (0-{MAX_PORT})")
    number = token
    if not token.isdigit():
        match = re.fullmatch(_RANGE, token, re.ASCII)
        if match:
            first, last = match.groups()
            for part in (first, last):
                if _port(part) is None:
                    return Query(
                        protocols=protocols, error=f"{_short(part)} is not a port number (0-{MAX_PORT})"
                    )
            low, high = sorted((int(first), int(last)))  # a reversed range means the same ports
            return Query(port_range=(low, high), protocols=protocols)
        digits = re.fullmatch(_OPEN_RANGE, token, re.ASCII)
        number = digits.group(1) if digits else token
    port = _port(number)
    if port is None:
        return Query(protocols=protocols, error=f"{_short(number)} is not a port number (0-{MAX_PORT})")
    return Query(port=port, protocols=protocols)


def _port(digits: str) -> int | None:
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        return None
    value = int(digits)
    return value if value <= MAX_PORT else None


def _short(token: str) -> str:
    return token if len(token) <= 12 else token[:12] + "…"
