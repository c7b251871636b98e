"""Which tool wrote the input, from its first 64 KB.

Each format has a signature that its output cannot miss (a header, the shape of its
lines); the first that matches, in the order below, decides. Text that matches none is
read by `generic`, which takes only numbers that are clearly ports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from ..line_patterns import BRACKETED_IPV6
from .sighting import Sighting

LineReader = Callable[[Iterable[tuple[int, str]]], Iterator[Sighting]]

LINES, XML, YAML = "lines", "xml", "yaml"


class Format(NamedTuple):
    key: str  # the JSON-friendly name: "nmap-xml", "ss"
    label: str  # what the user is told: "nmap XML"
    kind: str  # how it is read: LINES, XML or YAML


NMAP_XML = Format("nmap-xml", "nmap XML (-oX)", XML)
YAML_MANIFEST = Format("yaml", "compose or Kubernetes YAML", YAML)
KUBERNETES = Format("kubernetes", "Kubernetes manifest", YAML)
COMPOSE = Format("compose", "compose file", YAML)
TEXT = Format("text", "text (only clear ports read: address:port, port/proto, DPT=)", LINES)

_M = re.MULTILINE
# Every pattern runs on up to 64 KB of untrusted text, so none may backtrack without end: within
# a line, blanks are [ \t] (never \s, which crosses lines), and a run that is searched back
# through ([\w.:]*:) is followed by a class that cannot hold what it searched for.
_ = "[ \t]"
SCAN_LIST = Format("scan-list", "scanner list (masscan, naabu, rustscan)", LINES)
# (format, signature), most specific first.
_SIGNATURES: tuple[tuple[Format, re.Pattern[str]], ...] = (
    (
        Format("nmap-grepable", "nmap grepable (-oG)", LINES),
        re.compile(rf"^(?:Timestamp: \d+{_}+)?Host: \S+ \([^)\n]*\){_}+(?:Ports|Status): ", _M),
    ),
    (
        Format("nmap-normal", "nmap normal output (-oN)", LINES),
        re.compile(rf"^(?:# Nmap \d|Nmap scan report for |Starting Nmap |PORT{_}+STATE{_}+SERVICE)", _M),
    ),
    (
        SCAN_LIST,
        re.compile(
            rf"^(?:#masscan|open (?:tcp|udp|sctp) \d+ |Discovered open port \d+/|Open [^\s:]*(?::[^\s:]+)*:\d+{_}*$"
            rf"|\S+ -> \[[\d, ]*\]{_}*$)",
            _M,
        ),
    ),
    (
        Format("ss", "ss", LINES),
        re.compile(rf"^(?:Netid{_}+State{_}+Recv-Q|State{_}+Recv-Q{_}+Send-Q{_}+Local Address:Port)", _M),
    ),
    (Format("lsof", "lsof -i", LINES), re.compile(rf"^COMMAND{_}+PID{_}+USER{_}+FD{_}+TYPE{_}+DEVICE", _M)),
    (
        Format("netstat-bsd", "netstat (macOS/BSD)", LINES),
        re.compile(
            rf"^Proto{_}+Recv-Q{_}+Send-Q{_}+Local Address{_}+Foreign Address{_}+\(state\)"
            rf"|^(?:tcp|udp)(?:4|6|46){_}+\d+{_}+\d+{_}+[\w.*%:-]*\.(?:\d+|\*)\s",
            _M,
        ),
    ),
    (
        Format("netstat", "netstat", LINES),
        re.compile(
            rf"^(?:Active Internet connections|Proto{_}+Recv-Q{_}+Send-Q{_}+Local Address"
            rf"|{_}*Proto{_}+Local Address{_}+Foreign Address|(?:tcp|udp)6?{_}+\d+{_}+\d+{_}+[\w.*\[\]%:-]*:[\w*]+\s)",
            _M,
        ),
    ),
    (Format("docker-ps", "docker ps", LINES), re.compile(rf"^CONTAINER ID{_}+IMAGE{_}", _M)),
    (
        Format("docker-port", "docker port", LINES),
        re.compile(rf"^\d{{1,5}}/(?:tcp|udp|sctp) -> [\w.:\[\]*%]+{_}*$", _M),
    ),
    (
        Format("iptables-list", "iptables -L", LINES),
        re.compile(r"^Chain \S+ \((?:policy \w+|\d+ references)", _M),
    ),
    (
        Format("iptables-rules", "iptables -S / iptables-save", LINES),
        re.compile(rf"^(?:-[AP] \S+|\*filter{_}*$|:INPUT \w+)", _M),
    ),
    (
        Format("nft", "nftables ruleset", LINES),
        re.compile(r"^table (?:ip|ip6|inet|arp|bridge|netdev) \S+ \{", _M),
    ),
    (
        Format("ufw", "ufw status", LINES),
        re.compile(rf"^(?:Status: (?:active|inactive)|To{_}+Action{_}+From){_}*$", _M),
    ),
    # netfilter writes the two side by side, whatever the log prefix (iptables, nftables, ufw).
    (
        Format("firewall-log", "firewall log (iptables, nftables, ufw)", LINES),
        re.compile(r"\bSPT=\d+ DPT=\d+"),
    ),
    (
        Format("scan-json", "scanner JSON (masscan -oJ, naabu -json)", LINES),
        re.compile(r'\A\s*[\[{]\s*(?:\{\s*)?"(?:ip|host|timestamp)"\s*:'),
    ),
)
_XML = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<\?xml-stylesheet[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE nmaprun|<nmaprun)",
    re.DOTALL,
)
_K8S = re.compile(rf'^{_}*"?kind"?{_}*:{_}*"?(?:Service|List|ServiceList)"?{_}*,?{_}*$', _M)
_API = re.compile(rf'^{_}*"?apiVersion"?{_}*:', _M)
_COMPOSE = re.compile(rf"^services{_}*:{_}*$", _M)
# naabu's plain output: every line is host:port.
_HOST_PORT_LINE = re.compile(rf"[^\s:\[\]]+:\d{{1,5}}|{BRACKETED_IPV6}:\d{{1,5}}")


def detect(head: str) -> Format:
    """The format of an input whose first bytes, as text, are `head`."""
    if _XML.match(head):
        return NMAP_XML
    if _API.search(head) and _K8S.search(head):
        return KUBERNETES
    if _COMPOSE.search(head):
        return COMPOSE
    for found, signature in _SIGNATURES:
        if signature.search(head):
            return found
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    if lines and all(_HOST_PORT_LINE.fullmatch(line) for line in lines):
        return SCAN_LIST
    return TEXT


def reader_for(found: Format) -> LineReader:
    """The function that reads a LINES format: (numbered lines) -> sightings."""
    from . import containers, firewall, generic, nmap, scanners, sockets

    readers: dict[str, LineReader] = {
        "nmap-grepable": nmap.read_grepable,
        "nmap-normal": nmap.read_normal,
        "scan-list": scanners.read_list,
        "scan-json": scanners.read_json_lines,
        "ss": sockets.read_ss,
        "lsof": sockets.read_lsof,
        "netstat-bsd": sockets.read_netstat_bsd,
        "netstat": sockets.read_netstat,
        "docker-ps": containers.read_docker_ps,
        "docker-port": containers.read_docker_port,
        "iptables-list": firewall.read_iptables_list,
        "iptables-rules": firewall.read_iptables_save,
        "nft": firewall.read_nft,
        "ufw": firewall.read_ufw,
        "firewall-log": firewall.read_log,
    }
    return readers.get(found.key, generic.read_text)
