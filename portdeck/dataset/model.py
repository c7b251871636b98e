"""The records of the port dataset: plain, frozen and typed."""

from __future__ import annotations

from ..str_enum import Enum
from ..typed_tuple import NamedTuple

MAX_PORT = 65535

# How commonly a person meets an entry's use today (the curated `prominence`): a port
# number answers with its most prominent entry first, and ties in name search go the
# same way. Registry rows nobody curated are RARE.
RARE, NICHE, COMMON, EVERYDAY = 0, 1, 2, 3
PROMINENCE_NAMES = ("rare", "niche", "common", "everyday")


class Protocol(str, Enum):
    """A transport protocol the IANA registry assigns ports on."""

    TCP = "tcp"
    UDP = "udp"
    SCTP = "sctp"
    DCCP = "dccp"


class RangeClass(str, Enum):
    """The three IANA port ranges (RFC 6335)."""

    WELL_KNOWN = "well-known"
    REGISTERED = "registered"
    DYNAMIC = "dynamic"

    @property
    def label(self) -> str:
        return _RANGE_LABELS[self]

    @property
    def bounds(self) -> tuple[int, int]:
        return _RANGE_BOUNDS[self]

    @classmethod
    def of(cls, port: int) -> RangeClass:
        """The class of a single port number."""
        if port <= 1023:
            return cls.WELL_KNOWN
        if port <= 49151:
            return cls.REGISTERED
        return cls.DYNAMIC


_RANGE_LABELS = {
    RangeClass.WELL_KNOWN: "Well-known",
    RangeClass.REGISTERED: "Registered",
    RangeClass.DYNAMIC: "Dynamic",
}
_RANGE_BOUNDS = {
    RangeClass.WELL_KNOWN: (0, 1023),
    RangeClass.REGISTERED: (1024, 49151),
    RangeClass.DYNAMIC: (49152, MAX_PORT),
}


class Source(str, Enum):
    """Where an entry comes from."""

    IANA = "iana"  # an assignment in the IANA registry
    UNOFFICIAL = "unofficial"  # common use that IANA does not list under this name
    LOCAL = "local"  # the user's own file
    UNKNOWN = "unknown"  # a port listening on this machine that no entry covers (never in a file)


class PortEntry(NamedTuple):
    """One service on one port (or one range of ports).

    A NamedTuple rather than a frozen dataclass: it is just as immutable and typed,
    and the start-up cache rebuilds ~6,500 of them with `tuple.__new__` in a few
    milliseconds, where a frozen dataclass `__init__` costs four times as long.
    """

    port: int
    end: int  # equal to port for a single port
    protocols: tuple[Protocol, ...]
    service: str
    title: str
    source: Source = Source.IANA
    description: str = ""
    security: str = ""
    aliases: tuple[str, ...] = ()
    related: tuple[int, ...] = ()
    references: tuple[str, ...] = ()
    prominence: int = RARE  # RARE..EVERYDAY
    tags: tuple[str, ...] = ()  # from the curated vocabulary (see Vocabulary)
    checks: tuple[str, ...] = ()  # shell commands that test the service, with HOST for the host
    family: str = ""  # id of the protocol family it belongs to (see Vocabulary)
    processes: tuple[str, ...] = ()  # executables that normally serve it: "sshd", "postgres"

    @property
    def is_range(self) -> bool:
        return self.end != self.port

    @property
    def range_class(self) -> RangeClass:
        # A range that crosses a class boundary belongs to the class of its lowest port.
        return RangeClass.of(self.port)

    @property
    def official(self) -> bool:
        return self.source is Source.IANA

    @property
    def curated(self) -> bool:
        """Whether people wrote a description for it (not just the registry's line)."""
        return bool(self.description)

    @property
    def port_label(self) -> str:
        return f"{self.port}-{self.end}" if self.is_range else str(self.port)

    @property
    def protocol_label(self) -> str:
        return "/".join(p.value for p in self.protocols) or "-"

    @property
    def prominence_name(self) -> str:
        return PROMINENCE_NAMES[self.prominence]

    def covers(self, port: int) -> bool:
        return self.port <= port <= self.end

    def runs_on(self, protocols: frozenset[Protocol]) -> bool:
        """Whether it runs on one of these protocols (an empty set filters nothing).

        An entry that names no protocol (a registry block set aside without one, such as
        4200-4299) runs on every one: a check of 4200/tcp and `portdeck tcp 4200` both name it."""
        return not protocols or not self.protocols or not protocols.isdisjoint(self.protocols)


class Note(NamedTuple):
    """Something people ask a port reference about that is not a port entry: an attack
    technique, an IP protocol (PIM is protocol 103) or a link-layer protocol (ARP)."""

    kind: str  # "technique", "ip-protocol" or "link-layer"
    name: str
    title: str = ""
    subkind: str = ""  # a technique's kind: exploit, technique, tool, amplification, botnet
    number: int | None = None  # an IP protocol's number, a link-layer protocol's EtherType
    description: str = ""
    aliases: tuple[str, ...] = ()
    entries: tuple[tuple[str, int], ...] = ()  # (service, port) of the entries it concerns
    references: tuple[str, ...] = ()


class Vocabulary(NamedTuple):
    """The curated words around the entries: tags and protocol families.

    - `tags`: tag -> (meaning, other words that find it: "scada" for "ics");
    - `families`: family id -> (name shown, other names people type).
    """

    tags: dict[str, tuple[str, tuple[str, ...]]] = {}
    families: dict[str, tuple[str, tuple[str, ...]]] = {}
    # What is not a port entry, as plain tuples (cached as they are; see `Note`).
    notes: tuple[tuple[object, ...], ...] = ()

    def family_name(self, family: str) -> str:
        found = self.families.get(family)
        return found[0] if found else family
