"""The few fields of an X.509 certificate a check reports, read from its DER bytes.

Python's `ssl` parses the peer's certificate only when it verifies; a check must
also describe the ones that do not (self-signed, expired, for another name), so
this reads the DER itself: subject and issuer common names, the validity dates and
the DNS names and addresses it is for. Anything malformed is a CertificateError.
"""

from __future__ import annotations

import datetime
import ipaddress

from ..typed_tuple import NamedTuple

_SEQUENCE, _SET, _OID, _UTC_TIME, _GENERALIZED_TIME = 0x30, 0x31, 0x06, 0x17, 0x18
_EXPLICIT_VERSION, _EXPLICIT_EXTENSIONS = 0xA0, 0xA3
_COMMON_NAME = bytes.fromhex("550403")  # 2.5.4.3
_ORGANIZATION = bytes.fromhex("55040a")  # 2.5.4.10
_SUBJECT_ALT_NAME = bytes.fromhex("551d11")  # 2.5.29.17
_DNS_NAME, _IP_ADDRESS = 0x82, 0x87  # GeneralName [2] dNSName, [7] iPAddress


class CertificateError(ValueError):
    """Bytes that are not a certificate this reader understands."""


class Certificate(NamedTuple):
    subject: str  # the subject's common name (or organisation), "" when it has neither
    issuer: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    names: tuple[str, ...]  # subject alternative names: DNS names and IP addresses
    self_signed: bool  # issued by itself (issuer name equals subject name)

    def days_left(self, now: datetime.datetime) -> int:
        return (self.not_after - now).days


def read_certificate(der: bytes) -> Certificate:
    """The reported fields of a DER-encoded certificate."""
    try:
        certificate = _children(_expect(der, 0, _SEQUENCE))
        tbs = _children(certificate[0])
        if tbs and tbs[0][0] == _EXPLICIT_VERSION:
            tbs = tbs[1:]
        # serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, [extensions]
        issuer_raw, validity, subject_raw = tbs[2], tbs[3], tbs[4]
        not_before, not_after = (_time(part) for part in _children(validity))
        names: list[str] = []
        for part in tbs[6:]:
            if part[0] == _EXPLICIT_EXTENSIONS:
                names = _alt_names(_children(part)[0])
        return Certificate(
            subject=_name(subject_raw),
            issuer=_name(issuer_raw),
            not_before=not_before,
            not_after=not_after,
            names=tuple(names),
            self_signed=issuer_raw[1] == subject_raw[1],
        )
    except (IndexError, ValueError, UnicodeDecodeError) as error:
        raise CertificateError(f"not a certificate portdeck can read ({error})") from None


# A node is (tag, content bytes).
Node = tuple[int, bytes]


def _read(data: bytes, at: int) -> tuple[Node, int]:
    """The node starting at `at`, and where the next one starts."""
    tag, length = data[at], data[at + 1]
    at += 2
    if length & 0x80:
        size = length & 0x7F
        if not 0 < size <= 4:
            raise ValueError("bad length")
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    end = at + length
    if end > len(data):
        raise ValueError("truncated")
    return (tag, data[at:end]), end


def _expect(data: bytes, at: int, tag: int) -> Node:
    node, _ = _read(data, at)
    if node[0] != tag:
        raise ValueError(f"expected tag {tag:#x}, found {node[0]:#x}")
    return node


def _children(node: Node) -> list[Node]:
    found, at, content = [], 0, node[1]
    while at < len(content):
        child, at = _read(content, at)
        found.append(child)
    return found


def _name(node: Node) -> str:
    """The common name of a Name, else its organisation, else ""."""
    values: dict[bytes, str] = {}
    for relative in _children(node):  # SET OF AttributeTypeAndValue
        for attribute in _children(relative):
            kind, value = _children(attribute)[:2]
            if kind[0] == _OID:
                values.setdefault(kind[1], value[1].decode("utf-8", "replace"))
    return values.get(_COMMON_NAME) or values.get(_ORGANIZATION) or ""


def _time(node: Node) -> datetime.datetime:
    text = node[1].decode("ascii")
    if node[0] == _UTC_TIME:  # YYMMDDHHMMSSZ: 50-99 are 19xx
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    elif node[0] != _GENERALIZED_TIME:
        raise ValueError("not a time")
    return datetime.datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=datetime.UTC)


def _alt_names(extensions: Node) -> list[str]:
    for extension in _children(extensions):
        parts = _children(extension)
        if parts[0][1] == _SUBJECT_ALT_NAME:
            names = []
            for general in _children(_expect(parts[-1][1], 0, _SEQUENCE)):
                if general[0] == _DNS_NAME:
                    names.append(general[1].decode("ascii", "replace"))
                elif general[0] == _IP_ADDRESS and len(general[1]) in (4, 16):
                    names.append(str(ipaddress.ip_address(general[1])))
            return names
    return []
