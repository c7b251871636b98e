"""The entry card: every part of an entry drawn by one scrolling widget, line by line.

The card used to be seven Statics in a container, in a scrolling pane; mounting,
styling and laying them out cost the first frame over 10 ms. One widget draws the
same cells: each part in the style of its component class, a left edge and padding
where the class has a `border-left`, and the blank lines the margins made; it
scrolls itself (Textual's Line API) when the parts do not fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from .card_text import PLACEHOLDER_PARTS, Part, Vacancy, entry_parts, vacancy_parts

if TYPE_CHECKING:
    from ...dataset import PortEntry
    from ...listening import Listener

# Blank lines after each part (the title and the facts run on into the next part).
SPACE_AFTER = {"title": 0, "facts": 0}
EDGE = "▌"  # Textual's `outer` left border


class EntryCard(ScrollView, can_focus=True):
    """Every field of an entry; security notes stand out; official or unofficial is said plainly."""

    DEFAULT_CSS = """
    EntryCard {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    COMPONENT_CLASSES = {
        "entry-card--title",
        "entry-card--facts",
        "entry-card--official",
        "entry-card--unofficial",
        "entry-card--listening",
        "entry-card--description",
        "entry-card--security",
        "entry-card--more",
    }

    entry: reactive[PortEntry | None] = reactive(None, init=False)
    """The entry to show."""
    vacancy: reactive[Vacancy | None] = reactive(None, init=False)
    """A port number with no entry, shown when `entry` is None."""
    listeners: reactive[tuple[Listener, ...]] = reactive((), init=False)
    """The local sockets on the entry's (or the vacant number's) port."""
    pinned: reactive[bool] = reactive(False, init=False)
    """Whether the entry is pinned."""

    _shown = False  # whether show() has filled the card once

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.parts: tuple[Part, ...] = PLACEHOLDER_PARTS
        self._lines: tuple[int, list[Strip]] | None = None  # (width, lines) last drawn

    def watch_entry(self) -> None:
        self._update()

    def watch_vacancy(self) -> None:
        self._update()

    def show(
        self,
        entry: PortEntry | None,
        vacancy: Vacancy | None = None,
        listeners: Sequence[Listener] = (),
        pinned: bool = False,
    ) -> None:
        """Set the attributes with one repaint (none when nothing changed); a new entry starts at the top."""
        listeners = tuple(listeners)
        moved = entry is not self.entry or vacancy != self.vacancy
        if self._shown and not moved and listeners == self.listeners and pinned == self.pinned:
            return
        self._shown = True
        if moved and self.is_mounted:
            self.scroll_home(animate=False)
        self.set_reactive(EntryCard.entry, entry)
        self.set_reactive(EntryCard.vacancy, vacancy)
        self.set_reactive(EntryCard.listeners, listeners)
        self.set_reactive(EntryCard.pinned, pinned)
        self._update()

    def text_of(self, name: str) -> str:
        """The plain text of one part ("" when the card does not show it)."""
        return next((part.content.plain for part in self.parts if part.name == name), "")

    def _update(self) -> None:
        entry, vacancy = self.entry, self.vacancy
        if entry is not None:
            self.parts = entry_parts(entry, self.listeners, self.pinned)
        elif vacancy is not None:
            self.parts = vacancy_parts(vacancy, self.listeners)
        else:
            self.parts = PLACEHOLDER_PARTS
        self._lines = None
        if self.is_mounted:
            self._measure()
            self.refresh()

    # -- drawing ------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None

    def on_resize(self) -> None:
        self._measure()

    def watch_show_vertical_scrollbar(self) -> None:
        self._measure()  # the scrollbar took (or gave back) a column: the parts wrap again

    def _measure(self) -> None:
        """The scrollable size: the parts drawn at the width there is for them."""
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._draw(width)))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._draw(width)
        index = y + round(self.scroll_y)
        return lines[index] if index < len(lines) else Strip.blank(width, self.visual_style.rich_style)

    def _draw(self, width: int) -> list[Strip]:
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        blank = Strip.blank(width, self.visual_style.rich_style)
        lines: list[Strip] = []
        for part in self.parts:
            lines += self._draw_part(part, width)
            lines += [blank] * SPACE_AFTER.get(part.name, 1)
        self._lines = (width, lines)
        return lines

    def _draw_part(self, part: Part, width: int) -> list[Strip]:
        component = f"entry-card--{part.look}"
        style = self.get_visual_style(component)
        edge_type, edge_color = self.get_component_styles(component).border_left
        if not edge_type:
            return Visual.to_strips(self, part.content, width, None, style, pad=True)
        # A left edge and one cell of padding each side, in the part's background.
        inner = max(1, width - 3)
        background = RichStyle(bgcolor=style.background.rich_color)
        edge = Segment(EDGE, RichStyle(color=(style.background + edge_color).rich_color) + background)
        pad = Segment(" ", background)
        return [
            Strip([edge, pad, *strip, pad], inner + 3)
            for strip in Visual.to_strips(self, part.content, inner, None, style, pad=True)
        ]
