"""`portdeck --explain [FILE …]`: what every port in a scan, a socket listing, a container
or firewall listing, or a log is, and which of them to worry about (issue #24, item 1).

How the CLI calls it (and nothing else of this package: `portdeck 22` must not import it):

    if args.explain is not None:                     # --explain given, with 0 or more FILEs
        from .explain import parse_fail_on, run_explain
        try:
            fail_on = parse_fail_on(args.fail_on or "")   # "security,malware" -> frozenset
        except ValueError as error:
            return fail(str(error))                       # exit 2, one line
        return run_explain(
            catalog, args.explain, as_json=args.json, fail_on=fail_on, limit=args.limit,
            stdin=sys.stdin.buffer if sys.stdin is not None else None,   # None is handled
            stdout=sys.stdout, stderr=sys.stderr,
        )

Call it after the catalog (with the personal ports) is loaded and before the
no-query check ("a query is needed when not run in a terminal" must not fire for
--explain). `explain_options_help()` gives the (option, meaning) pairs for --help.
The exit status is 0, 1 when a port carries a --fail-on flag, 2 for an input that
cannot be read (one line on stderr). BrokenPipeError and KeyboardInterrupt are left to
`cli.main`, which already handles them.

Modules: `source` (safe, streamed, capped input), `detect` (which tool wrote it), one
reader per family (`nmap`, `scanners`, `sockets`, `containers`, `firewall`, and
`generic` for anything else), `rows` (adding up, entries, flags, risk order), `output`,
`command` (the flow).
"""

from __future__ import annotations

from .command import explain_options_help, parse_fail_on, read_inputs, run_explain

__all__ = ["explain_options_help", "parse_fail_on", "read_inputs", "run_explain"]
