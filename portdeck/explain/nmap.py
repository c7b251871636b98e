"""nmap's three outputs: normal (-oN), grepable (-oG) and XML (-oX); masscan writes the
last two too. Open ports are exposed (reachable on the scanned host); `open|filtered`
(a UDP port that did not answer) is seen but not exposed; closed and filtered ports are
not there at all."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .sighting import PROTOCOLS, Sighting, port_number, protocol_of
from .source import BadInput

_REPORT = re.compile(r"^Nmap scan report for (\S+)(?: \(([^)]*)\))?")
_PORT_LINE = re.compile(r"^(\d{1,5})/(tcp|udp|sctp)\s+(\S+)(?:\s+(\S+)(?:\s+(\S.*))?)?")
_DISCOVERED = re.compile(r"Discovered (open|open\|filtered) port (\d{1,5})/(tcp|udp|sctp) on (\S+)")
_GREP_HOST = re.compile(r"^(?:Timestamp: \d+\s+)?Host: (\S+)")  # masscan -oG puts a timestamp first
# port/state/protocol/owner/service/rpc/version/ (masscan stops after rpc)
_GREP_PORT = re.compile(r"(\d{1,5})/([^/]*)/(tcp|udp|sctp)/[^/]*/([^/]*)/(?:[^/]*/([^/]*)/)?")


def _state(state: str) -> tuple[bool, bool]:
    """(seen, exposed) for nmap's state of a port."""
    if state == "open":
        return True, True
    return state == "open|filtered", False


def read_normal(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    host: str | None = None
    for number, line in lines:
        report = _REPORT.match(line)
        if report:
            host = report[2] or report[1]  # "for name (10.0.0.5)": the address
            continue
        found = _PORT_LINE.match(line)
        if found:
            port = port_number(found[1])
            seen, exposed = _state(found[3])
            if port is not None and seen:
                hint = _service(found[4]) if found[5] else None  # a version: -sV probed it
                yield Sighting(port, found[2], number, host, exposed, hint=hint)
            continue
        discovered = _DISCOVERED.search(line)  # -v progress lines, when the report is not there
        if discovered and host is None:
            port = port_number(discovered[2])
            if port is not None:
                yield Sighting(port, discovered[3], number, discovered[4], discovered[1] == "open")


def read_grepable(lines: Iterable[tuple[int, str]]) -> Iterator[Sighting]:
    for number, line in lines:
        host = _GREP_HOST.match(line)
        if host is None or "Ports: " not in line:
            continue
        ports = line.split("Ports: ", 1)[1].split("\t", 1)[0]  # up to "Ignored State:"
        for found in _GREP_PORT.finditer(ports):
            port = port_number(found[1])
            seen, exposed = _state(found[2])
            if port is not None and seen:
                hint = _service(found[4]) if found[5] else None  # a version: -sV probed it
                yield Sighting(port, found[3], number, host[1], exposed, hint=hint)


def _service(name: str | None) -> str | None:
    """The service nmap detected (-sV), "ssl/http" read as "http"; its guesses ("http?") are none.
    Without -sV nmap names a port from its table: a guess, never used to pick an entry."""
    if not name or name in ("unknown", "tcpwrapped") or name.endswith("?"):
        return None
    return name.rpartition("/")[2] or None


CHUNK = 1 << 16
_FIRST_ELEMENT = re.compile(rb"<(?![?!])([^\s/>]*)")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_PORT_TAG = re.compile(rb"<port[\s/>]")


def _check_prolog(head: bytes, name: str) -> None:
    """The root must be <nmaprun>, and the prolog must declare nothing: nmap writes a bare
    <!DOCTYPE nmaprun>; entity declarations are how XML bombs start."""
    text = _COMMENT.sub(b"", head)
    first = _FIRST_ELEMENT.search(text)
    if first is None:
        raise BadInput(f"{name}: not valid nmap XML (no element in its first {CHUNK // 1024} KB)")
    if first[1] != b"nmaprun":
        tag = first[1].decode("utf-8", "replace")
        raise BadInput(f"{name}: XML, but not nmap's (it starts with <{_tag(tag)}>)")
    prolog = text[: first.start()]
    if b"<!ENTITY" in prolog or re.search(rb"<!DOCTYPE[^>\[]*\[", prolog):
        raise BadInput(f"{name}: its DOCTYPE declares entities, which nmap never writes: refused")


class _PortLines:
    """The line of each <port> tag, in document order, found in the bytes as they are fed:
    ElementTree does not tell where an element is. nmap writes no comment or CDATA that could
    hold "<port"; if hostile input does, only the line numbers shown go wrong."""

    def __init__(self) -> None:
        self.lines: deque[int] = deque()
        self._newlines = 0  # before the carried bytes
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        before, at = self._newlines, 0
        for found in _PORT_TAG.finditer(data):
            before += data.count(b"\n", at, found.start())
            at = found.start()
            self.lines.append(before + 1)
        self._carry = data[-5:]  # "<port" cut at the chunk's end; too short to match twice
        self._newlines += data.count(b"\n") - self._carry.count(b"\n")

    def next(self) -> int:
        return self.lines.popleft() if self.lines else 0


def read_xml(stream: BinaryIO, warnings: list[str], name: str) -> Iterator[Sighting]:
    """nmap (or masscan) XML, streamed with ElementTree's incremental parser (iterparse's
    engine, fed 64 KB at a time): each host's ports are handed on as its elements end, and
    the host is cleared, so the file is never held whole and no tree of it is built."""
    from xml.etree.ElementTree import Element, ParseError, XMLPullParser

    parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
    lines = _PortLines()
    host: str | None = None
    hosts = handed = 0
    first = True
    try:
        while True:
            chunk = stream.read(CHUNK)
            if first:
                _check_prolog(chunk, name)
                first = False
            if chunk:
                lines.feed(chunk)
                parser.feed(chunk)
            else:
                parser.close()
            events: Iterator[tuple[str, Element]] = parser.read_events()  # type: ignore[assignment]
            for _, element in events:  # "end" events: always an element
                tag = element.tag
                if tag == "port":
                    line = lines.next()
                    state = element.find("state")
                    seen, exposed = _state(state.get("state", "") if state is not None else "")
                    port = port_number(element.get("portid"))
                    if port is None or not seen:
                        continue
                    protocol = element.get("protocol")
                    service = element.find("service")
                    # nmap's own table names a port without looking (method="table"): a guess.
                    probed = service is not None and service.get("method") == "probed"
                    hint = _service(service.get("name")) if probed and service is not None else None
                    handed += 1
                    yield Sighting(
                        port,
                        protocol if protocol in PROTOCOLS else protocol_of(protocol),
                        line,
                        host,
                        exposed,
                        None,
                        hint,
                    )
                elif tag == "address":
                    if element.get("addrtype") in ("ipv4", "ipv6") or host is None:
                        host = element.get("addr")  # a MAC address only when there is no IP
                elif tag == "host":
                    hosts += 1
                    host = None
                    element.clear()  # its ports are handed on: let them go
            if not chunk:
                return
    except ParseError as error:
        line = error.position[0] if error.position else 0
        if not handed:
            reason = str(error).split(":")[0]
            raise BadInput(f"{name}: not valid nmap XML (line {line}: {reason})") from None
        warnings.append(
            f"{name}: the XML stops being valid at line {line} (an unfinished scan?); "
            f"read the {hosts:,} hosts before it"
        )


def _tag(tag: str) -> str:
    return tag if len(tag) <= 40 else tag[:39] + "…"
