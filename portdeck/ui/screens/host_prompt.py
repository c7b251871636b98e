"""The small window `t` opens: which host to check the highlighted port on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...check.target import TargetError, check_host


class HostPrompt(ModalScreen[str | None]):
    """Asks for a host name or address; Enter checks, Esc cancels. Dismissed with the host or None."""

    AUTO_FOCUS = "#host"
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="close without checking", id="check.cancel")]

    def __init__(self, what: str, host: str = "") -> None:
        """`what`: the port being checked ("443/tcp"); `host`: the last one checked."""
        super().__init__()
        self.what, self.host = what, host

    def compose(self) -> ComposeResult:
        with Vertical(id="host-prompt") as box:
            box.border_title = f"Check {self.what} on"
            box.border_subtitle = "Enter checks · Esc cancels"
            yield Input(self.host, placeholder="host name or address", id="host")
            yield Static("One port on one host: portdeck is not a scanner.", id="host-problem", markup=False)

    @on(Input.Submitted, "#host")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#host-problem", Static).update("Type a host name or address, or Esc to cancel.")
            return
        try:
            host = check_host(event.value)
        except TargetError as error:
            self.query_one("#host-problem", Static).update(str(error))
            return
        self.dismiss(host)

    def action_cancel(self) -> None:
        self.dismiss(None)
