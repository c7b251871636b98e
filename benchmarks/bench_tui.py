"""How fast the TUI starts and answers a keystroke, on the full dataset.

Run: python benchmarks/bench_tui.py [--runs N]

1. Start-up: each run launches a new Python process that builds the app and runs it
   headless, and reports when the first frame is up (Textual's `Ready` event, sent
   once the first full frame has been rendered). portdeck's first frame is complete:
   results, tab counts and the detail pane (the child checks). portdeck (dataset
   loaded from the cache, exactly as the CLI does) is measured against a bare
   Textual app with an Input, a DataTable and a Footer, alternating, in the same run.
   Both run from compiled bytecode, as after any install: the children write it to a
   private cache (PYTHONPYCACHEPREFIX) on the warm-up launch, even where
   PYTHONDONTWRITEBYTECODE is set. Without that, portdeck (an editable checkout)
   would compile its ~30 modules on every launch while Textual loads its .pyc from
   site-packages. --inherit-bytecode-setting runs the children as the shell would.
2. Keystrokes: with Pilot, typing product names and port numbers (a different one each
   round), the time from a key press to the end of the first frame that shows the new
   matches, and to the end of the first frame that also shows the new top entry's card
   (the card follows the list by a frame, as fzf's preview follows its list; the same
   frame when the top entry did not change).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _timing import percentile

CHILD = r"""
import sys, time
mode = sys.argv[1]
marks = {}

def report():
    print(marks["ready"], flush=True)

if mode == "bare":
    from textual.app import App
    from textual.widgets import DataTable, Footer, Input

    class Base(App):
        def compose(self):
            yield Input(placeholder="Search")
            yield DataTable()
            yield Footer()

        def on_mount(self):
            self.query_one(DataTable).add_columns("Port", "Proto", "Service", "Title")
else:
    from portdeck.cache_files import trust_signed_only
    from portdeck.dataset import load_catalog
    from portdeck.ui.app import PortdeckApp as Base

    trust_signed_only()  # as the CLI does before it starts the app: only signed caches
    catalog = load_catalog()

class Timed(Base):
    def on_ready(self):
        marks["ready"] = time.monotonic()
        if mode != "bare":  # the first frame must already show the results and the detail
            assert self.results_view.entries and self.detail_pane.entry is not None
        self.exit()

