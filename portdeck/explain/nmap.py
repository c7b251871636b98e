"""nmap's three outputs: normal (-oN), grepable (-oG) and XML (-oX); masscan writes the
last two too. Open ports are exposed (reachable on the scanned host); `open|filtered`
(a UDP port that did not answer) is seen but not exposed; closed and filtered ports are
not there at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from .sighting import PROTOCOLS, Sighting, port_number, protocol_of
from .source import BadInput

if TYPE_CHECKING:  # expat is imported when XML comes, as `portdeck 22` never needs it
    from xml.parsers.expat import XMLParserType

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


# Attributes as expat hands them with ordered_attributes: [name, value, name, value, …],
# cheaper to build than a dict for the 264,000 elements of a big scan, most never read.
Attributes = list[str]
# Past this many distinct <port>s, what each decided is forgotten: memory stays bounded.
MOST_REMEMBERED = 4096


class _Port:
    """An open <port>: its attributes, its line, the depth of its children, and its first
    <state> and <service> children."""

    __slots__ = ("attrs", "child", "line", "service", "state")

    def __init__(self, attrs: Attributes, line: int, child: int) -> None:
        self.attrs, self.line, self.child = attrs, line, child
        self.state: Attributes | None = None
        self.service: Attributes | None = None


# What a <port> says once its host and line are set aside: (number, protocol, exposed, hint).
_Verdict = tuple[int, "str | None", bool, "str | None"]


def _verdict(attrs: Attributes, state: Attributes | None, service: Attributes | None) -> _Verdict | None:
    """Whether a port counts, and as what: None for closed, filtered or a bad number."""
    state_of = _as_dict(state).get("state")
    if state_of not in {"open", "open|filtered"}:  # closed and filtered: not there
        return None
    port = _as_dict(attrs)
    number = port_number(port.get("portid"))
    if number is None:
        return None
    protocol = port.get("protocol")
    about = _as_dict(service)
    # nmap's own table names a port without looking (method="table"): a guess.
    hint = _service(about.get("name")) if service is not None and about.get("method") == "probed" else None
    return number, protocol if protocol in PROTOCOLS else protocol_of(protocol), state_of == "open", hint


def _as_dict(attrs: Attributes | None) -> dict[str, str]:
    return dict(zip(attrs[::2], attrs[1::2], strict=True)) if attrs else {}


class _Broken(Exception):
    """Where the XML stops being valid, and expat's reason."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


