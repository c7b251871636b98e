"""`portdeck --conflicts`: what is wrong with the ports your files plan, each with file and line.

Made for a team repository's CI (exit 1 when there is a problem, 2 when a file could not be
read, so nothing was checked in it). It reports, for the entries of your files only:

- `same-port`: one port and protocol claimed by two different services (the same service
  described in two files is not a conflict: both are kept);
- `known-port`: your service on a port whose everyday or common entry is something else (your
  "billing" on 5432, PostgreSQL's), unless your entry names that service (its name, an alias
  or a program, or both are tagged web: 8080 and 8443 are any web service's);
- `browser-blocked`: a web service (`tags = ["web"]`) on a port browsers refuse (the Fetch
  standard's bad ports, tagged `browser-blocked` in the dataset);
- `ephemeral`: a service inside this machine's ephemeral range, where the OS may hand the
  port to an outgoing connection before your service binds it.

Loaded only for `--conflicts`: nothing on the lookup path imports it.
"""

from __future__ import annotations

import re
import sys

from .dataset import Catalog, PortEntry, Source
from .dataset.entry_order import BROAD_RANGE
from .dataset.model import COMMON
from .free_ports import EphemeralRange, browser_blocked
from .safe_text import json_text, printable
from .typed_tuple import TYPE_CHECKING, NamedTuple
from .userdata.team import Origin, Origins

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TextIO

EXIT_OK, EXIT_CONFLICT, EXIT_ERROR = 0, 1, 2
SAME_PORT, KNOWN_PORT, BROWSER_BLOCKED, EPHEMERAL = "same-port", "known-port", "browser-blocked", "ephemeral"
KINDS = (SAME_PORT, KNOWN_PORT, BROWSER_BLOCKED, EPHEMERAL)
WEB_TAG = "web"
_WORD = re.compile(r"[a-z0-9]+")


class Conflict(NamedTuple):
    """One problem with one entry of your files."""

    kind: str  # one of KINDS
    origin: Origin  # the entry at fault
    port: int
    end: int
    protocols: tuple[str, ...]
    service: str
    message: str  # one line, without the file and line
    others: tuple[Origin, ...] = ()  # same-port: the earlier claims, in your files
    ports: tuple[int, ...] = ()  # the ports at fault (a range may hit a few)

    @property
    def port_label(self) -> str:
        return f"{self.port}-{self.end}" if self.end != self.port else str(self.port)

    def line(self) -> str:
        """'ports/payments.toml:12: …', printable, as editors and CI logs read locations."""
        return printable(f"{self.origin.location}: {self.message}")

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "file": self.origin.path,
            "line": self.origin.line,
            "origin": self.origin.label,
            "port": self.port,
            "end": self.end,
            "protocols": list(self.protocols),
            "service": self.service,
            "ports": list(self.ports),
            "message": self.message,
            "others": [{"file": o.path, "line": o.line, "origin": o.label} for o in self.others],
        }


def check_conflicts(
    catalog: Catalog,
    origins: Origins,
    ephemeral: tuple[int, int] | EphemeralRange | None,
) -> list[Conflict]:
    """Every problem with the entries of your files in `catalog` (merged: built-in + files),
    in file and line order. `ephemeral`: the range to keep out of (None: not checked)."""
    mine = list(origins.items())
    conflicts: list[Conflict] = []
    conflicts += _same_port(mine)
    conflicts += _known_port(catalog, mine)
    conflicts += _browser_blocked(catalog, mine)
    if ephemeral is not None:
        conflicts += _ephemeral(mine, ephemeral)
    order = {id(origin): n for n, (_, origin) in enumerate(mine)}
    conflicts.sort(key=lambda c: (order.get(id(c.origin), 0), KINDS.index(c.kind)))
    return conflicts


def _conflict(
    kind: str,
    entry: PortEntry,
    origin: Origin,
    message: str,
    others: tuple[Origin, ...] = (),
    ports: Iterable[int] = (),
) -> Conflict:
    return Conflict(
        kind,
        origin,
        entry.port,
        entry.end,
        tuple(p.value for p in entry.protocols),
        entry.service,
        message,
        others,
        tuple(ports),
    )


