"""The copy menu `C`, and tmux asked once in a worker, never in the key handler (issue 22, item 10)."""

from __future__ import annotations

import threading

import pytest

from portdeck.ui import clipboard
from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.copy_menu import CopyMenu, copy_choices

from .conftest import ENTRIES
from .helpers import SIZE, settle, type_query, wait_for


def test_the_menu_offers_port_host_port_service_and_check_commands() -> None:
    ssh = ENTRIES[0]
    assert copy_choices(ssh, "db.example.org") == [
        ("port", "22"),
        ("host:port", "db.example.org:22"),
        ("service name", "ssh"),
        ("check command", "ssh -v db.example.org"),
        ("check command", "nc -vz db.example.org 22"),
    ]
    assert ("host:port", "[::1]:22") in copy_choices(ssh, "::1")
    assert ("check command", "ssh -v HOST") in copy_choices(ssh, None)


async def test_capital_c_opens_the_menu_and_copies_the_choice(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "C")
        await wait_for(pilot, lambda: isinstance(app.screen, CopyMenu), "the copy menu")
        await pilot.press("down", "enter")  # the service name (no host checked yet: no host:port)
        await settle(pilot)
        assert not isinstance(app.screen, CopyMenu)
        assert app.clipboard == "ssh"


async def test_tmux_is_asked_once_in_a_worker_not_in_the_key_handler(
    app: PortdeckApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def ask() -> str:
        asked.append(threading.current_thread() is threading.main_thread())
        return "off"

    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    monkeypatch.setattr(clipboard, "tmux_set_clipboard", ask)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("enter", "c", "c")
        await settle(pilot)
        assert asked == [False]  # once, off the UI thread
        assert app.main.tmux_clipboard == "off"
