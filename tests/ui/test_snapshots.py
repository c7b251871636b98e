"""SVG snapshots of the main views over the small fixture catalog.

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from portdeck.dataset import Protocol
from portdeck.listening import Listener
from portdeck.ui.app import PortdeckApp


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


VIEWS = {
    "start": [],
    "search": list("ssh"),
    "security": list("23"),
    "dynamic_tab": ["ctrl+left"] * 3,
    "list_focus": [*"http", "enter", "j"],
    "empty": list("zzzq"),
    "unassigned": list("4999"),
    "help": ["f1"],
    "entry_screen": [*"postgres", "enter", "enter"],
}


@pytest.mark.parametrize("view", VIEWS)
def test_main_views(snap_compare: Callable[..., bool], app_factory: Callable[[], PortdeckApp], view: str) -> None:
    assert snap_compare(app_factory(), press=VIEWS[view], terminal_size=(100, 30), run_before=_settle)


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
def test_sizes(
    snap_compare: Callable[..., bool], app_factory: Callable[[], PortdeckApp], size: tuple[int, int]
) -> None:
    assert snap_compare(app_factory(), press=list("ssh"), terminal_size=size, run_before=_settle)


# Fixed sockets, so the snapshots never depend on what listens on the machine running them.
LISTENERS = (
    Listener(22, Protocol.TCP, "0.0.0.0:22", None, None),
    Listener(22, Protocol.TCP, "[::]:22", None, None),
    Listener(5432, Protocol.TCP, "127.0.0.1:5432", 812, "postgres"),
    Listener(47011, Protocol.UDP, "0.0.0.0:47011", 4242, "devd"),
)
MARKED_VIEWS = {
    # 5432 pinned and listening, the cursor left on it, the list focused
    "pinned_and_listening": [*"pg", "enter", "f", "escape", "enter", "j", "j", "j", "j", "j", "j", "j"],
    "listening_tab": ["ctrl+left", "enter", "end"],
    "pinned_tab": [*"ssh", "enter", "f", "escape", *"telnet", "enter", "f", "escape", "ctrl+left", "ctrl+left"],
}


@pytest.mark.parametrize("view", MARKED_VIEWS)
def test_marked_views(snap_compare: Callable[..., bool], app_factory: Callable[..., PortdeckApp], view: str) -> None:
    app = app_factory(listeners=lambda: LISTENERS)
    assert snap_compare(app, press=MARKED_VIEWS[view], terminal_size=(100, 30), run_before=_settle)
