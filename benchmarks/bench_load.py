"""How long the dataset takes to be ready: parsers compared, cold and cached loads.

Run: python benchmarks/bench_load.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from pathlib import Path

import tomli

sys.path.insert(0, str(Path(__file__).parent))
from _timing import Command, commands_ms, median_ms, python_command

from portdeck.dataset import default_data_path, load_catalog


def main() -> None:
    path = Path(default_data_path())
    text = path.read_text(encoding="utf-8")
    catalog = load_catalog(use_cache=False)
    print(f"dataset: {path} ({len(text) / 1e6:.2f} MB, {len(catalog)} entries)")

    with_tomllib = median_ms(lambda: tomllib.loads(text), 9)
    with_tomli = median_ms(lambda: tomli.loads(text), 9)
    print(f"parse only, tomllib (stdlib): {with_tomllib:7.1f} ms")
    print(f"parse only, tomli:            {with_tomli:7.1f} ms  ({with_tomllib / with_tomli:.1f}x faster)")

    cold = median_ms(lambda: load_catalog(use_cache=False), 9)
    print(f"cold load (parse + validate + index): {cold:7.1f} ms")

    with tempfile.TemporaryDirectory() as cache:
        os.environ["PORTDECK_CACHE_DIR"] = cache
        load_catalog()  # writes the cache
        warm = median_ms(load_catalog, 21)
        print(f"warm load (unchanged file, from cache): {warm:7.1f} ms  (target <= 60 ms)")
        # The cached catalog builds entries as they are read; search's word index reads all.
        every = median_ms(lambda: load_catalog().entries, 21)
        print(f"warm load, then every entry built:      {every:7.1f} ms")

        env = {"PORTDECK_CACHE_DIR": cache}
        times = commands_ms(
            {
                "bare": Command(python_command("pass"), env),
                "ready": Command(
                    python_command("from portdeck.dataset import load_catalog; load_catalog()"), env
                ),
            }
        )
        bare, ready = times["bare"], times["ready"]
        print(
            f"process: python -c pass {bare:.1f} ms; python loading the dataset {ready:.1f} ms "
            f"(+{ready - bare:.1f} ms, {ready / bare:.2f}x)"
        )


if __name__ == "__main__":
    main()
