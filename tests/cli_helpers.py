"""Running the installed `portdeck` command as a user or a script would: piped, or on a
pseudo-terminal. Shared by the CLI tests (test_cli*.py, test_readme.py, wild/)."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = Path(sys.executable).with_name("portdeck")


def portdeck(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with stdout piped (so: plain output)."""
    env = {**os.environ, "PORTDECK_CACHE_DIR": str(cache)}
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, env=env, timeout=60)


def run_on_terminal(*args: str, cache: Path, **env: str) -> tuple[int, bytes, str]:
    """Run the installed console script with its input and output on a pseudo-terminal, as typed
    by a user: the exit status, the bytes that reached the terminal, and stderr."""
    primary, secondary = os.openpty()
    environment = {**os.environ, "PORTDECK_CACHE_DIR": str(cache), "TERM": "xterm", "COLUMNS": "80", **env}
    if not env.get("NO_COLOR"):
        environment.pop("NO_COLOR", None)
    with tempfile.TemporaryFile() as stderr:
        try:
            child = subprocess.Popen(
                [str(COMMAND), *args], stdin=secondary, stdout=secondary, stderr=stderr, env=environment
            )
        finally:
            os.close(secondary)
        # Read while it runs: a terminal holds only so much, and a long output (a JSON array)
        # would otherwise block the command until the timeout.
        output = b""
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                if not select.select([primary], [], [], 0.5)[0]:
                    continue
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # EIO: the command closed the terminal and everything is read
                    break
                if not chunk:
                    break
                output += chunk
            status = child.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            child.kill()
            os.close(primary)
        stderr.seek(0)
        return status, output, stderr.read().decode(errors="backslashreplace")


def portdeck_on_terminal(*args: str, cache: Path, **env: str) -> str:
    """What the installed console script printed on a pseudo-terminal (it must succeed)."""
    status, output, stderr = run_on_terminal(*args, cache=cache, **env)
    assert status == 0, stderr
    return output.decode().replace("\r\n", "\n")


def without_styles(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
