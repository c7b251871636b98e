"""What the screen shows at the sizes a new user meets (issue 22, items 1, 3, 4, 5 and 9)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input, Static

from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.entry import EntryScreen
from portdeck.ui.screens.host_prompt import HostPrompt
from portdeck.ui.widgets import EntryCard, ResultsView, TitleBar

from .conftest import AppFactory
from .helpers import SIZE, ports, row_text, settle, type_query, wait_for


def footer_text(app: PortdeckApp) -> str:
    return " ".join(str(key.render()) for key in app.screen.query("FooterKey"))


@pytest.mark.parametrize("size", [(26, 20), (40, 20), (60, 20), (60, 24), (60, 26), (80, 24), (100, 30)])
async def test_the_port_column_never_truncates(app: PortdeckApp, size: tuple[int, int]) -> None:
    """Rows read `169…` at 60 columns after `d`: the Port column keeps whole labels; the title
    gives way."""

    def assert_whole_labels(when: str) -> None:
        view = app.main.results_view
        top = round(view.scroll_y)
        for index in range(top, min(top + view.page_height, len(view.entries))):
            label = view.entries[index].port_label
            assert label in row_text(view, index), (size, when, label)

    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert_whole_labels("at start")
        await pilot.press("d")  # the list grows: rows that were below the pane come into view
        await settle(pilot)
        if app.main.results_view.display:
            assert_whole_labels("after d")
        else:  # one pane at a time: `d` showed the detail instead
            await pilot.press("d")
            await settle(pilot)
        view = app.main.results_view
        for index in range(len(view.entries)):
            view.cursor = index
            await pilot.pause()
            assert_whole_labels(f"cursor on row {index}")


async def test_the_port_column_keeps_its_width_while_scrolling(app: PortdeckApp) -> None:
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        view: ResultsView = app.main.results_view
        assert "6000-6063" not in [e.port_label for e in view.entries[: view.page_height]]
        width_at_top = view.columns.port
        await pilot.press("end")
        await settle(pilot)
        assert view.columns.port == width_at_top == len("60000-61000")


async def test_the_active_tab_shows_beside_the_query_and_names_what_it_hides(app: PortdeckApp) -> None:
    """Registered tab, then `ssh`: 2222 shows, and the box says 22 is in Well-known."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+right", "ctrl+right")
        await type_query(pilot, "ssh")
        assert ports(app) == ["2222"]
        said = str(app.main.search_input.border_subtitle)
        assert "searching Registered" in said and "22 ssh is in Well-known" in said
        await pilot.press("ctrl+left", "ctrl+left")
        await settle(pilot)
        assert app.main.search_input.border_subtitle is None  # All hides nothing


async def test_at_60x20_the_essential_keys_show_and_a_pane_is_usable(app: PortdeckApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert "Help" in footer_text(app) and "Quit" in footer_text(app)
        assert app.main.results_view.page_height >= 10
        await pilot.press("d")
        await settle(pilot)
        assert app.main.detail_pane.region.height >= 12
        assert "Help" in footer_text(app) and "Quit" in footer_text(app)


async def test_the_full_detail_window_offers_only_its_own_keys(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        keys = footer_text(app)
        assert "Close" in keys and "Copy" in keys
        assert "Pin" not in keys and "Check" not in keys
        assert "t runs a live check" not in app.screen.query_one("#entry-body", EntryCard).text_of("checks")


async def test_the_full_detail_window_promises_no_related_port_it_lacks(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "dns")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert "Enter follows" not in str(app.screen.query_one("#entry-body").border_subtitle)
        assert "Related" not in footer_text(app)


async def test_tab_labels_do_not_switch_between_long_and_short_while_typing(
    app_factory: Callable[..., PortdeckApp],
) -> None:
    first = app_factory()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        long_width = first.main.range_tabs._label_text(short=False).cell_len
    app = app_factory()
    async with app.run_test(size=(long_width + 1, 24)) as pilot:  # the tab bar has a margin of 1 each side
        await settle(pilot)
        assert "Well " in app.main.range_tabs.render().plain  # short names: the full counts do not fit
        await type_query(pilot, "ssh")  # smaller counts would fit the long names
        assert "Well-known" not in app.main.range_tabs.render().plain


async def test_an_empty_host_says_what_to_type(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, HostPrompt), "the host prompt")
        app.screen.query_one("#host", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        said = str(app.screen.query_one("#host-problem", Static).render())
        assert "''" not in said and "Type a host name or address" in said


async def test_the_title_bar_icon_names_its_key(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.query_one(TitleBar).render().plain.startswith(" ^p ")


async def test_back_and_forward_show_in_the_footer_after_a_jump(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        assert "Back" not in footer_text(app)
        await pilot.press("enter", "r")
        await settle(pilot)
        assert "Back" in footer_text(app)


async def test_the_screen_starts_with_the_breakpoints_textual_gives_it(app_factory: AppFactory) -> None:
    """The main screen takes its breakpoint classes before it is styled (else the first
    Resize restyles every widget once more): they must be the ones Textual's own
    breakpoints then give it, at every size, or the layout would flip on the first frame."""
    from portdeck.ui.screens.breakpoints import BREAKPOINT_NAMES, breakpoint_classes

    for size in ((60, 20), (75, 23), (76, 24), (80, 24), (100, 30), (168, 40), (169, 50)):
        app = app_factory()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert set(breakpoint_classes(app.size)) == app.main.classes & BREAKPOINT_NAMES, size


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_first_frame_is_styled_as_a_full_restyle_styles_it(
    app_factory: AppFactory, theme: str
) -> None:
    """The main screen skips the restyle Textual gives a screen as it is first shown (each
    widget was styled as it mounted): restyling every widget must change nothing on screen."""
    for size in ((60, 20), (80, 24), (100, 30)):
        app = app_factory()
        app.settings.update(theme=theme)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            first = app.export_screenshot()
            app.update_styles(app.screen, animate=False)
            app.screen.refresh(layout=True)
            await settle(pilot)
            assert app.export_screenshot() == first, size
