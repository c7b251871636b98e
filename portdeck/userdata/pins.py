"""Pinned entries, kept in a small JSON file that is never lost or half-written.

Every change re-reads the file under a lock and writes a complete new copy with an
atomic rename, so two portdeck windows pinning at once both keep their pins, and a
crash mid-write leaves the previous file as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ..dataset import PortEntry

FORMAT = 1


class PinKey(NamedTuple):
    """What identifies an entry across runs and dataset updates."""

    port: int
    end: int
    service: str
    source: str


def pin_key(entry: PortEntry) -> PinKey:
    return PinKey(entry.port, entry.end, entry.service, entry.source.value)


class PinStore:
    """The set of pinned entries in `folder/pins.json`."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.path = Path(folder) / "pins.json"
        self.pins: frozenset[PinKey] = frozenset()
        #: Problems met while reading or writing, for the UI to show.
        self.warnings: list[str] = []
        # False once the file is found unreadable and could not be moved aside:
        # then pins live in memory only, so the user's file is never overwritten.
        self.writable = True

    def load(self) -> frozenset[PinKey]:
        with self._locked():
            self.pins = self._read()
        return self.pins

    def toggle(self, key: PinKey) -> bool:
        """Pin or unpin; returns whether `key` is pinned now."""
        with self._locked():
            current = set(self._read())  # another window may have pinned since we loaded
            pinned = key not in current
            (current.add if pinned else current.discard)(key)
            self.pins = frozenset(current)
            if self.writable:
                try:
                    self._write(self.pins)
                except OSError as error:
                    self.warnings.append(
                        f"could not save pins to {self.path} ({error.strerror or error}); the saved file is unchanged"
                    )
        return pinned

    def _read(self) -> frozenset[PinKey]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return frozenset()
        except OSError as error:
            self.writable = False
            self.warnings.append(f"{self.path}: cannot read pins ({error.strerror or error}); changes will not be saved")
            return self.pins
        try:
            return _parse(text)
        except (ValueError, TypeError, KeyError) as error:
            return self._set_aside(f"{type(error).__name__}: {error}")

    def _set_aside(self, problem: str) -> frozenset[PinKey]:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, aside)
        except OSError as error:
            self.writable = False
            self.warnings.append(
                f"{self.path} is corrupt ({problem}) and could not be moved aside ({error.strerror}); "
                "pins will not be saved"
            )
        else:
            self.warnings.append(f"{self.path} was corrupt ({problem}); kept it as {aside.name} and started afresh")
        return frozenset()

    def _write(self, pins: frozenset[PinKey]) -> None:
        import tempfile

        document = {"format": FORMAT, "pins": [key._asdict() for key in sorted(pins)]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".pins-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                import json  # not at the top: with no pins file, the TUI's start never pays ~2 ms for it

                json.dump(document, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock beside the file, where the platform has one."""
        try:
            import fcntl
        except ImportError:  # Windows: the re-read before each write still narrows the race
            yield
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self.path.with_name(".pins.lock"), "a")  # noqa: SIM115 - closed below
        except OSError:
            yield  # no folder to lock in: reading and writing will report why
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _parse(text: str) -> frozenset[PinKey]:
    import json

    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"not a format-{FORMAT} pins file")
    keys = []
    for item in document["pins"]:
        key = PinKey(int(item["port"]), int(item["end"]), str(item["service"]), str(item["source"]))
        keys.append(key)
    return frozenset(keys)
