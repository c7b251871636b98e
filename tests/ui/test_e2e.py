"""The installed `portdeck` command in a real pseudo-terminal: type, read the screen, quit."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

# The console script beside the running interpreter counts too (a venv that is not activated).
PORTDECK = shutil.which(
    "portdeck", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
)
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")

pytestmark = pytest.mark.skipif(
    PORTDECK is None, reason="the `portdeck` command is not installed (pip install . puts it on PATH)"
)


def screen_text(raw: str) -> str:
    """What a person would read: the output with the terminal's escape sequences taken out."""
    return ANSI.sub("", raw)


def test_type_a_query_read_the_answer_and_quit(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        "PORTDECK_CACHE_DIR": str(tmp_path),
    }
    env.pop("TEXTUAL", None)
    child = pexpect.spawn(PORTDECK, [], env=env, dimensions=(30, 100), encoding="utf-8", timeout=20)
    try:
        child.expect("entries")  # the header's count: the first frame is up
        child.send("postgress")
        child.expect("PostgreSQL")
        seen = screen_text(child.before + child.after)
        if "5432" not in seen:  # wait for the text, not a fixed time: the rest of the frame
            child.expect("5432")
            seen += screen_text(child.before + child.after)
        assert "5432" in seen
        child.sendcontrol("q")
        child.expect(pexpect.EOF, timeout=10)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before


def test_a_terminal_with_no_size_gets_one_calm_screen(tmp_path: Path) -> None:
    """`script` with no size, some container shells: the pty says 0x0. Textual's two size
    readers then disagree (80x25 and 80x24) and, left alone, re-lay the screen out for each
    other 60 times a second, writing ~400 KB/s while memory grows. One screen is ~35 KB."""
    env = {**os.environ, "TERM": "xterm-256color", "PORTDECK_CACHE_DIR": str(tmp_path)}
    for name in ("COLUMNS", "LINES", "TEXTUAL"):
        env.pop(name, None)
    child = pexpect.spawn(PORTDECK, [], env=env, dimensions=(0, 0), encoding="utf-8", timeout=20)
    try:
        child.expect("entries")  # the first frame is up
        written = len(child.before + child.after)
        deadline = 3.0
        while deadline > 0:  # read whatever comes for three seconds
            try:
                written += len(child.read_nonblocking(65536, timeout=0.5))
            except pexpect.TIMEOUT:
                pass
            deadline -= 0.5
        assert written < 200_000, f"{written} bytes in 3 s: the screen is redrawn without end"
        child.sendcontrol("q")
        child.expect(pexpect.EOF, timeout=10)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
