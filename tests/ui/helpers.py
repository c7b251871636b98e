"""What the UI tests share: the size they run at, waiting without fixed sleeps, reading rows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.command import CommandList
from textual.pilot import Pilot

from portdeck.dataset import Catalog, PortEntry, Protocol
from portdeck.ui.app import PortdeckApp
from portdeck.ui.widgets import ResultsView

SIZE = (100, 30)


async def settle(pilot: Pilot[None]) -> None:
    """Let messages, workers and the next refresh finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], object], what: str, timeout: float = 10.0
) -> None:
    """Let the app run until `condition()` holds: no fixed sleeps that are too short on a slow machine."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_for_palette_hit(pilot: Pilot[None], text: str) -> None:
    """The command palette searches its providers in the background: wait until its first hit has `text`."""

    def first_hit() -> str:
        hits = pilot.app.screen.query(CommandList)
        if not hits or not hits.first().option_count:
            return ""
        prompt = hits.first().get_option_at_index(0).prompt
        return getattr(prompt, "plain", str(prompt))

    await wait_for(pilot, lambda: text in first_hit(), f"a palette hit with {text!r}")


async def type_query(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def ports(app: PortdeckApp) -> list[str]:
    return [entry.port_label for entry in app.main.results_view.entries]


def row_text(view: ResultsView, index: int) -> str:
    """The text of one rendered row (y=0 is the header)."""
    return view.render_line(index + 1 - round(view.scroll_y)).text


def catalog_for(port: int) -> Catalog:
    """A catalog of one entry: a test SSH server on `port`, with a check command to rewrite."""
    entry = PortEntry(
        port, port, (Protocol.TCP,), "test-ssh", "A test SSH server", checks=("ssh-keyscan HOST",)
    )
    return Catalog.of([entry])
