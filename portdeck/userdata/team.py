"""Every ports file a user or a team keeps, merged after the built-in data, each entry knowing
the file and line it came from.

The files, in the order they are merged (later ones add to earlier ones; nothing is replaced):

1. every `*.toml` in the folders or files named by `PORTDECK_PATH` (colon-separated, like
   `PATH`; a folder's files by name, hidden ones left out, as the shell's `*` does);
2. `ports.d/*.toml` in the config folder (beside the personal file when `PORTDECK_CONFIG`
   moves it);
3. the personal `ports.toml` (`--config`, `$PORTDECK_CONFIG`);
4. the nearest `.portdeck.toml` walking up from the current folder, as `.editorconfig` is
   found, up to the home folder (or the filesystem root outside it), never above; one owned by
   another user (not root) is skipped with a warning, as git refuses another user's repository.

Every entry is `local`; its origin (`Origin`: "team: payments.toml:12") is kept beside the
catalog, not in `PortEntry`. A broken file is one warning naming it, and the others load. A file
named twice (a folder and a file in it, or a symlink) is read once, where it first appears.

Speed: the merged catalog (built-in + every file) is cached whole, keyed by the built-in data's
key and every file's path and content; an unchanged set of files (same size, times, inode) is
not even read. A lookup then pays for listing the folders, one `stat` per file and two small
cache reads: merging 5,000 entries into the built-in 6,700 costs ~20 ms, a third of a lookup.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib

from ..cache_files import RACY_NS, read_cache, write_cache
from ..dataset import Catalog, DatasetError, PortEntry, Source, Vocabulary
from ..dataset.catalog import _MergedStore
from ..dataset.loader import CACHE_FORMAT, CHUNK_ROWS, _CachedEntries, content_key, parse_dataset
from ..files import DATA_LIMIT, UnreadableFile, read_file
from ..paths import cache_enabled
from ..typed_tuple import TYPE_CHECKING, NamedTuple
from .team_files import PERSONAL, FoundFile, PortsFile, find_files

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

    from ..dataset.catalog import EntryStore

# The cache's layout: bump with any change to it; the loader's CACHE_FORMAT is folded in (the
# rows are its rows).
TEAM_FORMAT = 1
_VERSION = TEAM_FORMAT * 1000 + CACHE_FORMAT
_KIND, _STAMP_KIND = "team", "stamp-team"


class Origin(NamedTuple):
    """Where an entry came from: which kind of file, the file (as named), the line of its
    `[[entry]]`."""

    kind: str  # "team", "ports.d", "personal", "project"
    path: str
    line: int

    @property
    def label(self) -> str:
        """'team: payments.toml:12', as the detail, the table and `--json` show it."""
        return f"{self.kind}: {os.path.basename(self.path)}:{self.line}"

    @property
    def location(self) -> str:
        """'ports/payments.toml:12': the file as named and the line, for editors and CI logs."""
        return f"{self.path}:{self.line}"


class Origins:
    """The origin of every entry that came from a file, found from the entry itself.

    The merged catalog hands out the very entry objects of the files' own catalog, so an
    entry is found among those on its first port by identity (then by equality): two files
    that describe the same service on the same port each keep their own origin.
    """

    __slots__ = ("_lines", "_local", "_offset", "_places", "files", "warnings")

    def __init__(
        self,
        local: Catalog,
        files: Sequence[PortsFile],
        places: bytes,  # marshal'd, per local position: (index in the files read, line)
        offset: int = 0,  # files skipped before the files read (listed first in `files`)
        warnings: Sequence[str] = (),
    ) -> None:
        self._local = local
        self.files = tuple(files)
        self._places = places  # decoded when an origin is first asked for: a lookup rarely does
        self._offset = offset
        self._lines: Sequence[tuple[int, int]] | None = None
        self.warnings = list(warnings)

    def _place(self, position: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = marshal.loads(self._places)
        index, line = self._lines[position]
        return index + self._offset, line

    def __len__(self) -> int:
        return len(self._local)

    def __bool__(self) -> bool:
        return True  # an instance with no entries is still the answer "none came from a file"

    def _origin(self, position: int) -> Origin:
        index, line = self._place(position)
        found = self.files[index]
        return Origin(found.kind, found.path, line)

    def of(self, entry: PortEntry) -> Origin | None:
        """Where this entry came from; None for a built-in entry (or one from elsewhere)."""
        if entry.source is not Source.LOCAL or not len(self._local):
            return None
        span = self._local.span(entry.port, entry.port)
        positions = range(span.start, span.stop)
        for position in positions:
            if self._local[position] is entry:
                return self._origin(position)
        for position in positions:
            if self._local[position] == entry:
                return self._origin(position)
        return None

    def label(self, entry: PortEntry) -> str | None:
        """`of(entry).label`, or None."""
        origin = self.of(entry)
        return origin.label if origin is not None else None

    def items(self) -> Iterator[tuple[PortEntry, Origin]]:
        """Every entry from a file with its origin, in merge order: file by file, line by line."""
        order = sorted(range(len(self._local)), key=self._place)
        for position in order:
            yield self._local[position], self._origin(position)


def origin_json(origins: Origins | None, entry: PortEntry) -> dict[str, object]:
    """The fields `--json` adds to an entry from a file: `origin` ("team: payments.toml:12")
    and `origin_file` (the path as named) and `origin_line`; nothing for a built-in entry."""
    origin = origins.of(entry) if origins is not None else None
    if origin is None:
        return {}
    return {"origin": origin.label, "origin_file": origin.path, "origin_line": origin.line}


# Loading and merging.


class TeamPorts(NamedTuple):
    """The catalog with every file's entries, where each came from, and the warnings."""

    catalog: Catalog
    origins: Origins
    warnings: list[str]


