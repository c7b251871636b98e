"""The command line read without argparse (the everyday options) and with it agree on every input."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.cli_options import _read_common as read_without_argparse
from portdeck.cli_options import parse_options, read_with_argparse

# Tokens a person (or a fuzzer) puts on the command line: options with good and bad values,
# words, things that look like options and are not.
TOKENS = [
    "22",
    "ssh",
    "udp",
    "8000-8100",
    "-",
    "-5",
    "--",
    "--json",
    "--json=yes",
    "--listening",
    "--exposed",
    "--tls",
    "--http",
    "-n",
    "--limit",
    "--limit=3",
    "--limit=-1",
    "--lim",
    "-n5",
    "-p",
    "--protocol",
    "--protocol=udp",
    "-p=udp",
    "-r",
    "--range",
    "--range=dynamic",
    "-t",
    "--tag",
    "--tag=database",
    "--tag=",
    "--host",
    "--host=example.org",
    "--data",
    "--config",
    "--check",
    "--check=127.0.0.1:22",
    "--timeout",
    "--timeout=0.5",
    "--timeout=nan",
    "--timeout=700",
    "0",
    "3",
    "x",
    "tcp",
    "dynamic",
    "well-known",
    "database",
    "1.5",
    "-h",
    "--bogus",
]


def argparse_reading(arguments: list[str]) -> dict[str, object] | None:
    """What argparse makes of the arguments, or None when it refuses them (status 2)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(read_with_argparse(arguments))
        except SystemExit:
            return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_the_fast_reading_is_argparse_s_whenever_it_answers(arguments: list[str]) -> None:
    fast = read_without_argparse(arguments)
    if fast is not None:
        assert vars(fast) == argparse_reading(arguments), arguments


@pytest.mark.parametrize(
    "arguments",
    [
        ["22"],
        ["udp", "53"],
        ["redis", "--json"],
        ["ssh", "--limit", "0"],
        ["--tag", "database"],
        ["-p", "udp", "53"],
        ["-r", "dynamic", "-n", "5"],
        ["443", "--host", "example.org"],
        ["--listening", "--exposed", "--json"],
        ["--check", "127.0.0.1:22", "--timeout", "0.5", "--tls"],
        ["--config=/tmp/mine.toml", "--data", "/tmp/data.toml", "5432"],
    ],
)
def test_everyday_command_lines_do_not_need_argparse(arguments: list[str]) -> None:
    fast = read_without_argparse(arguments)
    assert fast is not None and vars(fast) == argparse_reading(arguments)


def test_mistakes_still_get_argparse_s_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_options(["ssh", "--limit", "-1"])
    assert exited.value.code == 2
    assert "argument -n/--limit: must be 0 or more" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_options(["--timeout", "nan", "--check", "h:1"])
    assert "argument --timeout: must be more than 0 and at most 600" in capsys.readouterr().err
