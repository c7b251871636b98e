"""Bad input and bad surroundings: arbitrary text in the search box, a clipboard that cannot be
reached, warnings from start-up, terminals resized after start."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from portdeck import cli
from portdeck.dataset import Catalog, Protocol
from portdeck.listening import Listener
from portdeck.ui import app as app_module
from portdeck.ui.app import PortdeckApp

from .conftest import notices
from .helpers import SIZE, row_text, settle, type_query

AppFactory = Callable[..., PortdeckApp]


def notifications(app: PortdeckApp) -> list[tuple[str, str]]:
    return [(n.severity, n.message) for n in notices(app)]


# -- arbitrary text in the search box ----------------------------------------------------

# What a person can type: any character but control codes and lone surrogates (a terminal
# sends control keys as key names, and the app's own keys take them).
typed = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30)
# What a paste can hold: anything, long, with control characters and several lines.
pasted = st.text(st.characters(exclude_categories=["Cs"]), max_size=3000)


def assert_sensible(app: PortdeckApp) -> None:
    """The app runs, the box and the search agree, and the screen shows rows or says why not."""
    assert app.is_running
    assert app.main.search_text == app.main.search_input.value
    assert app.sub_title
    if app.screen.has_class("-empty"):
        assert str(app.query_one("#empty", Static).render()).strip()
    else:
        assert app.main.results_view.entries
        assert row_text(app.main.results_view, 0).strip()


async def type_like_a_terminal(pilot: Pilot[None], text: str) -> None:
    """One key event per character, as a terminal sends printable keys: the character itself.

    (Pilot.press takes key names, and cannot turn every name back into its character.)
    The key's name only matters to bindings, which the search box's typing never reaches.
    """
    for char in text:
        pilot.app.post_message(events.Key(char if char.isalnum() else f"u{ord(char):04x}", char))
    await settle(pilot)


# No shrinking: each example starts an app, and shrinking one failure can take minutes;
# the failing example is reported as found.
@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=typed, paste=pasted)
async def test_arbitrary_text_typed_and_pasted_into_the_search_box(
    app_factory: AppFactory, text: str, paste: str
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await type_like_a_terminal(pilot, text)
        # The box takes what is printable (an unassigned code point is not), like in a terminal.
        text = "".join(char for char in text if char.isprintable())
        assert app.main.search_text == text
        assert_sensible(app)
        app.main.search_input.post_message(events.Paste(paste))
        await settle(pilot)
        assert_sensible(app)
        if paste.strip("\n\r"):  # the box takes the first line of a paste
            assert app.main.search_text.startswith(text)


# -- the clipboard ------------------------------------------------------------------------


@pytest.fixture
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TMUX", "STY", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)


async def copy_postgres(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "postgres")
        await pilot.press("enter", "c")
        await settle(pilot)


async def test_a_failed_write_to_the_terminal_is_reported(app: PortdeckApp, plain_terminal: None) -> None:
    def broken(text: str) -> None:
        raise OSError(5, "Input/output error")

    app.copy_to_clipboard = broken  # type: ignore[method-assign]
    await copy_postgres(app)
    [(severity, message)] = notifications(app)
    assert severity == "warning"
    assert message.startswith("Not copied: writing to the terminal failed")
    assert "Select 5432 with the mouse" in message and "\n" not in message


async def test_a_terminal_known_to_ignore_osc52_is_named(
    app: PortdeckApp, plain_terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    await copy_postgres(app)
    [(severity, message)] = notifications(app)
    assert severity == "warning"
    assert "macOS Terminal ignores clipboard requests" in message


@pytest.fixture
def fake_tmux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """A `tmux` command on PATH that answers `show-options -gv set-clipboard` with a setting."""

    def install(setting: str) -> None:
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        command = folder / "tmux"
        command.write_text(f'#!/bin/sh\n[ "$*" = "show-options -gv set-clipboard" ] && echo {setting}\n')
        command.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
        monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")

    return install


@pytest.mark.parametrize("setting", ["off", "external"])
async def test_inside_tmux_with_set_clipboard_off_the_copy_says_what_to_set(
    app: PortdeckApp, plain_terminal: None, fake_tmux: Callable[[str], None], setting: str
) -> None:
    fake_tmux(setting)
    await copy_postgres(app)
    [(severity, message)] = notifications(app)
    assert severity == "warning"
    assert f"set-clipboard is {setting}" in message and "set -g set-clipboard on" in message


async def test_inside_tmux_with_set_clipboard_on_the_copy_is_one_plain_line(
    app: PortdeckApp, plain_terminal: None, fake_tmux: Callable[[str], None]
) -> None:
    fake_tmux("on")
    await copy_postgres(app)
    [(severity, message)] = notifications(app)
    assert (severity, message) == ("information", "Copied 5432 (sent to the terminal's clipboard, OSC 52)")
    assert app.clipboard == "5432"


# -- warnings from start-up --------------------------------------------------------------


async def test_warnings_given_to_the_app_are_notified(app_factory: AppFactory) -> None:
    warning = "/home/me/.config/portdeck/ports.toml:7: entry #2: unknown key 'colour'"
    app = app_factory(listeners=tuple, warnings=[warning])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ("warning", warning) in notifications(app)
        [notice] = [n for n in notices(app) if n.message == warning]
        assert notice.timeout is not None and notice.timeout >= 10


def test_the_command_sends_personal_file_warnings_to_the_tui(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`portdeck` with a broken ports file: the warning reaches run_tui, not stderr."""
    broken = tmp_path / "ports.toml"
    broken.write_text("[[entry]\nport = 1\n")
    seen: list[tuple[str, ...]] = []
    monkeypatch.setattr(app_module, "run_tui", lambda catalog, warnings=(), **_: seen.append(tuple(warnings)))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)  # as if run in a terminal
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert cli.main(["--config", str(broken)]) == 0
    [warnings] = seen
    assert len(warnings) == 1 and str(broken) in warnings[0]
    assert capsys.readouterr().err == ""


def test_run_tui_passes_warnings_to_the_app(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[PortdeckApp] = []
    monkeypatch.setattr(PortdeckApp, "run", lambda self, *a, **k: started.append(self))
    app_module.run_tui(catalog, ["a warning"])
    [app] = started
    assert app._startup_warnings == ("a warning",)


# -- sizes after start --------------------------------------------------------------------


async def test_resize_to_tiny_and_back_keeps_marks_and_cursor(app_factory: AppFactory) -> None:
    listeners = (Listener(443, Protocol.TCP, "0.0.0.0:443", None, None),)
    app = app_factory(listeners=lambda: listeners)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "http")
        await pilot.press("enter", "j", "f")  # 443: pinned and listening
        await settle(pilot)
        for size in [(40, 12), (20, 8), (12, 5), (1, 1), (100, 30)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.is_running
            assert app.main.highlighted_entry is not None and app.main.highlighted_entry.port == 443
        line = row_text(app.main.results_view, 1)
        assert line[1] == "★" and line[2] == "●" and "443" in line  # marks: source, pin, listening, risk
        assert "0.0.0.0:443" in app.main.detail_pane.text_of("listening")
