"""TLS for the live check: the handshake within the check's time, why one failed in a line,
and what the certificate says (`TlsReport`)."""

from __future__ import annotations

import datetime
import socket
import ssl

from ..typed_tuple import NamedTuple
from .certificate import CertificateError, read_certificate


class TlsReport(NamedTuple):
    """What a TLS handshake showed: the protocol, the cipher and the certificate."""

    version: str
    cipher: str
    subject: str
    issuer: str
    names: tuple[str, ...]
    not_after: str  # ISO 8601, UTC
    days_left: int
    self_signed: bool
    verified: bool
    problem: str | None  # why it does not verify for this host name, when it does not


# OpenSSL refuses a handshake message over its limit (about 100 KB): a server did speak TLS,
# with a certificate chain too large to read (thousands of names), which is not "no TLS".
_TOO_LARGE = "EXCESSIVE_MESSAGE_SIZE"


def tls_failure(prefix: str, error: ssl.SSLError) -> str:
    reason = error.reason or str(error)
    if reason == _TOO_LARGE:
        return "open; TLS answered with a certificate too large to read (over OpenSSL's message limit)"
    return f"{prefix}: {reason}"


def handshake(
    context: ssl.SSLContext, sock: socket.socket, server_name: str | None, timeout: float
) -> ssl.SSLSocket:
    """`sock` wrapped in TLS, the handshake done within `timeout` seconds; closed if it fails."""
    secure = context.wrap_socket(sock, server_hostname=server_name, do_handshake_on_connect=False)
    try:
        secure.settimeout(timeout)
        secure.do_handshake()
    except BaseException:
        secure.close()
        raise
    return secure


def tls_report(secure: ssl.SSLSocket, problem: str | None) -> TlsReport | None:
    der = secure.getpeercert(binary_form=True)
    cipher = secure.cipher()
    version = secure.version() or "?"
    if not der:
        return None
    try:
        certificate = read_certificate(der)
    except CertificateError:
        return None
    now = datetime.datetime.now(datetime.UTC)
    return TlsReport(
        version=version,
        cipher=cipher[0] if cipher else "?",
        subject=certificate.subject,
        issuer=certificate.issuer,
        names=certificate.names,
        not_after=certificate.not_after.isoformat().replace("+00:00", "Z"),
        days_left=certificate.days_left(now),
        self_signed=certificate.self_signed,
        verified=problem is None,
        problem=problem,
    )
