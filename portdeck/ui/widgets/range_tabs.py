"""The tab bar: one label and count per tab spec, the active one highlighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..tabs import TabSpec


class RangeTabs(Widget):
    """A one-line bar of tabs with their match counts; click a tab to activate it.

    The app owns the state: it sets `active` and `counts`; a click only posts
    `RangeTabs.Clicked`, and the app decides.
    """

    COMPONENT_CLASSES = {"range-tabs--tab", "range-tabs--active", "range-tabs--count", "range-tabs--empty"}

    @dataclass
    class Clicked(Message):
        """The user clicked the tab with this id."""

        range_tabs: RangeTabs
        tab_id: str

        @property
        def control(self) -> RangeTabs:
            return self.range_tabs

    active: reactive[str] = reactive("")
    """The id of the active tab."""
    counts: reactive[Mapping[str, int]] = reactive(dict, always_update=True)
    """Matches per tab id for the current query."""

    def __init__(
        self, specs: Sequence[TabSpec], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.specs = tuple(specs)
        self.set_reactive(RangeTabs.active, self.specs[0].id if self.specs else "")
        self._widest: dict[str, int] = {}  # the largest count each tab has shown

    def watch_counts(self, counts: Mapping[str, int]) -> None:
        for tab_id, count in counts.items():
            self._widest[tab_id] = max(count, self._widest.get(tab_id, 0))

    def _label_text(self, short: bool, counts: Mapping[str, int] | None = None) -> Text:
        get = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        counts = self.counts if counts is None else counts
        for spec in self.specs:
            count = counts.get(spec.id, 0)
            is_active = spec.id == self.active
            base = get("range-tabs--active" if is_active else "range-tabs--tab")
            if not count and not is_active:
                base += get("range-tabs--empty", partial=True)
            click = Style.from_meta({"@click": f"activate({spec.id!r})"})
            label = spec.short_label if short and spec.short_label else spec.label
            number = f"{count}" if short else f"{count:,}"
            text.append(f" {label} ", base + click)
            text.append(f"{number} ", base + get("range-tabs--count", partial=True) + click)
            text.append(" ")
        return text

    def render(self) -> Text:
        # Long or short names by whether the largest counts seen fit, not the current ones:
        # the labels must not switch back and forth while typing.
        if self._label_text(short=False, counts=self._widest).cell_len > self.size.width:
            return self._label_text(short=True)
        return self._label_text(short=False)

    def action_activate(self, tab_id: str) -> None:
        """A tab was clicked."""
        self.post_message(self.Clicked(self, tab_id))
