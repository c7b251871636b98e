"""Issue 22, item 9: what was seen at 80x24 — two rows that read the same, a detail line that
starts with `·`, and a detail pane that says "No entry" beside a list that says where they are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pytest
from textual.content import Content

from portdeck.dataset import Catalog, PortEntry, load_catalog
from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets.card_text import CardContext, entry_parts, wrap_items

from .helpers import row_text, settle, type_query

SMALL = (80, 24)


@pytest.fixture(scope="module")
def full() -> Catalog:
    return load_catalog()


def look_alike_ports(catalog: Catalog) -> list[int]:
    """The ports with two entries on the same span under one title (IANA's `instl-boots` and
    `instl_boots` on 1067): rows that read the same unless the service shows."""
    titles: dict[tuple[int, int, str], int] = defaultdict(int)
    for entry in catalog.entries:
        titles[entry.port, entry.end, entry.title] += 1
    return sorted({port for (port, _, _), count in titles.items() if count > 1})


def shown_rows(app: PortdeckApp) -> list[str]:
    view = app.main.results_view
    return [row_text(view, index) for index in range(len(view.entries))]


async def test_the_two_1067_rows_say_what_tells_them_apart(
    app_factory: Callable[..., PortdeckApp], full: Catalog
) -> None:
    app = app_factory(catalog=full)
    async with app.run_test(size=SMALL) as pilot:
        await type_query(pilot, "1067")
        rows = [row for row in shown_rows(app) if row.split()[0] == "1067"]
        assert len(rows) == 2
        assert rows[0] != rows[1]
        assert "instl-boots" in rows[0] + rows[1] and "instl_boots" in rows[0] + rows[1]


@pytest.mark.parametrize("size", [SMALL, (100, 30)], ids=["80x24", "100x30"])
async def test_no_two_rows_of_a_port_read_the_same(
    app_factory: Callable[..., PortdeckApp], full: Catalog, size: tuple[int, int]
) -> None:
    ports = look_alike_ports(full)
    assert len(ports) > 50, "the dataset still has IANA's doubled names"
    app = app_factory(catalog=full)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for port in ports:
            app.main.search_text = str(port)
            await pilot.pause()
            rows = [row.split(maxsplit=1)[1] for row in shown_rows(app) if row.split()[0] == str(port)]
            assert len(set(rows)) == len(rows), (port, rows)


def card_lines(app: PortdeckApp) -> list[str]:
    card = app.main.detail_pane
    return [card.render_line(y).text.strip(" ▌") for y in range(card.virtual_size.height)]


async def test_the_detail_of_port_80_starts_no_line_with_a_dot(
    app_factory: Callable[..., PortdeckApp], full: Catalog
) -> None:
    app = app_factory(catalog=full)
    async with app.run_test(size=SMALL) as pilot:
        await type_query(pilot, "80")
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.service == "http"
        lines = card_lines(app)
        assert any("·" in line for line in lines), "the facts line is there, wrapped"
        assert not [line for line in lines if line.startswith("·")], lines


@pytest.mark.parametrize("width", [20, 29, 40, 60, 80])
def test_no_wrapped_card_line_starts_with_a_dot(full: Catalog, width: int) -> None:
    entries: list[PortEntry] = list(full.entries[::5])
    for pinned in (False, True):
        for entry in entries:
            for part in entry_parts(entry, CardContext(pinned=pinned)):
                lines = [line.plain for line in wrap_items(part.content, width).wrap(width)]
                assert not [line for line in lines if line.startswith("·")], (entry, lines)
                kept = "".join("".join(lines).split()).replace("·", "")
                assert kept == "".join(part.content.plain.split()).replace("·", ""), "nothing lost or moved"


def test_a_line_that_wraps_nowhere_near_a_dot_is_left_alone() -> None:
    content = Content("Registered range (1024-49151) · tcp · service x")
    assert wrap_items(content, 80) is content
    assert wrap_items(Content("no dot at all, " * 10), 20).plain == "no dot at all, " * 10


async def test_an_empty_pinned_tab_and_its_detail_pane_agree(app: PortdeckApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await type_query(pilot, "ssh")
        while app.main.active_tab != "pinned":
            await pilot.press("ctrl+right")
        await settle(pilot)
        shown = len(app.main.result.entries)
        listed = str(app.query_one("#empty").render())
        assert f"No matches in Pinned; {shown} in other tabs." in listed
        detail = "\n".join(card_lines(app))
        assert "No entry" not in detail
        assert f"{shown} in other tabs" in detail.replace("\n", " ")
