"""The live check against real servers on 127.0.0.1: every state, banners, TLS, HTTP, UDP, bad servers."""

from __future__ import annotations

import datetime
import socket
import ssl
import time
from collections.abc import Callable

import pytest

from portdeck.check import report
from portdeck.check.certificate import CertificateError, read_certificate
from portdeck.check.probe import CLOSED, ERROR, OPEN, TIMEOUT, Plan, check, plan_for
from portdeck.check.target import Target, TargetError, parse_target
from portdeck.dataset import PortEntry, Protocol

from .conftest import LOOPBACK, Serve


def target(port: int, protocol: Protocol = Protocol.TCP) -> Target:
    return Target(LOOPBACK, port, protocol)


def say(banner: bytes) -> Callable[[socket.socket], None]:
    def handler(connection: socket.socket) -> None:
        connection.sendall(banner)
        time.sleep(0.5)

    return handler


def test_an_open_port_and_its_banner(tcp_server: Serve) -> None:
    port = tcp_server(say(b"SSH-2.0-OpenSSH_9.6\r\n"))
    result = check(target(port))
    assert (result.state, result.address, result.banner) == (OPEN, LOOPBACK, "SSH-2.0-OpenSSH_9.6")
    assert result.rtt_ms is not None and result.rtt_ms >= 0


def test_a_multi_line_banner_is_read_whole(tcp_server: Serve) -> None:
    port = tcp_server(say(b"220-mail.example ESMTP\r\n220-no UCE\r\n220 ready\r\n"))
    assert check(target(port)).banner == "220-mail.example ESMTP\n220-no UCE\n220 ready"


def test_a_closed_port(closed_port: int) -> None:
    result = check(target(closed_port))
    assert result.state == CLOSED and "refused" in (result.note or "")


def test_a_server_that_never_answers_is_open_and_silent(tcp_server: Serve) -> None:
    port = tcp_server(lambda connection: time.sleep(3))
    start = time.monotonic()
    result = check(target(port), timeout=1)
    assert result.state == OPEN and result.banner is None
    assert "did not speak first" in (result.note or "")
    assert time.monotonic() - start < 3, "bounded by the timeout"


def test_a_server_that_waits_is_nudged(tcp_server: Serve) -> None:
    def redis(connection: socket.socket) -> None:
        if connection.recv(100) == b"PING\r\n":
            connection.sendall(b"+PONG\r\n")

    port = tcp_server(redis)
    assert check(target(port), Plan(nudge=b"PING\r\n")).banner == "+PONG"


def test_megabytes_are_not_read(tcp_server: Serve) -> None:
    def flood(connection: socket.socket) -> None:
        for _ in range(64):
            connection.sendall(b"x" * 65536)

    result = check(target(tcp_server(flood)))
    assert result.state == OPEN and result.banner is not None
    assert len(result.banner) <= 401, "at most a few KB are read, and less is shown"


def test_garbage_and_escape_sequences_are_shown_safely(tcp_server: Serve) -> None:
    port = tcp_server(say(b"\x1b]0;PWN\x07\x1b[2J\xff\xfe\x9b2J hello\r\n"))
    result = check(target(port))
    # The result keeps what the server sent (JSON escapes it its own way); the lines escape it once.
    assert result.banner == "\x1b]0;PWN\x07\x1b[2J\\xff\\xfe\\x9b2J hello"  # bytes not UTF-8: \\x escapes
    shown = "\n".join(report.lines(result))
    assert "hello" in shown
    assert not any(ch in shown for ch in "\x1b\x07\x9b"), shown
    assert "\\x1b]0;PWN\\x07" in shown