def _where(entry: PortEntry, protocols: Iterable[str] | None = None) -> str:
    names = "/".join(protocols) if protocols is not None else entry.protocol_label
    return f"{entry.port_label}/{names}"


def _same_port(mine: Sequence[tuple[PortEntry, Origin]]) -> list[Conflict]:
    """Each entry that claims a port and protocol an earlier entry of another service claims."""
    found: list[Conflict] = []
    # Entries by port (a range under each of its ports), so each entry meets only those it overlaps.
    on_port: dict[int, list[int]] = {}
    for n, (entry, _) in enumerate(mine):
        for port in range(entry.port, entry.end + 1):
            on_port.setdefault(port, []).append(n)
    for n, (entry, origin) in enumerate(mine):
        name = entry.service.lower()
        met = sorted({m for port in range(entry.port, entry.end + 1) for m in on_port[port] if m < n})
        earlier = [
            (other, place)
            for other, place in (mine[m] for m in met)
            if other.service.lower() != name and set(other.protocols) & set(entry.protocols)
        ]
        if not earlier:
            continue
        shared = sorted({p.value for other, _ in earlier for p in other.protocols if p in entry.protocols})
        claims = ", ".join(f"{other.service} ({place.label})" for other, place in earlier)
        found.append(
            _conflict(
                SAME_PORT,
                entry,
                origin,
                f"{entry.service} claims {_where(entry, shared)}, already claimed by {claims}",
                tuple(place for _, place in earlier),
                sorted(
                    {
                        p
                        for other, _ in earlier
                        for p in range(max(entry.port, other.port), min(entry.end, other.end) + 1)
                    }
                )[:10],
            )
        )
    return found


def _names(entry: PortEntry) -> set[str]:
    """Every name an entry goes by, lowercased, with the words of each ("postgres-staging":
    also "postgres" and "staging")."""
    names = {entry.service, *entry.aliases, *entry.processes}
    found = {name.lower() for name in names if name}
    for name in list(found):
        found.update(_WORD.findall(name))
    return found


def _same_service(mine: PortEntry, known: PortEntry) -> bool:
    """Whether your entry is the known one under your own name: it names its service, an alias
    or a program, or shares its family; or both are web services (8443 is HTTPS-alt: any web
    service is at home there)."""
    if WEB_TAG in mine.tags and WEB_TAG in known.tags:
        return True
    theirs = {name.lower() for name in (known.service, *known.aliases, *known.processes) if name}
    if known.family and known.family == mine.family:
        return True
    return bool(_names(mine) & theirs)


def _known_port(catalog: Catalog, mine: Sequence[tuple[PortEntry, Origin]]) -> list[Conflict]:
    """Your entries on a port whose everyday or common entry is another service."""
    found: list[Conflict] = []
    for entry, origin in mine:
        candidates: dict[int, PortEntry] = {}
        for known in (*catalog.at(entry.port), *catalog.span(entry.port, entry.end)):
            if (
                known.source is Source.LOCAL
                or known.prominence < COMMON
                or known.end - known.port >= BROAD_RANGE
                or (not known.covers(entry.port) and not entry.port <= known.port <= entry.end)
                or not set(known.protocols) & set(entry.protocols)
                or _same_service(entry, known)
            ):
                continue
            candidates.setdefault(id(known), known)
        if not candidates:
            continue
        known_list = list(candidates.values())
        what = "; ".join(
            f"{known.port_label}/{known.protocol_label} is {known.title} ({known.service}, {known.prominence_name})"
            for known in known_list[:3]
        )
        more = f" and {len(known_list) - 3} more" if len(known_list) > 3 else ""
        found.append(
            _conflict(
                KNOWN_PORT,
                entry,
                origin,
                f"{entry.service} on {_where(entry)}: {what}{more}",
                ports=sorted({max(entry.port, known.port) for known in known_list}),
            )
        )
    return found


