"""Sightings added up: one row per port and protocol, its best entry, its flags, riskiest first."""

from __future__ import annotations

from collections.abc import Iterable

from portdeck.dataset import Catalog, PortEntry, Protocol
from portdeck.dataset.entry_order import BROAD_RANGE

from .sighting import Sighting

FLAGS = ("malware", "offensive", "security", "exposed", "unknown")
# Past this many, a row stops keeping hosts and line numbers (its count stays exact): a 64 MB
# firewall log of one port must not hold a million line numbers.
MOST_KEPT = 100_000


class Row:
    """A port and protocol, where and how often it was seen, and what the catalog says of it."""

    __slots__ = (
        "_entries",
        "_flags",
        "count",
        "exposed",
        "hints",
        "hosts",
        "lines",
        "port",
        "processes",
        "protocol",
    )

    def __init__(self, port: int, protocol: str | None) -> None:
        self.port, self.protocol = port, protocol
        self.count = 0
        self.hosts: dict[str, None] = {}  # ordered sets
        self.lines: dict[int | str, None] = {}
        self.processes: dict[str, None] = {}
        self.hints: dict[str, None] = {}
        self.exposed = False
        self._entries: tuple[PortEntry, ...] = ()
        self._flags: list[str] | None = None  # worked out once: risk, output and --fail-on read them

    def add(self, sighting: Sighting, where: str | None) -> None:
        _, _, line, host, exposed, process, hint = sighting  # locals: this runs for every port seen
        self.count += 1
        if exposed and not self.exposed:
            self.exposed, self._flags = True, None
        if line and len(self.lines) < MOST_KEPT:  # 0: the reader could not tell
            self.lines[f"{where}:{line}" if where else line] = None
        if host and len(self.hosts) < MOST_KEPT:
            self.hosts[host] = None
        if process and len(self.processes) < 100:
            self.processes[process] = None
        if hint and len(self.hints) < 100:
            self.hints[hint] = None

    @property
    def entries(self) -> tuple[PortEntry, ...]:
        return self._entries

    @entries.setter
    def entries(self, entries: tuple[PortEntry, ...]) -> None:
        self._entries, self._flags = entries, None

    @property
    def named(self) -> bool:
        """Whether an entry names the port (a broad range around it, such as the dynamic range,
        says what it may be, not what it is)."""
        return any(e.end - e.port < BROAD_RANGE for e in self.entries)

    @property
    def best(self) -> PortEntry | None:
        return self.entries[0] if self.entries else None

    @property
    def flags(self) -> list[str]:
        if self._flags is None:
            self._flags = self._find_flags()
        return self._flags

    def _find_flags(self) -> list[str]:
        best = self.best if self.named else None
        found = {
            "malware": best is not None and "malware" in best.tags,
            "offensive": best is not None and "offensive" in best.tags,
            "security": best is not None and bool(best.security),
            "exposed": self.exposed,
            "unknown": not self.named,
        }
        return [flag for flag in FLAGS if found[flag]]

    def risk(self) -> tuple[bool, ...]:
        """Higher is riskier: malware, offensive tools, an exposed service with a security note,
        a security note, an exposed port nobody knows, then the rest."""
        flags = set(self.flags)
        return (
            "malware" in flags,
            "offensive" in flags,
            "security" in flags and "exposed" in flags,
            "unknown" in flags and "exposed" in flags,
            "security" in flags,
            "exposed" in flags,
            "unknown" in flags,
        )


class Table:
    """Rows by (port, protocol), filled from any number of inputs."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.rows: dict[tuple[int, str | None], Row] = {}

    def add(self, sighting: Sighting, where: str | None = None) -> None:
        self.add_all((sighting,), where)

    def add_all(self, sightings: Iterable[Sighting], where: str | None = None) -> None:
        rows = self.rows  # a local: this runs for each of a big scan's 58,000 ports
        for sighting in sightings:
            key = sighting[:2]  # (port, protocol)
            row = rows.get(key)
            if row is None:
                row = rows[key] = Row(*key)
            row.add(sighting, where)

    def ranked(self) -> list[Row]:
        """Every row with its entries, riskiest first, then the most seen, then by port."""
        rows = list(self.rows.values())
        for row in rows:
            row.entries = self.entries_for(row)
        rows.sort(
            key=lambda row: (tuple(-int(x) for x in row.risk()), -row.count, row.port, row.protocol or "")
        )
        return rows

    def entries_for(self, row: Row) -> tuple[PortEntry, ...]:
        """The port's entries on the row's protocol, what people meet first; the one a tool
        named (nmap's "irc" on 6667) first of all."""
        if row.protocol is None:
            entries = self.catalog.at(row.port)
        else:  # the one rule: an entry that names no protocol (IANA's 27000-27009) is on each
            entries = self.catalog.at_on(row.port, (Protocol(row.protocol),))
        if row.hints and len(entries) > 1:
            names = set(row.hints)
            named = [e for e in entries if e.service in names or names.intersection(e.aliases)]
            entries = (*named, *(e for e in entries if e not in named))
        return entries
