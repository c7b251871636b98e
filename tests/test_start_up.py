"""The start-up rules, enforced rather than remembered: what a one-shot lookup must not import.

Each costs a one-shot lookup milliseconds of a budget of about 36 (3× starting Python):
Textual and Rich (the TUI's), rapidfuzz (~20 ms, the TUI loads it while warming up),
`re` with the enum, functools and collections modules it loads (~11 ms), json and
textwrap (which import `re`), typing (~4 ms), pathlib (~4 ms), argparse (~5 ms; the
everyday options are read without it), dataclasses (~23 ms on top of what `portdeck 22` loads:
it brings inspect, ast, dis and `re`; best of 21 runs, Python 3.11, where starting Python took
~19 ms), and the live check's code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FORBIDDEN = (
    "textual",
    "rich",
    "rapidfuzz",
    "re",
    "enum",
    "functools",
    "collections",
    "json",
    "textwrap",
    "typing",
    "pathlib",
    "argparse",
    "dataclasses",
    "portdeck.check",
    "portdeck.conflicts",
    "portdeck.explain",
    "portdeck.serve",
    "portdeck.cli_wild",
)

# The probe imports nothing but what Python has loaded before it runs: its answer goes out
# by `sys.__stdout__`, the lookup's to /dev/null or, with TERMINAL set, to a pseudo-terminal.
PROBE = """
import os, sys
if os.environ.get("TERMINAL"):
    primary, secondary = os.openpty()
    sys.stdout = open(secondary, "w")
else:
    sys.stdout = open(os.devnull, "w")
sys.stderr = open(os.devnull, "w")
from portdeck.cli import main
main(sys.argv[1:])
forbidden = %r
sys.__stdout__.write(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in forbidden or m in forbidden)))
"""


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(
    "query",
    [
        ["22"],
        ["udp", "53"],
        ["8000-8100"],
        ["5432", "--json"],
        ["postgress"],
        ["remote", "desktop"],
        ["what", "port", "does", "smtp", "use"],
        ["couchdb", "https"],
        ["sql", "--tag", "database"],
        ["pim"],
        ["zerologon"],
        ["kasm"],
        ["node.js"],
        ["10.1.2.3:8080"],
        ["[::1]:6379"],
        ["SRC=203.0.113.9 DST=10.0.0.5 PROTO=TCP SPT=51515 DPT=445"],
        ["http://localhost:3000/login"],
        ["mongodb+srv://app:secret@db.example.org/orders"],
        ["tcp   LISTEN 0  128  0.0.0.0:5432  0.0.0.0:*"],
        ["tcp6       0      0 :::80                   :::*                    LISTEN"],
        ["!!!"],
    ],
)
def test_a_lookup_imports_nothing_it_does_not_need(
    query: list[str], terminal: bool, tmp_path: Path, child_env: Callable[..., dict[str, str]]
) -> None:
    env = child_env(PORTDECK_CACHE_DIR=str(tmp_path / "cache"), PORTDECK_CONFIG=str(tmp_path / "none.toml"))
    if terminal:
        env["TERMINAL"] = "1"
    code = PROBE % (FORBIDDEN,)
    command = [sys.executable, "-c", code, *query]
    subprocess.run(command, env=env, check=True, capture_output=True)  # fills the caches
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    assert done.stdout.split() == [], f"portdeck {' '.join(query)} imported these"


APP_PROBE = """
import asyncio, json, sys
from portdeck.dataset import load_catalog
from portdeck.ui.app import make_app

async def run() -> None:
    app = make_app(load_catalog(), listeners=tuple)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"ssh")
        await pilot.pause()

asyncio.run(run())
print(json.dumps(sorted(m for m in sys.modules if m.startswith("portdeck.check"))))
"""


def test_the_app_imports_the_check_code_only_for_a_check(
    tmp_path: Path, child_env: Callable[..., dict[str, str]]
) -> None:
    """Started, warmed up and searched in: the check's modules (and their ssl, socket work)
    wait for the first `t`."""
    env = child_env(PORTDECK_CACHE_DIR=str(tmp_path / "cache"), PORTDECK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", APP_PROBE], env=env, check=True, capture_output=True, text=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


FIRST_FRAME_PROBE = """
import sys
from portdeck.dataset import load_catalog
from portdeck.ui.app import PortdeckApp

class FirstFrame(PortdeckApp):
    def on_ready(self) -> None:
        waiting = ("json", "portdeck.check", "portdeck.search.index")
        self.imported = sorted(name for name in waiting if name in sys.modules)
        self.exit()

app = FirstFrame(load_catalog())
app.run(headless=True, size=(100, 30))
print(" ".join(app.imported))
"""


def test_the_first_frame_imports_neither_json_without_files_nor_the_word_index(
    tmp_path: Path, child_env: Callable[..., dict[str, str]]
) -> None:
    """json (~3 ms with the modules it loads) is imported to read a pins or settings file,
    not to find there is none; the word index (an empty query needs none) and the check's
    code once the first frame is up."""
    env = child_env(PORTDECK_CACHE_DIR=str(tmp_path / "cache"), PORTDECK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE], env=env, check=True, capture_output=True, text=True
    )
    assert done.stdout.split() == []
