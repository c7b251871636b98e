"""The live check: resolve, connect, read what the server says, shake hands, ask.

Bounded in time (every step waits at most the timeout, and the whole check at most
`STEPS_BUDGET` timeouts) and in memory (at most `wire.READ_LIMIT` bytes are read of
any answer). Never raises for anything the network or the server does: a failure
is a result with state "error" and one line saying why.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence

from ..dataset import PortEntry, Protocol
from ..typed_tuple import NamedTuple
from . import wire
from .target import Target
from .tls import TlsReport, handshake, tls_failure, tls_report

OPEN, CLOSED, TIMEOUT, ERROR = "open", "closed", "timeout", "error"
BANNER_WAIT = 1.0  # how long to wait for a server that speaks first (SSH, SMTP, FTP, POP3, IMAP)
STEPS_BUDGET = 3  # the whole check: at most this many timeouts
UDP_SILENCE = (
    "no answer; on UDP that proves nothing: the port may be open but ignoring this probe, "
    "or filtered (only an ICMP 'unreachable' shows a port is closed)"
)


class CheckResult(NamedTuple):
    target: Target
    address: str | None  # the address connected to (None when the name did not resolve)
    state: str  # open, closed, timeout, error
    rtt_ms: float | None  # the connection's round trip, when it was made
    banner: str | None = None  # what the server said first (or answered a UDP question), made safe
    tls: TlsReport | None = None
    http: wire.HttpAnswer | None = None
    note: str | None = None  # why it is not open, or what else is worth saying


class Plan(NamedTuple):
    """What to do once connected, from the port's entries and the options."""

    tls: bool = False
    http: bool = False
    nudge: bytes | None = None
    question: str | None = None  # over UDP: "dns" or "ntp", a query the service answers


# Services that wait for the client to speak, and a harmless first word for them.
NUDGES = {"redis": b"PING\r\n", "memcache": b"version\r\n", "memcached": b"version\r\n"}
# Services that answer a UDP question portdeck knows how to ask.
QUESTIONS = {"domain": "dns", "dns": "dns", "ntp": "ntp"}


def plan_for(entries: Sequence[PortEntry], tls: bool = False, http: bool = False) -> Plan:
    """What to try once connected: TLS where the port's entries speak it (or asked), HTTP where they
    serve it (or asked), a first word for servers that wait for one, a question over UDP."""
    tags = {tag for entry in entries for tag in entry.tags}
    nudge = next((NUDGES[e.service] for e in entries if e.service in NUDGES), None)
    question = next((QUESTIONS[e.service] for e in entries if e.service in QUESTIONS), None)
    return Plan(tls=tls or "tls" in tags, http=http or "web" in tags, nudge=nudge, question=question)


NO_PLAN = Plan()  # connect and listen: no TLS, no HTTP, no first word


class _Clock:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout * STEPS_BUDGET

    def wait(self, at_most: float | None = None) -> float:
        """How long the next step may wait: its share, never past the whole check's deadline."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the check took longer than it may")
        return min(at_most or self.timeout, self.timeout, left)

    def left(self) -> float:
        return self.deadline - time.monotonic()


def check(
    target: Target, plan: Plan = NO_PLAN, timeout: float = 3.0, cancelled: Callable[[], bool] = bool
) -> CheckResult:
    """Check one port; `cancelled()` is asked between steps (the TUI's Esc)."""
    clock = _Clock(timeout)
    kind = socket.SOCK_STREAM if target.protocol is Protocol.TCP else socket.SOCK_DGRAM
    try:
        addresses = _resolve(target, kind, clock)
    except OSError as error:
        return CheckResult(target, None, ERROR, None, note=str(error))
    if cancelled():
        return CheckResult(target, addresses[0][1][0], ERROR, None, note="cancelled")
    if target.protocol is Protocol.UDP:
        # Silence proves nothing over UDP, so there is no failure to move on from: the first address.
        family, address = addresses[0]
        return _check_udp(target, family, address, plan, clock)
    return _check_tcp(target, addresses, plan, clock, cancelled)


Address = tuple[int, tuple]  # (family, socket address)


def _resolve(target: Target, kind: int, clock: _Clock) -> list[Address]:
    """The host's addresses in the order to try them, resolved in a thread so a slow resolver
    cannot outlast the timeout."""
    found: list[object] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(target.host, target.port, type=kind))
        except (OSError, UnicodeError) as error:
            found.append(error)

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(clock.wait())
    if not found:
        raise OSError(f"cannot resolve {target.host}: no answer within {clock.timeout:g} s")
    answer = found[0]
    if isinstance(answer, Exception):
        reason = answer.args[1] if isinstance(answer, socket.gaierror) and len(answer.args) > 1 else answer
        raise OSError(f"cannot resolve {target.host}: {reason}")
    addresses = [(family, address) for family, _kind, _proto, _name, address in answer]  # type: ignore[attr-defined]
    if not addresses:
        raise OSError(f"cannot resolve {target.host}: no address")
    return happy_eyeballs_order(addresses)


