"""The Listening tab's rows (issue 24): the unexpected mark, what is new since a baseline, the
socket's own cells at 80x24, and `a`: copy, open, command line, stop. A real child process
listens on 127.0.0.1 (TCP and UDP); nothing here touches any other address."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from textual.widgets import OptionList, Static

from portdeck.baseline import save_baseline
from portdeck.dataset import Catalog, PortEntry, Protocol
from portdeck.dataset.model import COMMON
from portdeck.listening import Listener, local_listeners
from portdeck.local_ports import process_label
from portdeck.ui.app import PortdeckApp
from portdeck.ui.screens.socket_menu import (
    COMMAND_LINE,
    COPY,
    OPEN,
    STOP,
    BaselinePrompt,
    CommandLineScreen,
    ConfirmStop,
    SocketMenu,
)
from portdeck.ui.widgets.columns import LISTENING_MARK, NEW_MARK, UNEXPECTED_MARK

from .conftest import notices
from .helpers import row_text, settle, wait_for, wait_for_palette_hit

AppFactory = Callable[..., PortdeckApp]
TCP, UDP = Protocol.TCP, Protocol.UDP
SERVER = (
    "import socket, time\n"
    "t = socket.socket(); t.bind(('127.0.0.1', 0)); t.listen()\n"
    "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0))\n"
    "print(t.getsockname()[1], u.getsockname()[1], flush=True)\n"
    "time.sleep(300)\n"
)


class Child:
    def __init__(self, process: subprocess.Popen[str], tcp: int, udp: int) -> None:
        self.process, self.tcp, self.udp = process, tcp, udp
        self.name = psutil.Process(process.pid).name()

    @property
    def pid(self) -> int:
        return self.process.pid


@pytest.fixture
def child() -> Iterator[Child]:
    """A child process with a TCP listener and a bound UDP socket on 127.0.0.1."""
    process = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        tcp, udp = (int(port) for port in process.stdout.readline().split())
        yield Child(process, tcp, udp)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def catalog_for(catalog: Catalog, child: Child, **tcp_entry: object) -> Catalog:
    """The fixture catalog, an entry on the child's TCP port (expecting postgres, unless told)
    and a range of three ports around its UDP one."""
    low = child.udp - 1 if child.tcp != child.udp - 1 else child.udp
    high = child.udp + 1 if child.tcp != child.udp + 1 else child.udp
    fields: dict[str, object] = {"prominence": COMMON, "processes": ("postgres",)} | tcp_entry
    own = PortEntry(child.tcp, child.tcp, (TCP,), "pgx", "A database", **fields)  # type: ignore[arg-type]
    ranged = PortEntry(low, high, (TCP, UDP), "ranged", "A range of ports")
    return Catalog.of([*catalog, own, ranged], catalog.reserved, catalog.vocabulary)


async def open_listening(pilot: object, app: PortdeckApp, child: Child) -> None:
    """The Listening tab, once the child's sockets are in it, the cursor on its TCP row."""
    await settle(pilot)  # type: ignore[arg-type]
    app.main.show_tab("listening")
    view = app.main.results_view
    # The row, not only the socket: the tab's rows follow the read of the sockets a moment later.
    await wait_for(pilot, lambda: any(e.port == child.tcp for e in view.entries), "the child's row")  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    index = next(i for i, e in enumerate(view.entries) if e.port == child.tcp)
    view.cursor = index
    app.main.results_view.focus()
    await settle(pilot)  # type: ignore[arg-type]


def has_rows(app: PortdeckApp, *ports: int) -> bool:
    """Whether the Listening tab has a row for each of these sockets' ports."""
    shown = {found[0].port for e in app.main.results_view.entries if (found := app.marks.listeners_for(e))}
    return set(ports) <= shown


def row_of(app: PortdeckApp, port: int) -> str:
    view = app.main.results_view
    index = next(i for i, e in enumerate(view.entries) if app.marks.listeners_for(e)[0].port == port)
    view.cursor = index  # on screen, whatever the machine's other sockets
    return row_text(view, index)


