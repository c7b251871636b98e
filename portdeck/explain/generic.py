"""Text in no format portdeck knows: only numbers that are clearly ports are read.

An address and port (`10.0.0.5:8080`, `[::1]:6379`, `db.example.org:5432`), a port and
protocol (`53/udp`), a firewall's `DPT=445`. A bare number is never a port: dates,
sizes, PIDs and counters are everywhere in logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..line_patterns import LOG_DESTINATION_PORT
from .sighting import Sighting, port_number

_IPV4 = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}"
# A name needs a dot and a last label of letters: "db.example.org", not "v1.2" or "12.30".
_NAME = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}"
_ADDRESS = re.compile(
    rf"(?<![\w.:\[/-])({_IPV4}|\[[0-9A-Fa-f:.]+(?:%\w+)?\]|localhost|{_NAME}):(\d{{1,5}})(?![\w.:])"
)
_PORT_PROTO = re.compile(r"(?<![\w./:-])(\d{1,5})/(tcp|udp|sctp)\b", re.IGNORECASE)
_DPT = re.compile(LOG_DESTINATION_PORT)
_PROTO = re.compile(r"\bPROTO=(TCP|UDP|SCTP)\b", re.IGNORECASE)


def read_text(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        found: dict[tuple[int, str | None], str | None] = {}
        for match in _ADDRESS.finditer(line):
            port = port_number(match[2])
            if port is not None:
                host = match[1][1:-1] if match[1].startswith("[") else match[1]
                found.setdefault((port, None), host)
        for match in _PORT_PROTO.finditer(line):
            port = port_number(match[1])
            if port is not None:
                found.pop((port, None), None)
                found.setdefault((port, match[2].lower()), None)
        named = _PROTO.search(line) if "DPT=" in line else None  # once a line, not once a DPT=
        for match in _DPT.finditer(line):
            port = port_number(match[1])
            if port is not None:
                found.setdefault((port, named[1].lower() if named else None), None)
        for (port, protocol), host in found.items():
            yield Sighting(port, protocol, number, host)