def happy_eyeballs_order(addresses: Sequence[Address]) -> list[Address]:
    """Duplicates dropped, families alternated from the resolver's first choice (RFC 8305 §4):
    with `::1` first for localhost and a server on 127.0.0.1 only, the second try finds it."""
    unique = list(dict.fromkeys(addresses))
    first = [a for a in unique if a[0] == unique[0][0]]
    other = [a for a in unique if a[0] != unique[0][0]]
    ordered = []
    for index in range(max(len(first), len(other))):
        ordered += first[index : index + 1] + other[index : index + 1]
    return ordered


def _check_tcp(
    target: Target, addresses: Sequence[Address], plan: Plan, clock: _Clock, cancelled: Callable[[], bool]
) -> CheckResult:
    """Connect to each address in turn until one accepts; the result names the one that did."""
    failures: list[CheckResult] = []
    for family, address in addresses:
        failed = _try_connect(target, address[0], family, address, clock)
        if isinstance(failed, CheckResult):
            failures.append(failed)
            if cancelled() or clock.left() <= 0:
                break
            continue
        sock, rtt = failed
        return _converse(target, family, address, sock, rtt, plan, clock, cancelled)
    return _first_failure(failures)


def _try_connect(
    target: Target, shown: str, family: int, address: tuple, clock: _Clock
) -> tuple[socket.socket, float] | CheckResult:
    """The connected socket and its round trip, or the result that says why not."""
    try:
        return _connect(family, address, clock)
    except ConnectionRefusedError:
        return CheckResult(target, shown, CLOSED, None, note="connection refused: nothing listens there")
    except TimeoutError:
        return CheckResult(
            target, shown, TIMEOUT, None, note="no answer: filtered by a firewall, or the host is down"
        )
    except OSError as error:
        return CheckResult(target, shown, ERROR, None, note=f"cannot connect: {error.strerror or error}")


def _first_failure(failures: Sequence[CheckResult]) -> CheckResult:
    """The first address's failure, naming the other addresses tried and how each failed."""
    first, others = failures[0], failures[1:]
    if not others:
        return first
    tried = "; ".join(f"{f.address}: {STATE_NOTES.get(f.state, f.state)}" for f in others)
    return first._replace(note=f"{first.note} (also tried {tried})")


STATE_NOTES = {CLOSED: "refused", TIMEOUT: "no answer", ERROR: "unreachable"}


def _converse(
    target: Target,
    family: int,
    address: tuple,
    sock: socket.socket,
    rtt: float,
    plan: Plan,
    clock: _Clock,
    cancelled: Callable[[], bool],
) -> CheckResult:
    shown = address[0]
    with sock:
        if cancelled():
            return CheckResult(target, shown, OPEN, rtt, note="cancelled")
        try:
            if plan.tls:
                return _over_tls(target, family, address, sock, rtt, plan, clock)
            return _talk(target, shown, sock, rtt, plan, clock)
        except (OSError, TimeoutError) as error:
            return CheckResult(target, shown, OPEN, rtt, note=f"open, then the conversation failed: {error}")


def _connect(family: int, address: tuple, clock: _Clock) -> tuple[socket.socket, float]:
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(clock.wait())
    start = time.monotonic()
    try:
        sock.connect(address)
    except BaseException:
        sock.close()
        raise
    return sock, round((time.monotonic() - start) * 1000, 1)


