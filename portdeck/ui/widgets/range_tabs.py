"""The tab bar: one label and count per tab spec, the active one highlighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
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
        self._styles: dict[str, Style] = {}
        self._clicks: dict[str, Style] = {}

    def watch_counts(self, counts: Mapping[str, int]) -> None:
        for tab_id, count in counts.items():
            self._widest[tab_id] = max(count, self._widest.get(tab_id, 0))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, component: str, partial: bool = False) -> Style:
        """A component's style, asked of the stylesheet once per theme: the bar redraws on every
        keystroke (its counts change)."""
        key = f"{component}{'+' if partial else ''}"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.get_component_rich_style(component, partial=partial)
        return style

    def _pieces(self, spec: TabSpec, count: int, short: bool) -> tuple[str, str]:
        label = spec.short_label if short and spec.short_label else spec.label
        return f" {label} ", f"{count} " if short else f"{count:,} "

    def _label_text(self, short: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        counts = self.counts
        for spec in self.specs:
            count = counts.get(spec.id, 0)
            is_active = spec.id == self.active
            base = self._style("range-tabs--active" if is_active else "range-tabs--tab")
            if not count and not is_active:
                base += self._style("range-tabs--empty", partial=True)
            click = self._clicks.get(spec.id)
            if click is None:
                click = self._clicks[spec.id] = Style.from_meta({"@click": f"activate({spec.id!r})"})
            label, number = self._pieces(spec, count, short)
            text.append(label, base + click)
            text.append(number, base + self._style("range-tabs--count", partial=True) + click)
            text.append(" ")
        return text

    def render(self) -> Text:
        # Long or short names by whether the largest counts seen fit, not the current ones:
        # the labels must not switch back and forth while typing.
        widest = sum(
            cell_len("".join(self._pieces(spec, self._widest.get(spec.id, 0), short=False))) + 1
            for spec in self.specs
        )
        return self._label_text(short=widest > self.size.width)

    def action_activate(self, tab_id: str) -> None:
        """A tab was clicked."""
        self.post_message(self.Clicked(self, tab_id))
