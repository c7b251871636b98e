"""What a check sends and how it reads the answers: HTTP HEAD, a DNS query, an NTP request."""

from __future__ import annotations

import os
import struct

from ..typed_tuple import NamedTuple

READ_LIMIT = 4096  # a check reads at most this much of any answer: a server may send megabytes
SHOWN_BANNER = 400  # characters of a banner kept for display


class HttpAnswer(NamedTuple):
    status: str  # the status line: "HTTP/1.1 200 OK"
    server: str | None  # the Server header, when there is one


def http_head(host: str) -> bytes:
    """`HEAD / HTTP/1.0` with the Host header (virtual hosts answer for their own name)."""
    name = f"[{host}]" if ":" in host else host
    return (
        f"HEAD / HTTP/1.0\r\nHost: {name}\r\nUser-Agent: portdeck-check\r\nConnection: close\r\n\r\n".encode()
    )


def read_http(data: bytes) -> HttpAnswer | None:
    """The status line and Server header of an HTTP response (None: not HTTP), as the server
    sent them: `report` escapes them for a terminal, JSON escapes them its own way."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n") if "\r\n" in head else head.split("\n")
    if not lines or not lines[0].startswith("HTTP/"):
        return None
    server = None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "server":
            server = value.strip()[:200]
            break
    return HttpAnswer(lines[0].strip()[:200], server)


def banner_text(data: bytes) -> str:
    """What a server said, as text cut to a readable length: bytes that are not UTF-8 become \\x
    escapes; control characters are kept, for `report` to escape once (printable for a terminal,
    \\u escapes in JSON): escaping here as well wrote `\\\\x1b` into JSON."""
    text = data.decode("utf-8", "backslashreplace").replace("\r\n", "\n").strip()
    shown = "\n".join(text.split("\n")[:8])
    return shown if len(shown) <= SHOWN_BANNER else shown[:SHOWN_BANNER] + "…"


# -- UDP questions ---------------------------------------------------------------------


def dns_query() -> tuple[bytes, int]:
    """A recursive query for the root's NS records (every resolver can answer it), and its id."""
    ident = int.from_bytes(os.urandom(2), "big")
    header = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0)  # recursion desired, one question
    question = b"\x00" + struct.pack(">HH", 2, 1)  # the root name, type NS, class IN
    return header + question, ident


_RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}


def read_dns(data: bytes, ident: int) -> str | None:
    """'DNS answer: NOERROR, 13 records, recursion available' (None: not an answer to our query)."""
    if len(data) < 12:
        return None
    answer_id, flags, _questions, answers, _authority, _additional = struct.unpack(">HHHHHH", data[:12])
    if answer_id != ident or not flags & 0x8000:
        return None
    rcode = _RCODES.get(flags & 0xF, f"rcode {flags & 0xF}")
    recursion = "recursion available" if flags & 0x0080 else "no recursion"
    return f"DNS answer: {rcode}, {answers} record{'' if answers == 1 else 's'}, {recursion}"


def ntp_request() -> bytes:
    """A client request: version 4, mode 3, the rest zero."""
    return b"\x23" + b"\x00" * 47


def read_ntp(data: bytes) -> str | None:
    """'NTP answer: stratum 2' (None: not an NTP server's answer)."""
    if len(data) < 48 or data[0] & 0x7 != 4:  # mode 4: server
        return None
    stratum = data[1]
    if stratum == 0:
        return "NTP answer: kiss-o'-death (the server asks clients to back off)"
    return f"NTP answer: stratum {stratum}" + (" (a primary server)" if stratum == 1 else "")
