"""`portdeck 22` with 50 team ports files of 100 entries each, against none, in the same run.

Run: python benchmarks/bench_team.py [--repeat 21] [--files 50] [--entries 100]

portdeck runs from a compiled copy of the working tree (as after `pip install .`: this
environment may set PYTHONDONTWRITEBYTECODE, and a module compiled on every run would hide
the cost being measured). Both commands run the same small wrapper, which calls `portdeck.cli.main` with the command's
own ports files loaded by `portdeck.userdata.team.with_team` (as the command does once the
lead wires it in place of `personal.with_personal`); only PORTDECK_PATH differs. Also timed:
`portdeck 22` as the command stands today, and `python -c pass`. Medians, the commands taking
turns round after round (see _timing.commands_ms). Target: 50 files within +10 % of none.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import Command, commands_ms, python_command

# `portdeck` with its ports loaded by the team loader: what cli.py does once wired.
WIRED = """
import sys
from portdeck import cli
from portdeck.userdata.team import with_team

def with_all_ports(catalog, path):
    from portdeck.paths import config_file
    merged, origins, warnings = with_team(catalog, path or config_file())
    return merged, warnings

cli.with_personal_ports = with_all_ports
sys.exit(cli.main(sys.argv[1:]))
"""


ROOT = Path(__file__).resolve().parent.parent
# `portdeck` as the command is today (no team loader), from the same compiled copy.
PLAIN = "import sys\nfrom portdeck.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def compiled_copy(folder: Path) -> Path:
    """The working tree's package copied into `folder` with the dataset inside it, as a wheel
    installs it, and compiled to bytecode; returns the folder to put on PYTHONPATH."""
    import compileall
    import shutil

    package = folder / "portdeck"
    shutil.copytree(ROOT / "portdeck", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "_data").mkdir(exist_ok=True)
    shutil.copy(ROOT / "data" / "ports.toml", package / "_data" / "ports.toml")
    compileall.compile_dir(str(package), quiet=1)
    return folder


def team_file(index: int, entries: int) -> str:
    """A team's file: `entries` services on ports no one else uses, with the fields teams write."""
    return "".join(
        f'[[entry]]\nport = {20000 + index * entries + n}\nprotocols = ["tcp"]\n'
        f'service = "team{index}-svc{n}"\ntitle = "Team {index} service {n}"\n'
        f'description = "Owned by team {index}; runs in staging and on laptops."\n'
        'tags = ["web"]\n\n'
        for n in range(entries)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--entries", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as root:
        code = compiled_copy(Path(root) / "code")
        team = Path(root) / "team"
        team.mkdir()
        for index in range(args.files):
            (team / f"team{index:02d}.toml").write_text(team_file(index, args.entries), encoding="utf-8")
        empty = Path(root) / "empty"
        empty.mkdir()
        env = {
            "PORTDECK_CACHE_DIR": str(Path(root) / "cache"),
            "PORTDECK_CONFIG": str(Path(root) / "config" / "ports.toml"),
            "PORTDECK_PATH": "",
            "PYTHONPATH": str(code),
        }
        many = f"portdeck 22 ({args.files} files of {args.entries} entries)"
        commands = {
            "python -c pass": Command([sys.executable, "-c", "pass"], env),
            "portdeck 22 (as it stands)": Command([*python_command(PLAIN), "22"], env),
            "portdeck 22 (no team files)": Command([*python_command(WIRED), "22"], env),
            many: Command([*python_command(WIRED), "22"], {**env, "PORTDECK_PATH": str(team)}),
        }
        for command in commands.values():
            command.run()  # fill the caches
        # A file's stamp is trusted only once it is 2 s old (cache_files.RACY_NS): let the
        # files age, then run once more so the stamps are remembered.
        import time

        time.sleep(2.5)
        for command in commands.values():
            command.run()
        times = commands_ms(commands, args.repeat)
    bare = times.pop("python -c pass")
    print(f"{'python -c pass':44s} {bare:6.1f} ms  (baseline)")
    for name, took in times.items():
        print(f"{name:44s} {took:6.1f} ms  {took / bare:4.2f}x baseline")
    none, with_files = times["portdeck 22 (no team files)"], times[many]
    print(
        f"{args.files} files of {args.entries} entries cost {(with_files / none - 1) * 100:+.1f} % over none (target: <= +10 %)"
    )


if __name__ == "__main__":
    main()
