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
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from .dataset import Catalog

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR = 0, 1, 2
DEFAULT_LIMIT = 20
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")
RANGES = ("well-known", "registered", "dynamic")
# Only the start of a long query is worth quoting back.
QUOTED_CHARS = 40

EXAMPLES = """\
examples:
  portdeck                       open the interactive cheat sheet
  portdeck 5432                  what runs on port 5432?
  portdeck postgress             names are typo-tolerant
  portdeck ldaps                 which port does LDAPS use?
  portdeck 8000-8100             every entry in a range
  portdeck udp 53                only UDP (also: udp:53, --protocol udp)
  portdeck --tag database        every entry with a tag (also: tag:database in a query)
  portdeck 443 --host example.org    the commands that check it, written for that host
  portdeck redis --json          JSON for scripts (one object per entry)
  portdeck ssh --limit 0         every match, not just the first 20
  portdeck --listening --exposed     what listens here on every interface, and is risky
  portdeck --check example.org:443   is it open there, and what answers (one port)

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
        self.tag: str | None = None
        self.host: str | None = None
        self.data: str | None = None
        self.config: str | None = None
        self.listening = False
        self.exposed = False
        self.check: str | None = None
        self.timeout = 3.0
        self.tls = False
        self.http = False

    @property
    def filters(self) -> bool:
        """Whether the options narrow the entries without a query (`-r dynamic`, `--tag ics`)."""
        return bool(self.protocol or self.range_class or self.tag)


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
        description="A port-number reference: search IANA's registry and the ports people actually meet.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "query", nargs="*", help="a port, a range (8000-8100), a protocol or a name; none opens the TUI"
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: an array of entries (one object for --check)"
    )
    parser.add_argument(
        "-n",
        "--limit",
        type=_non_negative,
        metavar="N",
        help=f"show at most N matches (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.add_argument("-p", "--protocol", choices=PROTOCOLS, help="only entries on this protocol")
    parser.add_argument(
        "-r", "--range", choices=RANGES, dest="range_class", help="only ports in this IANA range"
    )
    parser.add_argument(
        "-t", "--tag", metavar="TAG", help="only entries with this tag (database, ics, vpn …)"
    )
    parser.add_argument("--host", metavar="NAME", help="write the check commands of an entry for this host")
    parser.add_argument(
        "--data", metavar="PATH", help="use another dataset file (same format as data/ports.toml)"
    )
    parser.add_argument("--config", metavar="PATH", help="your own ports file (default: see below)")
    parser.add_argument("--listening", action="store_true", help="list the ports listening on this machine")
    parser.add_argument(
        "--exposed",
        action="store_true",
        help="with --listening: only sockets open on every interface whose service has a security note",
    )
    parser.add_argument(
        "--check", metavar="HOST:PORT", help="check one port on a host ([::1]:22, HOST:53/udp)"
    )
    parser.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS", help="with --check: how long to wait (default 3)"
    )
    parser.add_argument(
        "--tls", action="store_true", help="with --check: do a TLS handshake whatever the port"
    )
    parser.add_argument("--http", action="store_true", help="with --check: ask for HEAD / whatever the port")
    parser.add_argument(
        "-V", "--version", action=_version_action(), nargs=0, help="show the version and exit"
    )
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


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 600")
    return value


def _version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "not installed"
    return f"portdeck {__version__} (Textual {textual}, Python {sys.version.split()[0]})"


def fail(message: str) -> int:
    """One line on stderr (made printable: it may quote a file name or a query); status 2."""
    from .safe_text import printable

    print(f"portdeck: {printable(message)}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args = parse_options(sys.argv[1:] if argv is None else argv)
    no_query = not args.query and not args.listening and not args.check
    if no_query and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # A script, a pipe or a cron job: the full-screen app would write escape codes into
        # the pipe and wait for keys that never come. A script that lost its query is told so,
        # filters or not, rather than handed a list it did not ask for.
        return fail(
            "a query is needed when not run in a terminal: portdeck QUERY (a port, a range such as 0-65535, a name)"
        )
    if no_query and args.json:
        return fail("--json needs a query (or --listening, --check)")
    # On a terminal, filters alone (-r dynamic, -p udp, --tag ics) list what they keep.
    interactive = no_query and not args.filters
    from .dataset import DatasetError, load_catalog

    try:
        catalog = load_catalog(args.data)
    except DatasetError as error:
        return fail(str(error))
    catalog, warnings = with_personal_ports(catalog, args.config)
    if interactive:
        return run_interactive(catalog, warnings)  # the TUI shows the warnings as notifications
    from .safe_text import printable

    for warning in warnings:
        print(f"portdeck: warning: {printable(warning)}", file=sys.stderr)
    try:
        if args.check:
            from .check.command import run_check  # the check code loads only for --check

            return run_check(catalog, args)
        if args.listening:
            return list_listening(catalog, args)
        return lookup(catalog, args)
    except BrokenPipeError:
        # `portdeck ssh | head -1` closed the pipe early: not an error.
        sys.stderr.close()
        return EXIT_OK


def with_personal_ports(catalog: Catalog, path: str | None) -> tuple[Catalog, list[str]]:
    """The catalog plus the user's own ports; a broken user file is a warning, never fatal."""
    from .paths import config_file
    from .userdata.personal import with_personal

    catalog, warning = with_personal(catalog, path or config_file())
    return catalog, [warning] if warning else []


