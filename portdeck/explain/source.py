"""Opening what --explain reads: a file or standard input, streamed under a size cap.

The input is read as it arrives, never whole: a 10,000-host nmap XML file goes through
the parser in lines, and only the first HEAD_SIZE bytes are kept aside to detect the
format. Files are opened as `portdeck.files` opens data files (no FIFO, device or
folder; at most DATA_LIMIT bytes); standard input on a terminal is refused with a hint
instead of waiting for keys that are not scan output.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterator
from typing import BinaryIO

from portdeck.files import DATA_LIMIT, _kind

from .sighting import without_ansi

HEAD_SIZE = 64 * 1024
STDIN = "-"
LONGEST_LINE = 1 << 20  # a line longer than this is read in pieces (minified XML, binary junk)


class BadInput(Exception):
    """Input that cannot be explained; `str()` is the one-line reason."""


class _Capped(io.RawIOBase):
    """A raw stream over `read` that serves `head` first and refuses to go over `limit`."""

    def __init__(self, read: Callable[[int], bytes], name: str, limit: int, head: bytes) -> None:
        super().__init__()
        self._read, self._name, self._limit = read, name, limit
        self._head = memoryview(head)
        self._size = len(head)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._read(len(buffer))
        self._size += len(data)
        if self._size > self._limit:
            raise BadInput(f"{self._name}: over the {self._limit:,}-byte limit")
        buffer[: len(data)] = data
        return len(data)


class Source:
    """One input: its name, its first bytes (for detection) and a stream of all of it."""

    def __init__(
        self, name: str, read: Callable[[int], bytes], close: Callable[[], None], limit: int
    ) -> None:
        self.name = name
        self._close = close
        head = bytearray()
        while len(head) < HEAD_SIZE:  # a pipe hands over a few KB at a time
            chunk = read(HEAD_SIZE - len(head))
            if not chunk:
                break
            head += chunk
        if len(head) > limit:
            raise BadInput(f"{name}: over the {limit:,}-byte limit")
        self.head = bytes(head)
        self.encoding = _encoding(self.head)
        self.binary = io.BufferedReader(_Capped(read, name, limit, self.head), buffer_size=HEAD_SIZE)

    def head_text(self) -> str:
        """The first bytes as text, cut after the last whole line (when there is one)."""
        text = self.head.decode(self.encoding, errors="replace")
        if len(self.head) == HEAD_SIZE and "\n" in text:
            text = text[: text.rindex("\n") + 1]
        return text.lstrip("\ufeff")

    def text(self) -> io.TextIOWrapper:
        """The whole input as text: UTF-8 (or UTF-16 with its mark), bad bytes replaced."""
        return io.TextIOWrapper(self.binary, encoding=self.encoding, errors="replace", newline=None)

    def lines(self) -> Iterator[tuple[int, str]]:
        """(line number from 1, line without its end and colour codes)."""
        stream = self.text()
        number = 0
        while True:
            line = stream.readline(LONGEST_LINE)
            if not line:
                return
            yield number + 1, without_ansi(line.rstrip("\r\n"))
            if line.endswith("\n") or len(line) < LONGEST_LINE:
                number += 1

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _encoding(head: bytes) -> str:
    """UTF-16 when the input starts with its byte-order mark (PowerShell's `>` writes it)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def open_source(path: str, stdin: BinaryIO | None, limit: int = DATA_LIMIT) -> Source:
    """The input named `path` ("-": standard input). Raises BadInput with a one-line reason."""
    if path == STDIN:
        return _from_stdin(stdin, limit)
    return _from_file(path, limit)


def _from_stdin(stdin: BinaryIO | None, limit: int) -> Source:
    if stdin is None or getattr(stdin, "closed", False):
        raise BadInput("standard input is closed: give a file, portdeck --explain FILE")
    isatty = getattr(stdin, "isatty", None)
    if isatty is not None and isatty():
        raise BadInput(
            "standard input is a terminal, not scan output: give a file (portdeck --explain scan.xml) "
            "or pipe it in (ss -tulpn | portdeck --explain)"
        )
    read1 = getattr(stdin, "read1", None)
    reader = read1 if read1 is not None else stdin.read

    def read(size: int) -> bytes:
        try:
            return reader(size) or b""
        except OSError as error:
            raise BadInput(f"standard input: cannot read it: {error.strerror or error}") from None

    return Source("standard input", read, lambda: None, limit)


def _from_file(path: str, limit: int) -> Source:
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot open it: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISFIFO(info.st_mode):
            raise BadInput(
                f"{path}: it is a named pipe (FIFO), not a regular file: pipe it in instead "
                f"(cat FIFO | portdeck --explain)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"{path}: it is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise BadInput(f"{path}: it is {info.st_size:,} bytes, over the {limit:,}-byte limit")

        def read(size: int) -> bytes:
            try:
                return os.read(fd, size)
            except OSError as error:
                raise BadInput(f"{path}: cannot read it: {error.strerror or error}") from None

        return Source(path, read, lambda: os.close(fd), limit)
    except BaseException:
        os.close(fd)
        raise
