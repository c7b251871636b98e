"""How a one-shot lookup prints: a table on a terminal, tab-separated lines when piped, JSON.

The terminal table is written here rather than with Rich: importing Rich costs
`portdeck 22` ~60 ms on a terminal, twice the rest of the lookup. It needs little:
aligned columns, titles wrapped to the terminal's width, and a few ANSI styles,
left out when NO_COLOR is set, TERM is dumb or the output is not a terminal.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence

from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TextIO

    from .dataset import PortEntry

HEADINGS = ("Port", "Proto", "Service", "Title")
GAP = "  "
NARROWEST_TITLE = 20
BOLD, DIM, ALERT, RESET = "\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[0m"


def entry_to_json(entry: PortEntry) -> dict[str, object]:
    """Every field of the record, plus the derived range class. The documented JSON shape."""
    return {
        "port": entry.port,
        "end": entry.end,
        "protocols": [p.value for p in entry.protocols],
        "service": entry.service,
        "title": entry.title,
        "source": entry.source.value,
        "range_class": entry.range_class.value,
        "description": entry.description,
        "security": entry.security,
        "aliases": list(entry.aliases),
        "related": list(entry.related),
        "references": list(entry.references),
    }


def print_lines(entries: Sequence[PortEntry], out: TextIO) -> None:
    """One tab-separated line per entry, for cut, awk and grep."""
    for e in entries:
        print(f"{e.port_label}\t{e.protocol_label}\t{e.service}\t{e.title}\t{e.source.value}", file=out)


class Styler:
    """ANSI styles for a stream, or none at all where colour is unwanted."""

    def __init__(self, out: TextIO) -> None:
        self.on = out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def __call__(self, text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if self.on and text else text


def terminal_width(out: TextIO) -> int:
    """$COLUMNS if set, else the terminal's width, else 80."""
    try:
        return max(int(os.environ["COLUMNS"]), 1)
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(out.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def print_table(entries: Sequence[PortEntry], total: int, out: TextIO) -> None:
    """An aligned table of the entries; the detail of the entry when it is the only one."""
    style, width = Styler(out), terminal_width(out)
    cells = [(e.port_label, e.protocol_label, e.service) for e in entries]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(HEADINGS[:3])]
    indent = sum(widths) + len(GAP) * len(widths)
    title_width = max(NARROWEST_TITLE, width - indent)

    def aligned(first: Sequence[str]) -> str:
        return GAP.join(cell.ljust(w) for cell, w in zip(first, widths)) + GAP

    print(style(aligned(HEADINGS[:3]) + HEADINGS[3], BOLD), file=out)
    for e, row in zip(entries, cells):
        marks = [(f"({e.source.value})", DIM)] if not e.official else []
        if e.security:
            marks.append(("!", ALERT))  # a security note: `portdeck PORT` shows it
        lines = textwrap.wrap(e.title, title_width) or [""]
        shown = len(lines[-1])  # visible length of the last line, without escape codes
        for text, mark_style in marks:
            if shown + 1 + len(text) > title_width:
                lines.append("")
                shown = -1
            lines[-1] += f" {style(text, mark_style)}" if shown > 0 else style(text, mark_style)
            shown += 1 + len(text)
        print(aligned(row) + lines[0], file=out)
        for line in lines[1:]:
            print(" " * indent + line, file=out)
    if total > len(entries):
        print(style(f"{len(entries)} of {total} matches; --limit 0 shows all", DIM), file=out)
    if len(entries) == 1:
        print_detail(entries[0], style, width, out)


def print_detail(entry: PortEntry, style: Styler, width: int, out: TextIO) -> None:
    """The description, security note and related ports of a single entry."""
    if entry.description:
        print(file=out)
        print(textwrap.fill(entry.description, width), file=out)
    if entry.security:
        label = "Security:"
        note = textwrap.fill(f"{label} {entry.security}", width)
        print(style(label, ALERT) + note[len(label) :], file=out)
    if entry.related:
        print(style(f"Related: {', '.join(map(str, entry.related))}", DIM), file=out)
