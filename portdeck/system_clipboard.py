"""Copying through a system clipboard tool: `wl-copy`, `xclip`, `xsel`, `pbcopy`, or tmux's buffer.

Unlike OSC 52, such a tool says whether it worked (its exit status). The tools are
picked from the environment, in this order: `wl-copy` (Wayland), `xclip` or `xsel`
(X11), `pbcopy` (macOS, not over SSH), then tmux's paste buffer when asked for. Only
tools found on PATH count. No Textual here: the UI runs `write` in a thread worker.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import NamedTuple

TIMEOUT = 2.0  # seconds one tool may take; a hung X server or tmux must not hold a copy for long


class Tool(NamedTuple):
    """One way to copy: what the user is told, and the command that reads the text on stdin."""

    name: str
    argv: tuple[str, ...]


class Written(NamedTuple):
    """What `write` did: the tool that took the text (or None) and why the others failed."""

    used: str | None
    failures: dict[str, str]  # tool name -> reason, in the order tried


# (the variable that says the display is there, the command); the first found on PATH is tried first.
_DISPLAY_TOOLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("WAYLAND_DISPLAY", ("wl-copy",)),
    ("DISPLAY", ("xclip", "-selection", "clipboard")),
    ("DISPLAY", ("xsel", "--clipboard", "--input")),
)
# `-w` (tmux 3.2+) also hands the buffer to the outer terminal's clipboard where tmux can;
# an older tmux rejects the flag, so the plain form follows it.
_TMUX_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("tmux", "load-buffer", "-w", "-"),
    ("tmux", "load-buffer", "-"),
)

# One copy at a time, so two quick copies reach the clipboard in the order they were made.
_one_at_a_time = threading.Lock()


def tools(environ: Mapping[str, str], *, tmux: bool = True, platform: str | None = None) -> list[Tool]:
    """The clipboard tools this environment offers, in the order to try them (`platform`: sys.platform)."""
    path = environ.get("PATH")  # unset: shutil.which falls back to os.defpath
    found: list[Tool] = []

    def add(name: str, argv: tuple[str, ...]) -> None:
        # The full path found is what runs: the command checked is the command started.
        executable = shutil.which(argv[0], path=path)
        if executable is not None:
            found.append(Tool(name, (executable, *argv[1:])))

    for variable, argv in _DISPLAY_TOOLS:
        if environ.get(variable):
            add(argv[0], argv)
    # Over SSH, pbcopy would fill the remote Mac's clipboard, not the one in front of the user.
    if (platform or sys.platform) == "darwin" and not environ.get("SSH_CONNECTION"):
        add("pbcopy", ("pbcopy",))
    if tmux and environ.get("TMUX"):
        for argv in _TMUX_COMMANDS:
            add("tmux buffer", argv)
    return found


def write(text: str, candidates: Sequence[Tool], timeout: float | None = None) -> Written:
    """Give `text` to the first tool that takes it (each within `timeout`, else TIMEOUT s); never raises."""
    failures: dict[str, str] = {}
    with _one_at_a_time:
        for tool in candidates:
            failure = _run(tool, text, TIMEOUT if timeout is None else timeout)
            if failure is None:
                failures.pop(tool.name, None)  # tmux's plain form took what `-w` did not
                return Written(tool.name, failures)
            failures[tool.name] = failure
    return Written(None, failures)


def _run(tool: Tool, text: str, timeout: float) -> str | None:
    """Run one tool with `text` on stdin (never on the command line); why it failed, or None."""
    try:
        done = subprocess.run(
            tool.argv,
            input=text.encode("utf-8"),
            # xclip, xsel and wl-copy fork a child that keeps serving the clipboard: a pipe on its
            # stdout would never close, and its output must not land on the app's screen anyway.
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # That child owns the copied text: in its own session, closing the terminal spares it.
            start_new_session=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"no answer in {timeout:g} s"
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        return str(error) or type(error).__name__
    return None if done.returncode == 0 else f"exit status {done.returncode}"
