"""The app served to visitors (`--serve --public`) is a reference only: no live check, no
Listening tab, and pins and settings kept for the session, never written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from portdeck.ui.app import PortdeckApp

from .helpers import SIZE, settle, type_query

AppFactory = Callable[..., PortdeckApp]


def read_nothing() -> tuple[()]:
    raise AssertionError("the public app read the server's sockets")


async def test_no_listening_tab_and_no_sockets_read(app_factory: AppFactory) -> None:
    app = app_factory(public=True, listeners=read_nothing)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "listening" not in [spec.id for spec in app.main.tab_specs]
        assert app.marks.listening is None


async def test_no_live_check(app_factory: AppFactory) -> None:
    app = app_factory(public=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter")  # the list
        await settle(pilot)
        assert app.main.check_action("check", ()) is False
        await pilot.press("t")
        await settle(pilot)
        assert not any(type(screen).__name__ == "HostPrompt" for screen in app.screen_stack)
        app.main.action_check()
        await settle(pilot)
        assert not any(type(screen).__name__ == "HostPrompt" for screen in app.screen_stack)


async def test_pins_live_for_the_session_and_no_file_is_written(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    os.environ["PORTDECK_DATA_DIR"] = str(data)
    try:
        app = app_factory(public=True)
        async with app.run_test(size=SIZE) as pilot:
            await type_query(pilot, "ssh")
            await pilot.press("enter", "f")
            await settle(pilot)
            assert app.pin_store.pins
    finally:
        del os.environ["PORTDECK_DATA_DIR"]
    assert not data.exists() or not any(data.iterdir())
