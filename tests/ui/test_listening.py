"""Listening sockets in the TUI: real sockets on 127.0.0.1, injected ones, and the OS saying no."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import psutil
import pytest

if TYPE_CHECKING:
    from tests.conftest import BindFirstFree
from textual.widgets import Static

from portdeck.dataset import Catalog, DatasetError, PortEntry, Protocol, Source
from portdeck.dataset.loader import parse_dataset
from portdeck.listening import Listener, ListeningUnavailable
from portdeck.local_ports import UNKNOWN_TITLE
from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets.columns import EXPOSED_MARK, LISTENING_MARK, SECURITY_MARK

from .conftest import notices
from .helpers import SIZE, ports, row_text, settle, type_query

AppFactory = Callable[..., PortdeckApp]
TCP, UDP = Protocol.TCP, Protocol.UDP
FIXED = (
    Listener(22, TCP, "[::]:22", None, None),
    Listener(5432, TCP, "127.0.0.1:5432", 812, "postgres"),
    Listener(47011, UDP, "0.0.0.0:47011", 4242, "devd"),
)


@pytest.fixture
def sockets(catalog: Catalog, bind_first_free: BindFirstFree) -> Iterator[tuple[int, int]]:
    """A TCP listener on a port the fixture catalog knows, a bound UDP socket on one it does not."""
    known = bind_first_free([2222, 3306, 5432, 6432, 8080, *range(6000, 6064)], socket.SOCK_STREAM)
    unknown = bind_first_free((p for p in range(47000, 48000) if not catalog.at(p)), socket.SOCK_DGRAM)
    try:
        yield known.getsockname()[1], unknown.getsockname()[1]
    finally:
        known.close()
        unknown.close()


def messages(app: PortdeckApp) -> list[str]:
    return [n.message for n in notices(app)]


def live_rows(app: PortdeckApp) -> list[str]:
    """The port of every row showing the listening mark (its own column after the marks)."""
    view = app.main.results_view
    return [e.port_label for i, e in enumerate(view.entries) if row_text(view, i)[2] == LISTENING_MARK]


def card(app: PortdeckApp, part: str) -> str:
    return app.main.detail_pane.text_of(part)


async def test_real_sockets_are_marked_listed_and_explained(
    app_factory: AppFactory, catalog: Catalog, sockets: tuple[int, int]
) -> None:
    tcp_port, udp_port = sockets
    [known] = list(catalog.at(tcp_port))
    app = app_factory(listeners=None)  # the real local_listeners()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert known.port_label in live_rows(app)
        await pilot.press(*["ctrl+left"])  # the last tab
        await settle(pilot)
        assert app.main.active_tab == "listening"
        listed = {e.port: e for e in app.main.results_view.entries}
        assert listed[known.port] == known
        stranger = listed[udp_port]
        assert stranger.source is Source.UNKNOWN and stranger.title == UNKNOWN_TITLE
        assert stranger.protocols == (UDP,)
        assert app.main.range_tabs.counts["listening"] == len(app.main.results_view.entries)
        # The unknown row is drawn as such, and its detail says who holds it.
        index = list(app.main.results_view.entries).index(stranger)
        assert row_text(app.main.results_view, index).startswith("?")
        app.main.results_view.cursor = index
        await settle(pilot)
        assert "Unknown" in card(app, "source")
        assert f"udp 127.0.0.1:{udp_port}" in card(app, "listening")
        assert f"[{os.getpid()}]" in card(app, "listening")
        # The known entry: its detail pane shows the local address and this process.
        app.main.results_view.move_to(known)
        await settle(pilot)
        assert f"tcp 127.0.0.1:{tcp_port}" in card(app, "listening")
        assert f"[{os.getpid()}]" in card(app, "listening")
        # A number query finds the unknown port in the Listening tab too.
        await type_query(pilot, str(udp_port))
        assert ports(app) == [str(udp_port)]


async def test_a_vacant_number_that_is_listening_says_so(app_factory: AppFactory) -> None:
    app = app_factory(listeners=lambda: FIXED)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "47011")
        assert app.main.detail_pane.vacancy is not None
        assert "udp 0.0.0.0:47011 devd[4242]" in card(app, "listening")


async def test_fixed_listeners_mark_rows_and_fill_the_tab(app_factory: AppFactory) -> None:
    app = app_factory(listeners=lambda: FIXED)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert live_rows(app) == ["22", "5432"]
        assert app.main.range_tabs.counts["listening"] == 3
        await type_query(pilot, "ssh")  # the hidden process: only the address
        assert "tcp [::]:22" in card(app, "listening")
        assert "[" not in card(app, "listening").split("[::]:22")[1]
        await pilot.press("ctrl+left")
        await settle(pilot)
        assert ports(app) == ["22"]
        await pilot.press("escape")
        await type_query(pilot, "devd")  # an unknown port matches by its process name
        assert ports(app) == ["47011"]


async def test_the_listening_tab_of_everything_lists_ranges_covering_a_socket(
    app_factory: AppFactory,
) -> None:
    # 6010 lies inside X11's 6000-6063; 9999 is a port no entry knows.
    sockets = (
        *FIXED,
        Listener(6010, TCP, "127.0.0.1:6010", None, "Xorg"),
        Listener(9999, TCP, "[::]:9999", None, None),
    )
    app = app_factory(listeners=lambda: sockets)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+left")
        await settle(pilot)
        assert ports(app) == ["22", "5432", "6000-6063", "9999", "47011"]


async def test_refresh_reads_the_sockets_again(app_factory: AppFactory) -> None:
    reads: list[tuple[Listener, ...]] = [(), FIXED[:1]]
    app = app_factory(listeners=lambda: reads.pop(0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.range_tabs.counts["listening"] == 0
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.main.range_tabs.counts["listening"] == 1
        assert "1 port listening on this machine" in messages(app)
        assert live_rows(app) == ["22"]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ListeningUnavailable("the OS refused to list sockets (access denied)"), "access denied"),
        (RuntimeError("psutil exploded"), "RuntimeError: psutil exploded"),
    ],
)
async def test_unavailable_listening_drops_the_tab_and_says_why(
    app_factory: AppFactory, error: Exception, reason: str
) -> None:
    asked = threading.Event()

    def refuse() -> tuple[Listener, ...]:
        asked.wait(5)
        raise error

    app = app_factory(listeners=refuse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+left")  # to the Listening tab before the answer comes back
        assert app.main.active_tab == "listening"
        assert "Reading the sockets" in str(app.query_one("#empty", Static).render())
        asked.set()
        await settle(pilot)
        assert "listening" not in {spec.id for spec in app.main.tab_specs}
        assert "Listening" not in app.main.range_tabs.render().plain
        assert app.main.active_tab == "all"
        [notice] = [n for n in notices(app) if n.title == "Listening"]
        assert reason in notice.message and notice.severity == "warning"
        view = app.main.results_view
        assert view.columns.marks == 3  # source, pin and risk: no listening column
        assert row_text(view, 0)[view.columns.marks + 1 :].split()[0] == "22"  # no listening column at all
        assert app.check_action("refresh_listening", ()) is False
        await pilot.press("ctrl+r", "ctrl+left")
        await settle(pilot)
        assert app.is_running and app.main.active_tab == "pinned"


async def test_psutil_access_denied_becomes_a_notification(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real reader, with psutil refusing as it does on macOS without root."""
    import psutil

    def denied(kind: str = "inet") -> list[object]:
        raise psutil.AccessDenied(msg="permission denied")

    monkeypatch.setattr(psutil, "net_connections", denied)
    app = app_factory(listeners=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "listening" not in {spec.id for spec in app.main.tab_specs}
        assert any("refused to list sockets" in m for m in messages(app))


def test_data_files_cannot_claim_the_unknown_source(tmp_path: object) -> None:
    document = (
        b'[[entry]]\nport = 80\nprotocols = ["tcp"]\nservice = "http"\ntitle = "Web"\nsource = "unknown"\n'
    )
    with pytest.raises(DatasetError, match="unknown source 'unknown'"):
        parse_dataset(document, tmp_path / "ports.toml")  # type: ignore[operator]


async def test_the_listening_tab_shows_each_socket_and_what_is_exposed(
    app_factory: AppFactory, bind_first_free: BindFirstFree
) -> None:
    """Real sockets: one on every interface, one on loopback only; both entries have a security note."""
    wide = bind_first_free(range(47100, 47900), socket.SOCK_STREAM, host="0.0.0.0")
    local = bind_first_free(range(48100, 48900), socket.SOCK_STREAM)
    try:
        wide_port, local_port = wide.getsockname()[1], local.getsockname()[1]
        note = "Gives a shell to whoever connects."
        catalog = Catalog.of(
            [
                PortEntry(
                    wide_port, wide_port, (TCP,), "wide-svc", "Service on every interface", security=note
                ),
                PortEntry(local_port, local_port, (TCP,), "local-svc", "Service on loopback", security=note),
            ]
        )
        app = app_factory(catalog=catalog, listeners=None)  # the machine's real sockets
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+left")
            await settle(pilot)
            view = app.main.results_view
            assert app.main.active_tab == "listening" and view.listening_columns
            rows = {e.port: row_text(view, i) for i, e in enumerate(view.entries)}
            header = view.render_line(0).text.split()
            assert header[:5] == ["Port", "Proto", "Address", "Process", "User"]
            assert rows[wide_port][3] == EXPOSED_MARK and f"0.0.0.0:{wide_port}" in rows[wide_port]
            assert rows[local_port][3] == SECURITY_MARK and f"127.0.0.1:{local_port}" in rows[local_port]
            process = psutil.Process()
            assert f"{process.name()}[{os.getpid()}]"[:16] in rows[local_port]
            assert process.username()[:8] in rows[local_port]
            legend = view.border_subtitle or ""
            assert "▲ exposed" in legend or "▲exposed" in legend
    finally:
        wide.close()
        local.close()


async def test_the_listening_tab_reads_the_sockets_again_while_shown(app_factory: AppFactory) -> None:
    reads: list[int] = []

    def source() -> tuple[Listener, ...]:
        reads.append(1)
        return FIXED

    app = app_factory(listeners=source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(reads) == 1
        await pilot.press("ctrl+left")
        await settle(pilot)
        timer = app.main.listening_refresh
        assert timer is not None, "the tab refreshes on a timer while it is shown"
        await pilot.press("ctrl+left")
        await settle(pilot)
        assert app.main.listening_refresh is None, "and stops when it is left"


async def test_a_program_that_is_not_the_one_expected_is_named_in_the_detail(
    app_factory: AppFactory, catalog: Catalog
) -> None:
    ssh = catalog.at(22)[0]
    expecting = Catalog.of(
        [ssh._replace(processes=("sshd",)), *(e for e in catalog if e.port != 22)],
        catalog.reserved,
        catalog.vocabulary,
    )
    sockets = (Listener(22, TCP, "0.0.0.0:22", 4121, "nc", "bob"),)
    app = app_factory(catalog=expecting, listeners=lambda: sockets)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        assert "unexpected: nc on 22, where sshd is expected" in card(app, "listening")


async def test_the_palette_suggests_free_ports(app_factory: AppFactory) -> None:
    app = app_factory(listeners=lambda: FIXED)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.suggest_free_ports()
        await settle(pilot)
        (notice,) = [n for n in notices(app) if n.title == "Free ports"]
        ports_offered = [int(p) for p in notice.message.splitlines()[0].split(", ")]
        assert len(ports_offered) == 5 and not notice.markup
        assert "browsers allow it" in notice.message


async def test_a_broad_range_is_not_marked_for_a_socket_inside_it(
    app_factory: AppFactory, catalog: Catalog
) -> None:
    broad = PortEntry(
        1025,
        5000,
        (TCP, UDP),
        "ms-rpc-dynamic",
        "Windows dynamic ports before Vista",
        Source.UNOFFICIAL,
        security="Ephemeral ports of old Windows.",
    )
    with_range = Catalog.of([*catalog, broad], catalog.reserved, catalog.vocabulary)
    sockets = (Listener(2024, TCP, "0.0.0.0:2024", 77, "devserver"),)
    app = app_factory(catalog=with_range, listeners=lambda: sockets)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        marks = app.marks
        assert marks.listeners_for(broad) == ()
        await type_query(pilot, "1025-5000")
        assert "1025-5000" in ports(app) and "1025-5000" not in live_rows(app)
