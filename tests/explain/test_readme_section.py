"""The README's section on --explain tells the truth: each of its
`$ portdeck --explain …` examples prints what it shows, in order (other lines in between
where it says "…"), with the exit status its comment gives, as the README test checks the
rest of the README once the section is pasted there."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from portdeck.cli_options import parse_options

from .conftest import Explain

SECTION = (
    (Path(__file__).parents[2] / "README.md")
    .read_text(encoding="utf-8")
    .split("### What is in this scan, listing or log?", 1)[1]
    .split("\n### ", 1)[0]
)


def examples() -> list[tuple[str, int, list[str]]]:
    found: list[tuple[str, int, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", SECTION, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("#")
                status = int(re.search(r"exit (\d)", comment)[1]) if "exit" in comment else 0  # type: ignore[index]
                found.append((command.strip(), status, []))
            elif found and line.strip() != "…":
                found[-1][2].append(line)
    return [example for example in found if example[0].startswith("portdeck --explain")]


@pytest.mark.parametrize(("command", "status", "shown"), examples(), ids=lambda value: str(value)[:50])
def test_the_section_examples(
    explain: Explain, monkeypatch: pytest.MonkeyPatch, command: str, status: int, shown: list[str]
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")  # as tests/test_readme.py runs the README's examples
    options = parse_options(shlex.split(command)[1:])  # the command line, read as the CLI reads it
    fail_on = options.fail_on.split(",") if options.fail_on else []
    done = explain(*(options.explain or []), fail_on=fail_on, as_json=False, terminal=True, limit=20)
    assert done.status == status, done.err
    printed = [line.rstrip() for line in done.out.splitlines() + done.err.splitlines()]
    at = 0
    for line in shown:
        assert line.rstrip() in printed[at:], f"{line!r} not in:\n" + "\n".join(printed)
        at = printed.index(line.rstrip(), at) + 1


def test_the_section_has_examples() -> None:
    assert len(examples()) >= 2