def run_interactive(catalog: Catalog, warnings: Sequence[str] = ()) -> int:
    from .ui.app import run_tui  # the only place the command imports Textual

    run_tui(catalog, warnings)
    return EXIT_OK


def list_listening(catalog: Catalog, args: Options) -> int:
    """Print local listening sockets joined with what the dataset says of each port."""
    from .listening import ListeningUnavailable, local_listeners
    from .local_ports import entry_for, is_exposed

    try:
        listeners = local_listeners()
    except ListeningUnavailable as error:
        return fail(str(error))
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
        from .safe_text import json_text

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
            }
            for listener, entry, exposed in shown
        ]
        print(json_text(document))
    else:
        from .cli_output import listening_lines

        listening_lines(shown, sys.stdout)
    _say_when_cut(len(shown), len(rows))
    return EXIT_OK if rows else EXIT_NO_MATCH


def lookup(catalog: Catalog, args: Options) -> int:
    """Print the best matches for the query; returns the exit status."""
    from .cli_output import Detail, entry_to_json, print_lines, print_table
    from .dataset import Assignment, RangeClass
    from .search import SearchEngine, SearchResult, parse_query
    from .search.index import STRONG

    text = " ".join(args.query)
    query_text = " ".join(filter(None, (args.protocol, f"tag:{args.tag}" if args.tag else "", text)))
    parsed = parse_query(query_text)
    if parsed.port is not None and parsed.error is None:
        # "What is on 22?" wants port 22 only: ask the catalog directly. Prefix matches
        # (220, 2200…) help while typing in the TUI, not here, and skipping the engine
        # keeps a number lookup from building every record.
        exact = tuple(e for e in catalog.at(parsed.port) if e.runs_on(parsed.protocols))
        exact = tuple(e for e in exact if parsed.tags <= set(e.tags))
        result = SearchResult(parsed, exact, port=parsed.port, assignment=catalog.assignment(parsed.port))
    else:
        result = SearchEngine(catalog).search(query_text)
    if result.error:
        return fail(result.error)
    range_class = RangeClass(args.range_class) if args.range_class else None
    entries = result.in_class(range_class)
    shown = entries[: args.limit] if args.limit else entries
    matches = result.matches_in(shown)
    unassigned = result.port is not None and result.assignment not in (None, Assignment.ASSIGNED)
    to_terminal = sys.stdout.isatty()

    if args.json:
        from .safe_text import json_text

        print(
            json_text([entry_to_json(e, match, args.host) for e, match in zip(shown, matches, strict=True)])
        )
    elif shown and to_terminal:
        guesses = [match.score < STRONG for match in matches]
        print_table(shown, len(entries), sys.stdout, guesses, Detail(catalog.vocabulary, args.host))
    elif shown:
        print_lines(shown, sys.stdout)
    if not to_terminal or args.json:
        _say_when_cut(len(shown), len(entries))
    if not args.json and unassigned:
        # Piped output stays one entry per line: beside entries, the note goes to stderr.
        note_stream = sys.stdout if to_terminal or not entries else sys.stderr
        print(assignment_text(result.port, result.assignment), file=note_stream)  # type: ignore[arg-type]
    elif not entries and not args.json:
        from .safe_text import printable

        quoted = text.strip() if len(text.strip()) <= QUOTED_CHARS else text.strip()[:QUOTED_CHARS] + "…"
        what = f"nothing matches '{printable(quoted)}'" if quoted else "nothing matches those filters"
        print(f"portdeck: {what}", file=sys.stderr)
    return EXIT_OK if entries else EXIT_NO_MATCH


def _say_when_cut(shown: int, total: int) -> None:
    """Piped and JSON output must not stop at the limit silently."""
    if total > shown:
        print(f"portdeck: {shown} of {total} matches; --limit 0 shows all", file=sys.stderr)


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
