"""How the command ends: its exit statuses, and the one-line failure every part of it gives.

A leaf module: the check and the other commands report through it without depending on
the command's entry point (cli.py).
"""

from __future__ import annotations

import os
import sys

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl+C


def fail(message: str) -> int:
    """One line on stderr (made printable: it may quote a file name or a query); status 2."""
    from .safe_text import printable

    if sys.stderr is not None:  # `portdeck 2>&-`: nowhere to say it, the status still tells
        print(f"portdeck: {printable(message)}", file=sys.stderr)
    return EXIT_ERROR


def discard_output() -> None:
    """The output cannot be written (a closed pipe, a full disk): point stdout at /dev/null so
    the interpreter's last flush does not fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