def _browser_blocked(catalog: Catalog, mine: Sequence[tuple[PortEntry, Origin]]) -> list[Conflict]:
    """Your web services on ports browsers refuse to fetch from."""
    web = [(entry, origin) for entry, origin in mine if WEB_TAG in entry.tags]
    if not web:
        return []
    blocked = browser_blocked(catalog)
    found: list[Conflict] = []
    for entry, origin in web:
        hit = sorted(port for port in blocked if entry.port <= port <= entry.end)
        if hit:
            ports = ", ".join(str(port) for port in hit[:5]) + (" …" if len(hit) > 5 else "")
            found.append(
                _conflict(
                    BROWSER_BLOCKED,
                    entry,
                    origin,
                    f"{entry.service} is tagged web, but browsers refuse port {ports} (a Fetch standard bad port)",
                    ports=hit,
                )
            )
    return found


def _ephemeral(
    mine: Sequence[tuple[PortEntry, Origin]], ephemeral: tuple[int, int] | EphemeralRange
) -> list[Conflict]:
    """Your services inside the ephemeral range, where the OS picks ports for outgoing connections."""
    low, high = ephemeral[0], ephemeral[1]
    where = f"{low}-{high}"
    if isinstance(ephemeral, EphemeralRange):
        where += f" ({ephemeral.source})"
    found: list[Conflict] = []
    for entry, origin in mine:
        if entry.port <= high and low <= entry.end:
            found.append(
                _conflict(
                    EPHEMERAL,
                    entry,
                    origin,
                    f"{entry.service} on {_where(entry)} is inside this machine's ephemeral range {where}: "
                    "the OS may give the port to an outgoing connection first",
                    ports=[max(entry.port, low)],
                )
            )
    return found


# The command.


def conflicts_status(conflicts: Sequence[Conflict], origins: Origins) -> int:
    """2 when a file was skipped (it was not checked), else 1 with conflicts, else 0."""
    if any(found.entries is None for found in origins.files):
        return EXIT_ERROR
    return EXIT_CONFLICT if conflicts else EXIT_OK


def conflicts_json(conflicts: Sequence[Conflict], origins: Origins) -> dict[str, object]:
    """`--conflicts --json`: the files checked (with `entries`, or `problem` when skipped) and
    the conflicts."""
    return {
        "files": [found.as_json() for found in origins.files],
        "conflicts": [conflict.as_json() for conflict in conflicts],
    }


def conflicts_text(conflicts: Sequence[Conflict], origins: Origins) -> str:
    """One line a conflict ('FILE:LINE: message'), a line per skipped file, then a summary."""
    lines = [conflict.line() for conflict in conflicts]
    skipped = [found for found in origins.files if found.entries is None]
    lines += [printable(f"{found.problem} (not checked)") for found in skipped]
    read = [found for found in origins.files if found.entries is not None]
    entries = sum(found.entries or 0 for found in read)
    files = f"{len(read)} file{'s' * (len(read) != 1)} ({entries} entr{'ies' if entries != 1 else 'y'})"
    if not origins.files:
        summary = (
            "no ports files found: set PORTDECK_PATH, or add ports.d/*.toml, ports.toml or .portdeck.toml"
        )
    elif conflicts:
        summary = f"{len(conflicts)} conflict{'s' * (len(conflicts) != 1)} in {files}"
    else:
        summary = f"no conflicts in {files}"
    if skipped:
        summary += f"; {len(skipped)} file{'s' * (len(skipped) != 1)} could not be read"
    lines.append(f"portdeck: {summary}")
    return "".join(f"{line}\n" for line in lines)


def run_conflicts(
    catalog: Catalog,
    origins: Origins,
    as_json: bool = False,
    ephemeral: tuple[int, int] | EphemeralRange | None = None,
    out: TextIO | None = None,
) -> int:
    """`portdeck --conflicts [--json]`: print the conflicts; 0 none, 1 some, 2 a file skipped.

    `ephemeral` None reads this machine's range (`free_ports.ephemeral_range()`)."""
    from .free_ports import ephemeral_range

    stream = out if out is not None else sys.stdout
    found = check_conflicts(catalog, origins, ephemeral if ephemeral is not None else ephemeral_range())
    if as_json:
        stream.write(json_text(conflicts_json(found, origins)) + "\n")
    else:
        stream.write(conflicts_text(found, origins))
    return conflicts_status(found, origins)
