"""Checksummed files in the user's cache folder: parsed datasets and search indexes.

A cache file is `marshal` data (several times faster to load than pickle) holding
its format, its key and a checksum over its body. Reading never fails: a missing,
stale, damaged or unreadable file is None, and the caller rebuilds it. Writing goes
to a temporary file that is renamed into place, so a reader never sees half a file,
and removes the older files of the same kind. An unwritable folder only costs the
next start its speed.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib

from .paths import cache_dir
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


def cache_path(kind: str, key: str, version: int) -> str:
    return os.path.join(cache_dir(), f"{kind}-{key}.v{version}.marshal")


def read_cache(kind: str, key: str, version: int) -> Any:
    """The body stored for this key, or None when there is no usable one."""
    try:
        with open(cache_path(kind, key, version), "rb") as handle:
            stored_version, stored_key, checksum, body = marshal.loads(handle.read())
        if stored_version != version or stored_key != key or zlib.crc32(body) != checksum:
            return None
        return marshal.loads(body)
    except Exception:  # noqa: BLE001 - a missing, stale or corrupt cache is simply rebuilt
        return None


def write_cache(kind: str, key: str, version: int, body: Any) -> None:
    """Store `body` for this key, replacing older files of this kind (but for `keep` ones)."""
    data = marshal.dumps(body)
    blob = marshal.dumps((version, key, zlib.crc32(data), data))
    target = cache_path(kind, key, version)
    import tempfile  # only a cache miss pays for it

    folder = os.path.dirname(target)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
        for name in os.listdir(folder):
            if name.startswith(f"{kind}-") and name.endswith(".marshal") and name != os.path.basename(target):
                try:
                    os.unlink(os.path.join(folder, name))
                except FileNotFoundError:
                    pass
    except OSError:
        pass  # an unwritable cache folder only costs the next start its speed


# A file whose size, times, inode and device are all unchanged still has the content it
# had, so its key can be reused without reading and checksumming it (~2.5 ms of a ~35 ms
# lookup for the 1.1 MB dataset). Python's bytecode cache trusts less: size and mtime.
# ctime cannot be set back (touch, tar and rsync set mtime), and a file changed within
# RACY_NS before it was read is not trusted, as git does for "racily clean" files: on a
# file system with coarse timestamps, a second edit in the same tick looks unchanged.
RACY_NS = 2_000_000_000
STAMP_FORMAT = 1


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _path_key(path: str) -> str:
    return f"{zlib.crc32(os.path.abspath(path).encode('utf-8', 'surrogateescape')):08x}"


def remembered_key(kind: str, path: str) -> str | None:
    """The content key remembered for the file at `path`, if it is unchanged since."""
    try:
        info = os.stat(path)
        stamp, key = read_cache(f"stamp-{kind}", _path_key(path), STAMP_FORMAT) or ((), None)
    except (OSError, TypeError, ValueError):  # TypeError, ValueError: not this format's layout
        return None
    if not stat.S_ISREG(info.st_mode) or list(stamp) != _stamp(info) or not isinstance(key, str):
        return None
    return key


def remember_key(kind: str, path: str, key: str, before: os.stat_result) -> None:
    """Remember `key` for the file, read after `before` was taken, if it can be trusted later."""
    try:
        after = os.stat(path)
    except OSError:
        return
    changed = max(after.st_ctime_ns, after.st_mtime_ns)
    if _stamp(after) == _stamp(before) and time.time_ns() - changed > RACY_NS:
        write_cache(f"stamp-{kind}", _path_key(path), STAMP_FORMAT, (_stamp(after), key))
