"""Find the port in a line people paste: an address, a URL, a connection string, a command,
or a line of ss, netstat, lsof, nmap, tcpdump or a firewall log.

`read_pasted` is tried only on text that looks pasted (it has a digit and an address,
`=`, `://`, a port/protocol pair or a known command), so `8000-8100`, `udp:53` and
`http 8080` keep their meaning. It reads one port and, where the line says it, the
protocol and the host; it never takes an arbitrary number for a port.
"""

from __future__ import annotations

from portdeck.dataset import MAX_PORT
from portdeck.line_patterns import (
    HOST,
    LOG_DESTINATION,
    LOG_DESTINATION_PORT,
    LOG_PROTOCOL,
    LazyPattern,
)
from portdeck.typed_tuple import TYPE_CHECKING

from . import plain_lines

if TYPE_CHECKING:
    import re
from portdeck.typed_tuple import NamedTuple

# Ports of URL schemes and connection strings that leave the port out.
SCHEME_PORTS = {
    "http": 80,
    "ws": 80,
    "https": 443,
    "wss": 443,
    "ftp": 21,
    "ftps": 990,
    "sftp": 22,
    "ssh": 22,
    "scp": 22,
    "telnet": 23,
    "smtp": 25,
    "smtps": 465,
    "submission": 587,
    "imap": 143,
    "imaps": 993,
    "pop3": 110,
    "pop3s": 995,
    "ldap": 389,
    "ldaps": 636,
    "dns": 53,
    "tftp": 69,
    "nntp": 119,
    "rtsp": 554,
    "sip": 5060,
    "sips": 5061,
    "xmpp": 5222,
    "irc": 6667,
    "ircs": 6697,
    "git": 9418,
    "rsync": 873,
    "nfs": 2049,
    "smb": 445,
    "cifs": 445,
    "rdp": 3389,
    "vnc": 5900,
    "postgres": 5432,
    "postgresql": 5432,
    "mysql": 3306,
    "mariadb": 3306,
    "sqlserver": 1433,
    "mssql": 1433,
    "oracle": 1521,
    "mongodb": 27017,
    "redis": 6379,
    "rediss": 6379,
    "memcached": 11211,
    "amqp": 5672,
    "amqps": 5671,
    "mqtt": 1883,
    "mqtts": 8883,
    "nats": 4222,
    "kafka": 9092,
    "cassandra": 9042,
    "couchbase": 11210,
    "clickhouse": 9000,
    "neo4j": 7687,
    "bolt": 7687,
    "etcd": 2379,
    "zookeeper": 2181,
    "ipp": 631,
    "coap": 5683,
    "coaps": 5684,
    "gopher": 70,
}
UDP_SCHEMES = frozenset({"dns", "tftp", "coap", "coaps"})

# Each reader: a pattern, and how its groups give (port, protocol, host). Order matters:
# the most specific first. Each reader first looks for a mark its lines always carry, so a
# line compiles and runs only the patterns that may match it.
_FIREWALL = LazyPattern(LOG_DESTINATION_PORT)
_FIREWALL_PROTO = LazyPattern(LOG_PROTOCOL)
_FIREWALL_DST = LazyPattern(LOG_DESTINATION)
_NMAP = LazyPattern(r"(?:^|\s)(\d{1,5})/(tcp|udp|sctp)\b(?:\s+(open|closed|filtered|unfiltered)\S*)?")
_DISCOVERED = LazyPattern(rf"\bport (\d{{1,5}})/(tcp|udp|sctp) on ({HOST})")
_TCPDUMP = LazyPattern(rf"\b(?:IP6?\s+)?({HOST})\.(\d{{1,5}}) > ({HOST})\.(\d{{1,5}}):")
_URL = LazyPattern(
    rf"\b([A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/\s]*@)?({HOST}|[A-Za-z0-9-]+)(?::(\d{{1,5}}))?(?=[/?#\s,;]|$)"
)
_ADDRESS = LazyPattern(rf"(?<![\w.:])({HOST}):(\d{{1,5}})(?![\d.])")
_KEY_PORT = LazyPattern(r"(?i)\b(?:port|dport|dst_port|dstport)\s*=\s*(\d{1,5})\b")
_SQLSERVER = LazyPattern(r"(?i)\b(?:server|data source|address)\s*=\s*(?:tcp:)?([^,;\s]+),(\d{1,5})\b")
_PORT_FLAG = LazyPattern(r"(?:^|\s)(?:-p|-P|--port)(?:\s+|=)?(\d{1,5})\b")
_CLIENT_NAMES = (
    "ssh|scp|sftp|nc|ncat|netcat|telnet|mysql|mariadb|psql|redis-cli|mongo|mongosh|nmap|ftp|curl|wget|openssl|"
    "rsync|mosh"
)
_CLIENT = LazyPattern(rf"^\s*(?:sudo\s+)?({_CLIENT_NAMES})\b(.*)$")
_CLIENT_STARTS = tuple(_CLIENT_NAMES.split("|"))
_BARE_IPV6 = LazyPattern(r"(?<!\S)([0-9A-Fa-f:]*:):(\d{1,5})(?!\S)")
_SOCKET_LINE = LazyPattern(r"(?i)^\s*(tcp|udp|tcp6|udp6|sctp)\S*\s")
_LISTENING_STATE = LazyPattern(r"\b(LISTEN|UNCONN)\b")
_UDP_WORD = LazyPattern(r"\bUDP\b")
# `nc -zv host 5000`, `telnet host 25`: the number after the host; `nc -u`, `-zu`: UDP.
_HOST_THEN_PORT = LazyPattern(rf"({HOST}|[A-Za-z0-9-]+)\s+(\d{{1,5}})(?:\s|$)")
_UDP_FLAG = LazyPattern(r"\s-\w*u")
_WHOLE_HOST = LazyPattern(HOST)
_HOST_KEY = LazyPattern(r"(?i)\bhost\s*=\s*([^\s;,]+)")
_LSOF = LazyPattern(rf"\b(TCP|UDP)\s+({HOST}|\*):(\d{{1,5}})(?:->({HOST}):(\d{{1,5}}))?(?:\s+\((\w+)\))?")
_WILDCARD_HOSTS = frozenset({"*", "0.0.0.0", "[::]", "::"})  # "every address": nothing to check
_LOOKS_PASTED = LazyPattern(
    r"(?i)\d[.:]\d|://|=\s*\d|\d/(?:tcp|udp|sctp)\b|\s-[pP]\s?\d|\]:\d|\*:\d|::\d|\b(?:server|data source|address)\s*=",
)


