"""What can be known about copying to the clipboard from a terminal app.

Textual's `App.copy_to_clipboard` keeps the text for pasting inside the app and
writes one OSC 52 escape sequence (`ESC ] 52 ; c ; <base64> BEL`) to the terminal;
with no driver it does nothing. Terminals never answer OSC 52, so a copy can never
be confirmed. What can be known: no terminal attached, a write that fails, and
terminals or multiplexers known to drop the sequence.
"""

from __future__ import annotations

from collections.abc import Mapping


def obstacle(environ: Mapping[str, str]) -> str | None:
    """Why OSC 52 is known not to reach the clipboard here, or None."""
    if environ.get("TERM_PROGRAM") == "Apple_Terminal":
        return "macOS Terminal ignores clipboard requests from apps (OSC 52)"
    if environ.get("STY"):
        return "GNU screen does not pass clipboard requests (OSC 52) on to the terminal"
    return None


def caveat(environ: Mapping[str, str]) -> str:
    """What the user may have to set up for OSC 52 to work, as a sentence (or "")."""
    if environ.get("TMUX"):
        return " Inside tmux this needs `set -g set-clipboard on`."
    return ""
