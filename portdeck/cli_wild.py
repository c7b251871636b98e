"""The command line's answers about ports in the wild: what listens on this machine
(`--listening`), saved as a baseline (`--save`) and what changed since (`--diff`), a free
port to pick (`--free`), and a scan or log opened in the app (`--explain FILE` on a
terminal). Loaded only for those options."""

from __future__ import annotations

import os
import sys

from .cli_options import RANGES, Options
from .cli_output import say_when_cut, terminal_refusal
from .dataset import Catalog, RangeClass
from .exits import EXIT_NO_MATCH, EXIT_OK
from .exits import fail as _fail
from .listening import ListeningUnavailable, local_listeners
from .safe_text import json_text, printable
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .userdata.team import Origins

EXIT_CHANGED = EXIT_NO_MATCH  # --diff: something appeared; --free: nothing free


def port_span(text: str | None, default: tuple[int, int]) -> tuple[int, int]:
    """`--range`: an IANA range's name (registered) or LO-HI; ValueError in one line."""
    from .free_ports import parse_range

    if text is None:
        return default
    if text in RANGES:
        return RangeClass(text).bounds
    return parse_range(text)


def run_free(catalog: Catalog, args: Options, origins: Origins | None = None) -> int:
    """Suggest free ports: exit 0 with suggestions, 1 when the range has none."""
    from .free_ports import DEFAULT_HIGH, DEFAULT_LOW, free_text, ports_named_by, suggest_free

    try:
        low, high = port_span(args.range_class, (DEFAULT_LOW, DEFAULT_HIGH))
    except ValueError as error:
        return _fail(f"--range {args.range_class}: {error}")
    try:
        listening = frozenset(listener.port for listener in local_listeners())
    except ListeningUnavailable:
        listening = frozenset()  # the reasons then do not claim it was checked
    try:
        own = ports_named_by(entry for entry, _ in origins.items()) if origins is not None else frozenset()
        picks = suggest_free(
            catalog,
            count=args.free or 0,
            low=low,
            high=high,
            seed=args.seed,
            listening=listening,
            personal_ports=own,
        )
    except ValueError as error:
        return _fail(str(error))
    if args.json:
        print(json_text([pick.as_json() for pick in picks]))
    else:
        sys.stdout.write(free_text(picks, sys.stdout.isatty()))
    return EXIT_OK if picks else EXIT_CHANGED


def save_listening(path: str) -> int:
    """Write what listens now to a baseline file."""
    from .baseline import BaselineError, save_baseline

    try:
        count = save_baseline(local_listeners(), path)
    except (ListeningUnavailable, BaselineError) as error:
        return _fail(str(error))
    print(f"portdeck: saved {count} listening sockets to {printable(path)}", file=sys.stderr)
    return EXIT_OK


def diff_listening(path: str, as_json: bool) -> int:
    """`+`/`-` lines for sockets that appeared or went away since the baseline; exit 1 when
    anything appeared (or another program took a socket)."""
    from .baseline import BaselineError, diff, load_baseline

    try:
        changes = diff(load_baseline(path), local_listeners())
    except (ListeningUnavailable, BaselineError) as error:
        return _fail(str(error))
    if as_json:
        print(json_text(changes.as_json()))
    else:
        sys.stdout.write(changes.text())
    return changes.exit_status


def list_listening(catalog: Catalog, args: Options) -> int:
    """Print local listening sockets joined with what the dataset says of each port."""
    from .local_ports import entry_for, is_exposed

    try:
        listeners = local_listeners()
    except ListeningUnavailable as error:
        return _fail(str(error))
    rows = []
    for listener in listeners:
        if args.protocol and listener.protocol.value != args.protocol:
            continue
        entry = entry_for(catalog, listener)
        exposed = is_exposed(listener, entry)
        if exposed or not args.exposed:
            rows.append((listener, entry, exposed))
    shown = rows[: args.limit] if args.limit else rows
    if args.json:
        from .cli_output import entry_to_json
        from .expected import expectation, expected_processes

        document = [
            {
                "port": listener.port,
                "protocol": listener.protocol.value,
                "address": listener.address,
                "pid": listener.pid,
                "process": listener.process,
                "user": listener.user,
                "exposed": exposed,
                "entry": entry_to_json(entry) if entry else None,
                "expected_processes": list(expected_processes(listener, catalog.at(listener.port))),
                "unexpected": expectation(listener, catalog.at(listener.port)),
            }
            for listener, entry, exposed in shown
        ]
        print(json_text(document))
    elif sys.stdout.isatty():
        from .cli_output import listening_table

        listening_table(shown, len(rows), sys.stdout)
        return EXIT_OK if rows else EXIT_NO_MATCH
    else:
        from .cli_output import listening_lines

        listening_lines(sorted(shown, key=lambda row: (row[0].port, row[0].protocol.value)), sys.stdout)
    say_when_cut(len(shown), len(rows))
    return EXIT_OK if rows else EXIT_NO_MATCH


def explain_in_the_app(catalog: Catalog, files: Sequence[str]) -> int:
    """`portdeck --explain FILE` on a terminal: the app, opened on a tab of the file's ports."""
    from .dataset import PortEntry, Protocol, Source
    from .explain import read_inputs
    from .explain.source import BadInput

    refusal = terminal_refusal()
    if refusal:
        return _fail(refusal)
    try:
        rows, _read_as, notes = read_inputs(catalog, files, None)
    except BadInput as error:
        return _fail(str(error))
    entries = []
    for row in rows:
        best = row.entries[0] if row.entries else None
        if best is None:  # a port no entry names: a row of its own, as the Listening tab has
            protocols = (Protocol(row.protocol),) if row.protocol else ()
            best = PortEntry(
                row.port, row.port, protocols, "", "unknown: no entry names this port", Source.UNKNOWN
            )
        if best not in entries:
            entries.append(best)
    label = os.path.basename(files[0]) if len(files) == 1 else f"{len(files)} files"
    from .ui.app import run_tui  # Textual, only now

    return run_tui(catalog, notes, explained=(label, tuple(entries))) or EXIT_OK
