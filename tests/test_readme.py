"""The README's quick start is what CI runs, and its pictures exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_is_two_commands_install_and_test() -> None:
    install, test = quick_start_commands()
    assert install.endswith("pip install . && portdeck")
    assert test.endswith("pip install '.[test]' && pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert quick_start_commands()[1] in ci_commands


def test_every_picture_the_readme_shows_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert pictures, "the README shows the app"
    for picture in pictures:
        assert (ROOT / picture).is_file(), picture
