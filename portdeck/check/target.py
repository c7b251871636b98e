"""What to check: a host, a port and a protocol, from what the user wrote."""

from __future__ import annotations

import re

from ..dataset import MAX_PORT, Protocol
from ..typed_tuple import NamedTuple

# Host names and addresses: letters, digits, dots, hyphens, underscores, colons (IPv6 in
# brackets), percent (an IPv6 zone). Anything else cannot be a host.
_HOST = re.compile(r"[A-Za-z0-9._\-:%]+")
_TARGET = re.compile(
    r"^(?:\[(?P<ipv6>[^\]]+)\]|(?P<host>[^:/\[\]]+)):(?P<port>[^/]+)(?:/(?P<protocol>[A-Za-z]+))?$"
)
MAX_HOST = 253


class TargetError(ValueError):
    """Why a target cannot be checked, on one line."""


class Target(NamedTuple):
    host: str
    port: int
    protocol: Protocol = Protocol.TCP

    @property
    def label(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        suffix = "" if self.protocol is Protocol.TCP else f"/{self.protocol.value}"
        return f"{host}:{self.port}{suffix}"


def parse_target(text: str) -> Target:
    """'example.org:443', '[::1]:22', 'ns1:53/udp' -> a Target; TargetError for anything else."""
    if not text.strip():
        raise TargetError("--check needs a target: HOST:PORT (IPv6 as [::1]:22, UDP as HOST:53/udp)")
    match = _TARGET.match(text.strip())
    if match is None:
        raise TargetError(f"{_short(text)} is not HOST:PORT (IPv6 as [::1]:22, UDP as HOST:53/udp)")
    if match["ipv6"] is not None and not _is_ipv6(match["ipv6"]):
        # Brackets hold an IPv6 address only: "[zz]:80" is a mistake in the target, not a host.
        raise TargetError(f"[{_short(match['ipv6'])}] is not an IPv6 address")
    host = match["ipv6"] or match["host"]
    port = parse_port(match["port"])
    protocol = parse_protocol(match["protocol"] or "tcp")
    return Target(check_host(host), port, protocol)


def check_host(host: str) -> str:
    host = host.strip()
    if not host or len(host) > MAX_HOST or not _HOST.fullmatch(host):
        raise TargetError(f"{_short(host)!r} is not a host name or address")
    return host


def parse_port(text: str) -> int:
    # ASCII digits only: str.isdigit() also accepts "²", "٣" and "３", which int() rejects or reads.
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or int(text) > MAX_PORT or int(text) == 0:
        raise TargetError(f"{_short(text)} is not a port number (1-{MAX_PORT})")
    return int(text)


def parse_protocol(text: str) -> Protocol:
    name = text.lower()
    if name not in ("tcp", "udp"):
        raise TargetError(f"{_short(text)}: a check speaks tcp or udp")
    return Protocol(name)


def _is_ipv6(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv6Address(text.partition("%")[0])
    except ValueError:
        return False
    return True


def _short(text: str) -> str:
    from ..safe_text import printable

    text = printable(text)
    return text if len(text) <= 40 else text[:40] + "…"
