"""Text portdeck did not write, in the TUI: entries with markup in them, process names that are
escape sequences, personal and pins files that are no files. Shown as written, never obeyed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from portdeck import cli
from portdeck.dataset import Catalog, PortEntry, Protocol
from portdeck.listening import Listener
from portdeck.ui import app as app_module
from portdeck.ui.app import PortdeckApp

from .conftest import ENTRIES, RESERVED, VOCABULARY, notices
from .helpers import SIZE, row_text, settle, type_query, wait_for_palette_hit

if TYPE_CHECKING:
    from tests.conftest import HostileListener

AppFactory = Callable[..., PortdeckApp]
TCP = Protocol.TCP

# Markup Textual would act on if it were read as markup: a closing tag with nothing open (a
# MarkupError), a link, an action that quits the app, a style.
BROKEN_TAG = "bad[/]"
LINK = "[link=https://example.invalid]open me[/link]"
ACTION = "[@click=app.quit]quit[/] [b]bold[/b]"
HOSTILE = PortEntry(
    4711,
    4711,
    (TCP,),
    BROKEN_TAG,
    LINK,
    description=ACTION,
    security="[red]not red[/red]",
    aliases=("[i]alias[/i]",),
)
PROCESS = "\x1b]0;PWN\x07sh"  # an OSC "set window title", then a name
USER = "\x9b2Jroot"  # an 8-bit CSI "erase the screen"


@pytest.fixture
def hostile_catalog() -> Catalog:
    return Catalog.of((*ENTRIES, HOSTILE), RESERVED, VOCABULARY)


def screen_svg(app: PortdeckApp) -> str:
    """The screen as the user sees it (Textual's own screenshot)."""
    return app.export_screenshot()


async def test_markup_in_entries_is_shown_as_written(
    app_factory: AppFactory, hostile_catalog: Catalog
) -> None:
    app = app_factory(catalog=hostile_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "4711")
        view, card = app.main.results_view, app.main.detail_pane
        assert BROKEN_TAG in row_text(view, 0) and "[link=https://example" in row_text(view, 0)
        assert card.text_of("description") == ACTION
        assert card.text_of("security").endswith("[red]not red[/red]")
        assert "Also known as: [i]alias[/i]" in card.text_of("more")
        await pilot.press("tab", "f")  # pin it: the notification names it as written
        await settle(pilot)
        [pinned] = [n for n in notices(app) if n.message.startswith("Pinned 4711")]
        assert pinned.message == f"Pinned 4711 {BROKEN_TAG}" and not pinned.markup
        assert app.is_running, "the [@click=app.quit] in the description did nothing"


async def test_markup_in_entries_is_literal_in_the_command_palette(
    app_factory: AppFactory, hostile_catalog: Catalog
) -> None:
    app = app_factory(catalog=hostile_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"4711")
        await wait_for_palette_hit(pilot, f"Go to port 4711 ({LINK})")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.highlighted_entry == HOSTILE
        assert app.is_running


async def test_a_hostile_process_name_is_shown_escaped(app_factory: AppFactory) -> None:
    listeners = (Listener(5432, TCP, "0.0.0.0:5432", 4242, PROCESS, USER),)
    app = app_factory(listeners=lambda: listeners)
    async with app.run_test(size=(120, 30)) as pilot:
        await type_query(pilot, "5432")
        listening = app.main.detail_pane.text_of("listening")
        assert "\\x1b]0;PWN\\x07sh[4242]" in listening and "\\x9b2Jroot" in listening
        await pilot.press("ctrl+left")  # the Listening tab
        await settle(pilot)
        assert app.main.active_tab == "listening"
        row = row_text(app.main.results_view, 0)
        assert "\\x1b]0;PWN" in row and "\\x9b2J" in row
        shown = screen_svg(app)
        assert "PWN" in shown and "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown


async def test_a_real_process_named_as_an_escape_sequence(
    app_factory: AppFactory, catalog: Catalog, hostile_listener: HostileListener
) -> None:
    """A real program on 127.0.0.1 whose name is an OSC sequence, read from the OS."""
    app = app_factory(listeners=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+left")
        await settle(pilot)
        view = app.main.results_view
        # The row of the entry that names the port: a range (mosh's 60000-61000) when the OS
        # handed the server a port inside one, as it does for ~4 % of its ephemeral ports.
        port = hostile_listener.port
        index = next(i for i, entry in enumerate(view.entries) if entry.port <= port <= entry.end)
        assert "\\x1b]0;PWN" in row_text(view, index)


@pytest.mark.parametrize("kind", ["fifo", "nested", "folder"])
def test_a_personal_file_that_cannot_be_read_becomes_a_tui_warning(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "ports.toml"
    if kind == "fifo":
        os.mkfifo(mine)
    elif kind == "nested":
        mine.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    else:
        mine.mkdir()
    seen: list[tuple[str, ...]] = []
    monkeypatch.setattr(app_module, "run_tui", lambda catalog, warnings=(), **_: seen.append(tuple(warnings)))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert cli.main(["--config", str(mine)]) == 0, "the app starts with the rest of the data"
    [(warning,)] = seen
    assert str(mine) in warning and "\n" not in warning
    assert capsys.readouterr().err == ""


async def test_a_pins_file_that_is_a_fifo_is_reported_and_left_alone(
    app_factory: AppFactory, private_data_dir: Path
) -> None:
    pins = private_data_dir / "pins.json"
    os.mkfifo(pins)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [warning] = [n for n in notices(app) if n.title == "Your files"]
        assert str(pins) in warning.message and "named pipe" in warning.message
        await type_query(pilot, "ssh")
        await pilot.press("tab", "f")  # pins for this session; the FIFO is never replaced
        await settle(pilot)
        assert app.main.range_tabs.counts["pinned"] == 1
    assert pins.is_fifo()
