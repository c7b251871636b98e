"""Navigation that never traps: windows that scroll by keyboard, jumps you can undo, focus that
follows what shows, at the sizes people use (80×24, 60×20, 50×15)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.containers import VerticalScroll

from portdeck.dataset import PortEntry
from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.entry import EntryScreen
from portdeck.ui.screens.help import HelpScreen
from portdeck.ui.screens.main import MainScreen
from portdeck.ui.widgets import EntryCard, ResultsView, SearchInput

from .helpers import settle, type_query

AppFactory = Callable[..., PortdeckApp]
SIZES = [(80, 24), (60, 20)]


def highlighted(main: MainScreen) -> PortEntry:
    """The entry under the list cursor (there must be one)."""
    entry = main.highlighted_entry
    assert entry is not None, "no entry is highlighted"
    return entry


# -- windows that open have focus and scroll by keyboard -----------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_help_window_scrolls_to_its_last_line_by_keyboard(
    app: PortdeckApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert isinstance(app.screen, HelpScreen) and app.focused is body
        assert body.max_scroll_y > 0, "the help is longer than the window at this size"
        await pilot.press("end")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home", "pagedown")
        await settle(pilot)
        assert body.scroll_y > 0


@pytest.mark.parametrize("size", SIZES)
async def test_the_full_detail_window_scrolls_by_keyboard(app: PortdeckApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "enter")
        await settle(pilot)
        card = app.screen.query_one("#entry-body", EntryCard)
        assert isinstance(app.screen, EntryScreen) and app.focused is card
        assert card.max_scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert card.scroll_y == card.max_scroll_y


async def test_r_in_the_full_detail_window_jumps(app: PortdeckApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "postgres")
        await pilot.press("enter", "enter", "r")
        await settle(pilot)
        assert not isinstance(app.screen, EntryScreen), "the jump closes the window"
        assert app.main.search_text == "6432" and highlighted(app.main).service == "pgbouncer"


async def test_the_detail_pane_reads_on_and_follows_related_ports(app: PortdeckApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "http")
        main = app.main
        main.detail_pane.focus()
        await settle(pilot)
        assert main.detail_pane.links == [443, 8080]
        for _ in range(30):
            await pilot.press("down")
        await settle(pilot)
        assert main.detail_pane.picked == 1, "↓ stops on each related port, the last one kept"
        await pilot.press("up", "enter")
        await settle(pilot)
        assert main.search_text == "443" and highlighted(main).service == "https"


# -- history ------------------------------------------------------------------------------


async def test_every_jump_is_a_step_back_and_forward(app: PortdeckApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "http")
        await pilot.press("ctrl+right", "enter")  # Well-known tab, the list focused on 80
        await settle(pilot)
        main = app.main
        before = (main.search_text, main.active_tab, main.highlighted_entry)
        assert main.check_action("back", ()) is False, "nothing to go back to yet"
        await pilot.press("r")  # 80 -> 443
        await settle(pilot)
        await pilot.press("r")  # 80's next related port: 8080
        await settle(pilot)
        assert main.search_text == "8080"
        await pilot.press("alt+left")
        await settle(pilot)
        assert main.search_text == "443" and highlighted(main).port == 443
        await pilot.press("alt+left")
        await settle(pilot)
        assert (main.search_text, main.active_tab, main.highlighted_entry) == before
        await pilot.press("alt+right", "alt+right")
        await settle(pilot)
        assert main.search_text == "8080"


async def test_a_palette_hit_is_a_step_too(app: PortdeckApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "ssh")
        app.main.goto_port(5432)  # what the palette's "Go to port" runs
        await settle(pilot)
        assert app.main.search_text == "5432"
        await pilot.press("alt+left")
        await settle(pilot)
        assert app.main.search_text == "ssh" and highlighted(app.main).service == "ssh"


# -- focus follows what shows ------------------------------------------------------------


async def test_at_50_by_15_the_list_keeps_its_keys_after_switching_panes(app: PortdeckApp) -> None:
    async with app.run_test(size=(50, 15)) as pilot:
        await type_query(pilot, "postgres")
        await pilot.press("enter", "d", "d", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen), "Enter on the list opens the entry"
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.main.results_view
        assert "Copy" in [b.binding.description for b in app.active_bindings.values() if b.binding.show]


async def test_in_the_detail_alone_page_down_scrolls_it(app: PortdeckApp) -> None:
    async with app.run_test(size=(50, 15)) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "d", "pagedown")
        await settle(pilot)
        main = app.main
        assert app.focused is main.detail_pane and main.detail_pane.scroll_y > 0
        assert highlighted(main).service == "ssh", "the list cursor stayed where it was"


@pytest.mark.parametrize("word", ["443", "ssh", "mysql", "webmin"])
async def test_slash_then_a_word_in_the_list_searches_it(app: PortdeckApp, word: str) -> None:
    """In the list letters are commands; `/` goes to the search box, and the word searches."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ResultsView)
        await pilot.press("slash", *word)
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        assert app.main.search_text == word and app.main.active_tab == "all"


# -- remembered settings --------------------------------------------------------------


async def test_the_theme_chosen_is_kept_for_the_next_start(app_factory: AppFactory) -> None:
    first = app_factory()
    async with first.run_test(size=(80, 24)) as pilot:
        first.theme = "gruvbox"  # what Ctrl+P → "Change theme" does
        await settle(pilot)
    second = app_factory()
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert second.theme == "gruvbox"
