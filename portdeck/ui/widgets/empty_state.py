"""What the results panel says when a tab has no rows: why, and what to try instead."""

from __future__ import annotations

from textual.widgets import Static

from ...dataset import MAX_PORT
from ...safe_text import printable
from ...search import SearchResult
from ..tabs import TabSpec

# Only the start of a long paste is worth quoting back.
QUOTED_CHARS = 40


class EmptyState(Static):
    """Shown in place of the results view; its text is plain, never markup (it quotes the query)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.summary = ""
        """The message's first paragraph: the detail pane says it too, so the two panes agree."""

    def explain(self, query: str, spec: TabSpec, result: SearchResult, vacant_port: int | None) -> None:
        said = message(query, spec, result, vacant_port)
        self.summary = said.split("\n\n", 1)[0]
        self.update(said)


def message(query: str, spec: TabSpec, result: SearchResult, vacant_port: int | None) -> str:
    """Why `spec`'s tab is empty for this query, and what to do about it."""
    text = query.strip()
    if result.error:
        return f"{result.error}\n\nA port is a number from 0 to {MAX_PORT}."
    if result.note is not None:
        from ...note_card import card_lines

        return "\n\n".join(card_lines(result.note))
    if vacant_port is not None:
        return f"No entry for port {vacant_port}: see the detail pane for what the registry says."
    if spec.empty is not None and not text:
        return spec.empty()
    if result.entries:
        return f"No matches in {spec.label}; {len(result.entries):,} in other tabs.\n\nCtrl+← / Ctrl+→ switch tabs."
    if text:
        quoted = printable(text if len(text) <= QUOTED_CHARS else text[:QUOTED_CHARS] + "…")
        return (
            f"Nothing matches '{quoted}'.\n\n"
            "Try a port (5432), a range (8000-8100), a protocol and port (udp 53) "
            "or a service name (postgres, ldaps). Esc clears the search."
        )
    return "This tab is empty."
