"""Wall time of one-shot lookups, against `python -c pass` (and whatportis, if given).

Run: python benchmarks/bench_cli.py [--whatportis PATH/TO/whatportis]

Every query runs with its output piped; `portdeck 22` also on a pseudo-terminal,
where it prints the styled table a user sees, and with a five-entry personal ports
file (the cost of reading your own ports, against none).

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
from _timing import Command, command_ms, commands_ms

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "sources" / "iana-service-names-port-numbers.csv"
QUERIES = (
    ["22"],
    ["udp", "53"],
    ["8000-8100"],
    ["ldaps"],
    ["postgress"],
    ["remote", "desktop"],
    ["sql", "--tag", "database"],
    ["5432", "--json"],
    ["what", "port", "does", "smtp", "use"],
    ["couchdb", "https"],
    ["10.1.2.3:8080"],
    ["SRC=203.0.113.9 DST=10.0.0.5 PROTO=TCP SPT=51515 DPT=445"],
    ["pim"],
    ["zerologon"],
    ["kasm"],
)
PERSONAL = "".join(
    f'[[entry]]\nport = {port}\nprotocols = ["tcp"]\nservice = "team-{port}"\ntitle = "Team service {port}"\n'
    for port in (8443, 9001, 9443, 18080, 28080)
)


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

    portdeck = str(Path(sys.executable).with_name("portdeck"))
    with tempfile.TemporaryDirectory() as cache:
        env = {"PORTDECK_CACHE_DIR": cache, "PORTDECK_CONFIG": str(Path(cache) / "none.toml")}
        personal = Path(cache) / "ports.toml"
        personal.write_text(PERSONAL, encoding="utf-8")
        commands = {"python -c pass": Command([sys.executable, "-c", "pass"], env)}
        for query in QUERIES:
            commands[f"portdeck {' '.join(query)}"] = Command([portdeck, *query], env)
        # On a terminal the output is a styled table rather than tab-separated lines.
        commands["portdeck 22 (on a terminal)"] = Command([portdeck, "22"], env, terminal=True)
        # Your own ports: a five-entry file, parsed once and cached like the dataset.
        commands["portdeck 22 (5 personal entries)"] = Command(
            [portdeck, "22"], {**env, "PORTDECK_CONFIG": str(personal)}
        )
        for command in commands.values():
            command.run()  # fill the caches
        times = commands_ms(commands, args.repeat)
    bare = times.pop("python -c pass")
    print(f"{'python -c pass':34s} {bare:6.1f} ms  (baseline)")
    for name, took in times.items():
        print(f"{name:34s} {took:6.1f} ms  {took / bare:4.2f}x baseline")
    mine, none = times["portdeck 22 (5 personal entries)"], times["portdeck 22"]
    print(f"5 personal entries cost {(mine / none - 1) * 100:+.0f} % over none")

    if args.whatportis:
        with tempfile.TemporaryDirectory() as home:
            seed_whatportis(args.whatportis, Path(home))
            env = {"HOME": home}
            took = command_ms([str(args.whatportis), "22"], args.repeat, env)
            print(f"{'whatportis 22':34s} {took:6.1f} ms  {took / bare:4.2f}x baseline (not interleaved)")
    elif shutil.which("whatportis") is None:
        print("(whatportis not given: pass --whatportis PATH to compare)")


if __name__ == "__main__":
    main()
