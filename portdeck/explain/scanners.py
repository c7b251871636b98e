"""Port scanners' lists: masscan (`-oL`, `-oJ`, its console lines), naabu (`host:port`
lines, `-json`), rustscan (`Open host:port`, `-g`: `host -> [22,80]`). Every port they
list answered on a scanned host: exposed. They scan TCP unless they say otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..line_patterns import BRACKETED_IPV6, DISCOVERED
from .sighting import Sighting, port_number, protocol_of, split_address

_MASSCAN_LIST = re.compile(r"^open\s+(tcp|udp|sctp)\s+(\d{1,5})\s+(\S+)")
_DISCOVERED = re.compile(DISCOVERED)
_RUSTSCAN_GREP = re.compile(r"^(\S+)\s+->\s+\[([\d,\s]*)\]")
_OPEN = re.compile(r"^Open\s+(\S+)")
_HOST_PORT = re.compile(rf"^({BRACKETED_IPV6}|[^\s:\[\]]+):(\d{{1,5}})$")
_JSON_HOST = re.compile(r'"(?:ip|host)"\s*:\s*"([^"\\]{1,255})"')
# Windows of at most 200 characters around each "port": a line of a million of them stays linear.
_JSON_PORT = re.compile(r'"port"\s{0,9}:\s{0,9}(?:\{[^}]{0,200}?"Port"\s{0,9}:\s{0,9})?(\d{1,5})\b')
_JSON_PROTOCOL = re.compile(r'"proto(?:col)?"\s{0,9}:\s{0,9}"(\w{1,9})"')
_JSON_STATUS = re.compile(r'"status"\s{0,9}:\s{0,9}"(\w{1,20})"')


def read_list(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """Lines of masscan -oL, masscan's console, rustscan and naabu, in any mix."""
    for number, line in lines:
        text = line.strip()
        found = _MASSCAN_LIST.match(text)
        if found:
            port = port_number(found[2])
            if port is not None:
                yield Sighting(port, found[1], number, found[3], True)
            continue
        found = _DISCOVERED.search(text)
        if found:
            port = port_number(found[1])
            if port is not None:
                yield Sighting(port, found[2], number, found[3], True)
            continue
        found = _RUSTSCAN_GREP.match(text)
        if found:
            for value in found[2].split(","):
                port = port_number(value.strip())
                if port is not None:
                    yield Sighting(port, "tcp", number, found[1], True)
            continue
        opened = _OPEN.match(text)
        found = _HOST_PORT.match(opened[1] if opened else text)
        if found:
            address = split_address(found[0])
            port = port_number(found[2])
            if address is not None and port is not None:
                yield Sighting(port, "tcp", number, address[0], True)


def read_json_lines(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """masscan -oJ (one host a line inside a list) and naabu -json (one object a line); read
    line by line with patterns, so a list cut short or with a stray comma still reads."""
    for number, line in lines:
        host = _JSON_HOST.search(line)
        for found in _JSON_PORT.finditer(line):
            port = port_number(found[1])
            if port is None:
                continue
            after = line[found.end() : found.end() + 200]
            named = _JSON_PROTOCOL.search(after)
            protocol = protocol_of(named[1]) if named else "tcp"
            status = _JSON_STATUS.search(after)
            if status and status[1] != "open":
                continue
            yield Sighting(port, protocol, number, host[1] if host else None, True)
