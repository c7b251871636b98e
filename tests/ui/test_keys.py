"""One typing model (issue 22, items 6-8): the search box types letters; in the list and the
detail pane letters are commands or nothing, `/` and Esc step back to the search box."""

from __future__ import annotations

import string

from textual.widgets import Static

from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.help import HelpScreen
from portdeck.ui.screens.main import MainScreen
from portdeck.ui.widgets import ResultsView, SearchInput
from portdeck.ui.widgets.search_input import TYPE_HINT

from .conftest import notices
from .helpers import SIZE, settle, type_query, wait_for

LETTERS_AND_DIGITS = string.ascii_lowercase + string.ascii_uppercase + string.digits


async def back_to_the_list(app: PortdeckApp) -> None:
    """Close whatever a command opened and put the focus on the list again."""
    while not isinstance(app.screen, MainScreen):
        app.pop_screen()
    app.main.checks.cancel()
    app.main.detail_toggled = False
    app.main.results_view.focus()


async def test_every_letter_and_digit_in_the_list_is_a_command_or_nothing(app: PortdeckApp) -> None:
    """Typing `postgres` in the list used to give `22poses`: t, g and r fired, the rest searched."""
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter")
        await settle(pilot)
        for key in LETTERS_AND_DIGITS.replace("q", ""):
            await back_to_the_list(app)
            await pilot.press(key)
            await settle(pilot)
            assert app.main.search_input.value in ("ssh", "22", "2222"), key  # r jumps: a search it makes
            assert app.is_running, key
        await back_to_the_list(app)
        await pilot.press("q")  # a command in the list: quit
        await pilot.pause()
    assert not app.is_running


async def test_a_letter_that_is_no_command_says_how_to_search(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", *"mysql")  # no list command among these letters
        await settle(pilot)
        assert app.main.search_text == "ssh" and isinstance(app.focused, ResultsView)
        assert [n.message for n in notices(app)].count(TYPE_HINT) == 1  # once, not once a letter


async def test_question_mark_on_an_empty_search_box_opens_help(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert app.main.search_text == ""
        await pilot.press("escape", *"udp", "question_mark")  # in a query, `?` is a character
        await settle(pilot)
        assert app.main.search_text == "udp?"


async def test_the_footer_shows_how_to_leave_the_search_box_and_help(app: PortdeckApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        footer = app.main.query_one("KeyFooter")
        shown = " ".join(str(key.render()) for key in footer.query("FooterKey"))
        for what in ("Results", "Help", "Quit"):
            assert what in shown


async def test_escape_in_the_list_keeps_the_query_and_a_second_clears_it(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ResultsView)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, SearchInput) and app.main.search_text == "ssh"
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.search_text == "" and isinstance(app.focused, SearchInput)


async def test_the_help_says_what_escape_does_where(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help window")
        await settle(pilot)
        text = str(app.screen.query_one("#help-keys", Static).render())
        assert "back to the search box, keeping the query" in text
        assert "in the search box: clear the search" in text
