"""How the command prints: a table on a terminal, tab-separated lines when piped, JSON.

The terminal table is written here rather than with Rich: importing Rich costs
`portdeck 22` ~60 ms on a terminal, twice the rest of the lookup. It needs little:
aligned columns (by display width: a CJK name takes two cells a letter), titles
wrapped to the terminal's width, and a few ANSI styles, left out when NO_COLOR is
set, TERM is dumb or the output is not a terminal. Every text from outside goes
through `safe_text.printable` first.
"""

from __future__ import annotations

import os
import sys

from .safe_text import printable
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, MutableMapping, Sequence
    from typing import TextIO

    from .dataset import PortEntry, Vocabulary
    from .listening import Listener
    from .search import Match

HEADINGS = ("Port", "Proto", "Service", "Title")
GAP = "  "
NARROWEST_TITLE = 20
BOLD, DIM, ALERT, RESET = "\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[0m"
HOST_PLACEHOLDER = "HOST"


def entry_to_json(entry: PortEntry, match: Match | None = None, host: str | None = None) -> dict[str, object]:
    """Every field of the record, plus the derived range class and why it matched. The documented shape."""
    document: dict[str, object] = {
        "port": entry.port,
        "end": entry.end,
        "protocols": [p.value for p in entry.protocols],
        "service": entry.service,
        "title": entry.title,
        "source": entry.source.value,
        "range_class": entry.range_class.value,
        "prominence": entry.prominence_name,
        "description": entry.description,
        "security": entry.security,
        "aliases": list(entry.aliases),
        "related": list(entry.related),
        "references": list(entry.references),
        "tags": list(entry.tags),
        "family": entry.family or None,
        "checks": [for_host(command, host) for command in entry.checks],
        "processes": list(entry.processes),
    }
    if match is not None:
        document["match"] = {"kind": match.kind, "score": match.score}
    return document


def for_host(command: str, host: str | None) -> str:
    """A check command written for a real host (left with HOST when none is given)."""
    return command.replace(HOST_PLACEHOLDER, host) if host else command


