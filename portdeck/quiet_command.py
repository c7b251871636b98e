"""Ask a small system tool one question (tmux's clipboard option, macOS's ephemeral ports)."""

from __future__ import annotations

from collections.abc import Sequence


def output_of(argv: Sequence[str], timeout: float = 2) -> str | None:
    """What the command printed on success; None when it is missing, fails or hangs."""
    import subprocess

    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
