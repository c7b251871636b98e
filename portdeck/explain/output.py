"""How --explain prints its rows: an aligned table on a terminal, tab-separated lines when
piped, JSON. Everything the input held (host names, process names, file names) goes
through `safe_text.printable`, or `json_text` for JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from portdeck.cli_output import ALERT, BOLD, DIM, GAP, Columns, Styler, entry_to_json, terminal_width
from portdeck.dataset import PortEntry
from portdeck.safe_text import json_text, printable
from portdeck.text_wrap import wrap

from .rows import Row

HEADINGS = ("Port", "Proto", "Seen", "Service", "Title")
SHOWN_PLACES = 3  # hosts and lines on a terminal row; the rest are counted
_ALARMING = frozenset({"malware", "offensive"})


def row_to_json(row: Row) -> dict[str, object]:
    """The documented shape of a row; `print_json` writes what `json_text` makes of it."""
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


# A row is an item of the top array, its fields one level deeper, their items one more.
_ROW_INDENT, _FIELD_INDENT, _ITEM_INDENT = "  ", "    ", "      "


def print_json(rows: Sequence[Row], out: TextIO) -> None:
    """The array `json_text([row_to_json(row) for row in rows])` would write, byte for byte, a
    row at a time: a 10,000-host scan's document is never built whole. Each row is written
    directly rather than through a dict, with a host list checked for escapes in one go and
    each catalog entry written once (a dynamic-range entry recurs on hundreds of rows)."""
    if not rows:
        print("[]", file=out)
        return
    entries: dict[PortEntry, str] = {}
    out.write("[\n")
    for number, row in enumerate(rows):
        out.write(_row_json(row, entries))
        out.write(",\n" if number < len(rows) - 1 else "\n")
    out.write("]\n")


def _row_json(row: Row, entries: dict[PortEntry, str]) -> str:
    """`json_text(row_to_json(row))` as an item of the top array (indented by _ROW_INDENT)."""
    fields = (
        f'"port": {row.port}',
        f'"protocol": {json_text(row.protocol)}',
        f'"count": {row.count}',
        f'"hosts": {_array(_strings(row.hosts))}',
        f'"lines": {_array(_lines(row.lines))}',
        f'"flags": {_array(_strings(row.flags))}',
        f'"processes": {_array(_strings(row.processes))}',
        f'"entries": {_array([_entry_json(entry, entries) for entry in row.entries])}',
    )
    between = ",\n" + _FIELD_INDENT
    return f"{_ROW_INDENT}{{\n{_FIELD_INDENT}{between.join(fields)}\n{_ROW_INDENT}}}"


def _array(items: Sequence[str]) -> str:
    """A field's JSON array of items already written as JSON, laid out as json_text lays it."""
    if not items:
        return "[]"
    between = ",\n" + _ITEM_INDENT
    return f"[\n{_ITEM_INDENT}{between.join(items)}\n{_FIELD_INDENT}]"


def _strings(texts: Iterable[str]) -> list[str]:
    """Each text as a JSON string. When none needs an escape (as good as always), json_text
    leaves their concatenation as it is: one check for a whole host list instead of one each
    (escaping goes character by character, so the whole needs none when no part does)."""
    texts = list(texts)
    if not texts:
        return texts
    joined = "".join(texts)
    if json_text(joined) == f'"{joined}"':
        return [f'"{text}"' for text in texts]
    return [json_text(text) for text in texts]


def _lines(lines: Iterable[int | str]) -> list[str]:
    """Line numbers (ints), or "file:line" strings when several inputs were read."""
    found = list(lines)
    if set(map(type, found)) <= {int}:
        return list(map(str, found))  # what json_text writes of a plain int
    texts = [line for line in found if isinstance(line, str)]
    return _strings(texts) if len(texts) == len(found) else [json_text(line) for line in found]


def _entry_json(entry: PortEntry, written: dict[PortEntry, str]) -> str:
    """The entry as JSON at its depth in a row, written once per entry and reused."""
    text = written.get(entry)
    if text is None:
        # JSON strings hold no raw newline: every newline starts a line to indent.
        text = written[entry] = json_text(entry_to_json(entry)).replace("\n", "\n" + _ITEM_INDENT)
    return text


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
        # printable escapes character by character, so escaping the joined text is the same
        # as joining the escaped texts, at one call a row instead of one a host.
        hosts = printable(",".join(row.hosts)) or "-"
        lines = printable(",".join(map(str, row.lines))) or "-"
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
