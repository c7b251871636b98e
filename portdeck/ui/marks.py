"""What this user and this machine add to the catalog: pinned entries and listening sockets.

Plain Python (no Textual): the tabs filter with it, the results view draws its marks
from it, and the detail pane reads the addresses from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ..dataset import Catalog, CatalogSpan, PortEntry, Source
from ..local_ports import by_port, entry_for, unknown_entry
from ..search.query import fold
from ..search.result import Positions
from ..userdata.pins import PinKey, pin_key

if TYPE_CHECKING:
    from ..baseline import Baseline, Diff
    from ..listening import Listener
    from ..search import SearchResult
    from ..search.query import Query

# Words an unknown listener matches besides its process name ("unknown", "listening").
_UNKNOWN_WORDS = "unknown listening local"


class Marks:
    """Pins and listening sockets, with the per-result filters the Pinned and Listening tabs use."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.pins: frozenset[PinKey] = frozenset()
        self._pinned_ports: frozenset[int] = frozenset()
        self.listening: dict[int, tuple[Listener, ...]] | None = None
        """Listeners by port; None until read, and for good when the OS cannot list them."""
        self.unknown: tuple[PortEntry, ...] = ()
        """One made-up row per listening port that no entry names."""
        self.rows: dict[int, PortEntry] = {}
        """Per listening port, the entry its row shows in the Listening tab (one row a port)."""
        self._listening_ports: frozenset[int] = frozenset()
        self.surprises: dict[Listener, str] = {}
        """Per socket whose program is not the one its port's entries name, why (see expected.py)."""
        self.baseline: tuple[str, Baseline] | None = None
        """The baseline file the Listening tab compares with (`--baseline`, the palette), and its sockets."""
        self.changes: Diff | None = None
        """What changed since the baseline (None without one, or before the sockets are read)."""
        self._new: dict[Listener, Listener | None] = {}  # a new socket (its pid left out): who held it before
        self._version = 0
        # The last filtered result of each tab: select() and count_in() ask for the same one.
        self._memo: dict[str, tuple[SearchResult, int, tuple[PortEntry, ...]]] = {}

    # -- updates ------------------------------------------------------------------

    def set_pins(self, pins: Iterable[PinKey]) -> None:
        self.pins = frozenset(pins)
        self._pinned_ports = frozenset(key.port for key in self.pins)
        self._version += 1

    def set_listeners(self, listeners: Sequence[Listener] | None) -> None:
        """The sockets read from the OS (None: they cannot be read here)."""
        self._version += 1
        if listeners is None:
            self.listening, self.unknown, self._listening_ports, self.rows = None, (), frozenset(), {}
            self.surprises = {}
            self._compare()
            return
        self.listening = by_port(listeners)
        self._listening_ports = frozenset(self.listening)
        self.rows = {}
        for port, group in self.listening.items():
            named = next(
                (entry for sock in group if (entry := entry_for(self.catalog, sock)) is not None), None
            )
            self.rows[port] = named or unknown_entry(port, group, self.catalog)
        self.unknown = tuple(entry for entry in self.rows.values() if entry.source is Source.UNKNOWN)
        from ..expected import expectation

        self.surprises = {
            sock: reason for sock in listeners if (reason := expectation(sock, self.catalog.at(sock.port)))
        }
        self._compare()

    def set_baseline(self, path: str, baseline: Baseline) -> None:
        """Compare the sockets with a baseline file from now on (`portdeck --listening --save`)."""
        self._version += 1
        self.baseline = (path, baseline)
        self._compare()

    def _compare(self) -> None:
        """What changed since the baseline: the diff of `portdeck --listening --diff`."""
        self.changes, self._new = None, {}
        if self.baseline is None or self.listening is None:
            return
        from ..baseline import diff

        now = [sock for group in self.listening.values() for sock in group]
        self.changes = diff(self.baseline[1], now)
        self._new = dict.fromkeys(self.changes.appeared, None)
        self._new.update((change.after, change.before) for change in self.changes.changed)

    def is_new(self, listener: Listener) -> bool:
        """Whether a socket is new since the baseline (or another program or user holds it now)."""
        if not self._new:
            return False
        from ..baseline import as_recorded

        return as_recorded(listener) in self._new

    def held_before(self, listener: Listener) -> Listener | None:
        """Who held a socket in the baseline, when another program or user holds it now."""
        if not self._new:
            return None
        from ..baseline import as_recorded

        return self._new.get(as_recorded(listener))

    # -- per entry ----------------------------------------------------------------

    def is_pinned(self, entry: PortEntry) -> bool:
        return entry.port in self._pinned_ports and pin_key(entry) in self.pins

    def listeners_for(self, entry: PortEntry | None = None, port: int | None = None) -> tuple[Listener, ...]:
        """The sockets on an entry's port(s), or on one port number."""
        listening = self.listening
        if not listening:
            return ()
        if entry is None:
            return listening.get(port, ()) if port is not None else ()
        if entry.port == entry.end:
            return listening.get(entry.port, ())
        return tuple(
            sock
            for p, group in listening.items()
            if entry.port <= p <= entry.end and self.rows.get(p) == entry
            for sock in group
        )

    # -- per search result (the tabs) ---------------------------------------------

    def pinned_in(self, result: SearchResult) -> tuple[PortEntry, ...]:
        """The pinned entries among a result's matches, in ranked order."""
        if not self.pins:
            return ()
        # A pin is keyed by the entry's first port, so those ports are the only places to look.
        return self._memoized(
            "pinned", result, lambda: _select(result.entries, self._pinned_ports, self.is_pinned)
        )

    def listening_in(self, result: SearchResult) -> tuple[PortEntry, ...]:
        """One row per listening port the query matches: the entry that names it, or an unknown row."""
        if not self._listening_ports:
            return ()

        def select() -> tuple[PortEntry, ...]:
            named = {entry for entry in self.rows.values() if entry.source is not Source.UNKNOWN}
            unknown = _matching(self.unknown, result.query)
            if result.query.is_empty:
                return tuple(sorted((*named, *unknown), key=lambda e: (e.port, e.end)))
            # Only the ports a match covers can hold a row: read the result there (a span is
            # not built whole), in its ranked order.
            starts = {entry.port for entry in named}
            known = list(_select(result.entries, starts, named.__contains__))
            if result.query.words:
                return (*known, *unknown)  # the ranked matches first
            return tuple(sorted((*known, *unknown), key=lambda e: (e.port, e.end)))

        return self._memoized("listening", result, select)

    def _memoized(self, name: str, result: SearchResult, compute: object) -> tuple[PortEntry, ...]:
        cached = self._memo.get(name)
        if cached is not None and cached[0] is result and cached[1] == self._version:
            return cached[2]
        value = compute()  # type: ignore[operator]
        self._memo[name] = (result, self._version, value)
        return value


