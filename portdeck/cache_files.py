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

from .files import read_file
from .paths import cache_dir
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


def cache_path(kind: str, key: str, version: int) -> str:
    return os.path.join(cache_dir(), f"{kind}-{key}.v{version}.marshal")


# The checksum finds damage, not tampering: anyone who can write the cache folder (a shared
# $PORTDECK_CACHE_DIR, another account) can re-checksum a file with escape sequences in its
# titles. Cached text was validated before it was cached, so the one-shot commands, which
# escape everything they print, trust the checksum; the app shows text as it is, so it uses
# a cache only when it is signed with a key kept in the data folder, outside the cache's
# (blake2b with a key: a MAC; it costs the app's start ~2 ms, and the lookup path nothing).
KEY_FILE = "cache.key"
KEY_BYTES = 32


class Trust:
    """What this process trusts in a cache: set once, as the app starts."""

    signed_only = False


def trust_signed_only() -> None:
    """From now on, read only caches signed with the user's key (the app's start calls this)."""
    Trust.signed_only = True


def read_cache(kind: str, key: str, version: int, signed: bool = False) -> Any:
    """The body stored for this key, or None when there is no usable one. `signed`: only
    a body signed with the user's key is usable, whoever reads it (code runs when it loads)."""
    try:
        # Like a data file: a FIFO or a /dev/zero link put in the cache folder must neither
        # hang the lookup nor be read until memory runs out (files.read_file refuses both).
        stored_version, stored_key, checksum, body, signature = marshal.loads(
            read_file(cache_path(kind, key, version))
        )
        if stored_version != version or stored_key != key or zlib.crc32(body) != checksum:
            return None
        if (signed or Trust.signed_only) and not _signed(body, signature):
            return None
        return marshal.loads(body)
    except Exception:  # noqa: BLE001 - a missing, stale, corrupt or unsigned cache is simply rebuilt
        return None


def _signed(body: bytes, signature: object) -> bool:
    secret = signing_key(create=False)
    if secret is None or not isinstance(signature, bytes):
        return False
    import hmac

    return hmac.compare_digest(_signature(body, secret), signature)


def _signature(body: bytes, secret: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(body, key=secret, digest_size=32).digest()


def signing_key(create: bool) -> bytes | None:
    """The user's cache-signing key, made (as the app starts) when there is none; None when
    there is none or it cannot be read or made."""
    from .paths import data_dir

    path = os.path.join(data_dir(), KEY_FILE)
    try:
        secret = read_file(path, limit=1024)
    except FileNotFoundError:
        return _new_key(path) if create else None
    except OSError:
        return None
    return secret if len(secret) == KEY_BYTES else None


def _new_key(path: str) -> bytes | None:
    secret = os.urandom(KEY_BYTES)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # O_EXCL: two starts at once keep the first key; the other reads it next time.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return secret


def write_cache(kind: str, key: str, version: int, body: Any, signed: bool = False) -> None:
    """Store `body` for this key, and remove every other cache file of this kind. `signed`:
    sign it even outside the app (making the user's key if there is none)."""
    data = marshal.dumps(body)
    # Only a cache miss pays for reading the key.
    secret = signing_key(create=signed or Trust.signed_only)
    signature = _signature(data, secret) if secret is not None else b""
    blob = marshal.dumps((version, key, zlib.crc32(data), data, signature))
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
