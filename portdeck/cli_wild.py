"""The command line's answers about this machine's ports in the wild: a free port to pick
(`--free`), what listens now saved as a baseline (`--listening --save`) and what changed
since (`--listening --diff`). Loaded only for those options."""

from __future__ import annotations

import sys

from .cli_options import RANGES, Options
from .dataset import Catalog, RangeClass
from .exits import EXIT_NO_MATCH, EXIT_OK
from .exits import fail as _fail
from .listening import ListeningUnavailable, local_listeners
from .safe_text import json_text, printable
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
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
