"""Load and validate a dataset file, through a content-keyed cache."""

from __future__ import annotations

import marshal
import zlib
import os
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .errors import DatasetError
from .model import PortEntry, Protocol, Source
from .schema import build_entries

# Bump when the cached layout or the record fields change.
CACHE_FORMAT = 1
CACHE_ENV = "PORTDECK_CACHE_DIR"
NO_CACHE_ENV = "PORTDECK_NO_CACHE"


def default_data_path() -> Path:
    """The dataset shipped inside the package (or, in a source checkout, data/ports.toml)."""
    packaged = Path(__file__).resolve().parent.parent / "_data" / "ports.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "ports.toml"


def cache_dir() -> Path:
    """Where parsed datasets are cached: $PORTDECK_CACHE_DIR or the user cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from ..dirs import user_dir

    return user_dir("cache")


def load_catalog(path: Path | None = None, *, use_cache: bool = True) -> Catalog:
    """The catalog in `path` (default: the shipped dataset).

    Raises DatasetError, naming the file, line and entry, for anything wrong.
    """
    path = Path(path) if path is not None else default_data_path()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DatasetError(path, f"cannot read the file: {error.strerror or error}") from None
    use_cache = use_cache and not os.environ.get(NO_CACHE_ENV)
    key = content_key(data)
    if use_cache:
        cached = _read_cache(key)
        if cached is not None:
            return cached
    entries, reserved = parse_dataset(data, path)
    catalog = Catalog.of(entries, reserved)
    if use_cache:
        _write_cache(key, catalog)
    return catalog


def content_key(data: bytes) -> str:
    """A checksum of the file's bytes: any edit gives a new key, so a stale cache is never used.

    Two zlib checksums and the length, not a cryptographic hash: this guards against
    accidents, not attackers, and importing hashlib costs every start ~4 ms.
    """
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def parse_dataset(
    data: bytes, path: Path, *, force_source: Source | None = None
) -> tuple[tuple[PortEntry, ...], tuple[tuple[int, int], ...]]:
    """Parse and validate dataset bytes: the entries and reserved ranges."""
    import tomli  # measured 3x faster than the standard library's tomllib on this dataset

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DatasetError(path, "is not valid UTF-8 text", line=line) from None
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        problem = getattr(error, "msg", str(error))
        raise DatasetError(path, f"invalid TOML: {problem}", line=getattr(error, "lineno", None)) from None
    reserved = _reserved(document.pop("reserved", []), path)
    return build_entries(document, path, text, force_source=force_source), reserved


def _reserved(value: object, path: Path) -> tuple[tuple[int, int], ...]:
    ranges = []
    if isinstance(value, list):
        for item in value:
            if (
                isinstance(item, list)
                and len(item) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 65535 for n in item)
                and item[0] <= item[1]
            ):
                ranges.append((item[0], item[1]))
            else:
                raise DatasetError(path, f"reserved: {item!r} is not a [first, last] port range")
    else:
        raise DatasetError(path, "reserved must be a list of [first, last] port ranges")
    return tuple(sorted(ranges))


# The cache is marshal'd plain tuples: marshal loads them several times faster than
# pickle, and PortEntry is rebuilt with tuple.__new__, skipping validation it passed.
_PROTOCOLS = {p.value: p for p in Protocol}
_SOURCES = {s.value: s for s in Source}


def _cache_file(key: str) -> Path:
    return cache_dir() / f"ports-{key}.v{CACHE_FORMAT}.marshal"


def _read_cache(key: str) -> Catalog | None:
    try:
        blob = _cache_file(key).read_bytes()
        fmt, stored_key, reserved, rows = marshal.loads(blob)
        if fmt != CACHE_FORMAT or stored_key != key:
            return None
        protocol_sets: dict[tuple[str, ...], tuple[Protocol, ...]] = {}
        sources, new, protocols_known = _SOURCES, tuple.__new__, frozenset(_PROTOCOLS)

        def make(row: tuple[Any, ...]) -> PortEntry:
            names = row[2]
            protocols = protocol_sets.get(names)
            if protocols is None:
                protocols = protocol_sets[names] = tuple(_PROTOCOLS[n] for n in names)
            return new(PortEntry, (row[0], row[1], protocols, row[3], row[4], sources[row[5]], *row[6:]))

        # Records are built later, on demand: check now that every row can be built,
        # so a damaged cache is rebuilt here rather than failing mid-session.
        width = len(PortEntry._fields)
        if not all(
            type(row) is tuple and len(row) == width and row[5] in sources and protocols_known.issuperset(row[2])
            for row in rows
        ):
            return None
        return Catalog.from_rows(rows, make, tuple(reserved))
    except Exception:  # noqa: BLE001 - a missing, stale or corrupt cache is simply rebuilt
        return None


def _write_cache(key: str, catalog: Catalog) -> None:
    rows = [(*e[:2], tuple(p.value for p in e.protocols), e.service, e.title, e.source.value, *e[6:]) for e in catalog]
    blob = marshal.dumps((CACHE_FORMAT, key, catalog.reserved, rows))
    target = _cache_file(key)
    import tempfile  # only a cache miss pays for it

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename, so a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".ports-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
        for stale in target.parent.glob("ports-*.marshal"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache folder only costs the next start its speed
