"""What listens on this machine, saved as a baseline, and what changed since
(`portdeck --listening --save FILE`, `--listening --diff FILE`).

A baseline is a JSON file of sockets: port, protocol, address, process and user (the
process id is left out: it changes at every restart and says nothing of drift). A diff
compares two lists by socket (protocol and address) and reports what appeared, what
went away and where another program (or user) now listens:

    + tcp 0.0.0.0:4444 python3 (bob)
    - tcp 127.0.0.1:5432 postgres (postgres)
    - tcp 0.0.0.0:8080 java (root)
    + tcp 0.0.0.0:8080 python3 (bob)   was java (root)

The exit status is 1 when anything appeared, including another program on a known
socket, so cron and CI can alarm on it. A process or user the OS hid on either side
(None: another user's process, read without privileges) is not a change.

A baseline file is untrusted: only a regular file under a size cap is read, every field
is checked, and a problem is one line naming the file. Pure functions apart from the
file reading and writing; no Textual, no psutil.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from .dataset import MAX_PORT, Protocol
from .listening import Listener
from .safe_text import printable
from .typed_tuple import NamedTuple

FORMAT = "portdeck-baseline"
VERSION = 1
# A listener is ~100 bytes of JSON: 16 MiB is over 100,000 sockets, far above any machine.
BASELINE_LIMIT = 16 * 1024 * 1024
MAX_LISTENERS = 200_000
_MAX_TEXT = 4096  # an address, process or user name longer than this is not the OS's

Key = tuple[str, str]  # (protocol, address): one socket


class BaselineError(ValueError):
    """A baseline that cannot be read or written; `str()` is one line naming the file."""


class Baseline(NamedTuple):
    """The sockets of a saved baseline, and when and where it was saved (None if unsaid)."""

    listeners: tuple[Listener, ...]
    saved_at: str | None = None
    host: str | None = None


class Change(NamedTuple):
    """A socket that another program or user holds now."""

    before: Listener
    after: Listener


class Diff(NamedTuple):
    """What changed between two listings of sockets."""

    appeared: tuple[Listener, ...]
    went_away: tuple[Listener, ...]
    changed: tuple[Change, ...]

    @property
    def counts(self) -> tuple[int, int]:
        """(new, gone): a socket that another program or user holds now counts as both."""
        return len(self.appeared) + len(self.changed), len(self.went_away) + len(self.changed)

    @property
    def exit_status(self) -> int:
        """1 when anything appeared (a new socket, or another program on a known one), else 0."""
        return 1 if self.appeared or self.changed else 0

    def __bool__(self) -> bool:  # a NamedTuple of three is always true: say whether anything changed
        return bool(self.appeared or self.went_away or self.changed)

    def lines(self) -> list[str]:
        """`+` and `-` lines, in port order; a changed socket is a `-` and a `+` line, the `+`
        line saying what was there. Safe to print."""
        rows: list[tuple[tuple[int, str, str, int], str]] = []
        for sock in self.went_away:
            rows.append((_order(sock, 0), f"- {_describe(sock)}"))
        for sock in self.appeared:
            rows.append((_order(sock, 1), f"+ {_describe(sock)}"))
        for before, after in self.changed:
            rows.append((_order(before, 0), f"- {_describe(before)}"))
            rows.append((_order(after, 1), f"+ {_describe(after)}   was {_owner(before)}"))
        return [line for _, line in sorted(rows)]

    def text(self) -> str:
        """The lines, one per line; empty when nothing changed."""
        return "".join(f"{line}\n" for line in self.lines())

    def as_json(self) -> dict[str, object]:
        """`appeared`, `went_away` (socket objects as in the file), `changed` (`before` and
        `after`) and `exit_status`. Pass through `safe_text.json_text` to print."""
        return {
            "appeared": [_record(sock) for sock in _sorted(self.appeared)],
            "went_away": [_record(sock) for sock in _sorted(self.went_away)],
            "changed": [
                {"before": _record(change.before), "after": _record(change.after)}
                for change in sorted(self.changed, key=lambda c: _order(c.before, 0))
            ],
            "exit_status": self.exit_status,
        }


def baseline_document(
    listeners: Iterable[Listener], saved_at: str | None = None, host: str | None = None
) -> dict[str, object]:
    """The JSON document a baseline file holds (`saved_at` defaults to now, `host` to this machine)."""
    import socket
    from datetime import UTC, datetime

    when = saved_at or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "format": FORMAT,
        "version": VERSION,
        "saved_at": when,
        "host": host if host is not None else socket.gethostname(),
        "listeners": [_record(sock) for sock in _sorted(_unique(listeners))],
    }


def save_baseline(listeners: Iterable[Listener], path: str | os.PathLike[str]) -> int:
    """Write the baseline file (replacing it whole: a reader never sees half a file); return
    how many sockets it holds. BaselineError naming the file when it cannot, or when the path
    is not a regular file. A symbolic link is replaced, not written through. For standard
    output, print `safe_text.json_text(baseline_document(listeners))` instead."""
    import json
    import tempfile

    document = baseline_document(listeners)
    name = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(name))
    mode = 0o644  # a new file: what a plain open() makes under the usual umask
    try:
        info = os.stat(name)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise _error(name, f"cannot use it: {error.strerror or error}") from None
    else:
        if not stat.S_ISREG(info.st_mode):  # never replace a folder, a FIFO or /dev/null
            raise _error(name, "it is not a regular file; give a file name")
        mode = stat.S_IMODE(info.st_mode)  # replacing a baseline keeps its permissions
    text = json.dumps(document, indent=2, ensure_ascii=True) + "\n"
    try:
        handle, temporary = tempfile.mkstemp(prefix=".portdeck-baseline-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise _error(name, f"cannot write in {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, name)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise _error(name, f"cannot write it: {error.strerror or error}") from None
    listed = document["listeners"]
    return len(listed) if isinstance(listed, list) else 0


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file portdeck saved. BaselineError (one line, naming the file) for a
    missing, oversized, non-regular or malformed file."""
    import json

    from .files import read_file

    name = os.fspath(path)
    try:
        data = read_file(name, limit=BASELINE_LIMIT)
    except FileNotFoundError:
        raise _error(name, "no such file") from None
    except OSError as error:
        raise _error(name, str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _error(name, f"not UTF-8 text (byte {error.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _error(name, f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise _error(name, "not a portdeck baseline (nested too deeply)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _error(name, f'not a portdeck baseline (no "format": "{FORMAT}")')
    version = document.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 in Python, not here
        if type(version) is int and version > VERSION:
            raise _error(name, f"saved by a newer portdeck (format version {version}); update portdeck")
        raise _error(name, f'"version" must be {VERSION}')
    records = document.get("listeners")
    if not isinstance(records, list):
        raise _error(name, '"listeners" must be a list')
    if len(records) > MAX_LISTENERS:
        raise _error(name, f"{len(records):,} listeners, over the limit of {MAX_LISTENERS:,}")
    listeners = []
    for number, record in enumerate(records, 1):
        try:
            listeners.append(_listener(record))
        except ValueError as error:
            raise _error(name, f"listener {number}: {error}") from None
    return Baseline(tuple(listeners), _optional_text(document, "saved_at"), _optional_text(document, "host"))


def diff(old: Baseline | Iterable[Listener], new: Baseline | Iterable[Listener]) -> Diff:
    """What appeared, went away and changed hands from `old` (a baseline) to `new` (now)."""
    before = _by_socket(old.listeners if isinstance(old, Baseline) else old)
    after = _by_socket(new.listeners if isinstance(new, Baseline) else new)
    appeared: list[Listener] = []
    went_away: list[Listener] = []
    changed: list[Change] = []
    for key in before.keys() - after.keys():
        went_away += before[key]
    for key in after.keys() - before.keys():
        appeared += after[key]
    for key in before.keys() & after.keys():
        old_owners, new_owners = before[key], after[key]
        gone = [sock for sock in old_owners if not any(_same_owner(sock, now) for now in new_owners)]
        came = [sock for sock in new_owners if not any(_same_owner(was, sock) for was in old_owners)]
        pairs = min(len(gone), len(came))
        changed += [Change(gone[i], came[i]) for i in range(pairs)]
        went_away += gone[pairs:]
        appeared += came[pairs:]
    return Diff(tuple(_sorted(appeared)), tuple(_sorted(went_away)), tuple(changed))


def _listener(record: object) -> Listener:
    if not isinstance(record, dict):
        raise ValueError("must be an object")
    port = record.get("port")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= MAX_PORT:
        raise ValueError(f'"port" must be a number from 0 to {MAX_PORT}')
    try:
        protocol = Protocol(record.get("protocol"))
    except ValueError:
        raise ValueError(f'"protocol" must be one of {", ".join(p.value for p in Protocol)}') from None
    address = record.get("address")
    if not isinstance(address, str) or not address or len(address) > _MAX_TEXT:
        raise ValueError('"address" must be text such as 127.0.0.1:5432 or [::]:22')
    if not address.endswith(f":{port}"):
        raise ValueError(f'"address" {printable(address)!r} does not end with its port :{port}')
    process, user = record.get("process"), record.get("user")
    for field, value in (("process", process), ("user", user)):
        if value is not None and (not isinstance(value, str) or len(value) > _MAX_TEXT):
            raise ValueError(f'"{field}" must be text or null')
    return Listener(port, protocol, address, None, process, user)


def _optional_text(document: dict[str, object], field: str) -> str | None:
    value = document.get(field)
    return value[:_MAX_TEXT] if isinstance(value, str) else None


def _record(sock: Listener) -> dict[str, object]:
    return {
        "port": sock.port,
        "protocol": sock.protocol.value,
        "address": sock.address,
        "process": sock.process,
        "user": sock.user,
    }


def as_recorded(sock: Listener) -> Listener:
    """A socket as a baseline records it: without its pid (pids change on every restart)."""
    return sock._replace(pid=None) if sock.pid is not None else sock


def _unique(listeners: Iterable[Listener]) -> list[Listener]:
    """One record per socket and owner: without pids, two workers of one server (SO_REUSEPORT)
    are one line."""
    return list(dict.fromkeys(map(as_recorded, listeners)))


def _by_socket(listeners: Iterable[Listener]) -> dict[Key, list[Listener]]:
    grouped: dict[Key, list[Listener]] = {}
    for sock in _unique(listeners):
        grouped.setdefault((sock.protocol.value, sock.address), []).append(sock)
    return grouped


def _same_owner(old: Listener, new: Listener) -> bool:
    """The same program and user, where both sides know them (None is "hidden", not "other")."""
    return all(
        a is None or b is None or a == b for a, b in ((old.process, new.process), (old.user, new.user))
    )


def _order(sock: Listener, sign: int) -> tuple[int, str, str, int]:
    return (sock.port, sock.protocol.value, sock.address, sign)


def _sorted(listeners: Iterable[Listener]) -> list[Listener]:
    return sorted(
        listeners, key=lambda s: (s.port, s.protocol.value, s.address, s.process or "", s.user or "")
    )


def _owner(sock: Listener) -> str:
    process = printable(sock.process) if sock.process else "?"
    return f"{process} ({printable(sock.user)})" if sock.user else process


def _describe(sock: Listener) -> str:
    return f"{sock.protocol.value} {printable(sock.address)} {_owner(sock)}"


def _error(name: str, reason: str) -> BaselineError:
    return BaselineError(f"baseline {printable(name)}: {reason}")


__all__ = [
    "BASELINE_LIMIT",
    "Baseline",
    "BaselineError",
    "Change",
    "Diff",
    "baseline_document",
    "diff",
    "load_baseline",
    "save_baseline",
]
