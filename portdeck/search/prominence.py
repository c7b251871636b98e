"""How likely people are to look an entry up: the tie-break between equal matches."""

from __future__ import annotations

from portdeck.dataset import PortEntry

MOST_PROMINENT = 2


def prominence(entry: PortEntry) -> int:
    """How likely people are to look an entry up: 2, 1 or 0.

    The dataset has no popularity field, but its curation says it: entries people
    wrote a security note or related ports for are the ones in daily use (SSH,
    IMAP, RDP...); entries with only a description are often historic ones
    (re-mail-ck, xns-mail); registry rows nobody described come last.
    """
    if not entry.curated:
        return 0
    return MOST_PROMINENT if entry.security or entry.related else 1