class _Reader:
    """expat's handlers, which read an element when it ends, as ElementTree's end events did
    (however hostile input nests them): a <port> with its first <state> and <service>
    children, an <address>, a <host>. Only open ports and addresses are kept: every other
    element is a tag compared and forgotten, as this runs for each of the 270,000 elements
    of a 10,000-host scan."""

    def __init__(self, parser: XMLParserType, name: str) -> None:
        self._parser = parser
        self._name = name
        # Each distinct <port> (attributes, state, service) decided once: a scan repeats the
        # same few hundred across its hosts.
        self._verdicts: dict[tuple[str, ...], _Verdict | None] = {}
        self.hosts = 0
        self.found: list[Sighting] = []  # since the last chunk
        parser.ordered_attributes = True
        parser.StartElementHandler, parser.EndElementHandler = self._element_handlers()
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.refuse
        parser.SkippedEntityHandler = self.skipped

    def _element_handlers(self) -> tuple[Callable[[str, Attributes], None], Callable[[str], None]]:
        """expat's start and end handlers, called for every element: closures, as Python reads
        their variables faster than attributes. An element is a child of the innermost open
        <port> when its depth is that port's `child`."""
        parser, emit = self._parser, self._emit
        outer: list[_Port] = []  # the open ports around the innermost one
        addresses: list[Attributes] = []
        port: _Port | None = None  # the innermost open port
        child = 0  # its children's depth; 0 (no element's) when no port is open
        depth = 0
        host: str | None = None

        def start(tag: str, attrs: Attributes) -> None:
            nonlocal depth, port, child
            depth += 1
            if depth == child and port is not None:  # only its first <state> and <service> count
                if tag == "state":
                    if port.state is None:
                        port.state = attrs
                elif tag == "service" and port.service is None:
                    port.service = attrs
            if tag == "port":
                if port is not None:
                    outer.append(port)
                child = depth + 1
                port = _Port(attrs, parser.CurrentLineNumber, child)
            elif tag == "address":
                addresses.append(attrs)

        def end(tag: str) -> None:
            nonlocal depth, port, child, host
            depth -= 1
            if tag == "port" and port is not None:
                emit(port, host)
                port = outer.pop() if outer else None
                child = port.child if port is not None else 0
            elif tag == "address":
                address = _as_dict(addresses.pop())
                if address.get("addrtype") in ("ipv4", "ipv6") or host is None:
                    host = address.get("addr")  # a MAC address only when there is no IP
            elif tag == "host":
                self.hosts += 1
                host = None

        return start, end

    def _emit(self, port: _Port, host: str | None) -> None:
        """The sighting of an open port that just ended."""
        # "" never names an attribute, so it parts the three lists unambiguously; a missing
        # <state> or <service> reads as one without attributes, as it did as a dict.
        key = (*port.attrs, "", *(port.state or ()), "", *(port.service or ()))
        verdicts = self._verdicts
        if key in verdicts:
            verdict = verdicts[key]
        else:
            if len(verdicts) >= MOST_REMEMBERED:
                verdicts.clear()
            verdict = verdicts[key] = _verdict(port.attrs, port.state, port.service)
        if verdict is not None:
            number, protocol, exposed, hint = verdict
            self.found.append(Sighting(number, protocol, port.line, host, exposed, None, hint))

    def doctype(self, name: str, system_id: str | None, public_id: str | None, subset: bool) -> None:
        """What _check_prolog refuses, refused again where expat sees it (whatever hides it)."""
        if subset:
            self.refuse()

    def refuse(self, *_: object) -> None:
        raise BadInput(f"{self._name}: its DOCTYPE declares entities, which nmap never writes: refused")

    def skipped(self, entity: str, parameter: bool) -> None:
        """An undefined entity that expat lets pass (the DOCTYPE names an external DTD, never
        read) stops the reading, as ElementTree's parser did."""
        if not parameter:
            reason = "undefined entity " + f"&{entity};"[:100]  # ElementTree's words
            raise _Broken(self._parser.CurrentLineNumber, reason.split(":")[0])


def read_xml(stream: BinaryIO, warnings: list[str], name: str) -> Iterator[Sighting]:
    """nmap (or masscan) XML, streamed: expat is fed 64 KB at a time, and its handlers keep
    only what portdeck reads (no tree is built), so the file is never held whole. Each
    chunk's ports are handed on once it is parsed."""
    from xml.parsers.expat import XML_PARAM_ENTITY_PARSING_NEVER, ParserCreate

    # Namespaces as ElementTree reads them: <port xmlns="..."> is no nmap port.
    parser = ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(XML_PARAM_ENTITY_PARSING_NEVER)  # the DTD is never read
    reader = _Reader(parser, name)
    handed = 0
    first = True
    while True:
        chunk = stream.read(CHUNK)
        if first:
            _check_prolog(chunk, name)
            first = False
        try:
            _parse(parser, chunk)
        except _Broken as broken:
            yield from reader.found  # the ports before the error count
            if not (handed + len(reader.found)):
                raise BadInput(f"{name}: not valid nmap XML (line {broken.line}: {broken.reason})") from None
            warnings.append(
                f"{name}: the XML stops being valid at line {broken.line} (an unfinished scan?); "
                f"read the {reader.hosts:,} hosts before it"
            )
            return
        handed += len(reader.found)
        yield from reader.found
        reader.found.clear()
        if not chunk:
            return


def _parse(parser: XMLParserType, chunk: bytes) -> None:
    """Feed one chunk (b"": the end); raises _Broken where the XML stops being valid."""
    from xml.parsers.expat import ExpatError

    try:
        parser.Parse(chunk, not chunk)
    except ExpatError as error:
        raise _Broken(error.lineno, str(error).split(":")[0]) from None
    except (LookupError, ValueError) as error:  # an encoding expat cannot read ("utf-7")
        raise _Broken(parser.ErrorLineNumber, str(error).split(":")[0]) from None


def _tag(tag: str) -> str:
    return tag if len(tag) <= 40 else tag[:39] + "…"
