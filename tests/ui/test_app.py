"""The TUI driven like a person would: keys in, widgets and screen text out."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from portdeck.dataset import Assignment, Catalog, RangeClass, Source
from portdeck.search import SearchResult
from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.entry import EntryScreen
from portdeck.ui.screens.help import HelpScreen
from portdeck.ui.widgets import ResultsView, SearchInput

from .conftest import notices
from .helpers import SIZE, ports, row_text, settle, type_query, wait_for, wait_for_palette_hit

# -- start and search ---------------------------------------------------------------


async def test_starts_with_every_entry_and_the_search_box_focused(app: PortdeckApp, catalog: Catalog) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        assert len(app.main.results_view.entries) == len(catalog)
        assert app.sub_title == f"{len(catalog)} entries"


async def test_typing_filters_the_results_live(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        assert ports(app) == ["5432"]
        assert app.sub_title == "1 match"
        await pilot.press(*["backspace"] * 8, *"ssh")
        await settle(pilot)
        assert app.main.search_text == "ssh"
        assert ports(app) == ["22", "2222"]
        assert app.sub_title == "2 matches"


async def test_typo_finds_the_port(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgress")
        assert ports(app)[0] == "5432"


async def test_fast_typing_ends_on_the_last_query(app: PortdeckApp) -> None:
    """Keys pressed with no pause in between: the shown result is the newest query's."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"http", "backspace", "backspace", "backspace", "backspace", *"mosh")
        await settle(pilot)
        assert app.main.search_text == "mosh"
        assert ports(app) == ["60000-61000"]


