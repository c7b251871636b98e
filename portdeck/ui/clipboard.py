"""Copying to the clipboard from a terminal app, and what can be known about whether it worked.

Textual's `App.copy_to_clipboard` keeps the text for pasting inside the app and
writes one OSC 52 escape sequence (`ESC ] 52 ; c ; <base64> BEL`) to the terminal;
with no driver it does nothing. Terminals never answer OSC 52, so a copy can never
be confirmed. What can be known: no terminal attached, a write that fails, and
terminals or multiplexers known to drop the sequence (tmux only passes it on with
`set-clipboard` on, which tmux itself can be asked about).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import App

from ..quiet_command import output_of

TmuxAsk = Callable[[], str | None]


def tmux_set_clipboard() -> str | None:
    """tmux's global `set-clipboard` option ("on", "external", "off"), or None when tmux cannot say."""
    printed = output_of(["tmux", "show-options", "-gv", "set-clipboard"])
    return (printed.strip() or None) if printed is not None else None


def obstacle(environ: Mapping[str, str], ask_tmux: TmuxAsk | None = None) -> str | None:
    """Why OSC 52 is known not to reach the clipboard here, or None."""
    if environ.get("TERM_PROGRAM") == "Apple_Terminal":
        return "macOS Terminal ignores clipboard requests from apps (OSC 52)"
    if environ.get("STY"):
        return "GNU screen does not pass clipboard requests (OSC 52) on to the terminal"
    if environ.get("TMUX"):
        setting = (ask_tmux or tmux_set_clipboard)()
        if setting in ("off", "external"):  # "external": tmux sets the clipboard itself, never for apps
            return f"tmux drops clipboard requests while set-clipboard is {setting} (set -g set-clipboard on)"
    return None


def copy(app: App[object], text: str, environ: Mapping[str, str], ask_tmux: TmuxAsk | None = None) -> None:
    """Send `text` to the clipboard and say, on one line, what was done or why it cannot work."""
    # App._driver is None when no terminal is attached (headless tests, a closed terminal).
    problem = "no terminal is attached" if app._driver is None else obstacle(environ, ask_tmux)
    try:
        app.copy_to_clipboard(text)
    except Exception as error:  # noqa: BLE001 - a closed or broken terminal stream
        problem = f"writing to the terminal failed ({error})"
    if problem is not None:
        app.notify(
            f"Not copied: {problem}. Select {text} with the mouse.",
            severity="warning",
            timeout=8,
            markup=False,
        )
    else:
        app.notify(f"Copied {text} (sent to the terminal's clipboard, OSC 52)", timeout=3, markup=False)
