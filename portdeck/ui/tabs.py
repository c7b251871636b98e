"""The result tabs as data: each tab is an id, a label and a filter over a search result.

The app, the tab bar, the key bindings and the command palette all read this list,
so adding a tab (pinned entries, listening sockets) is one more `TabSpec`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..dataset import PortEntry, RangeClass

# The Listening tab's id: the app drops the tab, the screen reads the sockets again while it shows.
LISTENING_TAB = "listening"

if TYPE_CHECKING:
    from ..search import SearchResult
    from .marks import Marks


class TabSpec:
    """One tab of the results view. A plain slotted class: Textual has imported `dataclasses`
    already, but `@dataclass(slots=True)` writes and compiles its methods, then builds the class
    a second time, at every start (~1.6 ms against ~0.03 ms, Python 3.11).

    - `id`: a stable identifier, used in actions (`app.show_tab('dynamic')`) and CSS.
    - `label`: what the tab bar shows, before the count; `short_label` for narrow terminals.
    - `select`: the entries of a search result this tab shows, in ranked order.
    - `count`: a cheaper count than `len(select(result))`, when the result has one.
    - `description`: one line for the help screen and the command palette.
    - `empty`: what to say when the tab is empty for an empty query (None: a generic line).
    """

    __slots__ = ("count", "description", "empty", "id", "label", "select", "short_label")

    def __init__(
        self,
        id: str,
        label: str,
        select: Callable[[SearchResult], Sequence[PortEntry]],
        count: Callable[[SearchResult], int] | None = None,
        description: str = "",
        short_label: str = "",
        empty: Callable[[], str] | None = None,
    ) -> None:
        self.id, self.label, self.select, self.count = id, label, select, count
        self.description, self.short_label, self.empty = description, short_label, empty

    def entries(self, result: SearchResult) -> Sequence[PortEntry]:
        """The entries this tab shows for `result`."""
        return self.select(result)

    def count_in(self, result: SearchResult) -> int:
        """How many entries this tab shows for `result`."""
        if self.count is not None:
            return self.count(result)
        return len(self.select(result))


def range_tab(
    range_class: RangeClass | None, tab_id: str, label: str, short_label: str, description: str
) -> TabSpec:
    """A tab that shows the matches in one IANA range (None: every range)."""
    return TabSpec(
        id=tab_id,
        label=label,
        select=lambda result: result.in_class(range_class),
        count=lambda result: result.counts.get(range_class, 0),
        description=description,
        short_label=short_label,
    )


DEFAULT_TABS: tuple[TabSpec, ...] = (
    range_tab(None, "all", "All", "All", "every match"),
    range_tab(RangeClass.WELL_KNOWN, "well-known", "Well-known", "Well", "ports 0-1023 (system ports)"),
    range_tab(RangeClass.REGISTERED, "registered", "Registered", "Reg", "ports 1024-49151 (user ports)"),
    range_tab(RangeClass.DYNAMIC, "dynamic", "Dynamic", "Dyn", "ports 49152-65535 (dynamic/private)"),
)


def pinned_tab(marks: Marks) -> TabSpec:
    """The pinned entries among the matches (every pinned entry for an empty query)."""
    return TabSpec(
        id="pinned",
        label="Pinned",
        select=marks.pinned_in,
        description="the entries you pinned with f",
        short_label="Pin",
        empty=lambda: "Nothing pinned yet.\n\nPut the cursor on an entry in the list and press f to pin it.",
    )


def listening_tab(marks: Marks) -> TabSpec:
    """The matches listening on this machine, and listening ports no entry knows."""

    def empty() -> str:
        if marks.listening is None:
            return "Reading the sockets listening on this machine…"
        return "Nothing is listening on this machine (that this user can see).\n\nCtrl+R reads the sockets again."

    return TabSpec(
        id=LISTENING_TAB,
        label="Listening",
        select=marks.listening_in,
        description="the ports listening on this machine, known or not",
        short_label="Live",
        empty=empty,
    )


def explained_tab(label: str, entries: Sequence[PortEntry]) -> TabSpec:
    """The ports `portdeck --explain FILE` read from a file, riskiest first: for a query,
    those among the matches."""

    def select(result: SearchResult) -> Sequence[PortEntry]:
        if result.query.is_empty:
            return entries
        if result.port is not None:  # a number: the ports that start with it, as the search does
            typed = str(result.port)
            return tuple(e for e in entries if str(e.port).startswith(typed))
        matched = set(result.entries[:2000])  # a word query: the ranked matches, as far as they matter
        return tuple(e for e in entries if e in matched)

    return TabSpec(
        id="explained",
        label=label,
        select=select,
        description=f"the ports read from {label}",
        short_label="File",
        empty=lambda: "No port was read from the file.",
    )
