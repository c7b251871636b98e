"""Pins survive crashes, corruption and two windows writing at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.userdata.pins import PinKey, PinStore

SSH = PinKey(22, 22, "ssh", "iana")
HTTPS = PinKey(443, 443, "https", "iana")


def test_pins_persist_across_runs(tmp_path: Path) -> None:
    store = PinStore(tmp_path)
    assert store.toggle(SSH) is True
    assert PinStore(tmp_path).load() == {SSH}
    assert store.toggle(SSH) is False
    assert PinStore(tmp_path).load() == frozenset()


def test_two_windows_keep_both_pins(tmp_path: Path) -> None:
    first, second = PinStore(tmp_path), PinStore(tmp_path)
    first.load(), second.load()
    first.toggle(SSH)
    second.toggle(HTTPS)  # second never saw SSH in memory, yet must keep it
    assert PinStore(tmp_path).load() == {SSH, HTTPS}


def test_concurrent_processes_lose_no_pin(tmp_path: Path, child_env: Callable[..., dict[str, str]]) -> None:
    script = (
        "import sys; from pathlib import Path; from portdeck.userdata.pins import PinStore, PinKey\n"
        "store = PinStore(Path(sys.argv[1]))\n"
        "for port in range(int(sys.argv[2]), int(sys.argv[2]) + 25):\n"
        "    store.toggle(PinKey(port, port, 'svc', 'iana'))\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(start)], env=child_env())
        for start in (1000, 2000, 3000)
    ]
    assert [w.wait(timeout=60) for w in workers] == [0, 0, 0]
    assert len(PinStore(tmp_path).load()) == 75


def test_a_crash_mid_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PinStore(tmp_path)
    store.toggle(SSH)
    before = Path(store.path).read_bytes()

    def crash(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    store.toggle(HTTPS)
    assert Path(store.path).read_bytes() == before
    assert "the saved file is unchanged" in store.warnings[-1]
    assert not list(tmp_path.glob(".pins-*.tmp")), "the half-written copy is removed"
    monkeypatch.undo()
    assert PinStore(tmp_path).load() == {SSH}


@pytest.mark.parametrize(
    "garbage", ["{not json", '{"format": 99, "pins": []}', '{"format": 1, "pins": [{"port": "x"}]}']
)
def test_a_corrupt_file_is_moved_aside_and_reported(tmp_path: Path, garbage: str) -> None:
    (tmp_path / "pins.json").write_text(garbage)
    store = PinStore(tmp_path)
    assert store.load() == frozenset()
    (aside,) = tmp_path.glob("pins.corrupt-*.json")
    assert aside.read_text() == garbage, "the user's bytes are kept, not discarded"
    assert "was corrupt" in store.warnings[0] and aside.name in store.warnings[0]
    store.toggle(SSH)
    assert json.loads((tmp_path / "pins.json").read_text())["pins"][0]["port"] == 22


def test_an_unreadable_file_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pins.json"
    path.write_text('{"format": 1, "pins": []}')
    real_open = os.open

    def denied(
        name: str | os.PathLike[str], flags: int, mode: int = 0o777, *, dir_fd: int | None = None
    ) -> int:
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied")  # root ignores chmod 000: simulate it
        return real_open(name, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", denied)
    store = PinStore(tmp_path)
    store.load()
    assert store.toggle(SSH) is True, "the pin holds for this session"
    monkeypatch.undo()
    assert path.read_text() == '{"format": 1, "pins": []}'
    assert "Permission denied" in store.warnings[0] and "will not be saved" in store.warnings[0]


def test_a_fifo_as_pins_file_is_reported_at_once_and_never_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pins.json")  # no writer: a plain open() would wait forever
    store = PinStore(tmp_path)
    assert store.load() == frozenset()
    assert store.toggle(SSH) is True
    assert (tmp_path / "pins.json").is_fifo()
    assert "named pipe" in store.warnings[0] and "will not be saved" in store.warnings[0]


@pytest.mark.parametrize(
    "content",
    [
        os.urandom(64) + b"\xff",  # random bytes, never UTF-8
        '{"format": 1, "pins": []}'.encode("utf-16"),
        b'{"format": 1, "pins": [{"port": 1e400, "end": 1, "service": "x", "source": "iana"}]}',
        b'{"format": 1, "pins": [{"port": true, "end": 1, "service": "x", "source": "iana"}]}',
        b'{"format": 1, "pins": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["random-bytes", "utf-16", "huge-number", "boolean-port", "deeply-nested"],
)
def test_any_unparseable_file_is_set_aside_and_reported(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "pins.json").write_bytes(content)
    store = PinStore(tmp_path)
    assert store.load() == frozenset()
    (aside,) = tmp_path.glob("pins.corrupt-*.json")
    assert aside.read_bytes() == content
    assert "was corrupt" in store.warnings[0]
    store.toggle(SSH)
    assert PinStore(tmp_path).load() == {SSH}


def test_two_files_set_aside_in_the_same_second_keep_both(tmp_path: Path) -> None:
    for garbage in ("{first", "{second"):
        (tmp_path / "pins.json").write_text(garbage)
        PinStore(tmp_path).load()
    kept = sorted(path.read_text() for path in tmp_path.glob("pins.corrupt-*.json"))
    assert kept == ["{first", "{second"]


def test_temporary_files_of_killed_writers_are_cleaned_up(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".pins-killed.tmp", tmp_path / ".pins-writing-now.tmp"
    for path in (stale, fresh):
        path.write_text("{half")
    os.utime(stale, (1, 1))  # left long ago by a writer that was killed
    PinStore(tmp_path).toggle(SSH)
    assert not stale.exists() and fresh.exists(), "another window may be writing the fresh one"


def test_a_symlinked_pins_file_stays_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "portdeck-pins.json"
    target.write_text('{"format": 1, "pins": []}')
    data = tmp_path / "data"
    data.mkdir()
    (data / "pins.json").symlink_to(target)
    PinStore(data).toggle(SSH)
    assert (data / "pins.json").is_symlink()
    assert json.loads(target.read_text())["pins"][0]["port"] == 22


def test_a_lock_file_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / ".pins.lock").mkdir()
    store = PinStore(tmp_path)
    store.toggle(SSH)
    assert any(".pins.lock is a folder" in warning for warning in store.warnings)
    assert PinStore(tmp_path).load() == {SSH}, "the pin is still saved"


def test_an_unwritable_folder_reports_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = PinStore(blocker / "portdeck")
    assert store.load() == frozenset()
    assert store.toggle(SSH) is True, "the pin holds for this session"
    assert any("not be saved" in w or "could not save" in w for w in store.warnings)
