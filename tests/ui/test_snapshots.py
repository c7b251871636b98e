"""SVG snapshots of the main views over the small fixture catalog.

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from portdeck.ui.app import PortdeckApp


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


VIEWS = {
    "start": [],
    "search": list("ssh"),
    "security": list("23"),
    "dynamic_tab": ["ctrl+left"],
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