def load_team(
    catalog: Catalog,
    personal: str | None,
    *,
    environ: dict[str, str] | None = None,
    cwd: str | None = None,
    home: str | None = None,
    use_cache: bool = True,
) -> TeamPorts:
    """`catalog` (the built-in data) plus every ports file, in the documented order.

    Never raises for a file: a broken or unreadable one is a warning naming the file (and
    line), and the others load. `personal` is the personal ports file (`--config` or
    `paths.config_file()`).
    """
    found, skipped, warnings = find_files(personal, environ=environ, cwd=cwd, home=home)
    if not found:
        empty = Origins(Catalog(()), skipped, marshal.dumps(()), 0, warnings)
        return TeamPorts(catalog, empty, warnings)
    use_cache = use_cache and cache_enabled() and catalog.key is not None
    stamps = _stamps(found)
    names_key = _checksum(repr([(f.kind, f.path) for f in found]).encode("utf-8", "surrogateescape"))
    if use_cache:
        remembered = read_cache(_STAMP_KIND, names_key, _VERSION)
        if _is_pair(remembered) and remembered[0] == stamps and remembered[1][0] == catalog.key:
            loaded = _from_cache(catalog, remembered[1][1], skipped, warnings)
            if loaded is not None:
                return loaded
    contents: list[tuple[FoundFile, bytes | None, str]] = []
    for item in found:
        data, problem = _read(item.path)
        contents.append((item, data, problem))
    key = _checksum(
        repr(
            [catalog.key, [(f.kind, f.path, content_key(d) if d is not None else p) for f, d, p in contents]]
        ).encode("utf-8", "surrogateescape")
    )
    loaded = _from_cache(catalog, key, skipped, warnings) if use_cache else None
    if loaded is None:
        body = _build(catalog, contents)
        if use_cache:
            write_cache(_KIND, key, _VERSION, body)
        loaded = _from_body(catalog, key, body, skipped, warnings)
    if use_cache and all(problem == "" for _, _, problem in contents):
        _remember(names_key, stamps, (catalog.key, key), found)
    return loaded


def with_team(catalog: Catalog, personal: str | None) -> tuple[Catalog, Origins, list[str]]:
    """What the command calls instead of `personal.with_personal`: the merged catalog, the
    origins of its entries from files, and the warnings to show."""
    loaded = load_team(catalog, personal)
    return loaded.catalog, loaded.origins, loaded.warnings


def _checksum(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _stamps(found: Sequence[FoundFile]) -> list[list[int]]:
    return [
        [i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino, i.st_dev] for i in (item.info for item in found)
    ]


def _is_pair(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple) and len(value[1]) == 2


def _remember(
    names_key: str, stamps: list[list[int]], keys: tuple[str | None, str], found: Sequence[FoundFile]
) -> None:
    """Remember the key of these files' contents with their stamps, unless one changed while it
    was read or so recently that a second edit in the same clock tick would look unchanged
    (as `cache_files.remember_key` does for one file)."""
    now = time.time_ns()
    for item, stamp in zip(found, stamps, strict=True):
        try:
            info = os.stat(item.path)
        except OSError:
            return
        after = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]
        if after != stamp or now - max(info.st_ctime_ns, info.st_mtime_ns) <= RACY_NS:
            return
    write_cache(_STAMP_KIND, names_key, _VERSION, (stamps, keys))


def _read(path: str) -> tuple[bytes | None, str]:
    try:
        return read_file(path, DATA_LIMIT), ""
    except UnreadableFile as error:
        return None, f"{path}: {error}"
    except OSError as error:
        return None, f"{path}: cannot read the file: {error.strerror or error}"


