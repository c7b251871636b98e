"""A small JSON file of the user's (pins, settings) that is never lost, half-written or clobbered.

Every change re-reads the file under a lock and writes a complete new copy with an
atomic rename, so two portdeck windows changing it at once both keep their changes,
and a crash mid-write leaves the previous file as it was. A file that cannot be
parsed is set aside under a name no other file has, and reported; one that cannot
be read at all (a FIFO, a folder, no permission) is reported and never overwritten.
A symlinked file (dotfiles) stays a symlink: the write goes to its target.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from ..files import SMALL_LIMIT, UnreadableFile, read_file

# A temporary file older than this was left by a writer that was killed: clean it up.
STALE_SECONDS = 3600


class CorruptFile(ValueError):
    """The file's content is not what this store keeps."""


class TooLarge(ValueError):
    """A document that, written, would be a file too large to be read back."""


class JsonFile:
    """`folder/name`: read, then replaced whole under a lock. Problems become `warnings`."""

    def __init__(self, folder: str | os.PathLike[str], name: str) -> None:
        self.path = os.path.join(os.fspath(folder), name)
        self.stem, self.suffix = os.path.splitext(name)
        #: Problems met while reading or writing, for the UI to show.
        self.warnings: list[str] = []
        # False once the file is found unreadable and could not be moved aside:
        # then changes live in memory only, so the user's file is never overwritten.
        self.writable = True

    @property
    def target(self) -> str:
        """The real file: the symlink's target when the path is a symlink."""
        return os.path.realpath(self.path)

    def read(self) -> object | None:
        """The parsed document, or None when there is none (missing, unreadable or set aside)."""
        try:
            data = read_file(self.path, SMALL_LIMIT)
        except FileNotFoundError:
            return None
        except OSError as error:
            self.writable = False
            self.warnings.append(f"{self.path}: {error}; changes will not be saved")
            return None
        import json  # only when a file exists: without pins or settings the app's start does not pay for it

        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            self.set_aside(_problem(error))
            return None

    def set_aside(self, problem: str) -> None:
        """Move a file that cannot be used out of the way, under a new name, and say so."""
        source = self.target
        folder = os.path.dirname(source)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for attempt in range(1, 1000):
            suffix = "" if attempt == 1 else f"-{attempt}"
            aside = os.path.join(folder, f"{self.stem}.corrupt-{stamp}{suffix}{self.suffix}")
            try:
                os.link(source, aside)  # fails if `aside` exists: never overwrites an earlier one
            except FileExistsError:
                continue
            except OSError as error:
                self.writable = False
                self.warnings.append(
                    f"{self.path} is corrupt ({problem}) and could not be moved aside ({error.strerror}); "
                    "changes will not be saved"
                )
                return
            os.unlink(source)
            self.warnings.append(f"{self.path} was corrupt ({problem}); kept it as {os.path.basename(aside)}")
            return

    def write(self, document: object) -> None:
        """Replace the file with `document`, atomically; OSError when it cannot be done, TooLarge
        (before anything is written) when the file would be over the size it is read with."""
        import json
        import tempfile

        text = json.dumps(document, indent=1).encode("utf-8")
        if len(text) > SMALL_LIMIT:
            # Written, it would be refused at the next start (and set aside as corrupt).
            raise TooLarge(
                f"it would be {len(text):,} bytes, over the {SMALL_LIMIT:,}-byte limit it is read with"
            )
        target = self.target
        folder = os.path.dirname(target)
        os.makedirs(folder, exist_ok=True)
        self._clean_stale_temporaries(folder)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise

    def _clean_stale_temporaries(self, folder: str) -> None:
        prefix, now = f".{self.stem}-", time.time()
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            if name.startswith(prefix) and name.endswith(".tmp"):
                path = os.path.join(folder, name)
                try:
                    if now - os.stat(path).st_mtime > STALE_SECONDS:
                        os.unlink(path)
                except OSError:
                    pass

    @contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive lock beside the file, where the platform has one."""
        try:
            import fcntl
        except ImportError:  # Windows: the re-read before each write still narrows the race
            yield
            return
        lock_path = os.path.join(os.path.dirname(self.target), f".{self.stem}.lock")
        try:
            os.makedirs(os.path.dirname(lock_path), exist_ok=True)
            lock = open(lock_path, "a")  # noqa: SIM115 - closed below
        except IsADirectoryError:
            self._warn_once(
                f"{lock_path} is a folder, so changes are not locked against other portdeck windows"
            )
            yield
            return
        except OSError:
            yield  # no folder to lock in: reading and writing will report why
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _warn_once(self, warning: str) -> None:
        if warning not in self.warnings:
            self.warnings.append(warning)


Value = TypeVar("Value")


class JsonStore(Generic[Value]):
    """One value kept in a `JsonFile` (the pins, the settings): loaded, and changed by the one
    locked read-modify-write, so what another window saved meanwhile is kept.

    A subclass says how a document becomes the value (`parse`, CorruptFile for anything
    else) and back (`document`), and what it keeps (`what`, for the warnings).
    """

    what = "data"

    def __init__(self, folder: str | os.PathLike[str], name: str, empty: Value) -> None:
        self.file = JsonFile(folder, name)
        self.empty = empty
        self.value: Value = empty

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def warnings(self) -> list[str]:
        return self.file.warnings

    def parse(self, document: object) -> Value:
        """The value a parsed file holds; CorruptFile for a document this store does not keep."""
        raise NotImplementedError

    def document(self, value: Value) -> object:
        """What the file holds for `value`."""
        raise NotImplementedError

    def load(self) -> Value:
        with self.file.locked():
            self.value = self._read()
        return self.value

    def change(self, edit: Callable[[Value], Value]) -> Value:
        """Apply `edit` to the value as the file has it now, and save the result; returns it.

        A failed save is a warning, and the change holds for this session. TooLarge is raised
        before anything is written: the value is then the file's, unchanged."""
        with self.file.locked():
            current = self._read()
            changed = edit(current)
            if self.file.writable:
                try:
                    self.file.write(self.document(changed))
                except TooLarge:
                    self.value = current
                    raise
                except OSError as error:
                    self.warnings.append(
                        f"could not save {self.what} to {self.path} ({error.strerror or error}); "
                        "the saved file is unchanged"
                    )
            self.value = changed
        return changed

    def _read(self) -> Value:
        if not self.file.writable:
            return self.value  # unreadable: what this session changed is all there is
        document = self.file.read()
        if document is None:  # none yet, or just found unreadable
            return self.empty if self.file.writable else self.value
        try:
            return self.parse(document)
        except CorruptFile as error:
            self.file.set_aside(str(error))
            return self.empty


def _problem(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return f"{type(error).__name__}: {error}"


__all__ = ["CorruptFile", "JsonFile", "JsonStore", "TooLarge", "UnreadableFile"]
