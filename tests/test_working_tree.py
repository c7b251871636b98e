"""The tests test this working tree, not a copy installed earlier."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import portdeck
from portdeck.dataset import default_data_path

ROOT = Path(__file__).resolve().parent.parent


def test_portdeck_is_imported_from_the_working_tree() -> None:
    # A non-editable install puts a copy in site-packages; a change to the source tree
    # must be what the tests see, or every later change is tested against a stale copy.
    assert Path(portdeck.__file__).resolve().parent == ROOT / "portdeck"


def test_the_dataset_is_the_working_tree_one() -> None:
    assert Path(default_data_path()).resolve() == ROOT / "data" / "ports.toml"


def test_a_child_python_imports_the_working_tree_too(child_env: Callable[..., dict[str, str]]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import portdeck; print(portdeck.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd="/",
    )
    assert Path(done.stdout.strip()).resolve().parent == ROOT / "portdeck"