app = Timed() if mode == "bare" else Timed(catalog)
app.run(headless=True, size=(100, 30))
report()
"""


def launch(mode: str, env: dict[str, str] | None = None) -> float:
    """Milliseconds from process launch to the first frame."""
    start = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True, env=env
    )
    return (float(out.stdout.split()[-1]) - start) * 1000


def startup(runs: int, inherit_bytecode_setting: bool = False) -> None:
    from portdeck.dataset import load_catalog

    load_catalog()  # make sure the cache exists, as it does on every start but the first
    env: dict[str, str] | None = None
    bytecode_dir = None
    if inherit_bytecode_setting:
        bytecode = "as the environment says" + (
            " (not written)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
        )
    else:
        bytecode_dir = tempfile.mkdtemp(prefix="bench_tui_pyc_")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = bytecode_dir
        bytecode = "compiled on the warm-up launch into a private cache"
    try:
        for mode in ("bare", "portdeck"):
            launch(mode, env)  # warm the OS file cache and the bytecode
        times: dict[str, list[float]] = {"bare": [], "portdeck": []}
        for _ in range(runs):
            for mode in ("bare", "portdeck"):
                times[mode].append(launch(mode, env))
    finally:
        if bytecode_dir is not None:
            shutil.rmtree(bytecode_dir, ignore_errors=True)
    print(f"start-up, {runs} runs each, ms from process launch to the first frame (bytecode: {bytecode}):")
    medians = {}
    for mode, label in (("bare", "bare Input+DataTable+Footer"), ("portdeck", "portdeck (full dataset)")):
        medians[mode] = statistics.median(times[mode])
        print(f"  {label:30} median {medians[mode]:7.1f}   min {min(times[mode]):7.1f}")
    print(f"  ratio portdeck/bare: {medians['portdeck'] / medians['bare']:.3f}x (target <= 1.15x)")


async def keystrokes(rounds: int) -> None:
    from textual.screen import Screen

    from portdeck.dataset import PortEntry, load_catalog
    from portdeck.search import SearchEngine
    from portdeck.ui.app import make_app
    from portdeck.ui.widgets import EntryCard, ResultsView

    # Pilot's press()/pause() wait for the app to go idle, which includes fixed waits of their
    # own; so the latency is taken from the app: key press -> end of the first frame drawn
    # after the results view received the new matches.
    frames: list[float] = []
    updates: list[float] = []
    cards: list[float] = []
    compositor_refresh = Screen._compositor_refresh
    watch_entries = ResultsView.watch_entries
    show_card = EntryCard.show

    def timed_refresh(screen: Screen[object]) -> None:
        compositor_refresh(screen)
        frames.append(time.perf_counter())

    def timed_watch(view: ResultsView, entries: Sequence[PortEntry]) -> None:
        updates.append(time.perf_counter())
        watch_entries(view, entries)

    def timed_show(card: EntryCard, entry: PortEntry | None, *args: Any, **kwargs: Any) -> None:
        if entry is not card.entry:
            cards.append(time.perf_counter())
        show_card(card, entry, *args, **kwargs)

    # setattr: the timed versions stand in for the methods; mypy checks what they call.
    setattr(Screen, "_compositor_refresh", timed_refresh)  # noqa: B010
    setattr(ResultsView, "watch_entries", timed_watch)  # noqa: B010
    setattr(EntryCard, "show", timed_show)  # noqa: B010

    catalog = load_catalog()
    app = make_app(catalog)
    # "Search alone" times searching on an engine of its own, its kept answers forgotten each
    # time: the app's engine answers a query typed again from memory.
    probe = SearchEngine(catalog)
    probe.warm()
    # Each round types a different query, as a user does: typing one word again would find its
    # cards already drawn (the card keeps the last 64), which no first search enjoys.
    cases = {
        "words": [
            "postgresql",
            "kubernetes",
            "elasticsearch",
            "rabbitmq",
            "memcached",
            "grafana",
            "mosquitto",
        ],
        "port numbers": ["5432", "49152", "3389", "27017", "6443", "11211", "1883"],
    }
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()  # the fuzzy index is warm, as it is a moment after start
        await pilot.pause()
        print(f"keystroke -> updated results on screen, {len(catalog)} entries, {rounds} rounds (ms):")
        for label, texts in cases.items():
            samples: list[float] = []
            card_samples: list[float] = []
            search_samples: list[float] = []
            for round_ in range(rounds):
                text = texts[round_ % len(texts)]
                await pilot.press("escape")
                await pilot.pause()
                for index, key in enumerate(text):
                    frames.clear()
                    updates.clear()
                    cards.clear()
                    start = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    assert app.main.search_text == text[: index + 1] and updates
                    listed = next(f for f in frames if f > updates[-1])
                    samples.append((listed - start) * 1000)
                    carded = next(f for f in frames if f > cards[-1]) if cards else listed
                    card_samples.append((max(listed, carded) - start) * 1000)
                    probe.forget_answers()
                    start = time.perf_counter()
                    probe.search(text[: index + 1])
                    search_samples.append((time.perf_counter() - start) * 1000)
            print(
                f"  {label:14} median {statistics.median(samples):6.1f}  p95 {percentile(samples, 0.95):6.1f}"
                f"  max {max(samples):6.1f}   (search alone: median {statistics.median(search_samples):.2f})"
            )
            print(
                f"  {'  with card':14} median {statistics.median(card_samples):6.1f}"
                f"  p95 {percentile(card_samples, 0.95):6.1f}  max {max(card_samples):6.1f}"
            )
        first = app.main.results_view.highlighted
        print(
            f"  last query {app.main.search_text!r}: {len(app.main.results_view.entries)} rows, first {first.port_label if first else None}"
        )
    Screen._compositor_refresh = compositor_refresh  # type: ignore[method-assign]
    ResultsView.watch_entries = watch_entries  # type: ignore[method-assign]
    EntryCard.show = show_card  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="start-up runs per app (default 15)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="queries typed per case, a different one each round (default 5)"
    )
    parser.add_argument(
        "--inherit-bytecode-setting",
        action="store_true",
        help="run the start-up children with this shell's bytecode setting instead of a warm private cache",
    )
    args = parser.parse_args()
    startup(args.runs, args.inherit_bytecode_setting)
    asyncio.run(keystrokes(args.rounds))


if __name__ == "__main__":
    main()
