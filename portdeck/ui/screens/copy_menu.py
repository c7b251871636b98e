"""The copy menu (`C`): the port, host:port, the service name, or one of the entry's check commands."""

from __future__ import annotations

from ...dataset import PortEntry
from ...safe_text import printable
from ..widgets.card_text import HOST_PLACEHOLDER
from .choice_menu import ChoiceMenu


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


class CopyMenu(ChoiceMenu[str]):
    """Pick what to copy; dismissed with the text, or None (Esc)."""

    def __init__(self, entry: PortEntry, host: str | None) -> None:
        choices = [(f"{what}: {text}", text) for what, text in copy_choices(entry, host)]
        super().__init__(f"Copy from {entry.port_label} {printable(entry.service)}", choices, "copies")
