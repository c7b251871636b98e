"""`portdeck --check HOST:PORT`: one check, its result, and what the dataset says of the port."""

from __future__ import annotations

import sys

from ..cli_options import Options
from ..cli_output import entry_to_json
from ..dataset import Catalog, PortEntry
from ..exits import discard_output, fail
from ..safe_text import json_text, printable
from . import report
from .probe import CheckResult, check, plan_for
from .target import TargetError, parse_target


def run_check(catalog: Catalog, options: Options) -> int:
    """Check the target; exit status 0 open, 1 closed, timeout or error, 2 for a bad target."""
    try:
        target = parse_target(options.check or "")
    except TargetError as error:
        return fail(str(error))
    if options.query:
        return fail("--check takes HOST:PORT alone, without query words")
    entries = catalog.at_on(target.port, (target.protocol,))
    result = check(target, plan_for(entries, options.tls, options.http), timeout=options.timeout)
    status = report.exit_status(result)
    try:
        _print_result(result, entries, target.port, options.json)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (`| true`): the check's answer is still its exit status.
        discard_output()
    return status


def _print_result(result: CheckResult, entries: tuple[PortEntry, ...], port: int, as_json: bool) -> None:
    if as_json:
        print(json_text(report.to_json(result, [entry_to_json(e) for e in entries])))
        return
    for line in report.lines(result):
        print(line)
    if entries:
        print()
        print(f"On port {port}:")
        for entry in entries[:5]:
            source = "" if entry.official else f" ({entry.source.value})"
            print(f"  {printable(entry.service) or '-'}  {printable(entry.title)}{source}")
