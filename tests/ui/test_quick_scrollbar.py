"""The list's and the card's scrollbars draw exactly what Textual's ScrollBar draws (the same
cells, styles and click targets), only without its per-line pass: at every scroll position,
in a dark and a light theme, hovered or not."""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets.quick_scrollbar import QuickScrollBar

from .helpers import settle

SMALL = (80, 10)  # the small catalog overflows a list this short, and the card too


def cells(strips: list[Strip]) -> list[list[Segment]]:
    return [list(strip) for strip in strips]


async def test_quick_bars_draw_what_textual_draws(app: PortdeckApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        view, card = app.main.results_view, app.main.detail_pane
        compared = {"list": 0, "card": 0}
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for row in range(len(view.entries)):
                view.cursor = row
                card.scroll_to(y=row, animate=False, immediate=True)
                await pilot.pause()
                for name, widget in (("list", view), ("card", card)):
                    bar = widget.vertical_scrollbar
                    assert isinstance(bar, QuickScrollBar)
                    if not bar.display:
                        continue
                    width, height = bar.size
                    for hovered in (False, True):
                        bar.mouse_over = hovered
                        for crop in (bar.size.region, Region(0, 1, width, height - 2)):
                            ours = bar.render_lines(crop)
                            assert cells(ours) == cells(ScrollBar.render_lines(bar, crop))
                            compared[name] += 1
                    bar.mouse_over = False
        # Both bars were on screen for every row: the comparison saw real bars, thumb moving.
        assert compared == {"list": 8 * len(view.entries), "card": 8 * len(view.entries)}