async def test_at_80x24_a_row_shows_its_socket_and_the_unexpected_mark(
    app_factory: AppFactory, catalog: Catalog, child: Child
) -> None:
    app = app_factory(catalog=catalog_for(catalog, child), listeners=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_listening(pilot, app, child)
        view = app.main.results_view
        assert view.render_line(0).text.split()[:4] == ["Port", "Pro", "Address", "Process"]
        label = process_label(local_listeners_of(child.pid)[0])
        tcp_row = row_of(app, child.tcp)
        assert tcp_row[2:4] == LISTENING_MARK + UNEXPECTED_MARK  # a program other than postgres
        assert tcp_row[5:].split()[:4] == [str(child.tcp), "tcp", f"127.0.0.1:{child.tcp}", label[:15]]
        # Inside a range on tcp and udp: its own port, not the range; udp, not t/u.
        udp_row = row_of(app, child.udp)
        assert udp_row[5:].split()[:4] == [str(child.udp), "udp", f"127.0.0.1:{child.udp}", label[:15]]
        view.cursor = next(i for i, e in enumerate(view.entries) if e.port == child.tcp)
        await settle(pilot)
        assert f"unexpected: {child.name} on {child.tcp}, where postgres is expected" in (
            app.main.detail_pane.text_of("listening")
        )
        assert "≠unexpected" in (view.border_subtitle or "")
        await pilot.press("question_mark")
        await settle(pilot)
        legend = str(app.screen.query_one("#help-legend", Static).render())
        assert "≠" in legend and "unexpected" in legend and "new since the baseline" in legend


def local_listeners_of(pid: int) -> list[Listener]:
    return [sock for sock in local_listeners() if sock.pid == pid]


async def test_a_baseline_saved_before_the_listener_marks_it_new(
    app_factory: AppFactory, catalog: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "base.json"
    save_baseline(local_listeners(), path)
    saved_at = json.loads(path.read_text())["saved_at"]
    process = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        tcp, udp = (int(port) for port in process.stdout.readline().split())
        started = Child(process, tcp, udp)
        app = app_factory(catalog=catalog, listeners=None, baseline=str(path))
        async with app.run_test(size=(80, 24)) as pilot:
            await open_listening(pilot, app, started)
            await wait_for(pilot, lambda: app.marks.changes is not None, "the comparison")
            # Both rows, TCP and UDP: the tab's rows follow each read of the sockets a moment later.
            await wait_for(pilot, lambda: has_rows(app, tcp, udp), "the child's two rows")
            await settle(pilot)
            assert row_of(app, tcp)[2] == NEW_MARK and row_of(app, udp)[2] == NEW_MARK
            app.main.results_view.cursor = next(
                i for i, e in enumerate(app.main.results_view.entries) if e.port == tcp
            )
            await settle(pilot)
            assert f"new since baseline {path} (saved {saved_at})" in app.main.detail_pane.text_of(
                "listening"
            )
            changes = app.marks.changes
            assert changes is not None
            new = len(changes.appeared) + len(changes.changed)
            gone = len(changes.went_away) + len(changes.changed)
            assert new >= 2
            note = str(app.main.search_input.border_subtitle)
            assert f"{new} new, {gone} gone since base.json" in note
            [said] = [n for n in notices(app) if n.title == "Baseline"]
            assert f"{new} new (marked +), {gone} gone since" in said.message and not said.markup
    finally:
        process.kill()
        process.wait(10)
        process.stdout.close()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        ("{not json", "not JSON"),
        ('{"format": "portdeck-baseline", "version": 1, "listeners": [{"port": 99999}]}', "listener 1"),
    ],
)
async def test_a_bad_baseline_is_one_warning_naming_the_file(
    app_factory: AppFactory, tmp_path: Path, content: str | None, problem: str
) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content)
    app = app_factory(listeners=lambda: ())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The palette's command asks for the file.
        await pilot.press("ctrl+p")
        await pilot.press(*"compare listeners")
        await wait_for_palette_hit(pilot, "Compare listeners with a baseline")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BaselinePrompt), "the path prompt")
        await pilot.press(*str(path), "enter")
        await settle(pilot)
        assert app.main.active_tab == "listening"
        [warning] = [n for n in notices(app) if n.title == "Baseline"]
        assert warning.severity == "warning" and not warning.markup
        assert f"baseline {path}: " in warning.message and problem in warning.message
        assert app.marks.baseline is None and app.is_running


