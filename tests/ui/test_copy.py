"""The copy menu `C`, and tmux asked once in a worker, never in the key handler (issue 22, item 10)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from portdeck import system_clipboard
from portdeck.ui import clipboard
from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.copy_menu import CopyMenu, copy_choices

from .conftest import ENTRIES, Notice, notices
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
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
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


# -- beyond OSC 52: the system clipboard tool, run in a worker ----------------------------

TMUX = "/tmp/tmux-1000/default,1,0"
MAC_TERMINAL = "Not copied: macOS Terminal ignores clipboard requests from apps (OSC 52)"


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH is this folder alone, and no display, multiplexer or terminal is known to the app."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))  # alone: a real xclip on this machine is never run
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "STY", "TERM_PROGRAM", "SSH_CONNECTION"):
        monkeypatch.delenv(name, raising=False)
    return folder


def fake_tool(folder: Path, name: str, body: str | None = None) -> Path:
    """An executable `name` that saves its arguments and stdin next to itself (or runs `body`)."""
    saved = folder / f"{name}.stdin"
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$@" > "{saved}.argv"\n' + (body or f'exec /bin/cat > "{saved}"\n'))
    script.chmod(0o755)
    return saved


def copy_notices(app: PortdeckApp) -> list[Notice]:
    return [n for n in notices(app) if n.message.startswith(("Copied", "Not copied"))]


async def copy_postgres(pilot: Pilot[None], key: str = "c") -> Notice:
    """Copy 5432 from the list as a user would; the one notice that says what happened."""
    app: PortdeckApp = pilot.app  # type: ignore[assignment]
    await type_query(pilot, "postgres")
    await pilot.press("enter", key)
    await wait_for(pilot, lambda: copy_notices(app), "the copy notice")
    [notice] = copy_notices(app)
    assert not notice.markup  # copied texts are not ours: never read as markup
    return notice


@pytest.mark.parametrize(
    ("tool", "variable", "arguments"),
    [
        ("xclip", "DISPLAY", "-selection clipboard"),
        ("xsel", "DISPLAY", "--clipboard --input"),
        ("wl-copy", "WAYLAND_DISPLAY", ""),
    ],
)
async def test_the_system_clipboard_tool_gets_the_text_and_is_named(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch, tool: str, variable: str, arguments: str
) -> None:
    saved = fake_tool(bin_dir, tool)
    monkeypatch.setenv(variable, ":0" if variable == "DISPLAY" else "wayland-0")
    async with app.run_test(size=SIZE) as pilot:
        notice = await copy_postgres(pilot)
    assert (notice.severity, notice.message) == ("information", f"Copied 5432 ({tool})")
    assert saved.read_text() == "5432"
    assert Path(f"{saved}.argv").read_text().strip() == arguments  # the text never on the command line
    assert app.clipboard == "5432"  # OSC 52 (and the app's own paste) still got it


async def test_the_copy_menu_goes_through_the_tool_too(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = fake_tool(bin_dir, "xclip")
    monkeypatch.setenv("DISPLAY", ":0")
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        await pilot.press("enter", "C")
        await wait_for(pilot, lambda: isinstance(app.screen, CopyMenu), "the copy menu")
        await pilot.press("down", "enter")  # the service name
        await wait_for(pilot, lambda: copy_notices(app), "the copy notice")
    assert [n.message for n in copy_notices(app)] == ["Copied postgresql (xclip)"]
    assert saved.read_text() == "postgresql"


async def test_where_osc52_cannot_work_the_tool_still_copies(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = fake_tool(bin_dir, "xclip")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    async with app.run_test(size=SIZE) as pilot:
        notice = await copy_postgres(pilot)
    assert (notice.severity, notice.message) == ("information", "Copied 5432 (xclip)")
    assert saved.read_text() == "5432"


async def test_with_no_tool_where_osc52_cannot_work_the_warning_remains(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")  # a display, but no clipboard tool installed
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    async with app.run_test(size=SIZE) as pilot:
        notice = await copy_postgres(pilot)
    assert (notice.severity, notice.message) == ("warning", f"{MAC_TERMINAL}. Select 5432 with the mouse.")


async def test_inside_tmux_that_drops_osc52_the_text_goes_to_its_buffer(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = fake_tool(bin_dir, "tmux")
    monkeypatch.setenv("TMUX", TMUX)
    monkeypatch.setattr(clipboard, "tmux_set_clipboard", lambda: "off")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.main.tmux_clipboard == "off", "the tmux probe")
        notice = await copy_postgres(pilot)
    assert (notice.severity, notice.message) == ("information", "Copied 5432 (tmux buffer)")
    assert saved.read_text() == "5432"
    assert Path(f"{saved}.argv").read_text().strip() == "load-buffer -w -"


async def test_inside_tmux_that_passes_osc52_on_its_buffer_is_left_alone(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = fake_tool(bin_dir, "tmux")
    monkeypatch.setenv("TMUX", TMUX)
    monkeypatch.setattr(clipboard, "tmux_set_clipboard", lambda: "on")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.main.tmux_clipboard == "on", "the tmux probe")
        notice = await copy_postgres(pilot)
    # With set-clipboard on, tmux makes a buffer of the OSC 52 text itself: no second one.
    assert notice.message == "Copied 5432 (sent to the terminal's clipboard, OSC 52)"
    assert not saved.exists()


async def test_a_tool_that_hangs_neither_freezes_the_app_nor_claims_a_copy(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = bin_dir / "started"
    fake_tool(bin_dir, "xclip", f': > "{started}"\nexec /bin/sleep 30\n')
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    monkeypatch.setattr(system_clipboard, "TIMEOUT", 1.5)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        await pilot.press("enter", "c")
        await wait_for(pilot, started.exists, "xclip to start")
        await pilot.press("slash")  # while xclip hangs, a key still works: back to the search box
        await wait_for(pilot, lambda: app.focused is app.main.search_input, "the search box")
        assert copy_notices(app) == []  # nothing claimed while the tool has not answered
        await wait_for(pilot, lambda: copy_notices(app), "the copy notice")
    [notice] = copy_notices(app)
    assert (notice.severity, notice.message) == (
        "warning",
        f"{MAC_TERMINAL}; copying with xclip failed (no answer in 1.5 s). Select 5432 with the mouse.",
    )


async def test_a_tool_that_fails_is_named_beside_the_unconfirmed_osc52(
    app: PortdeckApp, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tool(bin_dir, "xclip", "exit 1\n")  # e.g. no access to the X server
    monkeypatch.setenv("DISPLAY", ":0")
    async with app.run_test(size=SIZE) as pilot:
        notice = await copy_postgres(pilot)
    assert (notice.severity, notice.message) == (
        "warning",
        "Copied 5432 (sent to the terminal's clipboard, OSC 52); copying with xclip failed (exit status 1)",
    )