def width_of(text: str) -> int:
    """Cells `text` takes on a terminal: two for a CJK character, none for a combining mark."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth  # only text beyond ASCII pays for it

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - width_of(text))


class Columns:
    """Cells padded into aligned columns, each as wide as its widest cell or heading, before
    a last column (a title) that takes what is left of the terminal's width."""

    def __init__(self, headings: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> None:
        self.widths = [
            max([width_of(h), *(width_of(row[i]) for row in rows)]) for i, h in enumerate(headings)
        ]
        self.indent = sum(self.widths) + len(GAP) * len(self.widths)  # where the last column starts
        self.last_width = max(NARROWEST_TITLE, width - self.indent)

    def line(self, cells: Sequence[str], last: str = "") -> str:
        return GAP.join(pad(cell, w) for cell, w in zip(cells, self.widths, strict=True)) + GAP + last


def print_lines(entries: Sequence[PortEntry], out: TextIO) -> None:
    """One tab-separated line per entry, for cut, awk and grep."""
    for e in entries:
        print(
            f"{e.port_label}\t{e.protocol_label}\t{printable(e.service)}\t{printable(e.title)}\t{e.source.value}",
            file=out,
        )


class Styler:
    """ANSI styles for a stream, or none at all where colour is unwanted."""

    def __init__(self, out: TextIO) -> None:
        self.on = out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def __call__(self, text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if self.on and text else text


def terminal_width(out: TextIO) -> int:
    """$COLUMNS if it is a width, else the terminal's width, else 80; never under MIN_WIDTH
    (COLUMNS=0 or -5 once printed one letter a line)."""
    try:
        columns = int(os.environ["COLUMNS"])
        if columns > 0:
            return max(columns, MIN_WIDTH)
    except (KeyError, ValueError):
        pass
    try:
        return max(os.get_terminal_size(out.fileno()).columns or 80, MIN_WIDTH)
    except (OSError, ValueError, AttributeError):
        return 80


MIN_WIDTH = 20  # narrower, wrapped text is a letter or two a line: nothing can be read


def print_table(
    entries: Sequence[PortEntry],
    total: int,
    out: TextIO,
    guesses: Sequence[bool] = (),
    detail: Detail | None = None,
) -> None:
    """An aligned table of the entries; the detail of the entry when it is the only one.

    `guesses[i]` marks a weak match (a typo, or the description only): dimmed, under
    a "closest matches" line.
    """
    from .text_wrap import wrap  # only tables wrap

    style, width = Styler(out), terminal_width(out)
    cells = [(e.port_label, e.protocol_label, printable(e.service) or "-") for e in entries]
    columns = Columns(HEADINGS[:3], cells, width)
    title_width = columns.last_width
    print(style(columns.line(HEADINGS[:3], HEADINGS[3]), BOLD), file=out)
    heading_shown = False
    strong_above = False  # guesses are dimmed only below real answers
    for index, (e, row) in enumerate(zip(entries, cells, strict=True)):
        guess = index < len(guesses) and guesses[index]
        if guess and not heading_shown:
            print(style("closest matches (typos, or words found only in descriptions):", DIM), file=out)
            heading_shown = True
        strong_above = strong_above or not guess
        guess = guess and strong_above
        marks = [(f"({e.source.value})", DIM)] if not e.official else []
        if e.security:
            marks.append(("!", ALERT))  # a security note: `portdeck PORT` shows it
        lines = wrap(printable(e.title), title_width) or [""]
        shown = width_of(lines[-1])  # visible width of the last line, without escape codes
        for text, mark_style in marks:
            if shown + 1 + len(text) > title_width:
                lines.append("")
                shown = -1
            lines[-1] += f" {style(text, mark_style)}" if shown > 0 else style(text, mark_style)
            shown += 1 + len(text)
        first = columns.line(row, lines[0])
        print(style(first, DIM) if guess else first, file=out)
        for line in lines[1:]:
            print(" " * columns.indent + line, file=out)
    if total > len(entries):
        print(style(f"{len(entries)} of {total} matches; --limit 0 shows all", DIM), file=out)
    if detail is not None and stands_out(entries):
        detail.print(entries[0], style, width, out)


def stands_out(entries: Sequence[PortEntry]) -> bool:
    """Whether the first entry is the answer: the only one, or a port's first answer that
    people meet more than every other on it (443: HTTPS, before the products using it)."""
    if len(entries) == 1:
        return True
    first, *others = entries
    return bool(first.description) and all(
        other.port == first.port and other.prominence < first.prominence for other in others
    )


class Detail:
    """What a single entry's detail adds below the table: text, security, related ports, tags,
    family and the commands that check it (for `host`, when given)."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        host: str | None = None,
        origin: Callable[[PortEntry], str | None] | None = None,
    ) -> None:
        self.vocabulary, self.host, self.origin = vocabulary, host, origin

    def print(self, entry: PortEntry, style: Styler, width: int, out: TextIO) -> None:
        from .text_wrap import fill

        if entry.description:
            print(file=out)
            print(fill(printable(entry.description), width), file=out)
        if entry.security:
            label = "Security:"
            note = fill(f"{label} {printable(entry.security)}", width)
            print(style(label, ALERT) + note[len(label) :], file=out)
        facts = []
        if entry.related:
            facts.append(f"Related: {', '.join(map(str, entry.related))}")
        if entry.family:
            facts.append(f"Family: {printable(self.vocabulary.family_name(entry.family))}")
        if entry.tags:
            facts.append(f"Tags: {', '.join(entry.tags)}")
        if entry.processes:
            facts.append(f"Served by: {printable(', '.join(entry.processes))}")
        origin = self.origin(entry) if self.origin is not None else None
        if origin:
            facts.append(f"From: {printable(origin)}")
        if "browser-blocked" in entry.tags:
            facts.append(f"Browsers refuse http://HOST:{entry.port} (a bad port in the Fetch standard)")
        for fact in facts:
            print(style(fact, DIM), file=out)
        if entry.references:
            sources = f"Sources: {printable(', '.join(entry.references))}"
            print(style(fill(sources, width, break_on_hyphens=False), DIM), file=out)
        if entry.checks:
            print(file=out)
            where = (
                f"Check it on {printable(self.host)}:"
                if self.host
                else "Check it (replace HOST, or give --host NAME):"
            )
            print(style(where, BOLD), file=out)
            for command in entry.checks:
                print(f"  {printable(for_host(command, self.host))}", file=out)


def listening_lines(rows: Sequence[tuple[Listener, PortEntry | None, bool]], out: TextIO) -> None:
    """One tab-separated line per socket: port, protocol, address, process[pid], user, exposed,
    service, title."""
    from .local_ports import process_label, user_label

    for listener, entry, exposed in rows:
        what = (
            f"{printable(entry.service)}\t{printable(entry.title)}" if entry else "-\tunknown to the registry"
        )
        print(
            f"{listener.port}\t{listener.protocol.value}\t{listener.address}\t{process_label(listener) or '?'}\t"
            f"{user_label(listener) or '?'}\t{'exposed' if exposed else '-'}\t{what}",
            file=out,
        )


LISTENING_HEADINGS = ("Port", "Proto", "Address", "Process", "User", "Exposed", "Service", "Title")


def listening_table(rows: Sequence[tuple[Listener, PortEntry | None, bool]], total: int, out: TextIO) -> None:
    """On a terminal: the sockets as an aligned table under a header, by port; the title takes
    what is left of the width, and a note says when the limit cut the list."""
    from .local_ports import process_label, user_label

    style, width = Styler(out), terminal_width(out)
    cells = [
        (
            str(listener.port),
            listener.protocol.value,
            printable(listener.address),
            process_label(listener) or "?",
            user_label(listener) or "?",
            "exposed" if exposed else "-",
            printable(entry.service) if entry else "-",
            printable(entry.title) if entry else "unknown to the registry",
        )
        for listener, entry, exposed in sorted(rows, key=lambda row: (row[0].port, row[0].protocol.value))
    ]
    columns = Columns(LISTENING_HEADINGS[:7], cells, width)
    room = columns.last_width

    def line(row: Sequence[str]) -> str:
        title = row[7] if width_of(row[7]) <= room else row[7][: room - 1] + "…"
        return columns.line(row[:7], title)

    print(style(line(LISTENING_HEADINGS), BOLD), file=out)
    for row in cells:
        print(style(line(row), ALERT) if row[5] == "exposed" else line(row), file=out)
    if total > len(rows):
        print(style(f"{len(rows)} of {total} sockets; --limit 0 shows all", DIM), file=out)


def say_when_cut(shown: int, total: int) -> None:
    """Piped and JSON output must not stop at the limit silently."""
    if total > shown:
        print(f"portdeck: {shown} of {total} matches; --limit 0 shows all", file=sys.stderr)


# Terminals that cannot draw the full-screen app: TERM=dumb (Emacs M-x shell, serial
# consoles, some CI) has no cursor addressing, and Textual spins on resize events there.
DUMB_TERMINALS = ("dumb", "unknown")


def terminal_refusal() -> str | None:
    """Why the app cannot run on this terminal (one line), or None once it is ready for the app."""
    term = os.environ.get("TERM", "")
    if term in DUMB_TERMINALS:
        return (
            f"TERM={term}: this terminal cannot show the full-screen app; "
            "ask on the command line (portdeck QUERY), or run it in a terminal emulator"
        )
    assume_size_when_unknown(os.environ)
    return None


# The size a terminal that reports none is taken to have (shutil's fallback).
UNKNOWN_SIZE = (80, 24)


def assume_size_when_unknown(environ: MutableMapping[str, str], fd: int = 1) -> None:
    """A terminal that reports 0 columns or rows (`script` with no size, some container shells)
    is taken to be 80x24, through COLUMNS and LINES, which both of Textual's size readers honour.

    Left alone, Rich's reader falls back to 80x25 and the driver's to 80x24: each answer
    re-lays the screen out for the other, 60 frames a second, and memory grows without end."""
    if "COLUMNS" in environ and "LINES" in environ:
        return
    try:
        columns, lines = os.get_terminal_size(fd)
    except OSError:
        return  # not a terminal: nothing to agree on
    if columns and lines:
        return  # a real size: the app follows the terminal as it is resized
    environ.setdefault("COLUMNS", str(columns or UNKNOWN_SIZE[0]))
    environ.setdefault("LINES", str(lines or UNKNOWN_SIZE[1]))
