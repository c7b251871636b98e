"""Time the search engine as a user types: every prefix of realistic queries.

Usage: python benchmarks/bench_search.py [--rounds N]

Each round clears the engine's per-word caches and then types every query one
character at a time, so every keystroke is timed cold, as in the app (earlier
words of a multi-word query are cached there too). Prints the entry count, the
median and p95 per keystroke, the slowest queries, and the cost of a cold
`SearchEngine(catalog)` + `warm()`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import percentile

QUERIES = [
    "postgresql",
    "kubernetes",
    "elasticsearch",
    "ssh",
    "remote desktop",
    "sql server",
    "kerbros",
    "postgress",
    "mongo",
    "http",
    "mail",
    "5432",
    "8080",
    "443",
    "8000-8100",
    "8000..8100",
    "udp 53",
    "tcp ssh",
]


def prefixes(query: str) -> list[str]:
    return [query[:n] for n in range(1, len(query) + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="times every prefix is typed (default 30)")
    args = parser.parse_args()

    from portdeck.dataset import load_catalog

    catalog = load_catalog()  # warms the dataset cache, which is not what we time
    from portdeck.search import SearchEngine

    # Cold costs. The first warm() also pays the rapidfuzz import, once per process.
    constructions = []
    for _ in range(101):
        start = time.perf_counter()
        engine = SearchEngine(catalog)
        constructions.append(time.perf_counter() - start)
    built = statistics.median(constructions)
    start = time.perf_counter()
    engine.search("22")
    numeric = time.perf_counter() - start
    start = time.perf_counter()
    engine.warm()
    first_warm = time.perf_counter() - start
    warms = []
    for _ in range(5):
        start = time.perf_counter()
        SearchEngine(catalog).warm()
        warms.append(time.perf_counter() - start)

    timings: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        engine.clear_cache()
        for query in QUERIES:
            for text in prefixes(query):
                start = time.perf_counter()
                engine.search(text)
                timings.setdefault(text, []).append(time.perf_counter() - start)

    every = [t for ts in timings.values() for t in ts]
    medians = {text: statistics.median(ts) for text, ts in timings.items()}
    ms = 1000
    print(f"entries: {len(catalog)}   distinct keystrokes: {len(timings)}   rounds: {args.rounds}")
    median, p95 = statistics.median(every), percentile(every, 0.95)
    print(f"per keystroke: median {median * ms:.2f} ms  p95 {p95 * ms:.2f} ms  max {max(every) * ms:.1f} ms")
    print(
        f"SearchEngine(catalog): {built * ms:.3f} ms   first search('22'): {numeric * ms:.2f} ms"
        " (builds the entries of 22 and of the ports that start with 22)"
    )
    print(
        f"warm(): first {first_warm * ms:.1f} ms (with the rapidfuzz import), then median "
        f"{statistics.median(warms) * ms:.1f} ms for a new engine"
    )
    print("slowest keystrokes (median):")
    for text, median in sorted(medians.items(), key=lambda item: -item[1])[:10]:
        print(f"  {median * ms:6.2f} ms  {text!r}")


if __name__ == "__main__":
    main()
