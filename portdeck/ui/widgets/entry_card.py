"""The entry card: every part of an entry drawn by one scrolling widget, line by line.

One widget draws each part in the style of its component class, with a left edge
and padding where the class has a `border-left`, and a blank line between parts;
it scrolls itself (Textual's Line API) when the parts do not fit. Mounting seven
Statics in a container instead cost the first frame over 10 ms.

With focus, ↑ and ↓ read on line by line and stop on each related port; Enter
follows the one picked (`EntryCard.LinkChosen`). PgUp, PgDn, Home and End scroll.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from ...dataset import PortEntry
from .card_text import (
    PLACEHOLDER_PARTS,
    CardContext,
    Part,
    Vacancy,
    empty_parts,
    entry_parts,
    vacancy_parts,
    wrap_items,
)
from .quick_scrollbar import QuickScrollView
from .search_input import hint_search

# A drawn card: the entry or vacant number, the width, and the related port picked (with focus).
DrawnKey = tuple[PortEntry | None, Vacancy | None, int, int | None]

# Blank lines after each part (the title, the facts and the related lines run on).
SPACE_AFTER = {"title": 0, "facts": 0, "related": 0}
EDGE = "▌"  # Textual's `outer` left border


class EntryCard(QuickScrollView, can_focus=True):
    """Every field of an entry; security notes stand out; official or unofficial is said plainly."""

    DEFAULT_CSS = """
    EntryCard {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    BINDINGS = [
        Binding(
            "down,j",
            "next_line",
            "Down",
            show=False,
            tooltip="read on; stops on each related port",
            id="card.down",
        ),
        Binding("up,k", "previous_line", "Up", show=False, tooltip="read back", id="card.up"),
        Binding("enter", "follow", "Go", tooltip="go to the related port picked with ↓", id="card.follow"),
    ]

    COMPONENT_CLASSES = {
        "entry-card--title",
        "entry-card--facts",
        "entry-card--official",
        "entry-card--unofficial",
        "entry-card--listening",
        "entry-card--description",
        "entry-card--security",
        "entry-card--more",
        "entry-card--link",
        "entry-card--link-picked",
        "entry-card--check",
    }

    @dataclass
    class LinkChosen(Message):
        """The user chose a related port in the card."""

        card: EntryCard
        port: int

        @property
        def control(self) -> EntryCard:
            return self.card

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entry: PortEntry | None = None
        self.vacancy: Vacancy | None = None
        self.context = CardContext()
        self.parts: tuple[Part, ...] = PLACEHOLDER_PARTS
        self.picked: int | None = None  # index in `links` of the related port picked
        self._lines: tuple[int, list[Strip], list[tuple[int, int]]] | None = None  # width, lines, link rows
        # Cards drawn lately: moving the cursor back and forth, or typing and deleting a
        # letter, shows the same entries again, and wrapping a card is most of a keystroke.
        self._drawn: LRUCache[DrawnKey, tuple[CardContext, list[Strip], list[tuple[int, int]]]]
        self._drawn = LRUCache(maxsize=64)
        self._looks: dict[str, tuple[Style, RichStyle | None, Segment | None]] = {}  # see _look
        self._blank_line: Strip | None = None
        # The card draws no links: Textual's pass that styles them is skipped for every line.
        self.set_reactive(EntryCard.auto_links, False)

    def show(
        self, entry: PortEntry | None, vacancy: Vacancy | None = None, context: CardContext = CardContext()
    ) -> None:
        """Show an entry (or a vacant number) with one repaint, none when nothing changed."""
        moved = entry is not self.entry or vacancy != self.vacancy
        if not moved and context == self.context and self.parts is not PLACEHOLDER_PARTS:
            return
        had_links = bool(self.links)
        self.entry, self.vacancy, self.context = entry, vacancy, context
        if entry is not None:
            self.parts = entry_parts(entry, context)
        elif vacancy is not None:
            self.parts = vacancy_parts(vacancy, context)
        else:
            self.parts = empty_parts(context.empty) if context.empty else PLACEHOLDER_PARTS
        if moved:
            self.picked = None
            if self.is_mounted:
                self.scroll_home(animate=False, immediate=True)
        if had_links != bool(self.links) and self.is_mounted:
            self.refresh_bindings()  # Enter is offered only where there is a port to go to
        self._redraw()

    @property
    def links(self) -> list[int]:
        """The related ports the card offers, top to bottom."""
        return [part.link for part in self.parts if part.link is not None]

    def text_of(self, name: str) -> str:
        """The plain text of every part of this name, one per line ("" when the card has none)."""
        return "\n".join(part.content.plain for part in self.parts if part.name == name)

    def _redraw(self) -> None:
        self._lines = None
        if self.is_mounted:
            self._measure()
            self.refresh()

    # -- keys -----------------------------------------------------------------------

    def action_next_line(self) -> None:
        rows = self._link_rows()
        following = 0 if self.picked is None else self.picked + 1
        if following < len(rows) and self._visible(rows[following][0]):
            self._pick(following)
        else:
            self.scroll_down(animate=False, immediate=True)

    def action_previous_line(self) -> None:
        if self.picked is not None:
            self._pick(self.picked - 1 if self.picked > 0 else None)
        else:
            self.scroll_up(animate=False, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "follow":
            return bool(self.links)  # hidden, not greyed: no related port, nothing to go to
        return True

    def action_follow(self) -> None:
        links = self.links
        if self.picked is not None and self.picked < len(links):
            self.post_message(self.LinkChosen(self, links[self.picked]))

    def on_key(self, event: events.Key) -> None:
        hint_search(self, event)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        y = offset.y + round(self.scroll_y)
        for index, (first, last) in enumerate(self._link_rows()):
            if first <= y < last:
                self._pick(index)
                self.action_follow()

    def _pick(self, index: int | None) -> None:
        self.picked = index
        self._lines = None
        if index is not None:
            first, last = self._link_rows()[index]
            self.scroll_to_region(Region(0, first, 1, last - first), animate=False, immediate=True)
        self.refresh()

    def _visible(self, row: int) -> bool:
        top = round(self.scroll_y)
        return top <= row < top + self.scrollable_content_region.height

    def _link_rows(self) -> list[tuple[int, int]]:
        """The first and last+1 line of each related-port line, as drawn at the current width."""
        return self._draw(self.scrollable_content_region.width)[1]

    # -- drawing --------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None
        self._drawn.clear()  # drawn in the old theme
        self._looks.clear()
        self._blank_line = None

    def on_resize(self) -> None:
        self._measure()

    def watch_show_vertical_scrollbar(self) -> None:
        self._measure()  # the scrollbar took (or gave back) a column: the parts wrap again

    def _measure(self) -> None:
        """The scrollable size: the parts drawn at the width there is for them."""
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._draw(width)[0]))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._draw(width)[0]
        index = y + round(self.scroll_y)
        return lines[index] if index < len(lines) else self._blank(width)

    def _blank(self, width: int) -> Strip:
        if self._blank_line is None or self._blank_line.cell_length != width:
            self._blank_line = Strip.blank(width, self.visual_style.rich_style)
        return self._blank_line

    def _draw(self, width: int) -> tuple[list[Strip], list[tuple[int, int]]]:
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1], self._lines[2]
        key = (self.entry, self.vacancy, width, self.picked if self.has_focus else None)
        drawn = self._drawn.get(key)
        if drawn is not None and drawn[0] == self.context:  # the parts follow from these
            self._lines = (width, drawn[1], drawn[2])
            return drawn[1], drawn[2]
        blank = self._blank(width)
        lines: list[Strip] = []
        link_rows: list[tuple[int, int]] = []
        for part in self.parts:
            look = part.look
            if part.link is not None:
                if len(link_rows) == self.picked and self.has_focus:
                    look = "link-picked"
                link_rows.append((len(lines), 0))
            lines += self._draw_part(part, look, width)
            if part.link is not None:
                link_rows[-1] = (link_rows[-1][0], len(lines))
            lines += [blank] * SPACE_AFTER.get(part.name, 1)
        self._lines = (width, lines, link_rows)
        self._drawn[key] = (self.context, lines, link_rows)
        return lines, link_rows

    def _draw_part(self, part: Part, look: str, width: int) -> list[Strip]:
        style, background, edge = self._look(look)
        if edge is None:
            return Visual.to_strips(self, wrap_items(part.content, width), width, None, style, pad=True)
        # A left edge and one cell of padding each side, in the part's background.
        inner = max(1, width - 3)
        pad = Segment(" ", background)
        return [
            Strip([edge, pad, *strip, pad], inner + 3)
            for strip in Visual.to_strips(self, wrap_items(part.content, inner), inner, None, style, pad=True)
        ]

    def _look(self, look: str) -> tuple[Style, RichStyle | None, Segment | None]:
        """A look's text style, and for a look with a left edge its background and edge cell:
        worked out once per theme, not for every part of every card."""
        cached = self._looks.get(look)
        if cached is None:
            component = f"entry-card--{look}"
            style = self.get_visual_style(component)
            edge_type, edge_color = self.get_component_styles(component).border_left
            if not edge_type:
                cached = (style, None, None)
            else:
                fill = style.background or self.visual_style.background
                background = RichStyle(bgcolor=fill.rich_color if fill else None)
                edge_fill = (fill + edge_color) if fill else edge_color
                cached = (
                    style,
                    background,
                    Segment(EDGE, RichStyle(color=edge_fill.rich_color) + background),
                )
            self._looks[look] = cached
        return cached

    def on_focus(self) -> None:
        self._redraw()  # the picked link shows only while the card has focus

    def on_blur(self) -> None:
        self._redraw()
