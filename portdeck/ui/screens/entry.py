"""The full detail of one entry, over the whole screen (Enter on a row)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from ...dataset import PortEntry
from ..widgets.card_text import CardContext
from ..widgets.entry_card import EntryCard
from ..widgets.key_footer import KeyFooter


class EntryScreen(ModalScreen[None]):
    """Everything about one entry, with room to read it; the card has focus, so the keys scroll it.

    Its own Footer offers only this window's keys (the main screen's pin and check are not here).
    """

    AUTO_FOCUS = "#entry-body"
    BINDINGS = [
        Binding("escape,q", "close", "Close", tooltip="close this window", id="entry.close"),
        Binding("c", "copy", "Copy port", tooltip="copy the port number", id="entry.copy"),
        Binding("r", "related", "Related", tooltip="go to the first related port", id="entry.related"),
    ]

    def __init__(self, entry: PortEntry, context: CardContext = CardContext()) -> None:
        super().__init__()
        self.entry = entry
        self.context = context._replace(live_check=False)

    def compose(self) -> ComposeResult:
        card = EntryCard(id="entry-body")
        card.border_title = f"Port {self.entry.port_label}"
        follow = "Enter follows a related port · " if self.entry.related else ""
        card.border_subtitle = f"↓ reads on · {follow}Esc closes"
        card.show(self.entry, context=self.context)
        yield card
        yield KeyFooter(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "related":
            return bool(self.entry.related)  # hidden where there is no related port
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        from .main import MainScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, MainScreen):
                screen.copy_text(self.entry.port_label)  # tmux was asked in a worker, not here
                return

    def action_related(self) -> None:
        self._go(self.entry.related[0])

    @on(EntryCard.LinkChosen)
    def _link_chosen(self, event: EntryCard.LinkChosen) -> None:
        event.stop()
        self._go(event.port)

    def _go(self, port: int) -> None:
        from .main import MainScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, MainScreen):
                screen.goto_port(port)  # closes this window on the way
                return
