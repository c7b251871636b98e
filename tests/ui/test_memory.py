"""The collector waits for a pause in typing, and is left as it was when the app ends."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

from portdeck.ui import memory
from portdeck.ui.app import PortdeckApp
from portdeck.ui.memory import IDLE_SECONDS, CollectorPolicy

from .helpers import SIZE, settle, type_query, wait_for


async def test_the_app_freezes_start_up_and_puts_the_collector_back(
    app_factory: Callable[..., PortdeckApp],
) -> None:
    threshold = gc.get_threshold()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: gc.get_freeze_count() > 0, "start-up frozen once the app is warm")
        assert gc.get_threshold()[2] > threshold[2], "no full collection in the middle of typing"
        await type_query(pilot, "ssh")
        assert app.main.results_view.entries
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


def test_a_full_collection_waits_for_a_pause_in_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(memory.time, "monotonic", lambda: now[0])
    collections: list[int] = []

    def collect(generation: int = 2) -> int:
        collections.append(generation)
        return 0

    monkeypatch.setattr(memory.gc, "collect", collect)
    monkeypatch.setattr(memory.gc, "freeze", lambda: None)
    monkeypatch.setattr(memory.gc, "unfreeze", lambda: None)
    policy = CollectorPolicy()
    try:
        policy.settle()
        collections.clear()
        assert not policy.collect_if_idle(), "nothing typed: nothing to collect"
        policy.note_input()
        now[0] += IDLE_SECONDS / 2
        assert not policy.collect_if_idle(), "still typing"
        now[0] += IDLE_SECONDS
        assert policy.collect_if_idle() and collections == [2]
        now[0] += 10 * IDLE_SECONDS
        assert not policy.collect_if_idle(), "once per pause"
    finally:
        policy.restore()
