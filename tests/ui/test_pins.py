"""Pinned entries in the TUI: the f key, the ★ mark, the Pinned tab, and what survives a restart."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from portdeck.dataset import Catalog
from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets.results import PIN_MARK

from .conftest import notices
from .helpers import SIZE, ports, row_text, settle, type_query, wait_for_palette_hit

AppFactory = Callable[..., PortdeckApp]


def messages(app: PortdeckApp) -> list[str]:
    return [n.message for n in notices(app)]


def footer_descriptions(app: PortdeckApp) -> list[str]:
    return [b.binding.description for b in app.active_bindings.values() if b.binding.show and b.enabled]


def marked_rows(app: PortdeckApp) -> list[str]:
    """The port of every row that shows the pin mark (the second cell)."""
    view = app.main.results_view
    return [e.port_label for i, e in enumerate(view.entries) if row_text(view, i)[1] == PIN_MARK]


async def pin(pilot: Pilot[None], query: str) -> None:
    """Search, go to the list and press f on the first row."""
    await pilot.press("slash", "escape")  # to the search box, and clear it
    await type_query(pilot, query)
    await pilot.press("enter", "f")
    await settle(pilot)


async def test_f_pins_marks_the_row_and_fills_the_pinned_tab(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        assert "Pin" not in footer_descriptions(app)  # in the search box, f is a letter
        await pilot.press("enter")
        await settle(pilot)
        assert "Pin" in footer_descriptions(app)
        await pilot.press("f")
        await settle(pilot)
        assert "Pinned 5432 postgresql" in messages(app)
        assert marked_rows(app) == ["5432"]
        assert app.main.range_tabs.counts["pinned"] == 1
        assert "★ pinned" in app.main.detail_pane.text_of("facts")
        await pin(pilot, "ssh")
        await pilot.press("escape", "escape")  # an empty query: the Pinned tab lists every pin
        await settle(pilot)
        assert sorted(marked_rows(app), key=int) == ["22", "5432"]
        await pilot.press("ctrl+left", "ctrl+left")
        await settle(pilot)
        assert app.main.active_tab == "pinned"
        assert ports(app) == ["22", "5432"]
        assert "Pinned 2" in app.main.range_tabs.render().plain
        await type_query(pilot, "pg")  # with a query: the pinned entries among the matches
        assert ports(app) == ["5432"]
        assert app.main.range_tabs.counts["pinned"] == 1


async def test_unpinning_in_the_pinned_tab_removes_the_row(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pin(pilot, "ssh")
        await pin(pilot, "telnet")
        await pilot.press("escape", "escape", "ctrl+left", "ctrl+left", "enter", "f")
        await settle(pilot)
        assert "Unpinned 22 ssh" in messages(app)
        assert ports(app) == ["23"]
        assert app.main.highlighted_entry is not None and app.main.highlighted_entry.port == 23
        await pilot.press("f")
        await settle(pilot)
        assert ports(app) == []
        assert "Nothing pinned yet" in str(app.query_one("#empty", Static).render())


async def test_pins_persist_across_two_app_instances(app_factory: AppFactory, private_data_dir: Path) -> None:
    first = app_factory()
    async with first.run_test(size=SIZE) as pilot:
        await pin(pilot, "pgbouncer")
    saved = json.loads((private_data_dir / "pins.json").read_text())
    assert [(p["port"], p["service"]) for p in saved["pins"]] == [(6432, "pgbouncer")]

    second = app_factory()
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert marked_rows(second) == ["6432"]
        assert second.main.range_tabs.counts["pinned"] == 1
        await pin(pilot, "pgbouncer")  # unpin in the second window
        assert "Unpinned 6432 pgbouncer" in messages(second)
    assert json.loads((private_data_dir / "pins.json").read_text())["pins"] == []


async def test_a_corrupt_pins_file_is_moved_aside_and_reported(
    app_factory: AppFactory, private_data_dir: Path
) -> None:
    (private_data_dir / "pins.json").write_text('{"format": 1, "pins": [{"port": ')
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [warning] = [n for n in notices(app) if n.title == "Your files"]
        assert warning.severity == "warning"
        assert "was corrupt" in warning.message and "pins.corrupt-" in warning.message
        assert app.main.range_tabs.counts["pinned"] == 0
        await pin(pilot, "ssh")  # pinning still works, into a fresh file
    [aside] = private_data_dir.glob("pins.corrupt-*.json")
    assert aside.read_text() == '{"format": 1, "pins": [{"port": '
    assert json.loads((private_data_dir / "pins.json").read_text())["pins"][0]["port"] == 22


async def test_a_failed_save_is_reported(app_factory: AppFactory, private_data_dir: Path) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def full_disk(document: object) -> None:
            raise OSError(28, "No space left on device")

        app.pin_store.file.write = full_disk  # type: ignore[method-assign]
        await pin(pilot, "ssh")
        assert any("No space left on device" in m for m in messages(app))
        assert marked_rows(app) == ["22"]  # pinned for this session
    assert not (private_data_dir / "pins.json").exists()


async def test_no_entry_no_pin(app: PortdeckApp, catalog: Catalog) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "zzzq")
        await pilot.press("tab")  # out of the search box (the empty list is skipped)
        assert app.main.check_action("toggle_pin", ()) is None
        app.main.action_toggle_pin()
        await settle(pilot)
        assert app.main.range_tabs.counts["pinned"] == 0


async def test_palette_pins_the_highlighted_entry(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "mysql")
        await pilot.press("ctrl+p", *"pin or unpin")
        await wait_for_palette_hit(pilot, "Pin or unpin")
        await pilot.press("enter")
        await settle(pilot)
        assert "Pinned 3306 mysql" in messages(app)
        assert marked_rows(app) == ["3306"]


@pytest.mark.parametrize("size", [(40, 12), (20, 8)])
async def test_pinning_at_tiny_sizes(app: PortdeckApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pin(pilot, "ssh")
        assert app.main.range_tabs.counts["pinned"] == 1
        assert app.is_running
