"""Fixtures for every test: deterministic Textual widgets, and no test touches the user's files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, Protocol

import pytest

import portdeck

ROOT = Path(__file__).resolve().parent.parent
# An OSC 0 "set window title": any local user can give a program such a name.
HOSTILE_NAME = "\x1b]0;PWN\x07"


@pytest.fixture
def child_env() -> Callable[..., dict[str, str]]:
    """Builds the environment for a `python -c` child that must import this working tree.

    pytest puts the repository first on its own `sys.path` (`pythonpath` in
    pyproject.toml); a child Python needs PYTHONPATH for the same. Tests of the
    installed command run `portdeck` itself, which imports the installed copy.
    """

    def env(**extra: str) -> dict[str, str]:
        paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **extra}

    return env


def pytest_report_header() -> str:
    return f"portdeck imported from {Path(portdeck.__file__).parent}"


@pytest.fixture(autouse=True)
def private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pins go to a fresh folder per test, never to the real user data folder."""
    folder = tmp_path_factory.mktemp("portdeck-data")
    monkeypatch.setenv("PORTDECK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_real_clipboard(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """No test writes to the clipboard of the desktop it runs on (xclip, wl-copy, pbcopy...).

    The copy tests that exercise the tools confine PATH to fake ones (`bin_dir`); every other
    test, and the programs tests start, sees no display and finds no tool."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    if "bin_dir" not in request.fixturenames:
        from portdeck import system_clipboard

        monkeypatch.setattr(system_clipboard, "tools", lambda environ, **options: [])


class BindFirstFree(Protocol):
    def __call__(self, candidates: Iterable[int], kind: int, host: str = "127.0.0.1") -> socket.socket: ...


@pytest.fixture
def bind_first_free() -> BindFirstFree:
    """Bind a real socket on `host` (127.0.0.1 unless told) to the first free port among
    candidates (TCP listens)."""

    def bind(candidates: Iterable[int], kind: int, host: str = "127.0.0.1") -> socket.socket:
        for port in candidates:
            sock = socket.socket(socket.AF_INET, kind)
            try:
                sock.bind((host, port))
            except OSError:
                sock.close()
                continue
            if kind == socket.SOCK_STREAM:
                sock.listen()
            return sock
        raise RuntimeError("no free port")

    return bind


class HostileListener(NamedTuple):
    port: int
    name: str  # the program's name, as the OS reports it


@pytest.fixture
def hostile_listener(tmp_path: Path) -> Iterator[HostileListener]:
    """A real process whose name is an escape sequence, listening on 127.0.0.1."""
    link = tmp_path / HOSTILE_NAME
    link.symlink_to(sys.executable)
    code = (
        "import socket, sys, time\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        "print(s.getsockname()[1], flush=True); time.sleep(60)\n"
    )
    server = subprocess.Popen([str(link), "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield HostileListener(int(server.stdout.readline()), HOSTILE_NAME)
    finally:
        server.kill()
        server.wait()
