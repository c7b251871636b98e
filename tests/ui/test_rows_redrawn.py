"""Typing on redraws only the rows that changed: what the screen shows is still, row for row,
what a full redraw would draw (the first rows a longer word keeps are left as drawn)."""

from __future__ import annotations

from portdeck.ui.app import PortdeckApp

from .helpers import SIZE, settle


def on_screen(app: PortdeckApp) -> list[str]:
    """The list's lines as the screen shows them (from the compositor, through Textual's caches)."""
    view = app.main.results_view
    region = view.content_region
    lines = app.screen._compositor.render_strips()[region.y : region.bottom]
    return [line.crop(region.x, region.right).text for line in lines]


def redrawn(app: PortdeckApp) -> list[str]:
    """The same lines drawn afresh."""
    view = app.main.results_view
    view._forget_rows()
    return [view.render_line(y).text for y in range(view.content_region.height)]


async def test_the_screen_shows_every_row_of_each_new_result(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen: set[tuple[str, ...]] = set()
        for text in ("s", "ss", "ssh", "ssh ", "ssh x", "ssh", "sm", "smtp", "t", "te", "tel"):
            app.main.search_input.value = text
            await settle(pilot)
            shown = on_screen(app)
            assert shown == redrawn(app), text
            seen.add(tuple(shown))
        assert len(seen) >= 5  # the results did change as the query grew