def test_tls_is_reported_and_verified_against_the_given_authority(
    tls_server: Callable[..., int], authority: object, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    port = tls_server()
    # The check verifies against the system's CAs: here, the test authority stands in for them.
    original = ssl.create_default_context

    def trusting(*args: object, **kwargs: object) -> ssl.SSLContext:
        context = original(*args, **kwargs)  # type: ignore[arg-type]
        authority.configure_trust(context)  # type: ignore[attr-defined]
        return context

    monkeypatch.setattr(ssl, "create_default_context", trusting)
    result = check(Target("localhost", port), Plan(tls=True))
    tls = result.tls
    assert result.state == OPEN and tls is not None
    assert tls.verified and tls.problem is None and not tls.self_signed
    assert tls.version.startswith("TLS") and tls.cipher
    assert "localhost" in tls.names and LOOPBACK in tls.names
    assert tls.days_left > 300
    assert result.banner == "* OK IMAP4rev1 test server ready"


def test_a_certificate_that_does_not_verify_is_still_described(tls_server: Callable[..., int]) -> None:
    port = tls_server(names=("other.example",))
    result = check(Target("localhost", port), Plan(tls=True))
    tls = result.tls
    assert result.state == OPEN and tls is not None
    assert not tls.verified and tls.problem  # not from a system CA, and for another name
    assert tls.names == ("other.example",)
    assert tls.issuer and not tls.self_signed


def test_https_status_and_server(tls_server: Callable[..., int]) -> None:
    port = tls_server(http=True)
    result = check(Target("localhost", port), Plan(tls=True, http=True))
    assert result.http is not None
    assert result.http.status == "HTTP/1.1 204 No Content" and result.http.server == "test-https"


def test_plain_http_status_and_server(tcp_server: Serve) -> None:
    seen: list[bytes] = []

    def web(connection: socket.socket) -> None:
        seen.append(connection.recv(4096))
        connection.sendall(b"HTTP/1.0 301 Moved\r\nLocation: /x\r\nServer: nginx/1.25\r\n\r\n")

    result = check(target(tcp_server(web)), Plan(http=True))
    assert result.http is not None and result.http.status == "HTTP/1.0 301 Moved"
    assert result.http.server == "nginx/1.25"
    assert seen[0].startswith(b"HEAD / HTTP/1.0\r\nHost: 127.0.0.1\r\n")


def test_tls_asked_of_a_plain_server_says_so(tcp_server: Serve) -> None:
    result = check(target(tcp_server(say(b"hello, not TLS\r\n"))), Plan(tls=True))
    assert result.state == OPEN and result.tls is None and "no TLS" in (result.note or "")


def test_udp_dns_query_is_answered(udp_dns_server: int) -> None:
    result = check(Target(LOOPBACK, udp_dns_server, Protocol.UDP), Plan(question="dns"))
    assert result.state == OPEN and result.banner == "DNS answer: NOERROR, 0 records, recursion available"
    plain = check(Target(LOOPBACK, udp_dns_server, Protocol.UDP), timeout=0.5)
    assert plain.state == TIMEOUT, "an empty datagram gets no answer from a DNS server"


def test_udp_silence_proves_nothing(silent_udp_port: int) -> None:
    result = check(Target(LOOPBACK, silent_udp_port, Protocol.UDP), timeout=0.5)
    assert result.state == TIMEOUT and "proves nothing" in (result.note or "")


def test_udp_closed_port_is_told_by_icmp(closed_port: int) -> None:
    result = check(Target(LOOPBACK, closed_port, Protocol.UDP), timeout=1)
    assert result.state == CLOSED


def test_an_unresolvable_name_is_an_error_line() -> None:
    result = check(Target("no-such-host.invalid", 80), timeout=2)
    assert result.state == ERROR and result.address is None
    assert result.note is not None and "cannot resolve no-such-host.invalid" in result.note


def test_an_address_family_the_host_lacks_is_an_error_line() -> None:
    result = check(Target("::1", 9), timeout=1)  # refused where IPv6 works, unreachable where not
    assert result.state in (CLOSED, ERROR)
    assert result.note and "\n" not in result.note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("example.org:443", Target("example.org", 443)),
        ("[::1]:22", Target("::1", 22)),
        ("ns1.example:53/udp", Target("ns1.example", 53, Protocol.UDP)),
        ("10.0.0.1:8080/TCP", Target("10.0.0.1", 8080)),
    ],
)
def test_targets(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "example.org",
        "example.org:0",
        "example.org:70000",
        "example.org:http",
        "::1:22",
        "a b:22",
        "host:22/sctp",
        "\x1b]0;x:22",
        ":22",
        "x" * 300 + ":22",
    ],
)
def test_bad_targets_are_one_line(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)


def test_certificates_are_read_like_ssl_reads_them(authority: object) -> None:
    certificate = authority.issue_cert("portdeck.example", "127.0.0.2")  # type: ignore[attr-defined]
    der = ssl.PEM_cert_to_DER_cert(certificate.cert_chain_pems[0].bytes().decode())
    read = read_certificate(der)
    assert read.names == ("portdeck.example", "127.0.0.2")
    assert read.not_before < datetime.datetime.now(datetime.UTC) < read.not_after
    assert not read.self_signed and read.issuer
    ca_der = ssl.PEM_cert_to_DER_cert(authority.cert_pem.bytes().decode())  # type: ignore[attr-defined]
    assert read_certificate(ca_der).self_signed


@pytest.mark.parametrize("garbage", [b"", b"\x30", b"\x30\x82\xff\xff", b"\x04\x03abc", bytes(range(256))])
def test_bytes_that_are_no_certificate_are_an_error(garbage: bytes) -> None:
    with pytest.raises(CertificateError):
        read_certificate(garbage)


def test_the_plan_follows_what_the_port_s_entries_are() -> None:
    tcp = (Protocol.TCP,)
    https = PortEntry(443, 443, tcp, "https", "HTTPS", tags=("web", "tls"))
    redis = PortEntry(6379, 6379, tcp, "redis", "Redis", tags=("database",))
    dns = PortEntry(53, 53, (Protocol.UDP,), "domain", "DNS")
    assert plan_for([https]) == Plan(tls=True, http=True)
    assert plan_for([redis]) == Plan(nudge=b"PING\r\n")
    assert plan_for([dns]).question == "dns"
    assert plan_for([redis], tls=True, http=True).tls and plan_for([], http=True).http
    assert plan_for([]) == Plan()
