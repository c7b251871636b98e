"""The orders of entries: the catalog's (by port, then source), and the answers' on one port
(what people wrote about that very port first, a broad range after them)."""

from __future__ import annotations

from .model import PortEntry, Source

_SOURCE_ORDER = {Source.IANA: 0, Source.UNOFFICIAL: 1, Source.LOCAL: 2, Source.UNKNOWN: 3}


# A range wider than this (the dynamic range, an OS's ephemeral range) explains a port only
# when no entry people described names the port at least as prominently.
BROAD_RANGE = 2500  # wider than any one product's block (mosh: 60000-61000), narrower than an OS's


def answer_order(entry: PortEntry, broad: bool) -> tuple[int, int, bool]:
    """What people wrote about this very port (or the user's own entry) first, by what people
    meet first; then a range wide enough to hold anything (an OS's ephemeral ports), which is
    the first answer only where nobody described the port; then the registry's bare rows."""
    if broad:
        group = 1
    else:
        group = 0 if entry.curated or entry.source is Source.LOCAL else 2
    return (group, -entry.prominence, entry.is_range)


def entry_order(entry: PortEntry) -> tuple[int, int, int, str]:
    """Port order; on one port official before unofficial before local."""
    return (entry.port, entry.end, _SOURCE_ORDER[entry.source], entry.service)
