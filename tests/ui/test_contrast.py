"""Every text style of the results list reaches WCAG AA (4.5:1) in every theme the app offers
(issue 22, item 2: textual-light drew the Proto column at about 1.5:1, the dark theme's `!` 2.5:1).

Computed from the styles the theme variables resolve to, not from pixels in an SVG. The
ANSI themes are skipped: there the terminal's own palette decides the colours.
"""

from __future__ import annotations

from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets.contrast import MINIMUM, style_ratio

from .helpers import SIZE, settle


async def test_every_part_of_a_row_is_readable_in_every_theme(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.main.results_view
        faint: list[str] = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            for focus in (view, app.main.search_input):
                focus.focus()
                await pilot.pause()
                view._row_styles_cache.clear()
                for index in (0, 1):  # both stripes
                    for cursor in (False, True):
                        for part, style in view._row_styles(index, cursor).items():
                            ratio = style_ratio(style)
                            if ratio is not None and ratio < MINIMUM:
                                where = f"{'cursor' if cursor else 'row'} {index}, {focus.id} focused"
                                faint.append(f"{theme}: {part} on {where}: {ratio:.1f}:1")
        assert not faint, "\n".join(faint)