class Pasted(NamedTuple):
    """The port read from a pasted line, and where it was read."""

    port: int
    protocol: str | None  # "tcp", "udp", "sctp", when the line says
    host: str | None  # the host named, when one was (never a wildcard such as 0.0.0.0)
    fragment: str  # the part of the line the port was read from

    def describe(self) -> str:
        """'8080/tcp, read from 10.1.2.3:8080'."""
        label = f"{self.port}/{self.protocol}" if self.protocol else str(self.port)
        return f"{label}, read from {self.fragment}"


def looks_pasted(text: str) -> bool:
    """Cheap test before the readers: could this be a pasted line rather than a query?"""
    plain = plain_lines.looks_pasted(text)
    looks = plain if plain is not None else bool(_LOOKS_PASTED.search(text))
    return looks or _client_command(text) is not None


def read_pasted(text: str) -> Pasted | None:
    """The port in a pasted line, or None when it holds no port for certain."""
    text = text.strip()
    for reader in (_firewall, _nmap, _tcpdump, _lsof, _socket_line, _client, _url, _connection, _address):
        found = reader(text)
        if found is not None and 0 <= found.port <= MAX_PORT:
            return found
    return None


def _make(port: str | int, protocol: str | None, host: str | None, fragment: str) -> Pasted | None:
    number = int(port)
    if number > MAX_PORT:
        return None
    protocol = protocol.lower() if protocol else None
    host = host.split("%")[0] if host else host  # "127.0.0.53%lo": the zone is not part of it
    if protocol not in (None, "tcp", "udp", "sctp"):
        protocol = {"tcp6": "tcp", "udp6": "udp"}.get(protocol or "")
    shown = fragment if len(fragment) <= 60 else fragment[:59] + "…"
    checkable = host if host and host.strip("[]") not in {h.strip("[]") for h in _WILDCARD_HOSTS} else None
    return Pasted(number, protocol, checkable, shown)


def _client_command(text: str) -> re.Match[str] | None:
    """`ssh -p 2022 host`, `sudo nc -zv host 5000`: the command and the rest of the line."""
    words = text.split(None, 2)
    if words[:1] == ["sudo"]:
        words = words[1:]
    if not words or not any(_names_command(words[0], name) for name in _CLIENT_STARTS):
        return None  # "mongodb://…" starts with "mongo", but names no command
    return _CLIENT.match(text)


def _names_command(word: str, name: str) -> bool:
    """Whether `word` is the command `name`, perhaps with more after a non-word character."""
    if not word.startswith(name):
        return False
    after = word[len(name) : len(name) + 1]
    return not after or not (after.isalnum() or after == "_")


def _firewall(text: str) -> Pasted | None:
    if text.isascii():
        fields = plain_lines.firewall_fields(text)
        return _make(*fields) if fields else None
    port = _FIREWALL.search(text) if "DPT=" in text else None
    if port is None:
        return None
    protocol = _FIREWALL_PROTO.search(text)
    destination = _FIREWALL_DST.search(text)
    return _make(port[1], protocol[1] if protocol else None, destination[1] if destination else None, port[0])


def _nmap(text: str) -> Pasted | None:
    if "/tcp" not in text and "/udp" not in text and "/sctp" not in text:
        return None
    found = _DISCOVERED.search(text)
    if found:
        return _make(found[1], found[2], found[3], found[0].strip())
    found = _NMAP.search(text)
    if found and found[3]:  # "53/udp" alone is the query syntax, not a scan line
        return _make(found[1], found[2], None, found[0].strip())
    return None


