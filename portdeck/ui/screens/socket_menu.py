"""`a` on a Listening row: what can be done with its socket, as htop offers for a process.

Copy its address or PID, open it in the browser (web ports only), read the full command
line, or stop the process (SIGTERM, after a confirmation naming it). Only the actions
that apply are offered: no PID actions for a process the OS hides. Process names and
command lines are untrusted text: shown through `safe_text.printable`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...dataset import PortEntry, Protocol
from ...dataset.entry_order import BROAD_RANGE
from ...safe_text import printable
from ..widgets.key_footer import KeyFooter
from .choice_menu import ChoiceMenu

if TYPE_CHECKING:
    from textual.app import App

    from ...listening import Listener

# What a menu item does.
COPY, OPEN, COMMAND_LINE, STOP = "copy", "open", "command line", "stop"


class SocketAction(NamedTuple):
    """One item of the menu: what it does, what it says, the socket, and its text or URL."""

    kind: str
    label: str
    listener: Listener
    value: str = ""


def owner(listener: Listener) -> str:
    """`python3 (PID 1234)`, safe to show."""
    name = printable(listener.process) if listener.process else "the process"
    return f"{name} (PID {listener.pid})"


def browse_url(listener: Listener, entries: Sequence[PortEntry]) -> str | None:
    """`http://127.0.0.1:8000` for a TCP socket whose port's entries are web ones (https when
    they speak TLS), None otherwise; a socket on every interface is opened on loopback."""
    if listener.protocol is not Protocol.TCP:
        return None
    web = [
        e
        for e in entries
        if "web" in e.tags
        and e.covers(listener.port)
        and e.end - e.port < BROAD_RANGE
        and (not e.protocols or Protocol.TCP in e.protocols)
    ]
    if not web:
        return None
    scheme = "https" if any("tls" in e.tags for e in web) else "http"
    ip = {"0.0.0.0": "127.0.0.1", "*": "127.0.0.1", "::": "::1"}.get(listener.ip, listener.ip)
    host = f"[{ip.replace('%', '%25')}]" if ":" in ip else ip
    return f"{scheme}://{host}:{listener.port}"


def socket_actions(
    listeners: Sequence[Listener], entries_at: Callable[[int], Sequence[PortEntry]]
) -> list[SocketAction]:
    """The menu for a row's sockets: per address, copy it and (web ports) open it; per process
    the OS reveals, copy its PID, show its command line, stop it."""
    actions: list[SocketAction] = []
    seen: set[object] = set()
    for sock in listeners:
        if sock.address not in seen:
            seen.add(sock.address)
            address = printable(sock.address)
            actions.append(SocketAction(COPY, f"Copy address {address}", sock, address))
            url = browse_url(sock, entries_at(sock.port))
            if url is not None:
                actions.append(SocketAction(OPEN, f"Open {url} in the browser", sock, url))
    for sock in listeners:
        if sock.pid is None or sock.pid in seen:
            continue
        seen.add(sock.pid)
        who = owner(sock)
        name = printable(sock.process) if sock.process else "?"
        actions.append(SocketAction(COPY, f"Copy PID {sock.pid} ({name})", sock, str(sock.pid)))
        actions.append(SocketAction(COMMAND_LINE, f"Show the command line of {who}", sock))
        actions.append(SocketAction(STOP, f"Stop {who}… (SIGTERM)", sock))
    return actions


def command_line(pid: int) -> str:
    """The process's whole command line, quoted as a shell would take it; safe to show.
    OSError (one line) when it cannot be read."""
    import shlex

    import psutil

    try:
        parts = psutil.Process(pid).cmdline()
    except psutil.ZombieProcess:
        raise OSError(f"PID {pid} has exited (a zombie waiting for its parent)") from None
    except psutil.NoSuchProcess:
        raise OSError(f"PID {pid} has exited") from None
    except psutil.AccessDenied:
        raise OSError(
            f"the OS does not show the command line of PID {pid} (another user's process)"
        ) from None
    return printable(shlex.join(parts)) if parts else "(empty: the process gives no command line)"


def stop_process(listener: Listener) -> tuple[str, str]:
    """Send SIGTERM to the socket's process; (what happened, the notification's severity)."""
    import os
    import signal

    import psutil

    pid, who = listener.pid, owner(listener)
    if pid is None:
        return "The OS does not say which process holds this socket.", "warning"
    try:
        now = psutil.Process(pid).name()
    except psutil.NoSuchProcess:
        return f"{who} had already exited.", "information"
    except psutil.AccessDenied:
        now = None
    if listener.process and now and now != listener.process:  # the PID was given to another program
        return f"Not stopped: PID {pid} is now {printable(now)}, not {who}.", "warning"
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return f"{who} had already exited.", "information"
    except PermissionError:
        return (
            f"Not allowed to stop {who}: it is another user's process (as that user or root: kill {pid}).",
            "error",
        )
    except OSError as error:
        return f"Could not stop {who}: {error.strerror or error}.", "error"
    return f"Sent SIGTERM to {who}.", "information"


def open_in_browser(app: App[object], url: str) -> None:
    """Open `url` in a worker thread (a browser can take seconds to start); say if none could."""

    def opening() -> None:
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except Exception:  # noqa: BLE001 - webbrowser.Error, or a launcher that failed
            opened = False
        if not opened:
            app.call_from_thread(
                app.notify, f"No browser could open {url}.", severity="warning", timeout=8, markup=False
            )

    app.notify(f"Opening {url} in the browser", timeout=3, markup=False)
    app.run_worker(opening, thread=True, group="browser", exit_on_error=False)


class SocketMenu(ChoiceMenu[SocketAction]):
    """Pick what to do with a Listening row's socket; dismissed with the action, or None (Esc)."""

    def __init__(self, title: str, actions: Sequence[SocketAction]) -> None:
        super().__init__(title, [(action.label, action) for action in actions], "acts")
        self.actions = list(actions)


