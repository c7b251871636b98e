"""Wall time of one-shot lookups, against `python -c pass` (and whatportis, if given).

Run: python benchmarks/bench_cli.py [--whatportis PATH/TO/whatportis]

Every query runs with its output piped; `portdeck 22` also on a pseudo-terminal,
where it prints the styled table a user sees.

whatportis downloads the IANA CSV on first use; with no network here, the benchmark
fills its database from the project's own copy of the same CSV, in a throwaway HOME.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import command_ms

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "sources" / "iana-service-names-port-numbers.csv"
QUERIES = (["22"], ["postgress"], ["8000-8100"], ["udp", "53"])


def seed_whatportis(command: Path, home: Path) -> None:
    python = command.parent / "python"
    script = (
        "import sys, whatportis.cli as cli\n"
        "class Response: content = open(sys.argv[1], 'rb').read()\n"
        "cli.requests.get = lambda url: Response()\n"
        "cli.populate_db()\n"
    )
    subprocess.run(
        [str(python), "-c", script, str(CSV)], check=True, env={"HOME": str(home)}, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--whatportis", type=Path, help="a whatportis command to compare with")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    portdeck = Path(sys.executable).with_name("portdeck")
    with tempfile.TemporaryDirectory() as cache:
        env = {"PORTDECK_CACHE_DIR": cache, "PORTDECK_CONFIG": str(Path(cache) / "none.toml")}
        subprocess.run([str(portdeck), "22"], env=env, capture_output=True)  # fill the cache
        bare = command_ms([sys.executable, "-c", "pass"], args.repeat, env)
        print(f"python -c pass: {bare:6.1f} ms (baseline)")
        for query in QUERIES:
            took = command_ms([str(portdeck), *query], args.repeat, env)
            print(f"portdeck {' '.join(query):12s} {took:6.1f} ms  {took / bare:4.2f}x baseline  (piped)")
        # On a terminal the output is a styled table rather than tab-separated lines.
        took = command_ms([str(portdeck), "22"], args.repeat, env, terminal=True)
        print(f"portdeck 22           {took:6.1f} ms  {took / bare:4.2f}x baseline  (on a terminal)")

    if args.whatportis:
        with tempfile.TemporaryDirectory() as home:
            seed_whatportis(args.whatportis, Path(home))
            env = {"HOME": home}
            took = command_ms([str(args.whatportis), "22"], args.repeat, env)
            print(f"whatportis 22          {took:6.1f} ms  {took / bare:4.2f}x baseline")
    elif shutil.which("whatportis") is None:
        print("(whatportis not given: pass --whatportis PATH to compare)")


if __name__ == "__main__":
    main()
