"""A machine's own socket listings: `ss -tulpn`, `netstat -tulpn` (Linux; Windows'
`netstat -ano` reads the same way), `netstat -an` (macOS and the BSDs: `*.22`) and
`lsof -i -P -n`.

A listening socket is read at its local address, exposed when bound to every
interface; a connection is read at its service side (the lower port: an ephemeral
port talks to a service port), and is not exposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .sighting import Sighting, is_wildcard, port_number, protocol_of, split_address

_SS_PROCESS = re.compile(r'users:\(\("((?:[^"\\]|\\.)*)"')
_LISTENING_STATES = frozenset({"LISTEN", "LISTENING", "UNCONN"})
_NO_PEER = frozenset({"*", "*:*", "0.0.0.0:*", "[::]:*", ":::*", "*.*", "0.0.0.0:0", "[::]:0"})
_LSOF_NODES = frozenset({"TCP", "UDP", "SCTP"})


def _service_side(
    protocol: str | None, local: str, peer: str, state: str, number: int, process: str | None
) -> Sighting | None:
    """The sighting of one socket line, or None when its addresses hold no port."""
    mine = split_address(local)
    if mine is None:
        return None
    host, port_text = mine
    listening = state.upper() in _LISTENING_STATES or peer in _NO_PEER or not peer
    if not listening:
        theirs = split_address(peer)
        if theirs is not None:
            local_port, peer_port = port_number(port_text), port_number(theirs[1])
            if local_port is not None and peer_port is not None and peer_port < local_port:
                return Sighting(peer_port, protocol, number, theirs[0], False, process)
    port = port_number(port_text)
    if port is None:
        return None
    return Sighting(port, protocol, number, host, listening and is_wildcard(host), process)


def read_ss(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """ss: `Netid State Recv-Q Send-Q Local Peer Process`, or without Netid for one protocol."""
    for number, line in lines:
        words = line.split()
        if len(words) < 5 or words[0] in ("Netid", "State"):
            continue
        protocol = protocol_of(words[0])
        if protocol is not None or words[0] in ("raw", "u_str", "u_dgr", "u_seq", "nl", "p_raw", "p_dgr"):
            if protocol is None:
                continue  # raw, unix and netlink sockets hold no port
            state, local, peer = words[1], words[4], words[5] if len(words) > 5 else ""
        else:
            state, local, peer = words[0], words[3], words[4]
            protocol = "udp" if state == "UNCONN" else "tcp"
        process = _SS_PROCESS.search(line)
        found = _service_side(protocol, local, peer, state, number, process[1] if process else None)
        if found is not None:
            yield found


def read_netstat(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """Linux: `tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN 123/sshd`; Windows: `TCP 0.0.0.0:135
    0.0.0.0:0 LISTENING 1234`."""
    for number, line in lines:
        words = line.split()
        if len(words) < 3:
            continue
        protocol = protocol_of(words[0])
        if protocol is None:
            continue
        if len(words) >= 5 and words[1].isdigit() and words[2].isdigit():  # Linux: Recv-Q Send-Q
            local, peer, rest = words[3], words[4], words[5:]
        else:  # Windows
            local, peer, rest = words[1], words[2] if len(words) > 2 else "", words[3:]
        state = rest[0] if rest and not rest[0][0].isdigit() and "/" not in rest[0] else ""
        at = next((i for i, word in enumerate(rest) if "/" in word and word.split("/")[0].isdigit()), None)
        process = " ".join(rest[at:]).split("/", 1)[1] if at is not None else None  # "812/sshd: /usr/sbin"
        found = _service_side(protocol, local, peer, state, number, process)
        if found is not None:
            yield found


def _bsd_address(text: str) -> str:
    """ "*.22" -> "*:22", "127.0.0.1.631" -> "127.0.0.1:631", "fe80::1%lo0.631" -> "[fe80::1%lo0]:631"."""
    host, dot, port = text.rpartition(".")
    if not dot:
        return text
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def read_netstat_bsd(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """macOS and the BSDs: `tcp4 0 0 *.22 *.* LISTEN`, `udp46 0 0 *.5353 *.*`."""
    for number, line in lines:
        words = line.split()
        if len(words) < 5 or not words[1].isdigit():
            continue
        protocol = protocol_of(words[0])
        if protocol is None:
            continue
        peer = words[4]
        state = words[5] if len(words) > 5 else ""
        local = _bsd_address(words[3])
        found = _service_side(
            protocol, local, "*:*" if peer == "*.*" else _bsd_address(peer), state, number, None
        )
        if found is not None:
            yield found


def read_lsof(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    """`sshd 812 root 3u IPv4 0x… 0t0 TCP *:22 (LISTEN)`; `… TCP 10.0.0.5:51234->1.2.3.4:443 (ESTABLISHED)`."""
    for number, line in lines:
        words = line.split()
        if len(words) < 3 or words[0] == "COMMAND":
            continue
        # NODE is TCP, UDP or SCTP, then NAME, then the state in brackets.
        at = next((i for i in range(len(words) - 2, 0, -1) if words[i] in _LSOF_NODES), None)
        if at is None:
            continue
        local, _, peer = words[at + 1].partition("->")
        state = words[at + 2].strip("()") if at + 2 < len(words) else ""
        sighting = _service_side(words[at].lower(), local, peer, state, number, words[0])
        if sighting is not None:
            yield sighting
