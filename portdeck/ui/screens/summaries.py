"""What the main screen says about a search in a line: the subtitle's count, the search box's
note on the tab that filters it, and the results panel's title on how the query was read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ...safe_text import printable
from ..tabs import LISTENING_TAB

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.widget import Widget

    from ...dataset import PortEntry
    from ...search import SearchResult
    from ..tabs import TabSpec
    from .main import MainScreen


def match_summary(screen: MainScreen, spec: TabSpec, shown: int) -> str:
    """The app's subtitle: how many entries, or matches, and how many the tab shows."""
    if not screen.search_text.strip():
        summary = f"{len(screen.portdeck.catalog):,} entries"
    else:
        total = len(screen.result.entries)
        summary = f"{total:,} match" + ("" if total == 1 else "es")
    if spec is not screen.tab_specs[0]:
        summary += f" · {shown:,} in {spec.label}"
    return summary


def tab_note(screen: MainScreen, spec: TabSpec, entries: Sequence[PortEntry]) -> Content | None:
    """Beside the query: the tab that filters it, and the best match that tab hides."""
    if spec is screen.tab_specs[0]:
        return None
    said = f"searching {spec.label}"
    if spec.id == LISTENING_TAB:
        said += baseline_note(screen)
    ranked = screen.result.entries
    if screen.search_text.strip() and ranked and (not entries or entries[0] is not ranked[0]):
        best = ranked[0]
        home = screen.tab_spec(best.range_class.value)
        if home is not spec and home is not screen.tab_specs[0]:
            said += f" · {best.port_label} {printable(best.service)} is in {home.label}"
    return Content(said)


def baseline_note(screen: MainScreen) -> str:
    """ " · 2 new, 1 gone since base.json": what changed since the baseline the Listening tab
    compares with (a socket another program holds now is both); "" without a baseline."""
    marks = screen.portdeck.marks
    changes = marks.changes
    if marks.baseline is None or changes is None:
        return ""
    import os

    new, gone = changes.counts
    return f" · {new} new, {gone} gone since {printable(os.path.basename(marks.baseline[0]))}"


def reading_summary(result: SearchResult, guesses: bool) -> Content | None:
    """The results panel's title: how the query was read, quietly ("ignored: what port",
    "8080/tcp, read from 10.1.2.3:8080"). Plain text: it quotes what was typed."""
    said = []
    if result.note is not None:
        said.append(f"{result.note.name}: not a port, see the detail")
    if result.query.pasted is not None:
        said.append(result.query.pasted.describe())
    if result.ignored:
        said.append(f"ignored: {' '.join(result.ignored)}")
    if guesses:
        said.append("closest matches dimmed")
    return Content(printable(" · ".join(said))) if said else None


def retitle(widget: Widget, which: str, text: Content | str | None) -> None:
    """Set a panel's `border_title` or `border_subtitle` only if it shows something else:
    Textual redraws every line of a widget whenever either is set, even to the same text,
    and the list's title is set on every keystroke."""
    wanted = text.markup if isinstance(text, Content) else text
    if getattr(widget, which) != wanted:
        setattr(widget, which, text)
