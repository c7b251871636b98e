"""Copying to the clipboard from a terminal app, and what can be known about whether it worked.

Textual's `App.copy_to_clipboard` keeps the text for pasting inside the app and
writes one OSC 52 escape sequence (`ESC ] 52 ; c ; <base64> BEL`) to the terminal;
with no driver it does nothing. Terminals never answer OSC 52, so a copy can never
be confirmed. What can be known: no terminal attached, a write that fails, and
terminals or multiplexers known to drop the sequence (tmux only passes it on with
`set-clipboard` on, which tmux itself can be asked about).

The rule: OSC 52 is always sent (it also keeps the text for pasting inside the app).
A system clipboard tool found for this environment (`wl-copy`, `xclip`, `xsel`,
`pbcopy`: see `portdeck.system_clipboard`) is run alongside it, because a tool, unlike
OSC 52, says whether it worked. tmux's paste buffer is only used where OSC 52 is known
not to work: with `set-clipboard on`, tmux already makes a buffer of the OSC 52 text.
The tool runs in a thread worker (up to 2 s each), never in the key handler, and the
one-line notification names what was used: the tool, else OSC 52, else why the text
cannot have reached the clipboard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from textual.app import App
from textual.worker import get_current_worker

from .. import system_clipboard
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
    """Send `text` to the clipboard and say, on one line, what was done or why it cannot work.

    OSC 52 goes out at once; the system tool, if any, runs in a thread worker, which notifies.
    """
    # App._driver is None when no terminal is attached (headless tests, a closed terminal).
    problem = "no terminal is attached" if app._driver is None else obstacle(environ, ask_tmux)
    try:
        app.copy_to_clipboard(text)
    except Exception as error:  # noqa: BLE001 - a closed or broken terminal stream
        problem = f"writing to the terminal failed ({error})"
    # Looking tools up on PATH touches the disk and a tool may hang: both belong off the UI thread.
    app.run_worker(
        partial(_copy_with_a_tool, app, text, dict(environ), problem),
        name="clipboard",
        group="clipboard",
        thread=True,
    )


def _copy_with_a_tool(app: App[object], text: str, environ: Mapping[str, str], problem: str | None) -> None:
    """In a thread worker: run the system clipboard tool, if there is one, then say what happened."""
    found = system_clipboard.tools(environ, tmux=problem is not None)
    written = system_clipboard.write(text, found) if found else system_clipboard.Written(None, {})
    if not get_current_worker().is_cancelled:  # the app is not on its way out
        app.call_from_thread(_tell, app, text, problem, written)


def _tell(app: App[object], text: str, problem: str | None, written: system_clipboard.Written) -> None:
    """One notification: the tool used, else OSC 52, else why nothing can have reached the clipboard."""
    # Texts are untrusted (service names, check commands): never read as markup.
    if written.used is not None:
        app.notify(f"Copied {text} ({written.used})", timeout=3, markup=False)
        return
    failed = "; ".join(f"copying with {name} failed ({why})" for name, why in written.failures.items())
    if problem is not None:
        app.notify(
            f"Not copied: {problem}{'; ' + failed if failed else ''}. Select {text} with the mouse.",
            severity="warning",
            timeout=8,
            markup=False,
        )
    elif failed:  # OSC 52 went out, unconfirmed; the tool that could have confirmed it did not work
        app.notify(
            f"Copied {text} (sent to the terminal's clipboard, OSC 52); {failed}",
            severity="warning",
            timeout=8,
            markup=False,
        )
    else:
        app.notify(f"Copied {text} (sent to the terminal's clipboard, OSC 52)", timeout=3, markup=False)
