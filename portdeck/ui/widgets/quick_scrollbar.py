"""A vertical scrollbar that draws its strips directly.

Textual's ScrollBar renders a Rich renderable and sends every line through the full
per-line styling pass (borders, padding, tint, opacity), about 1.5 ms a frame. The
results list and the card change length on most keystrokes, so both bars redraw on
almost every frame. A bar has no border, padding or tint: its strips are the
renderer's cells plus the app's line filters, and nothing more.
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

# What Textual's ScrollBarRender falls back to when the style has no colour.
DEFAULT_BACK = Color.parse("#555555")
DEFAULT_BAR = Color.parse("bright_magenta")


class QuickScrollBar(ScrollBar):
    """Textual's ScrollBar with the same cells, drawn without the per-line pipeline."""

    def render_lines(self, crop: Region) -> list[Strip]:
        renderer = self.render()
        if not self.vertical or not isinstance(renderer, ScrollBarRender):
            return super().render_lines(crop)
        width, height = self.size
        style = renderer.style
        bar = renderer.render_bar(
            size=height,
            virtual_size=renderer.virtual_size,
            window_size=renderer.window_size,
            position=renderer.position,
            thickness=width,
            vertical=True,
            back_color=style.bgcolor or DEFAULT_BACK,  # type: ignore[union-attr]  # a Rich Style
            bar_color=style.color or DEFAULT_BAR,  # type: ignore[union-attr]
        )
        _, background = self.background_colors
        base = self.visual_style.rich_style  # under every cell, as Textual's pass puts it
        filters = self.get_line_filters()
        strips = []
        for text, cell_style, _ in bar.segments:
            strip = Strip([Segment(text, base + cell_style)], width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        strips = strips[crop.y : crop.bottom]
        if crop.x or crop.width != width:
            strips = [strip.crop(crop.x, crop.right) for strip in strips]
        return strips


class QuickScrollView(ScrollView):
    """Textual's ScrollView, with a QuickScrollBar for its vertical bar."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        # Textual's property, with the quicker class (it creates the bar on first use).
        if self._vertical_scrollbar is None:
            bar = QuickScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar
