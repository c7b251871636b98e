"""Load and validate a dataset file, through a content-keyed cache."""

from __future__ import annotations

import marshal
import os
import zlib

from ..cache_files import read_cache, remember_key, remembered_key, write_cache
from ..files import DATA_LIMIT, UnreadableFile, read_file
from ..paths import cache_enabled
from ..typed_tuple import TYPE_CHECKING
from .catalog import Catalog
from .errors import DatasetError
from .facets import Facets
from .model import MAX_PORT, PortEntry, Protocol, Source, Vocabulary

if TYPE_CHECKING:
    from .errors import StrPath

# Bump when the cached layout, the record fields or CHUNK_ROWS change.
CACHE_FORMAT = 7
# Entries per marshal'd chunk of the cache: a lookup decodes one chunk, not 6,700 rows.
# A word query's matches are spread over the port range, one chunk each: 32-row chunks
# decode in a quarter of the time of 128-row ones (~1 ms less for `remote desktop`).
CHUNK_ROWS = 32

# Paths are plain strings here: pathlib costs every one-shot lookup ~4 ms to import.


def default_data_path() -> str:
    """The dataset shipped inside the package (or, in a source checkout, data/ports.toml)."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(package, "_data", "ports.toml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(package), "data", "ports.toml")


def load_catalog(
    path: StrPath | None = None, *, use_cache: bool = True, source: Source | None = None
) -> Catalog:
    """The catalog in `path` (default: the shipped dataset); `source` marks every entry
    (the user's own file is all `local`).

    Raises DatasetError, naming the file, line and entry, for anything wrong;
    FileNotFoundError (an OSError) when the file is missing.
    """
    path = os.fspath(path) if path is not None else default_data_path()
    use_cache = use_cache and cache_enabled()
    kind = _cache_kind(source)
    # An unchanged file need not even be read: its key is remembered with its stamp.
    key = remembered_key(kind, path) if use_cache else None
    catalog = _read_cache(kind, key) if key is not None else None
    if catalog is None:
        before = os.stat(path) if use_cache and os.path.isfile(path) else None
        data = _read_data(path, source)
        key = content_key(data)
        if before is not None:
            remember_key(kind, path, key, before)
        catalog = _read_cache(kind, key) if use_cache else None
        if catalog is None:
            entries, reserved, vocabulary = parse_dataset(data, path, force_source=source)
            catalog = Catalog.of(entries, reserved, vocabulary)
            if use_cache:
                _write_cache(kind, key, catalog)
    catalog.key = key
    return catalog


def _read_data(path: str, source: Source | None) -> bytes:
    try:
        return read_file(path, DATA_LIMIT)
    except UnreadableFile as error:
        raise DatasetError(path, str(error)) from None
    except FileNotFoundError:
        if source is Source.LOCAL:
            raise
        raise DatasetError(path, "cannot read the file: No such file or directory") from None
    except OSError as error:
        raise DatasetError(path, f"cannot read the file: {error.strerror or error}") from None


def content_key(data: bytes) -> str:
    """A checksum of the file's bytes: any edit gives a new key, so a stale cache is never used.

    Two zlib checksums and the length, not a cryptographic hash: this guards against
    accidents, not attackers, and importing hashlib costs every start ~4 ms.
    """
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def parse_dataset(
    data: bytes, path: StrPath, *, force_source: Source | None = None
) -> tuple[tuple[PortEntry, ...], tuple[tuple[int, int], ...], Vocabulary]:
    """Parse and validate dataset bytes: the entries, reserved ranges and vocabulary."""
    import tomli  # measured 3x faster than the standard library's tomllib on this dataset

    from .schema import build_entries, build_vocabulary  # only a cache miss validates

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark, as some Windows editors write: not part of the text
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
    except RecursionError:
        raise DatasetError(path, "invalid TOML: arrays or tables nested too deeply") from None
    reserved = _reserved(document.pop("reserved", []), path)
    vocabulary = build_vocabulary(document, path)
    entries = build_entries(document, path, text, force_source=force_source)
    return entries, reserved, vocabulary


def _reserved(value: object, path: StrPath) -> tuple[tuple[int, int], ...]:
    ranges = []
    if isinstance(value, list):
        for item in value:
            if (
                isinstance(item, list)
                and len(item) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_PORT for n in item)
                and item[0] <= item[1]
            ):
                ranges.append((item[0], item[1]))
            else:
                raise DatasetError(path, f"reserved: {item!r} is not a [first, last] port range")
    else:
        raise DatasetError(path, "reserved must be a list of [first, last] port ranges")
    return tuple(sorted(ranges))


# The cache holds plain tuples in marshal's format, which loads several times faster
# than pickle: each entry's first and last port for the catalog's index, and the rows
# in chunks of CHUNK_ROWS, each decoded when one of its entries is first read. A
# checksum over all of it is checked on load, so a damaged file is rebuilt rather than
# failing mid-session; its rows were validated before they were written.
_PROTOCOLS = {p.value: p for p in Protocol}
_SOURCES = {s.value: s for s in Source}


def _cache_kind(source: Source | None) -> str:
    # The dataset and the user's own file are cached side by side.
    return "personal" if source is Source.LOCAL else "dataset"


def _read_cache(kind: str, key: str) -> Catalog | None:
    body = read_cache(kind, key, CACHE_FORMAT)
    try:
        reserved, starts, ends, ranges, chunks, facets, (tags, families, notes) = body
    except (TypeError, ValueError):  # not this format's layout: rebuilt
        return None
    if not isinstance(chunks, tuple) or not isinstance(facets, bytes):
        return None
    store = _CachedEntries(chunks, facets)
    return Catalog.on_demand(starts, ends, store, reserved, Vocabulary(tags, families, notes), ranges)


class _CachedEntries:
    """Builds entries from the cache's chunks, decoding each chunk once; and the facets."""

    __slots__ = ("_chunks", "_facets", "_protocol_sets")

    def __init__(self, chunks: tuple[bytes, ...], facets: bytes) -> None:
        self._chunks: list[bytes | tuple[tuple[object, ...], ...]] = list(chunks)
        self._facets = facets  # marshal'd, decoded only when a filter needs it
        self._protocol_sets: dict[tuple[str, ...], tuple[Protocol, ...]] = {}

    def facets(self) -> Facets:
        return Facets(*marshal.loads(self._facets))

    def _rows(self, chunk: int) -> tuple[tuple[object, ...], ...]:
        rows = self._chunks[chunk]
        if isinstance(rows, bytes):
            rows = self._chunks[chunk] = marshal.loads(rows)
        return rows

    def entry(self, position: int) -> PortEntry:
        return self._make(self._rows(position // CHUNK_ROWS)[position % CHUNK_ROWS])

    def all_entries(self) -> list[PortEntry]:
        make = self._make
        return [make(row) for chunk in range(len(self._chunks)) for row in self._rows(chunk)]

    def _make(self, row: tuple) -> PortEntry:
        names = row[2]
        protocols = self._protocol_sets.get(names)
        if protocols is None:
            protocols = self._protocol_sets[names] = tuple(_PROTOCOLS[n] for n in names)
        # tuple.__new__ skips PortEntry's argument handling: the row was validated before caching.
        return tuple.__new__(
            PortEntry, (row[0], row[1], protocols, row[3], row[4], _SOURCES[row[5]], *row[6:])
        )


def _write_cache(kind: str, key: str, catalog: Catalog) -> None:
    rows = [
        (*e[:2], tuple(p.value for p in e.protocols), e.service, e.title, e.source.value, *e[6:])
        for e in catalog
    ]
    chunks = tuple(marshal.dumps(tuple(rows[i : i + CHUNK_ROWS])) for i in range(0, len(rows), CHUNK_ROWS))
    starts, ends = tuple(row[0] for row in rows), tuple(row[1] for row in rows)
    facets = marshal.dumps((catalog.facets.protocols, dict(catalog.facets.tags)))
    vocabulary = (catalog.vocabulary.tags, catalog.vocabulary.families, catalog.vocabulary.notes)
    ranges = tuple(i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start != end)
    body = (catalog.reserved, starts, ends, ranges, chunks, facets, vocabulary)
    write_cache(kind, key, CACHE_FORMAT, body)
