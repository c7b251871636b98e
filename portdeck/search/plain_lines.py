"""The commonest pasted lines read with str methods: an address and port, a firewall log's
DPT=, and the test of whether text looks pasted at all.

Each does, on ASCII text, what its pattern in pasted.py does (property tests hold them
equal), so `portdeck 10.1.2.3:8080` and `portdeck node.js` never import `re`: that import
alone costs a lookup ~11 ms. Text beyond ASCII goes to the patterns (None here).
"""

from __future__ import annotations

_DIGITS = frozenset("0123456789")
_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
_ALNUM = _NAME - {"-"}
_WORD = _ALNUM | {"_"}  # \w in ASCII
_BRACKETED = _WORD | frozenset("abcdefABCDEF:.%")  # inside [..]: [0-9A-Fa-f:.%\w]
_SPACE = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")  # \s in ASCII (str.isspace)
_PROTOCOLS = ("tcp", "udp", "sctp")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SCHEME = _ALNUM | frozenset("+.-")
_HEX_OR_COLON = frozenset("0123456789abcdefABCDEF:")
_URL_END = frozenset("/?#,;") | _SPACE  # what may follow a URL's host or port
_CONNECTION_KEYS = ("server", "data source", "address")


def looks_pasted(text: str) -> bool | None:
    """Whether an ASCII text looks like a pasted line rather than a query (see pasted.py's
    `_LOOKS_PASTED`); None for other text."""
    if not text.isascii():
        return None
    if "://" in text:
        return True
    lowered = text.lower()
    for at, character in enumerate(text):
        before = text[at - 1] if at else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if character in ".:" and before in _DIGITS and after in _DIGITS:
            return True  # 10.0.0.1, 8080:80
        if character == ":" and before in ("]", "*", ":") and after in _DIGITS:
            return True  # [::1]:6379, *:22, :::80
        if character == "=" and _digit_at(text, _skip_spaces(text, at + 1)):
            return True  # DPT=445, port = 5432
        if character == "/" and before in _DIGITS and _protocol_word_at(lowered, at + 1):
            return True  # 22/tcp
        if character == "-" and before in _SPACE and after in "pP" and _port_flag_digit(text, at + 2):
            return True  # -p 2022
    return any(_connection_key_at(lowered, key) for key in _CONNECTION_KEYS)


def firewall_fields(text: str) -> tuple[str, str | None, str | None, str] | None:
    """An ASCII log line's DPT= port, PROTO= and DST= values, and "DPT=445" as written;
    None when it has no DPT= port or is not ASCII."""
    if not text.isascii():
        return None
    port = _field(text, "DPT=", _DIGITS, 5)
    if port is None:
        return None
    return port, _field(text, "PROTO=", _WORD), _field(text, "DST=", None), f"DPT={port}"


def address_and_port(text: str) -> tuple[str, str, str] | None:
    """The first HOST:PORT of an ASCII text (host, port, both as written), where HOST is an
    IPv4 address (with an ss zone), an address in brackets, `*`, localhost or a name with a
    dot; None when there is none or the text is not ASCII."""
    if not text.isascii():
        return None
    found = _address_from(text, 0)
    return (found[0], found[1], text[found[2] : found[3]]) if found else None


def addresses(text: str) -> list[tuple[str, str]] | None:
    """Every HOST:PORT of an ASCII text in order, as (host, port); None when not ASCII."""
    if not text.isascii():
        return None
    found: list[tuple[str, str]] = []
    at = 0
    while (address := _address_from(text, at)) is not None:
        found.append(address[:2])
        at = address[3]
    return found


def _address_from(text: str, begin: int) -> tuple[str, str, int, int] | None:
    """The first HOST:PORT at or after `begin`: host, port, where it starts and ends."""
    for start in range(begin, len(text)):
        if start and (text[start - 1] in _WORD or text[start - 1] in ".:"):
            continue  # inside a word, an address or after a colon: not where a host starts
        for end in _host_ends(text, start):
            port_end = end + 1
            while port_end < len(text) and text[port_end] in _DIGITS:
                port_end += 1
            digits = port_end - end - 1
            if text[end : end + 1] == ":" and 1 <= digits <= 5 and text[port_end : port_end + 1] != ".":
                return text[start:end], text[end + 1 : port_end], start, port_end
    return None


def bare_ipv6(text: str) -> list[tuple[str, str]]:
    """netstat's IPv6 addresses, written bare ("::1:631", ":::80"): (address, port) per word."""
    found = []
    for word in text.split():
        colon = word.rfind(":")
        head, port = word[:colon], word[colon + 1 :]
        if head.endswith(":") and all(c in _HEX_OR_COLON for c in head) and _port_digits(port):
            found.append((head, port))
    return found


def socket_protocol(text: str) -> str | None:
    """An ss or netstat line's protocol, as written ("tcp" of "tcp6", "UDP"), when its first
    word starts with one and more follows; None otherwise."""
    stripped = text.lstrip()
    first = stripped.split(None, 1)[0] if stripped else ""
    if len(stripped) == len(first):
        return None  # nothing after the first word
    for protocol in ("tcp", "udp", "sctp"):
        if first[: len(protocol)].lower() == protocol:
            return first[: len(protocol)]
    return None