async def test_keys_faster_than_the_app_never_bring_back_an_older_query(app: PortdeckApp) -> None:
    """Two changes queued before either is handled: the newer wins and nothing ping-pongs."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        searches: list[str] = []
        search = app.engine.search

        def counted(text: str) -> SearchResult:
            searches.append(text)
            return search(text)

        app.engine.search = counted  # type: ignore[method-assign]
        app.main.search_input.value = "2"
        app.main.search_input.value = "23"  # both Changed events are queued before either runs
        await wait_for(pilot, lambda: app.main.search_text == "23", "the newer query")
        await settle(pilot)
        assert app.main.search_text == "23" and app.main.search_input.value == "23"
        assert ports(app) == ["23"]
        settled = len(searches)
        await settle(pilot)
        assert len(searches) == settled <= 2


# -- tabs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("presses", "tab_id", "range_class"),
    [
        ([], "all", None),
        (["ctrl+right"], "well-known", RangeClass.WELL_KNOWN),
        (["ctrl+right", "ctrl+right"], "registered", RangeClass.REGISTERED),
        (["ctrl+left"] * 3, "dynamic", RangeClass.DYNAMIC),
    ],
)
async def test_each_tab_filters_and_counts_right(
    app: PortdeckApp, catalog: Catalog, presses: list[str], tab_id: str, range_class: RangeClass | None
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*presses)
        await settle(pilot)
        expected = list(catalog) if range_class is None else list(catalog.in_class(range_class))
        assert app.main.active_tab == tab_id
        assert list(app.main.results_view.entries) == expected
        assert app.main.range_tabs.counts == {
            "all": len(catalog),
            "well-known": len(catalog.in_class(RangeClass.WELL_KNOWN)),
            "registered": len(catalog.in_class(RangeClass.REGISTERED)),
            "dynamic": len(catalog.in_class(RangeClass.DYNAMIC)),
            "pinned": 0,
            "listening": 0,
        }
        label = app.main.range_tabs.render().plain
        assert f"{app.main.tab_spec(tab_id).label} {len(expected)}" in label


async def test_tab_counts_follow_the_query(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "http")
        assert app.main.range_tabs.counts == {
            "all": 3,
            "well-known": 2,
            "registered": 1,
            "dynamic": 0,
            "pinned": 0,
            "listening": 0,
        }
        await pilot.press("ctrl+right", "ctrl+right")
        await settle(pilot)
        assert ports(app) == ["8080"]
        assert "1 in Registered" in app.sub_title


async def test_clicking_a_tab_activates_it(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = app.main.range_tabs.render().plain
        await pilot.click("#tabs", offset=(text.index("Dynamic") + 1, 0))
        await settle(pilot)
        assert app.main.active_tab == "dynamic"


# -- results and detail -------------------------------------------------------------


async def test_the_highlighted_row_drives_the_detail_pane(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        card = app.main.detail_pane
        assert card.entry is not None and card.entry.service == "ssh"
        title = app.main.detail_pane.text_of("title")
        assert "Secure Shell" in title
        await pilot.press("down")  # from the search box: moves the list cursor
        await settle(pilot)
        assert card.entry is not None and card.entry.service == "ssh-alt"
        assert "Unofficial" in app.main.detail_pane.text_of("source")


async def test_security_notes_are_shown_and_highlighted(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "23")
        assert "cleartext" in app.main.detail_pane.text_of("security")
        assert "Official" in app.main.detail_pane.text_of("source")
        await pilot.press("backspace", "backspace", "5", "3")  # no note: the box is hidden
        await settle(pilot)
        assert not app.main.detail_pane.text_of("security")


async def test_unofficial_rows_are_marked(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "http")
        view = app.main.results_view
        rows = {entry.port_label: row_text(view, i) for i, entry in enumerate(view.entries)}
        assert rows["8080"].startswith("•")
        assert not rows["80"].startswith("•")
        assert all(e.source is Source.UNOFFICIAL for e in view.entries if e.port_label == "8080")


async def test_related_ports_jump_and_cycle(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "http")
        await pilot.press("enter", "r")  # list focus, then jump from 80 to its first related port
        await settle(pilot)
        assert app.main.search_text == "443"
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.port == 443
        await pilot.press("r")  # again: the next related port of 80, not 443's
        await settle(pilot)
        assert app.main.search_text == "8080"
        assert isinstance(app.focused, ResultsView)


async def test_related_port_links_in_the_detail_pane(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        app.main.goto_port(6432)
        await settle(pilot)
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.service == "pgbouncer"


async def test_every_match_is_reachable_by_scrolling(catalog: Catalog) -> None:
    from portdeck.dataset import load_catalog

    full = load_catalog()
    app = PortdeckApp(full)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.main.results_view
        assert view.virtual_size.height == len(full) + 1  # one line per entry, plus the header
        await pilot.press("enter", "end")
        await settle(pilot)
        assert view.cursor == len(full) - 1
        assert app.main.highlighted_entry == full.entries[-1]
        assert full.entries[-1].port_label in row_text(view, view.cursor).split()[:2]
        await pilot.press("home", "pagedown")
        await settle(pilot)
        assert view.cursor == view.page_height


# -- empty and number answers -------------------------------------------------------


async def test_nothing_matches_shows_a_helpful_empty_state(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "zzzq")
        empty = app.query_one("#empty", Static)
        assert app.screen.has_class("-empty")
        assert empty.display and not app.main.results_view.display
        assert "Nothing matches 'zzzq'" in str(empty.render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.results_view.display and not empty.display


@pytest.mark.parametrize("query", ["[zq=", "[zq]"])
async def test_a_query_that_looks_like_markup_is_quoted_as_typed(app: PortdeckApp, query: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.main.search_input.value = query  # typed or pasted: brackets and all
        await settle(pilot)
        assert f"Nothing matches {query!r}" in str(app.query_one("#empty", Static).render())


async def test_empty_tab_points_to_the_others(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press(*["ctrl+left"] * 3)
        await settle(pilot)
        assert "No matches in Dynamic; 2 in other tabs" in str(app.query_one("#empty", Static).render())


@pytest.mark.parametrize(
    ("number", "assignment", "heading"),
    [
        ("4999", Assignment.UNASSIGNED, "Unassigned"),
        ("1023", Assignment.RESERVED, "Reserved"),
        ("65000", Assignment.DYNAMIC, "Dynamic / private range"),
    ],
)
async def test_a_number_with_no_entry_says_what_the_registry_says(
    app: PortdeckApp, number: str, assignment: Assignment, heading: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, number)
        card = app.main.detail_pane
        assert card.entry is None
        assert card.vacancy is not None and card.vacancy.assignment is assignment
        assert app.main.detail_pane.text_of("title") == f"{number}  {heading}"
        assert f"No entry for port {number}" in str(app.query_one("#empty", Static).render())


async def test_a_number_out_of_range_is_explained(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "99999")
        assert "99999 is not a port number" in str(app.query_one("#empty", Static).render())


# -- keys ---------------------------------------------------------------------------


async def test_enter_moves_to_the_list_then_opens_the_full_detail(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "telnet")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ResultsView)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry.service == "telnet"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EntryScreen)
        assert app.main.search_text == "telnet"  # Esc closed the detail; it did not clear the search


async def test_j_and_k_move_when_the_list_has_focus(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "j", "j")
        await settle(pilot)
        assert app.main.results_view.cursor == 2
        await pilot.press("k")
        await settle(pilot)
        assert app.main.results_view.cursor == 1
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.port == 23


async def test_slash_goes_back_to_search_and_escape_clears_it(app: PortdeckApp, catalog: Catalog) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.search_text == "" and app.main.search_input.value == ""
        assert len(app.main.results_view.entries) == len(catalog)


async def test_q_types_in_the_search_box_and_quits_from_the_list(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(pilot)
        assert app.main.search_text == "q" and app.is_running
        await pilot.press("escape", "enter", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_ctrl_q_quits_from_the_search_box(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_c_copies_the_highlighted_port(app: PortdeckApp, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TMUX", "STY", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        await pilot.press("c")  # typed into the search box, not a copy
        await settle(pilot)
        assert app.main.search_text == "postgresc"
        await pilot.press("backspace", "enter", "c")
        await settle(pilot)
        assert app.clipboard == "5432"
        # The text went to the terminal as OSC 52, which never answers: the message says just that.
        assert "Copied 5432 (sent to the terminal's clipboard, OSC 52)" in [n.message for n in notices(app)]


async def test_copy_works_for_a_number_with_no_entry(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "4999")
        await pilot.press("tab")  # focus leaves the box (the empty list is skipped)
        app.main.action_copy()
        await settle(pilot)
        assert app.clipboard == "4999"


async def test_help_screen_lists_the_keys(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys", Static).render())
        for phrase in ("copy the highlighted port number", "next tab", "clear the search", "quit"):
            assert phrase in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("enter", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_goes_to_a_port(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"5432")
        await wait_for_palette_hit(pilot, "Go to port 5432")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.search_text == "5432"
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.service == "postgresql"


async def test_command_palette_goes_to_a_port_by_name(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"go to pgbouncer")
        await wait_for_palette_hit(pilot, "pgbouncer")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.service == "pgbouncer"


async def test_command_palette_switches_tabs(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"tab: dynamic")
        await wait_for_palette_hit(pilot, "Dynamic")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.active_tab == "dynamic"


# -- sizes --------------------------------------------------------------------------


async def test_side_by_side_at_80_columns(app: PortdeckApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "ssh")
        results = app.main.results_view.region
        detail = app.main.detail_pane.region
        assert detail.x >= results.right and detail.y == results.y
        assert results.width >= 46  # the table is not squashed


async def test_detail_goes_below_the_table_when_narrow(app: PortdeckApp) -> None:
    async with app.run_test(size=(60, 24)) as pilot:
        await type_query(pilot, "ssh")
        results = app.main.results_view.region
        detail = app.main.detail_pane.region
        assert detail.y >= results.bottom
        assert results.width == detail.width == 60


async def test_d_toggles_the_detail_pane(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "d")
        await settle(pilot)
        assert not app.main.detail_pane.display
        await pilot.press("d")
        await settle(pilot)
        assert app.main.detail_pane.display


async def test_cramped_terminal_shows_one_pane_at_a_time(app: PortdeckApp) -> None:
    async with app.run_test(size=(40, 12)) as pilot:
        await type_query(pilot, "ssh")
        assert not app.main.detail_pane.display
        await pilot.press("enter", "d")
        await settle(pilot)
        assert app.main.detail_pane.display and not app.main.results_view.display


async def test_in_a_cramped_terminal_the_pane_shown_has_the_keys(app: PortdeckApp) -> None:
    """One pane at a time: the one shown has focus, so its keys work and the Footer lists them."""
    async with app.run_test(size=(40, 12)) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "d")  # from the list to the detail alone
        await settle(pilot)
        main = app.main
        assert main.detail_pane.display and not main.results_view.display
        assert app.focused is main.detail_pane
        await pilot.press("f")  # pins what the detail shows
        await settle(pilot)
        shown = main.detail_pane.entry
        assert shown is not None and app.marks.is_pinned(shown)
        await pilot.press("d", "down")  # back to the list, which has focus again
        await settle(pilot)
        assert app.focused is main.results_view and main.results_view.display
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen) and app.screen.entry.service == "ssh-alt"


@pytest.mark.parametrize("size", [(40, 12), (20, 8), (12, 5)])
async def test_tiny_terminals_do_not_crash(app: PortdeckApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await type_query(pilot, "http")
        await pilot.press("enter", "j", "ctrl+right", "d", "enter")
        await settle(pilot)
        await pilot.press("escape", "f1")
        await settle(pilot)
        assert app.is_running


async def test_resizing_keeps_working(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "http")
        await pilot.press("enter", "j")
        for size in [(60, 24), (30, 10), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.main.highlighted_entry is not None and app.main.highlighted_entry.port == 443
        # Back to 80 columns: side by side again.
        assert app.main.detail_pane.region.x >= app.main.results_view.region.right
