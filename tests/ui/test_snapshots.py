"""SVG snapshots of the main views over the small fixture catalog.

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from portdeck.dataset import Protocol
from portdeck.listening import Listener
from portdeck.ui.app import PortdeckApp


def pressing(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """What to do before the picture: press the keys, let every worker finish, and clear the
    notifications the keys raised (toasts time out after seconds: a picture must not depend
    on how long the run took)."""

    async def run(pilot: Pilot[None]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run


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
def test_main_views(
    snap_compare: Callable[..., bool], app_factory: Callable[[], PortdeckApp], view: str
) -> None:
    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=pressing(*VIEWS[view]))


@pytest.mark.parametrize("size", [(80, 24), (60, 24), (60, 20), (50, 15)])
def test_sizes(
    snap_compare: Callable[..., bool], app_factory: Callable[[], PortdeckApp], size: tuple[int, int]
) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=pressing(*"ssh"))


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
    "pinned_tab": [
        *"ssh",
        "enter",
        "f",
        "escape",
        *"telnet",
        "enter",
        "f",
        "escape",
        "ctrl+left",
        "ctrl+left",
    ],
}


@pytest.mark.parametrize("view", MARKED_VIEWS)
def test_marked_views(
    snap_compare: Callable[..., bool], app_factory: Callable[..., PortdeckApp], view: str
) -> None:
    app = app_factory(listeners=lambda: LISTENERS)
    assert snap_compare(app, terminal_size=(100, 30), run_before=pressing(*MARKED_VIEWS[view]))