async def test_the_menu_offers_what_applies_and_copies(
    app_factory: AppFactory, catalog: Catalog, child: Child, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", open_url)
    web = catalog_for(catalog, child, tags=("web",), processes=())
    app = app_factory(catalog=web, listeners=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_listening(pilot, app, child)
        assert app.main.check_action("socket_menu", ()) is True
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, SocketMenu), "the socket menu")
        menu = app.screen
        assert isinstance(menu, SocketMenu)
        kinds = [(action.kind, action.value) for action in menu.actions]
        assert kinds == [
            (COPY, f"127.0.0.1:{child.tcp}"),
            (OPEN, f"http://127.0.0.1:{child.tcp}"),
            (COPY, str(child.pid)),
            (COMMAND_LINE, ""),
            (STOP, ""),
        ]
        assert str(menu.query_one(OptionList).get_option_at_index(4).prompt).startswith(
            f"Stop {child.name} (PID {child.pid})"
        )
        await pilot.press("enter")  # copy the address
        await settle(pilot)
        assert app.clipboard == f"127.0.0.1:{child.tcp}"
        await pilot.press("a", "down", "enter")  # open it
        await wait_for(pilot, lambda: opened, "the browser")
        assert opened == [f"http://127.0.0.1:{child.tcp}"]
        await pilot.press("a", "down", "down", "enter")  # copy the PID
        await settle(pilot)
        assert app.clipboard == str(child.pid)
        await pilot.press("a", "down", "down", "down", "enter")  # the command line
        await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen), "the command line")
        text = str(app.screen.query_one("#command-text", Static).render())
        assert "-c" in text and "socket.socket()" in text and "\\x0a" in text  # newlines shown, not obeyed
        await pilot.press("escape")
        # Elsewhere than the Listening tab the key is hidden.
        app.main.show_tab("all")
        await settle(pilot)
        assert app.main.check_action("socket_menu", ()) is False
        assert child.process.poll() is None


async def test_stop_asks_first_cancel_keeps_it_and_yes_ends_it(
    app_factory: AppFactory, catalog: Catalog, child: Child
) -> None:
    app = app_factory(catalog=catalog_for(catalog, child), listeners=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_listening(pilot, app, child)
        await pilot.press("a", "up", "enter")  # the last item: stop
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStop), "the confirmation")
        question = str(app.screen.query_one("#stop-question", Static).render())
        assert question.startswith(f"Stop {child.name} (PID {child.pid}) listening on ")
        assert str(child.tcp) in question and question.endswith("It gets SIGTERM.")
        await pilot.press("enter")  # the default: No
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmStop)
        with pytest.raises(subprocess.TimeoutExpired):
            child.process.wait(0.3)
        await pilot.press("a", "up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStop), "the confirmation")
        await pilot.press("escape")  # no, too
        await settle(pilot)
        assert child.process.poll() is None
        await pilot.press("a", "up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStop), "the confirmation")
        await pilot.press("down", "enter")  # yes
        assert child.process.wait(10) == -signal.SIGTERM
        await settle(pilot)
        assert f"Sent SIGTERM to {child.name} (PID {child.pid})." in [n.message for n in notices(app)]


async def test_a_process_already_gone_is_said_plainly(
    app_factory: AppFactory, catalog: Catalog, child: Child
) -> None:
    app = app_factory(catalog=catalog_for(catalog, child), listeners=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_listening(pilot, app, child)
        await pilot.press("a", "up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStop), "the confirmation")
        child.process.kill()
        child.process.wait(10)
        await pilot.press("y")
        await settle(pilot)
        assert f"{child.name} (PID {child.pid}) had already exited." in [n.message for n in notices(app)]
