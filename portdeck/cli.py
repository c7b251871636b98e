"""The `portdeck` command: the TUI with no query, a one-shot lookup with one.

The lookup path must start fast and never import Textual: the UI is imported
inside `run_interactive` only (tests/test_start_up.py holds it to that).
"""

from __future__ import annotations

import errno  # built in, loaded with Python itself: free
import sys

from .cli_options import Options, parse_options
from .exits import EXIT_INTERRUPTED, EXIT_NO_MATCH, EXIT_OK, discard_output, fail
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .dataset import Catalog, PortEntry
    from .search import SearchResult
    from .userdata.team import Origins

# Only the start of a long query is worth quoting back.
QUOTED_CHARS = 40


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status. Never a traceback for what the user or the
    system does: Ctrl+C, a closed pipe, a full disk, a closed stream, an encoding without accents."""
    _escape_what_cannot_be_encoded()
    if sys.stdout is None:  # `portdeck 22 >&-`: the answer has nowhere to go
        return fail("standard output is closed: nowhere to write the answer")
    status = EXIT_OK
    try:
        status = _run(argv)
        sys.stdout.flush()  # here, not at exit: a full disk or a closed pipe is reported now
    except KeyboardInterrupt:
        discard_output()
        fail("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `portdeck ssh | head -1` closed the pipe early: not an error. The status is the
        # answer's when it was known (a closed check stays 1 in `| true`).
        discard_output()
        return status
    except OSError as error:  # `portdeck 22 > /dev/full`
        if error.errno not in WRITE_ERRORS:
            raise
        discard_output()
        return fail(f"cannot write the answer: {error.strerror or error}")
    return status


# What writing the answer meets: a full disk or quota, a terminal gone, a stream closed under us.
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF})


def _escape_what_cannot_be_encoded() -> None:
    """A terminal or pipe in ASCII or Latin-1 (LC_ALL=C, PYTHONIOENCODING=latin-1) cannot take
    every character of the data or a server's banner: write those as escapes (\\u2014), not a
    traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and stream.encoding.lower().replace("-", "") != "utf8":
            reconfigure(errors="backslashreplace")


def _is_terminal(stream: object) -> bool:
    """`portdeck <&-` leaves sys.stdin None: no terminal there."""
    isatty = getattr(stream, "isatty", None)
    return isatty is not None and isatty()


def _run(argv: Sequence[str] | None) -> int:
    args = parse_options(sys.argv[1:] if argv is None else argv)
    args.listening = args.listening or bool(args.save or args.diff)  # both are about what listens
    if args.serve:
        return serve(args)
    if args.bind is not None or args.port is not None or args.public:
        return fail("--bind, --port and --public go with --serve")
    # `--check=` is an empty target, to be refused as a target, not a missing query.
    no_query = (
        not args.query
        and not args.conflicts
        and not args.listening
        and args.check is None
        and args.free is None
        and args.explain is None
    )
    if args.baseline is not None and not (no_query and not args.filters and not args.json):
        return fail("--baseline FILE opens the app, alone (a report of the changes: --listening --diff FILE)")
    if no_query and not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
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
    if interactive:
        from .cli_output import terminal_refusal

        refusal = terminal_refusal()
        if refusal:
            return fail(refusal)
        from .cache_files import trust_signed_only

        trust_signed_only()  # the app shows cached text as it is: only signed caches
    from .dataset import DatasetError, load_catalog

    try:
        catalog = load_catalog(args.data)
    except DatasetError as error:
        return fail(str(error))
    catalog, origins, warnings = with_own_ports(catalog, args.config)
    if interactive:  # the TUI shows the warnings as notifications
        return run_interactive(catalog, warnings, origins, args.baseline)
    from .safe_text import printable

    for warning in warnings:
        print(f"portdeck: warning: {printable(warning)}", file=sys.stderr)
    if args.check is not None:
        from .check.command import run_check  # the check code loads only for --check

        return run_check(catalog, args)
    if args.explain is not None:
        from .explain import parse_fail_on, run_explain  # loads only for --explain

        try:
            fail_on = parse_fail_on(args.fail_on or "")
        except ValueError as error:
            return fail(str(error))
        files = [path for path in args.explain if path != "-"]
        if files and not (args.json or fail_on) and _is_terminal(sys.stdout) and _is_terminal(sys.stdin):
            from .cli_wild import explain_in_the_app

            return explain_in_the_app(catalog, files)
        return run_explain(
            catalog,
            args.explain,
            as_json=args.json,
            fail_on=fail_on,
            limit=args.limit,
            stdin=sys.stdin.buffer if sys.stdin is not None else None,
            stdout=sys.stdout,
            stderr=sys.stderr,
        )
    if args.conflicts:
        from .conflicts import run_conflicts  # loads only for --conflicts

        return run_conflicts(catalog, origins, args.json)
    if args.free is not None:
        from .cli_wild import run_free

        return run_free(catalog, args, origins)
    if args.listening and (args.save or args.diff):
        from .cli_wild import diff_listening, save_listening

        return save_listening(args.save) if args.save else diff_listening(args.diff or "", args.json)
    if args.listening:
        from .cli_wild import list_listening

        return list_listening(catalog, args)
    return lookup(catalog, args, origins)


