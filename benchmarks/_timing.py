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


def command_ms(argv: Sequence[str], repeat: int = 21, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole command (a new process each time), in milliseconds."""
    environment = {**os.environ, **(env or {})}
    subprocess.run(argv, capture_output=True, env=environment)  # warm the OS file cache
    return median_ms(lambda: subprocess.run(argv, capture_output=True, env=environment), repeat)


def python_command(code: str) -> list[str]:
    return [sys.executable, "-c", code]
