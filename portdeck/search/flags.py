"""Each entry's flags, one byte in the word index's `meta`: what ranking needs to know of
an entry without building it. A leaf module: `portdeck 22` reads flags without the index."""

from __future__ import annotations

from portdeck.dataset import PortEntry

# Tags whose entries a typo never lands on: a guess must be believable, and a near
# name is no reason to tell someone their service is malware.
THREAT_TAGS = frozenset({"malware", "offensive"})


def entry_flags(entry: PortEntry) -> int:
    threat = not THREAT_TAGS.isdisjoint(entry.tags)
    return entry.prominence << 2 | threat << 1 | entry.official


def prominence_of(flags: int) -> int:
    return flags >> 2


def is_threat(flags: int) -> bool:
    return bool(flags & 2)


def is_official(flags: int) -> int:
    return flags & 1
