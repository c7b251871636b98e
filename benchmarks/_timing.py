"""Small timing helpers shared by the benchmark scripts: medians, never means."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple


def median_ms(run: Callable[[], object], repeat: int = 15) -> float:
    """Median wall time of `run()` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Command(NamedTuple):
    """A whole command to time: its output piped, or with `terminal` on a pseudo-terminal."""

    argv: Sequence[str]
    env: dict[str, str] = {}
    terminal: bool = False

    def run(self) -> None:
        environment = {**os.environ, **self.env}
        if not self.terminal:
            subprocess.run(self.argv, capture_output=True, env=environment)
            return
        primary, secondary = os.openpty()
        try:
            subprocess.run(self.argv, stdout=secondary, stderr=secondary, env=environment)
        finally:
            os.close(secondary)
            os.close(primary)


def commands_ms(commands: Mapping[str, Command], repeat: int = 21) -> dict[str, float]:
    """Median wall time of each command (a new process each time), in milliseconds.

    The commands take turns, round after round: a shared machine's speed drifts by tens
    of percent over a minute, and taking turns gives every command the same drift, so
    the ratios between them hold where the absolute figures do not.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        command.run()  # warm the OS file cache
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            command.run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def command_ms(argv: Sequence[str], repeat: int = 21, env: dict[str, str] | None = None) -> float:
    """Median wall time of one whole command, piped, in milliseconds."""
    return commands_ms({"it": Command(argv, env or {})}, repeat)["it"]


def python_command(code: str) -> list[str]:
    """`python -c code`, importing the installed portdeck: -P keeps the current folder (a
    checkout, whose modules would be compiled on every run) off sys.path."""
    return [sys.executable, "-P", "-c", code]
