"""Ports that are safe to pick for a new service, each with why (`portdeck --free`).

A port is suggested only when every rule holds:

- the IANA registry assigns it to nobody and reserves it for nothing, and no entry
  (curated, unofficial, your own, or a range such as Kubernetes' NodePorts or Linux's
  default ephemeral ports) names it;
- browsers fetch from it: it is not one of the Fetch standard's bad ports;
- it is outside this machine's ephemeral range, where the OS picks client ports;
- nothing listens on it now, and your own (or your team's) ports files do not name it;
- it is not a round or patterned number (8000, 7777, 1234) that people pick by hand.

The picks are random (reproducible with a seed) and spread over the range, so two
people asking rarely get the same port. Pure functions, no Textual; only
`ephemeral_range` asks the OS anything.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Sequence

from .dataset import MAX_PORT, Catalog, PortEntry, Source
from .dataset.catalog import Assignment
from .safe_text import printable
from .typed_tuple import NamedTuple

# Browsers refuse http://HOST:PORT on the Fetch standard's bad ports: the dataset tags
# every entry on one `browser-blocked` (data/sources/fetch-bad-ports.toml, with the
# standard's version). Each of them is an assigned port, so the rule "no entry names it"
# already keeps them out; `browser_blocked` says so by name where a reason is given.
BROWSER_BLOCKED_TAG = "browser-blocked"

# The registered range (RFC 6335): below it a server needs privileges, above it is dynamic.
DEFAULT_LOW, DEFAULT_HIGH = 1024, 49151
# IANA's dynamic/private range (RFC 6335), the ephemeral range where the OS says nothing.
IANA_EPHEMERAL = (49152, MAX_PORT)

_LINUX_RANGE = "/proc/sys/net/ipv4/ip_local_port_range"


class EphemeralRange(NamedTuple):
    """The ports the OS hands to outgoing connections, and where that was read."""

    low: int
    high: int
    source: str  # "/proc/sys/net/ipv4/ip_local_port_range", "sysctl net.inet.ip.portrange", "IANA default"

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high}"


class FreePort(NamedTuple):
    """A suggested port and the reasons it is safe to use."""

    port: int
    reasons: tuple[str, ...]

    def line(self) -> str:
        """`PORT  reason; reason; …`, for a terminal or a pipe."""
        return f"{self.port}\t{'; '.join(self.reasons)}"

    def as_json(self) -> dict[str, object]:
        return {"port": self.port, "reasons": list(self.reasons)}


def free_text(picks: Sequence[FreePort], terminal: bool) -> str:
    """The answer to `--free`: piped, one port a line (`PORT=$(portdeck --free 1)`); on a
    terminal, the ports and then, once, why they are safe (the reasons are the same for all)."""
    if not terminal:
        return "".join(f"{pick.port}\n" for pick in picks)
    if not picks:
        return (
            "no free port in that range: each is assigned, known, refused by browsers, ephemeral or taken\n"
        )
    reasons = dict.fromkeys(reason for pick in picks for reason in pick.reasons)
    ports = "".join(f"{pick.port}\n" for pick in picks)
    return ports + "Each is " + "; ".join(reasons) + ".\n"


def parse_range(text: str) -> tuple[int, int]:
    """`"LO-HI"` (also `LO..HI`) as two ports; ValueError with a one-line reason otherwise."""
    cleaned = text.strip().replace("..", "-")
    low_text, dash, high_text = cleaned.partition("-")
    if not dash or not low_text.strip().isdigit() or not high_text.strip().isdigit():
        raise ValueError(f"a range is LO-HI, such as 20000-29999, not {printable(text)!r}")
    low, high = int(low_text), int(high_text)
    check_range(low, high)
    return low, high


def check_range(low: int, high: int) -> None:
    """ValueError (one line) unless 1 <= low <= high <= 65535."""
    if not 1 <= low <= MAX_PORT or not 1 <= high <= MAX_PORT:
        raise ValueError(f"ports go from 1 to {MAX_PORT}: {low}-{high} is outside")
    if low > high:
        raise ValueError(f"the range {low}-{high} is backwards: write {high}-{low}")


def ephemeral_range() -> EphemeralRange:
    """This machine's ephemeral port range: Linux's ip_local_port_range, the BSDs' and macOS's
    `net.inet.ip.portrange` sysctls, else IANA's 49152-65535 (also when reading fails)."""
    if sys.platform.startswith("linux"):
        found = _linux_range(_LINUX_RANGE)
        if found is not None:
            return EphemeralRange(*found, _LINUX_RANGE)
    elif sys.platform == "darwin" or "bsd" in sys.platform:
        found = _sysctl_range()
        if found is not None:
            return EphemeralRange(*found, "sysctl net.inet.ip.portrange")
    return EphemeralRange(*IANA_EPHEMERAL, "IANA default")