def _select(
    entries: Sequence[PortEntry], starts: Iterable[int], keep: Callable[[PortEntry], bool]
) -> tuple[PortEntry, ...]:
    """The entries `keep` accepts, in the order of `entries`; none starts anywhere but `starts`.

    A span of the catalog (the empty query: every entry, built on demand) is read
    only at those ports, so filtering it builds a handful of entries, not thousands.
    """
    if isinstance(entries, CatalogSpan):
        return tuple(e for port in sorted(starts) for e in entries.within(port, port) if keep(e))
    if isinstance(entries, Positions):  # a word query's matches: look at their ports, build few
        wanted = frozenset(starts)
        catalog = entries.catalog
        port_of = catalog.port_of
        candidates = (catalog[p] for p in entries.positions if port_of(p) in wanted)
        return tuple(e for e in candidates if keep(e))
    return tuple(e for e in entries if keep(e))


def _matching(entries: Sequence[PortEntry], query: Query) -> list[PortEntry]:
    """The made-up rows a query matches: by number (as a prefix, like the search), range, protocol, words."""
    if query.error:
        return []
    found = []
    for entry in entries:
        if not entry.runs_on(query.protocols):
            continue
        if query.port_range is not None:
            low, high = query.port_range
            if not low <= entry.port <= high:
                continue
        elif query.port is not None and not str(entry.port).startswith(str(query.port)):
            continue
        if query.words:
            haystack = fold(f"{entry.service} {_UNKNOWN_WORDS}")
            if not all(word in haystack for word in query.words):
                continue
        found.append(entry)
    return found
