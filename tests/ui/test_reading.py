"""In the app, the search box reads queries as the command line does: it says quietly which
words it ignored and what it read from a pasted line, dims guesses, and shows the card of
what is not a port."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from portdeck.dataset import Catalog
from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets import EntryCard

from .conftest import ENTRIES, RESERVED, VOCABULARY
from .helpers import SIZE, ports, settle, type_query

PIM = (
    "ip-protocol",
    "PIM",
    "Protocol Independent Multicast",
    "",
    103,
    "Multicast routing between routers, straight over IP: there is no PIM port.",
    ("protocol independent multicast",),
    (("ssh", 22),),
    ("RFC 7761",),
)
BRUTE_FORCE = (
    "technique",
    "SSH brute force",
    "",
    "technique",
    None,
    "Password guessing against SSH logins, the most common attack on 22.",
    ("ssh password spraying",),
    (("ssh", 22), ("ssh-alt", 2222)),
    ("ATT&CK T1110",),
)


def with_notes(app_factory: Callable[..., PortdeckApp]) -> PortdeckApp:
    catalog = Catalog.of(ENTRIES, RESERVED, VOCABULARY._replace(notes=(PIM, BRUTE_FORCE)))
    return app_factory(catalog=catalog)


def panel_title(app: PortdeckApp) -> str:
    title = app.main.results_view.border_title
    return str(title or "")


async def test_ignored_words_are_said_quietly_and_change_nothing(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgresql")
        bare = ports(app)
        await pilot.press(*" default port")
        await settle(pilot)
        assert ports(app) == bare
        assert "ignored: default port" in panel_title(app)


async def test_a_pasted_address_says_what_it_read(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.main.search_input.value = "10.1.2.3:5432"
        await settle(pilot)
        assert ports(app)[0] == "5432"
        assert "5432, read from 10.1.2.3:5432" in panel_title(app)


async def test_guesses_are_marked_as_closest_matches(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgress")
        assert ports(app)[0] == "5432"
        assert "closest matches" in panel_title(app)
        assert app.main.results_view.guesses[0] is True
        await pilot.press("ctrl+a", "backspace", *"postgres")
        await settle(pilot)
        assert "closest matches" not in panel_title(app)


async def test_a_protocol_that_is_no_port_shows_its_card(app_factory: Callable[..., PortdeckApp]) -> None:
    app = with_notes(app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "pim")
        card = app.main.detail_pane
        assert isinstance(card, EntryCard)
        text = " ".join(str(part.content) for part in card.parts)
        assert "PIM is IP protocol 103" in text
        assert "meta l4proto 103" in text
        assert "PIM: not a port" in panel_title(app)


async def test_a_technique_lists_its_ports_first(app_factory: Callable[..., PortdeckApp]) -> None:
    app = with_notes(app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh brute force")
        assert ports(app)[:2] == ["22", "2222"]
        text = " ".join(str(part.content) for part in app.main.detail_pane.parts)
        assert "Password guessing against SSH" in text


async def test_a_protocol_number_with_no_entries_explains_itself(
    app_factory: Callable[..., PortdeckApp],
) -> None:
    app = with_notes(app_factory)
    async with app.run_test(size=SIZE) as pilot:
        app.main.search_input.value = "proto:103"
        await settle(pilot)
        assert ports(app) == ["22"]
        app.main.search_input.value = "proto:200"
        await settle(pilot)
        assert ports(app) == []
        empty = app.main.query_one("#empty", Static)
        assert "Nothing matches" in str(empty.render())