def with_own_ports(catalog: Catalog, path: str | None) -> tuple[Catalog, Origins, list[str]]:
    """The catalog plus the team's and the user's own ports files (README: "Your own ports"),
    each entry's file and line, and the warnings: a broken file is one, never fatal."""
    from .paths import config_file
    from .userdata.team import with_team

    return with_team(catalog, path or config_file())


def serve(args: Options) -> int:
    """`--serve`: the app in a browser tab, through textual-serve (the web code loads only here)."""
    asks_more = (
        args.query or args.listening or args.check is not None or args.free is not None or args.baseline
    )
    if asks_more or args.explain is not None or args.json or args.filters or args.data or args.config:
        return fail("--serve takes only --bind, --port and --public")
    from .serve import DEFAULT_BIND, DEFAULT_PORT, run_serve

    return run_serve(args.bind or DEFAULT_BIND, DEFAULT_PORT if args.port is None else args.port, args.public)


def run_interactive(
    catalog: Catalog,
    warnings: Sequence[str] = (),
    origins: Origins | None = None,
    baseline: str | None = None,
) -> int:
    from .ui.app import run_tui  # the only place the command imports Textual

    return run_tui(catalog, warnings, origins=origins, baseline=baseline) or EXIT_OK


def lookup(catalog: Catalog, args: Options, origins: Origins | None = None) -> int:
    """Print the best matches for the query; returns the exit status."""
    from .cli_output import Detail, entry_to_json, print_lines, print_table, say_when_cut
    from .dataset import Assignment, RangeClass
    from .search import SearchEngine, SearchResult, parse_query
    from .search.result import GUESS_BELOW

    text = " ".join(args.query)
    query_text = " ".join(filter(None, (args.protocol, f"tag:{args.tag}" if args.tag else "", text)))
    parsed = parse_query(query_text)
    if parsed.port is not None and parsed.error is None:
        # "What is on 22?" wants port 22 only: ask the catalog directly. Prefix matches
        # (220, 2200…) help while typing in the TUI, not here, and skipping the engine
        # keeps a number lookup from building every record.
        exact = catalog.at_on(parsed.port, parsed.protocols)
        exact = tuple(e for e in exact if parsed.tags <= set(e.tags))
        result = SearchResult(parsed, exact, port=parsed.port, assignment=catalog.assignment(parsed.port))
    else:
        result = SearchEngine(catalog).search(query_text)
    if result.error:
        return fail(result.error)
    if args.range_class and args.range_class not in (c.value for c in RangeClass):
        low, high = (int(part) for part in args.range_class.split("-"))  # a span, 20000-30000
        entries: Sequence[PortEntry] = tuple(e for e in result.entries if low <= e.port <= high)
    else:
        entries = result.in_class(RangeClass(args.range_class) if args.range_class else None)
    shown = entries[: args.limit] if args.limit else entries
    matches = result.matches_in(shown)
    unassigned = result.port is not None and result.assignment not in (None, Assignment.ASSIGNED)
    to_terminal = sys.stdout.isatty()

    read_from = parsed.pasted.fragment if parsed.pasted else None
    if args.json:
        from .safe_text import json_text

        document: list[dict[str, object]] = []
        if result.note is not None:
            from .note_card import note_to_json

            document.append(note_to_json(result.note))
        for entry, match in zip(shown, matches, strict=True):
            found = entry_to_json(entry, match, args.host)
            if origins is not None:
                from .userdata.team import origin_json

                found.update(origin_json(origins, entry))
            if result.ignored or read_from:
                found["match"] = {**found["match"], "ignored": list(result.ignored)}  # type: ignore[dict-item]
                if read_from:
                    found["match"]["read_from"] = read_from  # type: ignore[index]
            document.append(found)
        print(json_text(document))
    else:
        _say_how_it_was_read(result, to_terminal)
    if shown and to_terminal and not args.json:
        guesses = [match.score < GUESS_BELOW for match in matches]
        detail = Detail(catalog.vocabulary, args.host, origins.label if origins is not None else None)
        print_table(shown, len(entries), sys.stdout, guesses, detail)
    elif shown and not args.json:
        print_lines(shown, sys.stdout)
    if not to_terminal or args.json:
        say_when_cut(len(shown), len(entries))
    if parsed.pasted and parsed.pasted.host and not args.json:
        from .safe_text import printable

        target = f"{parsed.pasted.host}:{parsed.pasted.port}" + (
            "/udp" if parsed.pasted.protocol == "udp" else ""
        )
        print(
            f"Is it open there? portdeck --check {printable(target)}",
            file=sys.stdout if to_terminal else sys.stderr,
        )
    if not args.json and unassigned:
        # Piped output stays one entry per line: beside entries, the note goes to stderr.
        note_stream = sys.stdout if to_terminal or not entries else sys.stderr
        print(assignment_text(result.port, result.assignment), file=note_stream)  # type: ignore[arg-type]
    elif not entries and result.note is None and not args.json:
        from .safe_text import printable

        quoted = text.strip() if len(text.strip()) <= QUOTED_CHARS else text.strip()[:QUOTED_CHARS] + "…"
        what = f"nothing matches '{printable(quoted)}'" if quoted else "nothing matches those filters"
        if parsed.note_number is not None:
            kind, number = parsed.note_number
            what = f"no {kind.replace('-', ' ')} numbered {number} in our copy of IANA's registries"
        print(f"portdeck: {what}", file=sys.stderr)
    return EXIT_OK if entries or result.note is not None else EXIT_NO_MATCH


def _say_how_it_was_read(result: SearchResult, to_terminal: bool) -> None:
    """Above the table: the note a query names, the port read from a pasted line, the words
    ignored. On a terminal on stdout; piped, on stderr, so stdout stays one entry per line."""
    if result.note is None and result.query.pasted is None and not (result.ignored and to_terminal):
        return  # nothing to say: `portdeck 22` pays for no text wrapping
    from .cli_output import DIM, Styler, terminal_width
    from .safe_text import printable
    from .text_wrap import fill

    out = sys.stdout if to_terminal else sys.stderr
    style, width = Styler(out), terminal_width(out)
    if result.note is not None:
        from .note_card import card_lines

        lines = card_lines(result.note)
        if not to_terminal:
            lines = lines[:1]
        for number, line in enumerate(lines):
            print(
                fill(printable(line), width) if number == 0 else style(fill(printable(line), width), DIM),
                file=out,
            )
        if to_terminal:
            print(file=out)
    pasted = result.query.pasted
    if pasted is not None:
        print(style(printable(pasted.describe()), DIM), file=out)
    if result.ignored and to_terminal:
        print(style(f"ignored: {' '.join(result.ignored)}", DIM), file=out)


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
