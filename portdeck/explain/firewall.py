"""Firewalls: iptables, nftables and ufw log lines (`SRC= DST= PROTO= SPT= DPT=`) and rule
listings (`iptables -L -n`, `iptables -S` and `iptables-save`, `nft list ruleset`,
`ufw status`).

A log line is a packet that arrived: its destination port, seen at its destination
address. A rule that accepts a port from any source is exposed; a rule limited to
some sources, or one that drops, is read but not exposed. Ranges name their ports
only when narrow (`sighting.WIDEST_RANGE`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..line_patterns import LOG_DESTINATION, LOG_DESTINATION_PORT, LOG_PROTOCOL
from .sighting import Sighting, port_span, protocol_of

_DPT = re.compile(LOG_DESTINATION_PORT)
_PROTO = re.compile(LOG_PROTOCOL)
_DST = re.compile(LOG_DESTINATION)

# iptables -L -n: "ACCEPT tcp -- 0.0.0.0/0 0.0.0.0/0 tcp dpt:22", "multiport dports 80,443", "dpts:8000:8010"
_LIST_RULE = re.compile(r"^(\w[\w-]*)\s+(\w+)\s+(?:--|-f|!f)\s+(\S+)\s+(\S+)")
_LIST_VERBOSE = re.compile(
    r"^\s*\d+[KMG]?\s+\d+[KMG]?\s+(\w[\w-]*)\s+(\w+)\s+(?:--|-f|!f)\s+\S+\s+\S+\s+(\S+)\s+(\S+)"
)
_DPT_RULE = re.compile(r"(?<!!\s)\bdpts?:(\d{1,5})(?::(\d{1,5}))?")
_MULTIPORT = re.compile(r"(?<!!\s)\bdports\s+([\d,:]+)")
# iptables -S / iptables-save: "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT"
_SAVE_DPORT = re.compile(r"(?<!!\s)--(?:dport|destination-port|dports|destination-ports)\s+([\d,:]+)")
_SAVE_PROTO = re.compile(r"\s-p\s+(\w+)")
_SAVE_SOURCE = re.compile(r"\s(?:-s|--source)\s+(\S+)")
_SAVE_TARGET = re.compile(r"\s-j\s+(\w+)")
# nft: "tcp dport 22 accept", "tcp dport { 80, 443 } accept", "udp dport 8000-8010 drop"
_NFT_DPORT = re.compile(r"\b(tcp|udp|sctp|th)\s+dport\s+(?:!=\s*)?(\{[^}]*\}|\S+)")
_NFT_SOURCE = re.compile(r"\b(?:ip|ip6)\s+saddr\s+(\S+)")
# ufw status: "22/tcp  ALLOW  Anywhere", "80,443/tcp (v6) ALLOW IN Anywhere (v6)", "8000:8010/tcp DENY 10.0.0.0/8"
_UFW = re.compile(
    r"^(?:\[\s*\d+\]\s+)?([\d,:]+)(?:/(tcp|udp))?(?:\s+\(v6\))?(?:\s+on\s+\S+)?\s+(ALLOW|DENY|REJECT|LIMIT)(?:\s+(?:IN|OUT|FWD))?\s+(.+)$"  # the line comes stripped
)
_ANYWHERE = frozenset({"0.0.0.0/0", "::/0", "anywhere", "Anywhere", "Anywhere (v6)"})
_ACCEPT = frozenset({"ACCEPT", "accept", "ALLOW", "LIMIT"})


def _ports(text: str) -> list[int]:
    """ "22", "80,443", "8000:8010", "8000-8010", "{ 80, 443 }"."""
    found: list[int] = []
    for part in re.split(r"[,\s{}]+", text):
        if part:
            low, _, high = part.replace("-", ":").partition(":")
            found += port_span(low, high or None)
    return found


def read_log(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        port = _DPT.search(line)
        if port is None:
            continue
        protocol = _PROTO.search(line)
        destination = _DST.search(line)
        for value in port_span(port[1]):
            yield Sighting(
                value,
                protocol_of(protocol[1]) if protocol else None,
                number,
                destination[1] if destination else None,
            )


def read_iptables_list(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        rule = _LIST_VERBOSE.match(line) or _LIST_RULE.match(line)
        if rule is None:
            continue
        target, protocol, source = rule[1], protocol_of(rule[2]), rule[3]
        exposed = target in _ACCEPT and source in _ANYWHERE
        ports = [p for found in _DPT_RULE.finditer(line) for p in port_span(found[1], found[2])]
        ports += [p for found in _MULTIPORT.finditer(line) for p in _ports(found[1])]
        for port in dict.fromkeys(ports):
            yield Sighting(port, protocol, number, None if source in _ANYWHERE else source, exposed)


def read_iptables_save(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        if not line.startswith(("-A ", "-I ")):
            continue
        protocol = _SAVE_PROTO.search(line)
        source = _SAVE_SOURCE.search(line)
        target = _SAVE_TARGET.search(line)
        where = source[1] if source and source[1] not in _ANYWHERE else None
        exposed = target is not None and target[1] in _ACCEPT and where is None
        for found in _SAVE_DPORT.finditer(line):
            for port in _ports(found[1]):
                yield Sighting(port, protocol_of(protocol[1]) if protocol else None, number, where, exposed)


def read_nft(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        text = line.strip()
        source = _NFT_SOURCE.search(text)
        where = source[1] if source else None
        exposed = where is None and re.search(r"\baccept\b", text) is not None
        for found in _NFT_DPORT.finditer(text):
            if "!=" in found[0]:
                continue
            protocol = protocol_of(found[1])
            for port in _ports(found[2]):
                yield Sighting(port, protocol, number, where, exposed)


def read_ufw(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        rule = _UFW.match(line.strip())
        if rule is None:
            continue
        source = rule[4]
        where = None if source in _ANYWHERE else source
        exposed = rule[3] in _ACCEPT and where is None
        for port in _ports(rule[1]):
            yield Sighting(port, rule[2], number, where, exposed)
