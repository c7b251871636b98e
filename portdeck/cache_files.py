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
