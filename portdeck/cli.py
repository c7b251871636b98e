"""The `portdeck` command: the TUI with no query, a one-shot lookup with one.

The lookup path must start fast and never import Textual: the UI is imported
inside `run_interactive` only. A plain `portdeck 22` (no options) does not even
build the argparse parser: importing argparse and building the parser costs a
one-shot lookup ~6 ms (its help formatter pulls in shutil, bz2 and lzma).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import __version__
from .lookup_output import entry_to_json, print_lines, print_table
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from .dataset import Catalog

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR = 0, 1, 2
DEFAULT_LIMIT = 20
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")
RANGES = ("well-known", "registered", "dynamic")

EXAMPLES = """\
examples:
  portdeck                       open the interactive cheat sheet
  portdeck 5432                  what runs on port 5432?
  portdeck postgress             names are typo-tolerant
  portdeck ldaps                 which port does LDAPS use?
  portdeck 8000-8100             every entry in a range
  portdeck udp 53                only UDP (also: udp:53, --protocol udp)
  portdeck redis --json          JSON for scripts (one object per entry)
  portdeck ssh --limit 0         every match, not just the first 20
  portdeck --listening           what is listening on this machine, explained

your own ports: ~/.config/portdeck/ports.toml (or $PORTDECK_CONFIG, or --config PATH),
same format as the built-in data; its entries are marked "local".

exit status: 0 with results, 1 when nothing matches, 2 for usage or data errors.
"""


class Options:
    """What the command line asks for. The defaults live here; argparse fills in the rest."""

    def __init__(self, query: Sequence[str] = ()) -> None:
        self.query: list[str] = list(query)
        self.json = False
        self.limit = DEFAULT_LIMIT
        self.protocol: str | None = None
        self.range_class: str | None = None
        self.data: str | None = None
        self.config: str | None = None
        self.listening = False


def parse_options(arguments: Sequence[str]) -> Options:
    """The options in `arguments`; exits with status 2 and a usage line on a mistake."""
    if not any(argument.startswith("-") for argument in arguments):
        return Options(arguments)  # only query words: nothing for argparse to do
    parsed = build_parser().parse_intermixed_args(arguments)
    options = Options()
    vars(options).update(vars(parsed))
    return options


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="portdeck",
        description="A port-number reference: search IANA's registry and common unofficial ports.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", nargs="*", help="a port, a range (8000-8100), a protocol or a name; none opens the TUI")
    parser.add_argument("--json", action="store_true", help="print a JSON array, one object per entry")
    parser.add_argument(
        "-n", "--limit", type=_non_negative, metavar="N",
        help=f"show at most N matches (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.add_argument("-p", "--protocol", choices=PROTOCOLS, help="only entries on this protocol")
    parser.add_argument("-r", "--range", choices=RANGES, dest="range_class", help="only ports in this IANA range")
    parser.add_argument("--data", metavar="PATH", help="use another dataset file (same format as data/ports.toml)")
    parser.add_argument("--config", metavar="PATH", help="your own ports file (default: see below)")
    parser.add_argument("--listening", action="store_true", help="list the ports listening on this machine")
    parser.add_argument("-V", "--version", action=_version_action(), nargs=0, help="show the version and exit")
    # One set of defaults, with or without argparse (the positional words excepted:
    # parse_intermixed_args warns when their default is set this way).
    parser.set_defaults(**{k: v for k, v in vars(Options()).items() if k != "query"})
    return parser


def _version_action() -> type[argparse.Action]:
    import argparse

    class VersionAction(argparse.Action):
        """--version, built only when asked: importlib.metadata alone costs ~25 ms at start."""

        def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
            print(_version_text())
            parser.exit()

    return VersionAction


def _non_negative(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "not installed"
    return f"portdeck {__version__} (Textual {textual}, Python {sys.version.split()[0]})"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args = parse_options(sys.argv[1:] if argv is None else argv)
    from .dataset import DatasetError, load_catalog

    try:
        catalog = load_catalog(args.data)
    except DatasetError as error:
        print(f"portdeck: {error}", file=sys.stderr)
        return EXIT_ERROR
    catalog, warnings = with_personal_ports(catalog, args.config)
    if not args.query and not args.listening:
        if args.json:  # a script that lost its query must not find itself in the TUI
            print("portdeck: --json needs a query (or --listening)", file=sys.stderr)
            return EXIT_ERROR
        return run_interactive(catalog, warnings)  # the TUI shows the warnings as notifications
    for warning in warnings:
        print(f"portdeck: warning: {warning}", file=sys.stderr)
    try:
        if args.listening:
            return list_listening(catalog, args)
        return lookup(catalog, args)
    except BrokenPipeError:
        # `portdeck ssh | head -1` closed the pipe early: not an error.
        sys.stderr.close()
        return EXIT_OK


def with_personal_ports(catalog: Catalog, path: str | None) -> tuple[Catalog, list[str]]:
    """The catalog plus the user's own ports; a broken user file is a warning, never fatal."""
    from .userdata import config_file, load_personal

    entries, warning = load_personal(path or config_file())
    if entries:
        catalog = catalog.merged_with(entries)
    return catalog, [warning] if warning else []