def _talk(
    target: Target, shown: str, sock: socket.socket, rtt: float, plan: Plan, clock: _Clock
) -> CheckResult:
    """A plain connection: ask HTTP, or listen for a banner (nudging a server that waits)."""
    if plan.http:
        sock.sendall(wire.http_head(target.host))
        answer = _read(sock, clock, wire.READ_LIMIT, until_closed=True)
        http = wire.read_http(answer)
        note = None if http or not answer else "answered, but not with HTTP"
        return CheckResult(
            target,
            shown,
            OPEN,
            rtt,
            wire.banner_text(answer) if answer and not http else None,
            http=http,
            note=note,
        )
    said = _read(sock, clock, wire.READ_LIMIT, first_wait=BANNER_WAIT)
    if not said and plan.nudge:
        sock.sendall(plan.nudge)
        said = _read(sock, clock, wire.READ_LIMIT, first_wait=BANNER_WAIT)
    note = None if said else "open; the server did not speak first (many wait for the client)"
    return CheckResult(target, shown, OPEN, rtt, wire.banner_text(said) if said else None, note=note)


def _read(
    sock: socket.socket,
    clock: _Clock,
    limit: int,
    first_wait: float | None = None,
    until_closed: bool = False,
) -> bytes:
    """Up to `limit` bytes: what arrives within the first wait, then what follows at once."""
    data = b""
    sock.settimeout(clock.wait(first_wait))
    while len(data) < limit:
        try:
            chunk = sock.recv(min(4096, limit - len(data)))
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
        # More of a multi-line banner follows at once; a chatty server is not waited for.
        sock.settimeout(clock.wait(None if until_closed else 0.2))
    return data[:limit]


def _over_tls(
    target: Target, family: int, address: tuple, sock: socket.socket, rtt: float, plan: Plan, clock: _Clock
) -> CheckResult:
    """Shake hands verifying the certificate for the host name; when it does not verify, read it
    anyway over a second connection that does not verify."""
    shown = address[0]
    # An address is verified too: given as the server name, OpenSSL matches it against the
    # certificate's IP addresses (and sends no SNI for it). A zone (%eth0) is not part of it.
    is_address = _is_address(target.host)
    server_name = target.host.partition("%")[0] if is_address else target.host
    verify = ssl.create_default_context()
    problem = None
    try:
        secure = handshake(verify, sock, server_name, clock.wait())
    except ssl.SSLCertVerificationError as error:
        problem = wire.banner_text((error.verify_message or str(error)).encode())
        second, _ = _connect(family, address, clock)
        loose = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        loose.check_hostname, loose.verify_mode = False, ssl.CERT_NONE
        try:
            secure = handshake(loose, second, None if is_address else server_name, clock.wait())
        except ssl.SSLError as failure:
            return CheckResult(
                target, shown, OPEN, rtt, note=tls_failure("open; TLS handshake failed", failure)
            )
    except ssl.SSLError as error:
        return CheckResult(target, shown, OPEN, rtt, note=tls_failure("open, but no TLS", error))
    with secure:
        report = tls_report(secure, problem)
        if plan.http:
            secure.sendall(wire.http_head(target.host))
            answer = _read(secure, clock, wire.READ_LIMIT, until_closed=True)
            return CheckResult(target, shown, OPEN, rtt, tls=report, http=wire.read_http(answer))
        said = _read(secure, clock, wire.READ_LIMIT, first_wait=BANNER_WAIT)
        return CheckResult(target, shown, OPEN, rtt, wire.banner_text(said) if said else None, tls=report)


def _check_udp(target: Target, family: int, address: tuple, plan: Plan, clock: _Clock) -> CheckResult:
    """Ask a question the service understands (DNS, NTP); else send an empty datagram."""
    shown = address[0]
    question, read = b"", None
    if plan.question == "dns":
        question, ident = wire.dns_query()
        read = lambda data: wire.read_dns(data, ident)  # noqa: E731
    elif plan.question == "ntp":
        question, read = wire.ntp_request(), wire.read_ntp
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        try:
            sock.settimeout(clock.wait())
            sock.connect(address)  # connected: an ICMP 'port unreachable' comes back as a refusal
            start = time.monotonic()
            sock.send(question)
            data = sock.recv(wire.READ_LIMIT)
        except ConnectionRefusedError:
            return CheckResult(
                target, shown, CLOSED, None, note="port unreachable (ICMP): nothing listens there"
            )
        except TimeoutError:
            return CheckResult(target, shown, TIMEOUT, None, note=UDP_SILENCE)
        except OSError as error:
            return CheckResult(target, shown, ERROR, None, note=f"cannot send: {error.strerror or error}")
    rtt = round((time.monotonic() - start) * 1000, 1)
    answer = read(data) if read else None
    return CheckResult(target, shown, OPEN, rtt, answer or wire.banner_text(data) or "(an empty answer)")


def _is_address(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.partition("%")[0])
    except ValueError:
        return False
    return True
