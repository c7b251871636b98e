"""Small timing helpers shared by the benchmark scripts: medians, never means."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


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


def command_ms(
    argv: Sequence[str], repeat: int = 21, env: dict[str, str] | None = None, *, terminal: bool = False
) -> float:
    """Median wall time of a whole command (a new process each time), in milliseconds.

    Output is piped, or with `terminal` written to a pseudo-terminal, as in a user's shell.
    """
    environment = {**os.environ, **(env or {})}

    def run() -> None:
        if not terminal:
            subprocess.run(argv, capture_output=True, env=environment)
            return
        primary, secondary = os.openpty()
        try:
            subprocess.run(argv, stdout=secondary, stderr=secondary, env=environment)
        finally:
            os.close(secondary)
            os.close(primary)

    run()  # warm the OS file cache
    return median_ms(run, repeat)


def python_command(code: str) -> list[str]:
    return [sys.executable, "-c", code]
