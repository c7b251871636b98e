"""How --explain prints its rows: an aligned table on a terminal, tab-separated lines when
piped, JSON. Everything the input held (host names, process names, file names) goes
through `safe_text.printable`, or `json_text` for JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from portdeck.cli_output import ALERT, BOLD, DIM, GAP, Columns, Styler, terminal_width
from portdeck.safe_text import json_text, printable
from portdeck.text_wrap import wrap

from .rows import Row

HEADINGS = ("Port", "Proto", "Seen", "Service", "Title")
SHOWN_PLACES = 3  # hosts and lines on a terminal row; the rest are counted
_ALARMING = frozenset({"malware", "offensive"})


def row_to_json(row: Row) -> dict[str, object]:
    from portdeck.cli_output import entry_to_json

    return {
        "port": row.port,
        "protocol": row.protocol,
        "count": row.count,
        "hosts": list(row.hosts),
        "lines": list(row.lines),
        "flags": row.flags,
        "processes": list(row.processes),
        "entries": [entry_to_json(entry) for entry in row.entries],
    }


def print_json(rows: Sequence[Row], out: TextIO) -> None:
    """The array json_text would write, a row at a time: a 10,000-host scan's document is
    never built whole (JSON strings hold no raw newline, so indenting each row is safe)."""
    if not rows:
        print("[]", file=out)
        return
    out.write("[\n")
    for number, row in enumerate(rows):
        out.write("  " + json_text(row_to_json(row)).replace("\n", "\n  "))
        out.write(",\n" if number < len(rows) - 1 else "\n")
    out.write("]\n")


def _service(row: Row) -> tuple[str, str]:
    best = row.best if row.named else None
    if best is None:
        return "-", "unknown: no entry names this port"
    return printable(best.service) or "-", printable(best.title)


def _some(values: Iterable[object], total: int) -> str:
    shown = [printable(str(value)) for _, value in zip(range(SHOWN_PLACES), values, strict=False)]
    more = total - len(shown)
    return ", ".join(shown) + (f" (+{more:,})" if more > 0 else "")


def print_lines(rows: Sequence[Row], out: TextIO) -> None:
    """port, protocol, count, flags, service, title, hosts, lines: tab-separated, for awk."""
    for row in rows:
        service, title = _service(row)
        hosts = ",".join(printable(host) for host in row.hosts) or "-"
        lines = ",".join(printable(str(line)) for line in row.lines) or "-"
        print(
            f"{row.port}\t{row.protocol or '-'}\t{row.count}\t{','.join(row.flags) or '-'}\t{service}\t{title}\t"
            f"{hosts}\t{lines}",
            file=out,
        )


def print_table(rows: Sequence[Row], total: int, out: TextIO) -> None:
    """Per row, a line of what the port is, then its flags (malware and offensive in red) and
    where it was seen, dimmed."""
    import textwrap

    style, width = Styler(out), terminal_width(out)
    cells = [(str(row.port), row.protocol or "-", f"{row.count:,}", _service(row)[0]) for row in rows]
    columns = Columns(HEADINGS[:4], cells, width)
    print(style(columns.line(HEADINGS[:4], HEADINGS[4]), BOLD), file=out)
    for row, cell in zip(rows, cells, strict=True):
        title = wrap(_service(row)[1], columns.last_width) or [""]
        print(columns.line(cell, title[0]), file=out)
        for more in title[1:]:
            print(" " * columns.indent + more, file=out)
        where = []
        if row.hosts:
            where.append(f"on {_some(row.hosts, len(row.hosts))}")
        if row.processes:
            where.append(f"by {_some(row.processes, len(row.processes))}")
        if row.lines:
            where.append(f"line{'s' if len(row.lines) > 1 else ''} {_some(row.lines, len(row.lines))}")
        flags = " ".join(row.flags)
        room = max(20, width - len(GAP) * 2 - len(flags) - 3)
        text = textwrap.shorten(" · ".join(where), room, placeholder=" …") if where else ""
        alarming = _ALARMING.intersection(row.flags)
        shown = style(flags, ALERT) if alarming else flags
        print(GAP * 2 + shown + style((" · " if flags and text else "") + text, DIM), file=out)
    if total > len(rows):
        print(style(f"{len(rows)} of {total} ports; --limit 0 shows all", DIM), file=out)
