"""The top line: the app's title and match summary, drawn like Textual's Header.

Textual's Header is four widgets, a clock timer and watchers on four reactives; its
share of the first frame was about 10 ms. This is one widget drawing one line.
"""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content
from textual.widget import Widget

ICON = "^p"  # the key of what it opens: the command palette (Textual's ⭘ meant nothing)
# Header's layout: the icon in 8 cells on the left, 10 empty cells for the clock on the right.
ICON_WIDTH = 8
CLOCK_WIDTH = 10


@lru_cache(maxsize=1)
def _icon() -> Content:
    """The icon, parsed once: the bar redraws whenever the match count changes."""
    return Content.from_markup("[@click=app.command_palette]$icon[/]", icon=ICON).pad(
        1, ICON_WIDTH - 1 - len(ICON)
    )


class TitleBar(Widget):
    """`App.title — App.sub_title`, centred; the icon opens the command palette."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        link-color: $foreground;
        link-style: none;
        link-background-hover: $foreground 10%;
        link-style-hover: none;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._title_changed, init=False)
        self.watch(self.app, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        icon = _icon()
        title = self.app.format_title(self.app.title, self.app.sub_title)
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        title = title.pad(left, room - title.cell_length - left)
        return Content.assemble(icon, title, " " * CLOCK_WIDTH).truncate(width)
