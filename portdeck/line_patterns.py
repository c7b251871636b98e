"""Regular expressions for the lines people paste and the files `--explain` reads: addresses,
hosts, firewall log fields, scanner lines. One place, so a search box and `--explain` read
`[::1]:6379` or `DPT=445` alike.

Patterns are kept as text and compiled on first use (`LazyPattern`): compiling all of the
pasted-line readers' patterns cost every pasted query ~15 ms, and one line needs one or two.
"""

from __future__ import annotations

from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    import re
    from collections.abc import Iterator

# An IPv4 address as tools print it, with the zone ss shows (127.0.0.53%lo).
IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}(?:%\w+)?"
# An IPv6 address in brackets, as URLs and ss write it: [::1], [fe80::1%eth0].
BRACKETED_IPV6 = r"\[[0-9A-Fa-f:.%\w]+\]"
# A host in a pasted line: an address, a wildcard, or a name with a dot (db.example.org).
HOST = (
    rf"(?:{BRACKETED_IPV6}|{IPV4}|\*|localhost"
    r"|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+)"
)
# iptables/nftables/ufw log lines (the kernel's LOG target): SRC= DST= PROTO= SPT= DPT=.
LOG_DESTINATION_PORT = r"\bDPT=(\d{1,5})\b"
LOG_PROTOCOL = r"\bPROTO=(\w+)"
LOG_DESTINATION = r"\bDST=(\S+)"
# nmap's and masscan's progress line: "Discovered open port 22/tcp on 10.0.0.5".
DISCOVERED = r"Discovered open port (\d{1,5})/(tcp|udp|sctp) on (\S+)"


class LazyPattern:
    """A compiled regular expression, compiled when first used (flags go inline: `(?i)`)."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            import re  # only a line that needs a pattern pays for importing re

            self._compiled = re.compile(self._source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)