class ConfirmStop(ModalScreen[bool]):
    """ "Stop python3 (PID 1234) listening on 8000? It gets SIGTERM": No is the default."""

    AUTO_FOCUS = "#stop-choices"
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", tooltip="keep the process running", id="stop.no"),
        Binding("y", "answer(True)", "Yes", tooltip="send the process SIGTERM", id="stop.yes"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="stop-box") as box:
            box.border_title = "Stop the process?"
            box.border_subtitle = "Enter answers · Esc: no"
            yield Static(self.question, id="stop-question", markup=False)
            yield OptionList(
                Option("No, keep it running", id="no"),
                Option("Yes, send it SIGTERM", id="yes"),
                id="stop-choices",
                markup=False,
            )
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#stop-choices", OptionList).highlighted = 0  # No, whatever Enter follows

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CommandLineScreen(ModalScreen[None]):
    """A process's whole command line, as plain text that wraps and scrolls."""

    AUTO_FOCUS = "#command-line"
    BINDINGS = [Binding("escape,q", "dismiss", "Close", tooltip="close this window", id="command.close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="command-line") as body:
            body.border_title = self.title_text
            body.border_subtitle = "Esc closes"
            body.can_focus = True
            yield Static(self.text, id="command-text", markup=False)
        yield KeyFooter(show_command_palette=False)


class BaselinePrompt(ModalScreen[str | None]):
    """The palette's "Compare listeners with a baseline…": which file; dismissed with the path."""

    AUTO_FOCUS = "#baseline-path"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="close without comparing", id="baseline.cancel")
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="baseline-prompt") as box:
            box.border_title = "Compare the listening sockets with a baseline"
            box.border_subtitle = "Enter compares · Esc cancels"
            yield Input(
                self.path, placeholder="a file saved by portdeck --listening --save FILE", id="baseline-path"
            )
            yield Static(
                "The Listening tab marks the sockets new since (+).", id="baseline-problem", markup=False
            )

    @on(Input.Submitted, "#baseline-path")
    def _submitted(self, event: Input.Submitted) -> None:
        import os

        path = event.value.strip()
        if not path:
            self.query_one("#baseline-problem", Static).update("Type a file name, or Esc to cancel.")
            return
        self.dismiss(os.path.expanduser(path))

    def action_cancel(self) -> None:
        self.dismiss(None)
