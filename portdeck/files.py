"""Reading files a user names or another program may have replaced: never hang, never swallow memory.

A FIFO given as a data file would block `open()` forever, and /dev/zero would be
read until memory runs out. Every file portdeck reads (datasets, the personal ports
file, pins, settings) comes through `read_file`, which opens without blocking,
accepts only regular files and reads at most a size cap.
"""

from __future__ import annotations

import os
import stat

# Far above any real file (the full dataset is ~3 MB), far below trouble.
DATA_LIMIT = 64 * 1024 * 1024
SMALL_LIMIT = 4 * 1024 * 1024  # pins and settings: a few KB in practice


class UnreadableFile(OSError):
    """A file that cannot be used, with a one-line reason (`str()` of it)."""


def read_file(path: str, limit: int = DATA_LIMIT) -> bytes:
    """The bytes of a regular file; `FileNotFoundError` when it is missing; `UnreadableFile`
    (an OSError) when it is something else, too large or unreadable."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise UnreadableFile(f"cannot open it: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"it is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise UnreadableFile(f"it is {info.st_size:,} bytes, over the {limit:,}-byte limit")
        chunks = []
        size = 0
        while True:  # the file may grow while it is read: stop at the cap all the same
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(f"it grew over the {limit:,}-byte limit while being read")
            chunks.append(chunk)
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(f"cannot read it: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