def _linux_range(path: str) -> tuple[int, int] | None:
    from .files import read_file

    try:
        return _two_ports(read_file(path, limit=4096).decode("ascii", "replace").split())
    except OSError:
        return None


def _sysctl_range() -> tuple[int, int] | None:
    from .quiet_command import output_of

    printed = output_of(["sysctl", "-n", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last"])
    return _two_ports(printed.split()) if printed is not None else None


def _two_ports(words: Sequence[str]) -> tuple[int, int] | None:
    if len(words) != 2 or not all(word.isdigit() for word in words):
        return None
    low, high = int(words[0]), int(words[1])
    return (low, high) if 1 <= low <= high <= MAX_PORT else None


def ports_named_by(entries: Iterable[PortEntry]) -> frozenset[int]:
    """Every port the entries cover (a personal or team file's catalog): for `personal_ports`."""
    return frozenset(port for entry in entries for port in range(entry.port, entry.end + 1))


def is_patterned(port: int) -> bool:
    """A number people pick by hand, so someone else's service may already use it: a multiple
    of 100 (8000, 9100), one digit repeated (7777), a straight run (1234, 4321, 23456)."""
    digits = str(port)
    if port % 100 == 0 or digits == digits[0] * len(digits):
        return True
    return len(digits) >= 4 and (digits in "0123456789" or digits in "9876543210")


def suggest_free(
    catalog: Catalog,
    count: int = 5,
    low: int = DEFAULT_LOW,
    high: int = DEFAULT_HIGH,
    seed: int | str | None = None,
    listening: frozenset[int] = frozenset(),
    ephemeral: tuple[int, int] | EphemeralRange | None = None,
    personal_ports: frozenset[int] = frozenset(),
) -> list[FreePort]:
    """Up to `count` ports in low-high that every rule allows, in port order, each with why.

    `listening`: ports something listens on now (any protocol, any address); empty means
    not checked, and the reasons then do not claim it.
    `ephemeral`: (low, high) of the ephemeral range; None reads this machine's
    (`ephemeral_range()`). `personal_ports`: ports your own or your team's files name
    (`ports_named_by`); entries of the catalog itself (a catalog merged with your file)
    count too. `seed` makes the picks reproducible (42 and "42" are the same seed, so a
    command line's text gives what a test's number gives); without it they differ each time.
    Fewer than `count` (even none) when the range holds fewer free ports.
    """
    check_range(low, high)
    if count < 0:
        raise ValueError(f"cannot suggest {count} ports")
    window = _window(ephemeral)
    candidates = _allowed(catalog, low, high, window, listening, personal_ports)
    picks = _spread(
        candidates, count, random.Random(str(seed)) if seed is not None else random.SystemRandom()
    )
    reasons = _reasons(window, bool(listening), bool(personal_ports))
    return [FreePort(port, reasons) for port in sorted(picks)]


def why_not(
    catalog: Catalog,
    port: int,
    listening: frozenset[int] = frozenset(),
    ephemeral: tuple[int, int] | EphemeralRange | None = None,
    personal_ports: frozenset[int] = frozenset(),
) -> str | None:
    """Why `suggest_free` would never offer `port` (the first rule it breaks), or None when it could."""
    if not 1 <= port <= MAX_PORT:
        return f"{port} is not a port number (1-{MAX_PORT})"
    window = _window(ephemeral)
    assignment = catalog.assignment(port)
    entries = catalog.at(port)
    if port in personal_ports or any(e.source is Source.LOCAL for e in entries):
        return f"{port} is named in your own ports file"
    if entries:
        entry = next((e for e in entries if not e.is_range), entries[0])
        where = f"inside {entry.port_label}, " if entry.is_range else ""
        taken = f"{port} is taken: {where}{printable(entry.title)}"
        official = next((e for e in entries if e.official), None)
        if official is not None and official is not entry:
            taken += f" (IANA assigns it to {printable(official.service or official.title)})"
        if any(BROWSER_BLOCKED_TAG in e.tags for e in entries):
            taken += "; browsers refuse it too (a bad port in the Fetch standard)"
        return taken
    if assignment is Assignment.RESERVED:
        return f"IANA reserves {port}"
    if window.low <= port <= window.high:
        return f"{port} is in the ephemeral range {window.label}, where the OS picks client ports"
    if port in listening:
        return f"something listens on {port} now"
    if is_patterned(port):
        return f"{port} is a round or patterned number others pick by hand"
    return None


def _window(ephemeral: tuple[int, int] | EphemeralRange | None) -> EphemeralRange:
    if ephemeral is None:
        return ephemeral_range()
    if isinstance(ephemeral, EphemeralRange):
        return ephemeral
    low, high = ephemeral
    return EphemeralRange(low, high, "given")


def _allowed(
    catalog: Catalog,
    low: int,
    high: int,
    window: EphemeralRange,
    listening: frozenset[int],
    personal_ports: frozenset[int],
) -> list[int]:
    """The ports in low-high every rule allows, ascending. One pass over the entries (about
    70 ms for the whole dataset), not a `catalog.at` per port (ten times that)."""
    blocked = bytearray(high - low + 1)  # 1 = not allowed

    def block(first: int, last: int) -> None:
        first, last = max(first, low), min(last, high)
        if first <= last:
            blocked[first - low : last - low + 1] = b"\x01" * (last - first + 1)

    for entry in catalog.span(0, high):  # every entry (of any source) that names a port,
        block(entry.port, entry.end)  # the browser-blocked ones among them
    for first, last in catalog.reserved:
        block(first, last)
    block(window.low, window.high)
    for port in listening | personal_ports:
        block(port, port)
    return [low + i for i, taken in enumerate(blocked) if not taken and not is_patterned(low + i)]


def _spread(candidates: list[int], count: int, chooser: random.Random) -> list[int]:
    """`count` ports, one at random from each of `count` equal slices of the candidates:
    random enough that two people rarely agree, spread so the picks are not all neighbours."""
    if count >= len(candidates):
        return list(candidates)
    picks = []
    for index in range(count):
        start = index * len(candidates) // count
        stop = (index + 1) * len(candidates) // count
        picks.append(candidates[chooser.randrange(start, stop)])
    return picks


def _reasons(window: EphemeralRange, listening: bool, personal: bool) -> tuple[str, ...]:
    """What was checked, in words. A check that was not made (no socket list, no personal
    file given) is not claimed."""
    reasons = [
        "unassigned in the IANA registry",
        "no known software uses it by default",
        "browsers allow it (not a Fetch bad port)",
        f"outside the ephemeral range {window.label} ({window.source})",
    ]
    if listening:
        reasons.append("nothing listens on it now")
    if personal:
        reasons.append("not in your own ports files")
    return tuple(reasons)


def browser_blocked(catalog: Catalog) -> frozenset[int]:
    """The ports browsers refuse, as the dataset tags them (those with an entry of their own)."""
    return frozenset(
        port for e in catalog.span() if BROWSER_BLOCKED_TAG in e.tags for port in range(e.port, e.end + 1)
    )
