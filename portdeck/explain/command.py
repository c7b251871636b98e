"""`portdeck --explain [FILE …]`: read every input, add up the ports, print the rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO, TextIO

from portdeck.dataset import Catalog
from portdeck.safe_text import printable

from .rows import FLAGS, Row, Table
from .source import STDIN, BadInput, Source, open_source

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2


def explain_options_help() -> list[tuple[str, str]]:
    """The options --explain adds, as (option, meaning) for the help and the README table."""
    return [
        (
            "--explain [FILE …]",
            (
                "explain every port in the output of nmap (-oN, -oG, -oX), masscan, naabu, rustscan, ss, netstat, "
                "lsof, docker ps/port, compose and Kubernetes YAML, iptables/nftables/ufw logs and rules "
                "(standard input when no FILE, or -)"
            ),
        ),
        (
            "--fail-on FLAG,…",
            f"with --explain: exit 1 when a port has one of these flags ({', '.join(FLAGS)})",
        ),
    ]


def parse_fail_on(text: str) -> frozenset[str]:
    """ "security,malware" -> {"security", "malware"}; ValueError (one line) for a word that is no flag."""
    words = frozenset(word.strip().lower() for word in text.split(",") if word.strip())
    unknown = sorted(words.difference(FLAGS))
    if unknown:
        raise ValueError(f"--fail-on: {printable(', '.join(unknown))} is no flag; use {', '.join(FLAGS)}")
    return words


def _read(table: Table, source: Source, where: str | None, warnings: list[str]) -> str:
    """Add one input's sightings to the table; returns how it was read ("nmap XML (-oX)")."""
    from .detect import XML, YAML, detect, reader_for

    found = detect(source.head_text())
    if found.kind == XML:
        from .nmap import read_xml

        sightings = read_xml(source.binary, warnings, printable(source.name))
    elif found.kind == YAML:
        from .containers import read_yaml

        sightings = read_yaml(source.text(), printable(source.name))
    else:
        sightings = reader_for(found)(source.lines())
    table.add_all(sightings, where)
    return found.label


def run_explain(
    catalog: Catalog,
    paths: Sequence[str],
    *,
    as_json: bool,
    fail_on: frozenset[str],
    limit: int,
    stdin: BinaryIO | None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Explain the ports in these inputs (standard input for none, or "-"). Returns the exit
    status: 0, 1 when a port has a flag of `fail_on`, 2 for an input that cannot be read
    (one line on stderr, and nothing on stdout). `stdin` is the binary standard input
    (sys.stdin.buffer), None when it is closed; `limit` 0 shows every row."""
    unknown = sorted(set(fail_on).difference(FLAGS))
    if unknown:
        return _fail(stderr, f"--fail-on: {', '.join(unknown)} is no flag; use {', '.join(FLAGS)}")
    if limit < 0:
        return _fail(stderr, "--limit must be 0 (all) or more")
    try:
        rows, read_as, warnings = read_inputs(catalog, paths, stdin)
    except BadInput as error:
        return _fail(stderr, str(error))
    except MemoryError:
        return _fail(stderr, "not enough memory to read the input")
    shown = rows[:limit] if limit else rows
    to_terminal = _is_terminal(stdout) and not as_json
    notes = stdout if to_terminal else stderr
    from portdeck.cli_output import DIM, Styler

    style = Styler(notes)
    for line in read_as:
        print(style(printable(line), DIM), file=notes)
    for warning in warnings:
        print(f"portdeck: warning: {printable(warning)}", file=stderr)
    from . import output

    if as_json:
        output.print_json(shown, stdout)
    elif to_terminal and shown:
        output.print_table(shown, len(rows), stdout)
    elif shown:
        output.print_lines(shown, stdout)
    if not rows:
        print("portdeck: no ports found in the input", file=stderr)
    elif len(shown) < len(rows) and not to_terminal:
        print(f"portdeck: {len(shown)} of {len(rows)} ports; --limit 0 shows all", file=stderr)
    flagged = [row for row in rows if fail_on.intersection(row.flags)]
    if flagged:
        ports = ", ".join(f"{row.port}/{row.protocol or '?'}" for row in flagged[:5])
        more = f" and {len(flagged) - 5} more" if len(flagged) > 5 else ""
        print(f"portdeck: --fail-on {','.join(sorted(fail_on))}: {ports}{more}", file=stderr)
        return EXIT_FLAGGED
    return EXIT_OK


def read_inputs(
    catalog: Catalog, paths: Sequence[str], stdin: BinaryIO | None
) -> tuple[list[Row], list[str], list[str]]:
    """The rows of these inputs riskiest first, how each input was read, and the warnings.
    Raises BadInput (one line) for an input that cannot be read."""
    names = list(dict.fromkeys(paths)) or [STDIN]
    table = Table(catalog)
    warnings: list[str] = []
    read_as: list[str] = []
    for name in names:
        with open_source(name, stdin) as source:
            label = _read(table, source, name if len(names) > 1 else None, warnings)
            read_as.append(f"{printable(source.name)}: read as {label}")
    return table.ranked(), read_as, warnings


def _fail(stderr: TextIO, message: str) -> int:
    print(f"portdeck: {printable(message)}", file=stderr)
    return EXIT_ERROR


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return isatty is not None and bool(isatty())