def _tcpdump(text: str) -> Pasted | None:
    found = _TCPDUMP.search(text) if " > " in text else None
    if found is None:
        return None
    source, destination = int(found[2]), int(found[4])
    # The service is on the lower side: an ephemeral port talks to a service port.
    use_source = source < destination and destination >= 1024
    host, port = (found[1], found[2]) if use_source else (found[3], found[4])
    protocol = "udp" if _UDP_WORD.search(text) else "tcp" if "Flags [" in text else None
    return _make(port, protocol, host, f"{host}.{port}")


def _lsof(text: str) -> Pasted | None:
    found = _LSOF.search(text) if "TCP" in text or "UDP" in text else None
    if found is None:
        return None
    protocol, local_host, local, peer_host, peer, state = found.groups()
    if peer and state != "LISTEN" and int(peer) < int(local):
        return _make(peer, protocol, peer_host, f"{peer_host}:{peer}")
    return _make(local, protocol, local_host, f"{local_host}:{local}")


def _socket_line(text: str) -> Pasted | None:
    """ss and netstat: the protocol first, then the local address, then the peer."""
    if text.isascii():
        protocol = plain_lines.socket_protocol(text)
        if protocol is None:
            return None
        # netstat writes IPv6 addresses bare: ":::80", "::1:631".
        addresses = [*(plain_lines.addresses(text) or ()), *plain_lines.bare_ipv6(text)]
        listening = plain_lines.has_word(text, "LISTEN") or plain_lines.has_word(text, "UNCONN")
    else:
        first = _SOCKET_LINE.match(text)
        if first is None:
            return None
        protocol = first[1]
        addresses = [(m[1], m[2]) for m in _ADDRESS.finditer(text)]
        addresses += [(m[1] or "::", m[2]) for m in _BARE_IPV6.finditer(text)]
        listening = _LISTENING_STATE.search(text) is not None
    if not addresses:
        return None
    (host, port), *rest = addresses
    if rest and not listening and int(rest[0][1]) < int(port):
        host, port = rest[0]
    return _make(port, protocol, host, f"{host}:{port}")


def _client(text: str) -> Pasted | None:
    found = _client_command(text)
    if found is None:
        return None
    command, rest = found[1], found[2]
    url = _url(rest)
    if url is not None:
        return url
    address = _address(rest)
    flag = _PORT_FLAG.search(rest)
    host_word = _first_host(rest)
    if command in ("nc", "ncat", "netcat", "telnet", "ftp"):
        # `nc -zv host 5000`, `telnet host 25`: the number after the host.
        positional = _HOST_THEN_PORT.search(rest)
        if positional:
            protocol = "udp" if _UDP_FLAG.search(" " + rest) else "tcp"
            return _make(positional[2], protocol, positional[1], positional[0].strip())
        if command == "telnet" and host_word:
            return _make(23, "tcp", host_word, text.strip())
        return address
    if address is not None:
        return address
    if command in ("ssh", "scp", "sftp", "mosh"):
        if host_word is None:
            return None  # "ssh 8080" is a query about SSH, not a command: no host
        port = flag[1] if flag else "22"
        return _make(port, "tcp", host_word, text.strip())
    if flag:
        return _make(flag[1], "tcp", host_word, flag[0].strip())
    return None


def _first_host(text: str) -> str | None:
    """The host of a command's arguments: `user@host`, or the first word that is an address or name."""
    for argument in text.split():
        if argument.startswith("-"):
            continue
        host = argument.rpartition("@")[2].split(":")[0]
        if _WHOLE_HOST.fullmatch(host):
            return host
    return None


def _url(text: str) -> Pasted | None:
    if text.isascii():
        parts = plain_lines.url_parts(text)
    else:
        found = _URL.search(text) if "://" in text else None
        parts = (found[1], found[2], found[3], found[0]) if found else None
    if parts is None:
        return None
    written, host, given, whole = parts
    scheme = written.lower().split("+")[0]  # "mongodb+srv", "postgresql+psycopg"
    if given:
        port = given
    elif scheme in SCHEME_PORTS:
        port = str(SCHEME_PORTS[scheme])
    else:
        return None
    protocol = "udp" if scheme in UDP_SCHEMES else "tcp"
    return _make(port, protocol, host, whole)


def _connection(text: str) -> Pasted | None:
    if "=" not in text:
        return None
    found = _SQLSERVER.search(text)
    if found:
        return _make(found[2], "tcp", found[1], found[0])
    found = _KEY_PORT.search(text)
    if found:
        host = _HOST_KEY.search(text)
        return _make(found[1], None, host[1] if host else None, found[0])
    return None


def _address(text: str) -> Pasted | None:
    if text.isascii():
        address = plain_lines.address_and_port(text)
        return _make(address[1], None, address[0], address[2]) if address else None
    found = _ADDRESS.search(text) if ":" in text else None
    if found is None:
        return None
    return _make(found[2], None, found[1], found[0])
