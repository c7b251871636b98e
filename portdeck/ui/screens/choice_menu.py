"""A small centred menu: pick one of a few labelled choices with Enter, Esc picks none.

The copy menu (`C`) and a Listening row's actions (`a`) are both this: a list whose
labels are untrusted text (service names, process names), shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..widgets.key_footer import KeyFooter

Choice = TypeVar("Choice")


class ChoiceMenu(ModalScreen[Choice | None], Generic[Choice]):
    """Dismissed with the value of the choice picked, or None (Esc)."""

    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="close without choosing", id="menu.cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, Choice]], enter_does: str) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.enter_does = enter_does  # "copies", "acts": said in the border

    def compose(self) -> ComposeResult:
        options = OptionList(
            *(Option(label, id=str(index)) for index, (label, _value) in enumerate(self.choices)),
            classes="choice-menu",
            markup=False,
        )
        options.border_title = self.title_text
        options.border_subtitle = f"Enter {self.enter_does} · Esc cancels"
        yield options
        yield KeyFooter(show_command_palette=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
