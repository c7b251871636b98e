"""Issue 23 in the app: the Footer's keys do not pile up, Esc says "cancelled" at once, a hostile
settings file stays out of the terminal, and each store's warnings are shown once (issue 22)."""

from __future__ import annotations

import gc
import json
import socket
import time
from collections.abc import Callable
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.help import HelpScreen
from portdeck.ui.screens.host_prompt import HostPrompt
from portdeck.userdata.pins import PinStore
from portdeck.userdata.settings import Settings

from .conftest import notices
from .helpers import SIZE, catalog_for, settle, type_query, wait_for

AppFactory = Callable[..., PortdeckApp]


def live(kind: type) -> int:
    """How many objects of `kind` are alive (start-up's, frozen by the app, are not counted)."""
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, kind))


# -- 8: a long session stays flat ------------------------------------------------------------


async def test_opening_and_closing_the_help_200_times_keeps_the_widget_count_flat(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: gc.get_freeze_count() > 0, "start-up frozen")
        for _ in range(5):  # the first opens build what every later one reuses
            await pilot.press("f1")
            await pilot.press("escape")
        await settle(pilot)
        keys, widgets = live(FooterKey), live(Widget)
        for _ in range(200):
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
        await settle(pilot)
        # Textual 8.2.8 alone: +12 FooterKeys an open, 2,400 more here, each with its styles.
        assert live(FooterKey) <= keys + 12, (keys, live(FooterKey))
        assert live(Widget) <= widgets + 20, (widgets, live(Widget))


async def test_switching_tabs_and_focus_120_times_keeps_the_widget_count_flat(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+right", "tab", "shift+tab")
        await settle(pilot)
        keys = live(FooterKey)
        for _ in range(40):  # before the fix: +12 FooterKeys every focus or tab change
            await pilot.press("ctrl+right", "tab", "shift+tab")
        await settle(pilot)
        assert live(FooterKey) <= keys + 12, (keys, live(FooterKey))


# -- 17: Esc on a running check --------------------------------------------------------------


async def test_esc_says_cancelled_at_once(app_factory: AppFactory) -> None:
    with socket.socket() as silent:  # accepts, never speaks: the check waits for a banner
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        app = app_factory(catalog=catalog_for(port))
        async with app.run_test(size=(100, 30)) as pilot:
            await type_query(pilot, str(port))
            await pilot.press("enter", "t")
            await settle(pilot)
            app.focused.value = "127.0.0.1"  # type: ignore[union-attr]
            await pilot.press("enter")
            card = app.main.detail_pane
            await wait_for(pilot, lambda: "Checking" in card.text_of("check"), "the progress line")
            time.sleep(0.3)  # connected: the check now waits for a banner (up to 1 s)
            await pilot.press("escape")
            await pilot.pause()
            assert "cancelled" in card.text_of("check"), card.text_of("check")
            assert "Checking" not in card.text_of("check")


# -- 5: settings.json is a file like any other ------------------------------------------------

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"


async def test_a_hostile_last_host_never_reaches_the_prompt(app_factory: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "settings.json").write_text(json.dumps({"format": 1, "check_host": OSC52}))
    app = app_factory(catalog=catalog_for(4444), settings=Settings(folder), pins=PinStore(folder))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "check_host" not in app.settings.values
        await type_query(pilot, "4444")
        await pilot.press("enter", "t")
        await settle(pilot)
        assert isinstance(app.screen, HostPrompt) and isinstance(app.focused, Input)
        assert app.focused.value == ""


# -- issue 22, item 11: each store's warnings, once -------------------------------------------


async def test_each_store_s_warnings_are_shown_once_in_turn(app_factory: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "stores"
    folder.mkdir()
    pins, settings = PinStore(folder), Settings(folder)
    app = app_factory(pins=pins, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = lambda: [n.message for n in notices(app) if n.title == "Your files"]  # noqa: E731
        settings.warnings.append("settings: first")
        app.show_store_warnings()
        pins.warnings.append("pins: first")
        app.show_store_warnings()
        settings.warnings.append("settings: second")
        pins.warnings.append("pins: second")
        app.show_store_warnings()
        app.show_store_warnings()
        assert shown() == ["settings: first", "pins: first", "pins: second", "settings: second"]
