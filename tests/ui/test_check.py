"""`t` in the TUI: ask for a host, check the highlighted port in a worker, show the result; Esc cancels."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from textual.widgets import Input

from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.host_prompt import HostPrompt

from .helpers import catalog_for, settle, type_query, wait_for, wait_for_palette_hit

AppFactory = Callable[..., PortdeckApp]


@pytest.fixture
def banner_port() -> Iterator[int]:
    """A server on 127.0.0.1 that says hello; another that accepts and never speaks."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"SSH-2.0-test\r\n")
                time.sleep(0.2)

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


async def test_t_asks_for_a_host_and_shows_the_result(app_factory: AppFactory, banner_port: int) -> None:
    app = app_factory(catalog=catalog_for(banner_port))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, str(banner_port))
        await pilot.press("enter", "t")
        await settle(pilot)
        assert isinstance(app.screen, HostPrompt) and isinstance(app.focused, Input)
        app.focused.value = ""
        await pilot.press(*"127.0.0.1", "enter")
        card = app.main.detail_pane
        await wait_for(pilot, lambda: "open in" in card.text_of("check"), "the check's result")
        text = card.text_of("check")
        assert f"Checked: 127.0.0.1:{banner_port}: open in" in text and "Banner: SSH-2.0-test" in text
        assert "ssh-keyscan 127.0.0.1" in card.text_of("checks"), "the commands are written for that host now"
        assert app.settings.values["check_host"] == "127.0.0.1"
        await pilot.press("t")  # the host is remembered
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.value == "127.0.0.1"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HostPrompt)


async def test_esc_cancels_a_check_and_the_ui_never_blocks(app_factory: AppFactory) -> None:
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
            await wait_for(
                pilot, lambda: "Checking" in app.main.detail_pane.text_of("check"), "the progress line"
            )
            await pilot.press("down")  # the UI answers while the check runs
            await pilot.press("escape")
            await wait_for(
                pilot, lambda: "cancelled" in app.main.detail_pane.text_of("check"), "the cancellation"
            )
            assert app.main.search_text == str(port), "Esc stopped the check, it did not clear the search"


async def test_a_bad_host_is_explained_in_the_prompt(app_factory: AppFactory, banner_port: int) -> None:
    app = app_factory(catalog=catalog_for(banner_port))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(pilot, str(banner_port))
        await pilot.press("enter", "t")
        await settle(pilot)
        app.focused.value = "not a host!"  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HostPrompt)
        assert "is not a host name or address" in str(app.screen.query_one("#host-problem").render())


def test_the_tui_starts_without_loading_the_check_code(
    tmp_path: object, child_env: Callable[..., dict[str, str]]
) -> None:
    code = (
        "import asyncio, sys\n"
        "from portdeck.dataset import load_catalog\n"
        "from portdeck.ui.app import make_app\n"
        "async def main():\n"
        "    app = make_app(load_catalog(), listeners=tuple)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "    assert not [m for m in sys.modules if m.startswith('portdeck.check')], 'check code loaded'\n"
        "asyncio.run(main())\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        timeout=120,
        env=child_env(PORTDECK_CACHE_DIR=f"{tmp_path}/cache", PORTDECK_DATA_DIR=f"{tmp_path}/data"),
    )


async def test_the_command_palette_offers_the_check(app_factory: AppFactory, banner_port: int) -> None:
    app = app_factory(catalog=catalog_for(banner_port))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, str(banner_port))
        await pilot.press("ctrl+p", *"check port")
        await wait_for_palette_hit(pilot, "Check this port on a host")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HostPrompt), "the palette's check asks for the host, as t does"