def has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` as a whole word (`\\bWORD\\b`)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (not at or text[at - 1] not in _WORD) and (end == len(text) or text[end] not in _WORD):
            return True
        at = text.find(word, at + 1)
    return False


def url_parts(text: str) -> tuple[str, str, str | None, str] | None:
    """The first URL of an ASCII text: its scheme, host, port (None when left out) and the
    URL up to the port, as written; None when there is none or the text is not ASCII."""
    if not text.isascii():
        return None
    at = text.find("://")
    while at >= 0:
        run = at
        while run and text[run - 1] in _SCHEME:
            run -= 1
        for start in range(run, at):  # the scheme starts a word with a letter
            if text[start] in _LETTERS and (not start or text[start - 1] not in _WORD):
                found = _url_from(text, start, at)
                if found is not None:
                    return found
                break
        at = text.find("://", at + 1)
    return None


def _url_from(text: str, start: int, at: int) -> tuple[str, str, str | None, str] | None:
    host_at = at + 3
    user_end = host_at
    while user_end < len(text) and text[user_end] not in _SPACE and text[user_end] not in "@/":
        user_end += 1
    starts = [user_end + 1, host_at] if text[user_end : user_end + 1] == "@" else [host_at]
    for host_start in starts:
        ends = _host_ends(text, host_start) if host_start < len(text) else []
        label = host_start
        while label < len(text) and text[label] in _NAME:
            label += 1
        for end in [*ends, label] if label > host_start else ends:
            port_end = end + 1
            while port_end < len(text) and text[port_end] in _DIGITS:
                port_end += 1
            if text[end : end + 1] == ":" and 1 <= port_end - end - 1 <= 5 and _url_ends(text, port_end):
                return text[start:at], text[host_start:end], text[end + 1 : port_end], text[start:port_end]
            if _url_ends(text, end):
                return text[start:at], text[host_start:end], None, text[start:end]
    return None


def _url_ends(text: str, at: int) -> bool:
    return at == len(text) or text[at] in _URL_END


def _port_digits(text: str) -> bool:
    return 1 <= len(text) <= 5 and all(c in _DIGITS for c in text)


def _host_ends(text: str, start: int) -> list[int]:
    """Where a host starting at `start` may end, in the patterns' order of preference."""
    ends = []
    if text[start] == "[":
        close = text.find("]", start + 1)
        if close > start + 1 and all(c in _BRACKETED for c in text[start + 1 : close]):
            ends.append(close + 1)
    ipv4 = _ipv4_end(text, start)
    if ipv4 is not None:
        ends.append(ipv4)
    if text[start] == "*":
        ends.append(start + 1)
    if text.startswith("localhost", start):
        ends.append(start + len("localhost"))
    name = _name_end(text, start)
    if name is not None:
        ends.append(name)
    return ends


def _ipv4_end(text: str, start: int) -> int | None:
    at = start
    for group in range(4):
        if group:
            if text[at : at + 1] != ".":
                return None
            at += 1
        run = at
        while at < len(text) and text[at] in _DIGITS:
            at += 1
        if not 1 <= at - run <= 3:
            return None
    if text[at : at + 1] == "%" and at + 1 < len(text) and text[at + 1] in _WORD:
        at += 1
        while at < len(text) and text[at] in _WORD:
            at += 1
    return at


def _name_end(text: str, start: int) -> int | None:
    """A name with at least one dot: its first label starts and ends with a letter or digit."""
    end = start
    while end < len(text) and (text[end] in _NAME or text[end] == "."):
        end += 1
    labels = text[start:end].split(".")
    first = labels[0]
    if len(labels) < 2 or not first or first[0] not in _ALNUM or first[-1] not in _ALNUM:
        return None
    return end if all(labels[1:]) else None


def _field(text: str, key: str, allowed: frozenset[str] | None, longest: int = 0) -> str | None:
    """The value after the first `key` that starts a word (`\\bKEY`): a run of `allowed`
    characters (or of anything but whitespace), ending a word, at most `longest` long."""
    at = text.find(key)
    while at >= 0:
        if not at or text[at - 1] not in _WORD:
            start = end = at + len(key)
            while end < len(text) and (
                text[end] in allowed if allowed is not None else text[end] not in _SPACE
            ):
                end += 1
            value = text[start:end]
            ends_word = end == len(text) or text[end] not in _WORD
            if value and (not longest or (len(value) <= longest and ends_word)):
                return value
        at = text.find(key, at + 1)
    return None


def _skip_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at


def _digit_at(text: str, at: int) -> bool:
    return at < len(text) and text[at] in _DIGITS


def _protocol_word_at(lowered: str, at: int) -> bool:
    for protocol in _PROTOCOLS:
        end = at + len(protocol)
        if lowered.startswith(protocol, at) and (end == len(lowered) or lowered[end] not in _WORD):
            return True
    return False


def _port_flag_digit(text: str, at: int) -> bool:
    """`-p 2022` or `-p2022`: a digit after the flag, perhaps after one space."""
    return _digit_at(text, at) or (at < len(text) and text[at] in _SPACE and _digit_at(text, at + 1))


def _connection_key_at(lowered: str, key: str) -> bool:
    at = lowered.find(key)
    while at >= 0:
        if not at or lowered[at - 1] not in _WORD:
            after = _skip_spaces(lowered, at + len(key))
            if lowered[after : after + 1] == "=":
                return True
        at = lowered.find(key, at + 1)
    return False