def _build(catalog: Catalog, contents: Sequence[tuple[FoundFile, bytes | None, str]]) -> tuple[object, ...]:
    """Parse the files and merge them into `catalog`: the cache's body."""
    from ..dataset.schema import entry_lines

    files: list[tuple[str, str, int, str]] = []  # kind, path, entries (-1: skipped), problem
    entries: list[tuple[PortEntry, int, int]] = []  # entry, file index, line
    for index, (item, data, problem) in enumerate(contents):
        if data is None:
            files.append((item.kind, item.path, -1, problem))
            continue
        try:
            parsed, _, _ = parse_dataset(data, item.path, force_source=Source.LOCAL)
        except DatasetError as error:
            files.append((item.kind, item.path, -1, str(error)))
            continue
        text = data.decode("utf-8-sig")
        lines = entry_lines(text)
        entries += [(entry, index, lines[n] if n < len(lines) else 0) for n, entry in enumerate(parsed)]
        files.append((item.kind, item.path, len(parsed), ""))
    # Port order; on one span, file order then line order: as if each file were merged in turn.
    entries.sort(key=lambda found: (found[0].port, found[0].end, found[1], found[2]))
    local = Catalog([entry for entry, _, _ in entries])
    places = marshal.dumps(tuple((index, line) for _, index, line in entries))
    # Merged once here, on a cache miss, exactly as `merged_with` merges; a lookup then takes
    # the merged catalog's layout from the cache instead of paying ~20 ms to merge 5,000 entries.
    merged = catalog.merged_with(local)
    store = merged._store
    if isinstance(store, _MergedStore):
        cuts, at = tuple(store._cuts), tuple(store._at)
    else:  # no entries: merged_with returned the catalog itself
        cuts, at = (), ()
    return (
        tuple(files),
        _encode(local),
        places,
        (cuts, at),
        (merged._starts, merged._ends, merged._ranges),
    )


def _encode(local: Catalog) -> tuple[object, ...]:
    """The local catalog in the loader's cache layout (`loader._write_cache`'s body)."""
    rows = [
        (*e[:2], tuple(p.value for p in e.protocols), e.service, e.title, e.source.value, *e[6:])
        for e in local
    ]
    chunks = tuple(marshal.dumps(tuple(rows[i : i + CHUNK_ROWS])) for i in range(0, len(rows), CHUNK_ROWS))
    facets = marshal.dumps((local.facets.protocols, dict(local.facets.tags)))
    return (local._starts, local._ends, local._ranges, chunks, facets)


def _from_cache(
    catalog: Catalog, key: str, skipped: list[PortsFile], warnings: list[str]
) -> TeamPorts | None:
    body = read_cache(_KIND, key, _VERSION)
    if body is None:
        return None
    try:
        return _from_body(catalog, key, body, skipped, warnings)
    except (TypeError, ValueError, IndexError, KeyError):  # not this format's layout: rebuilt
        return None


def _from_body(
    catalog: Catalog, key: str, body: Any, skipped: list[PortsFile], warnings: list[str]
) -> TeamPorts:
    files_body, (starts, ends, ranges, chunks, facets), places, (cuts, at), merged_layout = body
    files = [*skipped]
    offset = len(files)
    warnings = list(warnings)
    for kind, path, count, problem in files_body:
        if count < 0:
            files.append(PortsFile(kind, path, None, problem))
            warnings.append(_skipped_warning(kind, problem))
        else:
            files.append(PortsFile(kind, path, count))
    if not isinstance(chunks, tuple) or not isinstance(facets, bytes) or not isinstance(places, bytes):
        raise TypeError("not this format's layout")
    local = _on_demand(starts, ends, ranges, _CachedEntries(chunks, facets), (), Vocabulary())
    origins = Origins(local, files, places, offset, warnings)
    if not len(local):
        return TeamPorts(catalog, origins, warnings)
    store = _MergedStore.__new__(_MergedStore)
    store._base, store._added, store._cuts, store._at = catalog, local, cuts, at
    merged_starts, merged_ends, merged_ranges = merged_layout
    merged = _on_demand(
        merged_starts, merged_ends, merged_ranges, store, catalog.reserved, catalog.vocabulary
    )
    merged.key = f"{catalog.key}+{key}" if catalog.key else None
    return TeamPorts(merged, origins, warnings)


def _on_demand(
    starts: tuple[int, ...],
    ends: tuple[int, ...],
    ranges: tuple[int, ...],
    store: EntryStore,
    reserved: tuple[tuple[int, int], ...],
    vocabulary: Vocabulary,
) -> Catalog:
    """`Catalog.on_demand` with the positions of its ranges known (from the cache)."""
    if len(starts) != len(ends) or (ranges and not 0 <= ranges[-1] < len(starts)):
        raise ValueError("not this format's layout")
    return Catalog.on_demand(starts, ends, store, reserved, vocabulary, ranges)


def _skipped_warning(kind: str, problem: str) -> str:
    if kind == PERSONAL:
        return f"{problem} (your ports file was skipped; the other files loaded)"
    return f"{problem} (this ports file was skipped; the others loaded)"
