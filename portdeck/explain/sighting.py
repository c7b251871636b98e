"""One port seen in the input: what every reader yields and the table adds up."""

from __future__ import annotations

import re
from typing import NamedTuple

from portdeck.dataset import MAX_PORT

PROTOCOLS = frozenset({"tcp", "udp", "sctp"})
# Bind addresses that mean "every interface of the machine".
WILDCARDS = frozenset({"*", "0.0.0.0", "::", "[::]", "", "0:0:0:0:0:0:0:0"})
# A rule or a mapping over a range of ports names each one only when the range is this narrow:
# "8000:8100" is a block left open, not a hundred services.
WIDEST_RANGE = 16

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


class Sighting(NamedTuple):
    """A port and protocol found on one line; `host` is where (an address, a host name, a
    container or a Service); `exposed` when it is reachable from anywhere: open on a scanned
    host, bound to every interface, published on every interface, a NodePort."""

    port: int
    protocol: str | None  # tcp, udp, sctp; None when the line does not say
    line: int
    host: str | None = None
    exposed: bool = False
    process: str | None = None
    hint: str | None = None  # a service name the tool printed (nmap's "ssh"): picks among entries


def port_number(text: str | int | None) -> int | None:
    """A port number, or None for anything else ("*", "99999", "http", "²": isdigit() says yes
    to superscripts, which int() refuses)."""
    if isinstance(text, str):
        if not (text.isascii() and text.isdigit()) or len(text) > 5:
            return None
        number = int(text)
    elif isinstance(text, int) and not isinstance(text, bool):
        number = text
    else:
        return None
    return number if 0 <= number <= MAX_PORT else None


def port_span(low: str | int | None, high: str | int | None = None) -> list[int]:
    """The ports of "8000" or "8000"-"8010"; none when the range is wider than WIDEST_RANGE."""
    first = port_number(low)
    last = first if high is None or high == "" else port_number(high)
    if first is None or last is None or last < first or last - first >= WIDEST_RANGE:
        return []
    return list(range(first, last + 1))


def protocol_of(text: str | None) -> str | None:
    """ "tcp" of TCP, tcp6, tcp4, tcp46; None when it names no transport protocol."""
    if not text:
        return None
    word = text.lower().rstrip("46")
    return word if word in PROTOCOLS else None


def is_wildcard(host: str | None) -> bool:
    return host is not None and host.split("%")[0] in WILDCARDS


def split_address(text: str) -> tuple[str, str] | None:
    """("127.0.0.1", "631") of 127.0.0.1:631, [::1]:631, *:22, :::22 (netstat's bare IPv6)."""
    host, colon, port = text.rpartition(":")
    if not colon:
        return None
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host or "*", port


def without_ansi(line: str) -> str:
    """Colour codes (rustscan and others colour their output) taken out before reading."""
    return _ANSI.sub("", line) if "\x1b" in line else line
