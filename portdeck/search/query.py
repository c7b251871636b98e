"""Parse what the user typed into a `Query`: words, a port or range, protocol filters.

Parsing never raises: anything that cannot be a port becomes a `Query` with an
`error` the UI can show on one line.
"""

from __future__ import annotations

from portdeck.dataset import MAX_PORT, Protocol
from portdeck.typed_tuple import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .pasted import Pasted

# Only the start of a very long paste matters; capping it keeps every later step cheap.
MAX_QUERY_CHARS = 256
# More words than this only narrow an already empty result, and each costs a fuzzy pass.
MAX_WORDS = 8

_PROTOCOL_WORDS = {p.value: p for p in Protocol}
# Everyday queries are read with str methods, not `re`: importing it (with the enum,
# functools and collections modules it loads) costs a one-shot lookup ~11 ms, a third of
# what the command may spend beyond Python's own start. The rare forms (a `tag:`, control
# characters, a protocol number, a pasted line) import it when they appear.
# An ASCII character that is not a letter or digit -> a space: words are what is left.
_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})
# Tokens split on whitespace and on separators people put between protocol and port.
_SEPARATORS = str.maketrans(dict.fromkeys(":/,;", " "))
# "8000 - 8100", "8000 .. 8100", "8000–8100" all become one "8000-8100" token.
_DASHES = ("-", "..", "\u2013", "\u2014")
_CONTROL = r"[\x00-\x1f\x7f-\x9f]+"
_TAG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")  # tag:NAME
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

    Immutable like a frozen dataclass, but a NamedTuple: a lookup must not import
    `dataclasses` (tests/test_start_up.py says what it costs and enforces it).
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
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else c
        for c in decomposed
        if not unicodedata.combining(c)
    )


def tokens(text: str) -> list[str]:
    """The words of a text, folded, split at anything that is not a letter or digit (of any
    script: what `[^\\W_]+` finds, `str.isalnum`)."""
    folded = fold(text)
    if folded.isascii():
        return folded.translate(_NOT_WORD).split()
    return "".join(c if c.isalnum() else " " for c in folded).split()


def parse_query(text: str) -> Query:
    """Parse a search box's text. Never raises."""
    if not isinstance(text, str):
        text = str(text)
    bare = text.strip()
    if bare.isascii() and bare.isdigit():  # the commonest query, "22": no pattern needed
        return _numeric(bare, frozenset())
    text = text[:MAX_QUERY_CHARS]
    if not text.isprintable():
        import re

        text = re.sub(_CONTROL, " ", text)
    has_digits = any(c.isdigit() for c in text)
    if has_digits or "://" in text or "@" in text:
        special = _special(text)
        if special is not None:
            return special
    text = fold(text)
    if has_digits:
        text = _join_ranges(text)
    tags: frozenset[str] = frozenset()
    if "tag:" in text:
        text, tags = _take_tags(text)
    protocols: set[Protocol] = set()
    words: list[str] = []
    numbers: list[str] = []  # raw number-like tokens, interpreted once we know if words came too
    for token in text.translate(_SEPARATORS).split():
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
        import re

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


def _take_tags(text: str) -> tuple[str, frozenset[str]]:
    """The text without its `tag:NAME` words (at the start, or after a space, comma or
    semicolon; NAME of a-z, 0-9 and inner dashes), and the names."""
    tags: list[str] = []
    parts: list[str] = []
    copied = 0
    at = text.find("tag:")
    while at >= 0:
        end = at + len("tag:")
        if at == 0 or text[at - 1].isspace() or text[at - 1] in ",;":
            while end < len(text) and text[end] in _TAG_CHARACTERS:
                end += 1
            name = text[at + len("tag:") : end]
            if name and not name.startswith("-"):
                tags.append(name)
                parts += [text[copied:at], " "]
                copied = end
                at = text.find("tag:", end)
                continue
        at = text.find("tag:", at + 1)
    return "".join([*parts, text[copied:]]), frozenset(tags)


def _join_ranges(text: str) -> str:
    """Digits, a dash or "..", digits, with or without spaces around: one "8000-8100"."""
    if not any(dash in text for dash in _DASHES):
        return text
    parts: list[str] = []
    copied = at = 0
    while at < len(text):
        if text[at].isdecimal():
            after = _range_dash_end(text, at + 1)
            if after is not None:
                parts += [text[copied : at + 1], "-"]
                copied = at = after  # the next range starts at this digit: "1-2-3"
                continue
        at += 1
    return "".join([*parts, text[copied:]])


def _range_dash_end(text: str, at: int) -> int | None:
    """Where the digit after a range's dash (and the spaces around it) is, if one follows."""
    while at < len(text) and text[at].isspace():
        at += 1
    for dash in _DASHES:
        if text.startswith(dash, at):
            end = at + len(dash)
            while end < len(text) and text[end].isspace():
                end += 1
            if end < len(text) and text[end].isdecimal():
                return end
    return None


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _range_ends(token: str) -> tuple[str, str] | None:
    """ "8000-8100" or "8000..8100" -> ("8000", "8100")."""
    for dash in ("-", ".."):
        first, found, last = token.partition(dash)
        if found and _ascii_digits(first) and _ascii_digits(last):
            return first, last
    return None


def _open_range_start(token: str) -> str | None:
    """ "8000-", "8000." or "8000.." while the rest of a range is still being typed -> "8000"."""
    for dash in ("..", "-", "."):
        if token.endswith(dash) and _ascii_digits(token[: -len(dash)]):
            return token[: -len(dash)]
    return None


def _is_number_like(token: str) -> bool:
    """A port, a range, a range still being typed, or a negative number (an error to show)."""
    return (
        _ascii_digits(token)
        or _range_ends(token) is not None
        or _open_range_start(token) is not None
        or (token.startswith("-") and _ascii_digits(token.lstrip("-")))
    )


def _numeric(token: str, protocols: frozenset[Protocol]) -> Query:
    """A query that is one number or one range (plus protocol words)."""
    if token.startswith("-"):
        return Query(protocols=protocols, error=f"{_short(token)} is not a port number (0-{MAX_PORT})")
    number = token
    if not token.isdigit():
        ends = _range_ends(token)
        if ends:
            first, last = ends
            for part in (first, last):
                if _port(part) is None:
                    return Query(
                        protocols=protocols, error=f"{_short(part)} is not a port number (0-{MAX_PORT})"
                    )
            low, high = sorted((int(first), int(last)))  # a reversed range means the same ports
            return Query(port_range=(low, high), protocols=protocols)
        number = _open_range_start(token) or token
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