def run_interactive(catalog: Catalog, warnings: Sequence[str] = ()) -> int:
    from .ui.app import run_tui  # the only place the command imports Textual

    run_tui(catalog, warnings)
    return EXIT_OK


def list_listening(catalog: Catalog, args: Options) -> int:
    """Print local listening sockets joined with what the dataset says of each port."""
    from .listening import ListeningUnavailable, local_listeners

    try:
        listeners = local_listeners()
    except ListeningUnavailable as error:
        print(f"portdeck: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.protocol:
        listeners = tuple(l for l in listeners if l.protocol.value == args.protocol)
    rows = []
    for listener in listeners:
        known = [e for e in catalog.at(listener.port) if listener.protocol in e.protocols] or list(
            catalog.at(listener.port)
        )
        rows.append((listener, known[0] if known else None))
    if args.json:
        import json

        document = [
            {
                "port": l.port,
                "protocol": l.protocol.value,
                "address": l.address,
                "pid": l.pid,
                "process": l.process,
                "entry": entry_to_json(entry) if entry else None,
            }
            for l, entry in rows
        ]
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for l, entry in rows:
            what = f"{entry.service}\t{entry.title}" if entry else "-\tunknown to the registry"
            process = f"{l.process or '?'}[{l.pid}]" if l.pid else (l.process or "?")
            print(f"{l.port}\t{l.protocol.value}\t{l.address}\t{process}\t{what}")
    return EXIT_OK if rows else EXIT_NO_MATCH


def lookup(catalog: Catalog, args: Options) -> int:
    """Print the best matches for the query; returns the exit status."""
    from .dataset import Assignment, RangeClass
    from .search import SearchEngine, SearchResult, parse_query

    query = " ".join(args.query)
    if args.protocol:
        query = f"{args.protocol} {query}"
    parsed = parse_query(query)
    if parsed.port is not None and parsed.error is None:
        # "What is on 22?" wants port 22 only: ask the catalog directly. Prefix matches
        # (220, 2200…) help while typing in the TUI, not here, and skipping the engine
        # keeps a number lookup from building every record.
        wanted = parsed.protocols
        exact = tuple(e for e in catalog.at(parsed.port) if not wanted or not wanted.isdisjoint(e.protocols))
        result = SearchResult(parsed, exact, port=parsed.port, assignment=catalog.assignment(parsed.port))
    else:
        result = SearchEngine(catalog).search(query)
    if result.error:
        print(f"portdeck: {result.error}", file=sys.stderr)
        return EXIT_ERROR
    range_class = RangeClass(args.range_class) if args.range_class else None
    entries = result.in_class(range_class)
    shown = entries[: args.limit] if args.limit else entries
    unassigned = result.port is not None and result.assignment not in (None, Assignment.ASSIGNED)
    to_terminal = sys.stdout.isatty()

    if args.json:
        import json

        print(json.dumps([entry_to_json(e) for e in shown], indent=2, ensure_ascii=False))
    elif shown and to_terminal:
        print_table(shown, len(entries), sys.stdout)
    elif shown:
        print_lines(shown, sys.stdout)
    if not args.json and unassigned:
        # Piped output stays one entry per line: beside entries, the note goes to stderr.
        note_stream = sys.stdout if to_terminal or not entries else sys.stderr
        print(assignment_text(result.port, result.assignment), file=note_stream)
    elif not entries and not args.json:
        print(f"portdeck: nothing matches {query!r}", file=sys.stderr)
    return EXIT_OK if entries else EXIT_NO_MATCH


def assignment_text(port: int, assignment: object) -> str:
    """One line for a number with no entry: '5999: unassigned (IANA)'."""
    from .dataset import Assignment

    if assignment is Assignment.DYNAMIC:
        return f"{port}: dynamic/private range (49152-65535): never assigned, used for ephemeral ports"
    if assignment is Assignment.RESERVED:
        return f"{port}: reserved (IANA)"
    return f"{port}: unassigned (IANA)"


if __name__ == "__main__":
    sys.exit(main())
