"""The copy menu (`C`): the port, host:port, the service name, or one of the entry's check commands."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...dataset import PortEntry
from ...safe_text import printable
from ..widgets.card_text import HOST_PLACEHOLDER
from ..widgets.key_footer import KeyFooter


def copy_choices(entry: PortEntry, host: str | None) -> list[tuple[str, str]]:
    """(what it is, the text to copy), in the menu's order."""
    choices = [("port", entry.port_label)]
    if host:
        choices.append(("host:port", f"[{host}]:{entry.port}" if ":" in host else f"{host}:{entry.port}"))
    if entry.service:
        choices.append(("service name", printable(entry.service)))
    for command in entry.checks:
        choices.append(
            ("check command", printable(command.replace(HOST_PLACEHOLDER, host or HOST_PLACEHOLDER)))
        )
    return choices


class CopyMenu(ModalScreen[str | None]):
    """Pick what to copy; dismissed with the text, or None (Esc)."""

    AUTO_FOCUS = "#copy-choices"
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="close without copying", id="copy.cancel")]

    def __init__(self, entry: PortEntry, host: str | None) -> None:
        super().__init__()
        self.choices = copy_choices(entry, host)
        self.title_text = f"Copy from {entry.port_label} {printable(entry.service)}"

    def compose(self) -> ComposeResult:
        options = OptionList(
            *(Option(f"{what}: {text}", id=str(index)) for index, (what, text) in enumerate(self.choices)),
            id="copy-choices",
            markup=False,
        )
        options.border_title = self.title_text
        options.border_subtitle = "Enter copies · Esc cancels"
        yield options
        yield KeyFooter(show_command_palette=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
