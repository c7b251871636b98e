"""Turn parsed TOML tables into validated `PortEntry` records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..safe_text import describe_character, first_unsafe
from .errors import DatasetError
from .model import MAX_PORT, PROMINENCE_NAMES, Note, PortEntry, Protocol, Source, Vocabulary

if TYPE_CHECKING:
    from .errors import StrPath

TABLE = "entry"
# Top-level tables besides the entries: the reserved ranges and the curated vocabulary.
VOCABULARY_TABLES = ("tag", "family", "note")
NOTE_KINDS = ("technique", "ip-protocol", "link-layer")
REQUIRED_KEYS = frozenset({"port", "service", "title", "protocols"})
OPTIONAL_KEYS = frozenset(
    {
        "end",
        "source",
        "description",
        "security",
        "aliases",
        "related",
        "references",
        "prominence",
        "tags",
        "checks",
        "family",
        "processes",
    }
)
KNOWN_KEYS = REQUIRED_KEYS | OPTIONAL_KEYS
_PROTOCOLS = {p.value: p for p in Protocol}
_FILE_SOURCES = {Source.IANA.value: Source.IANA, Source.UNOFFICIAL.value: Source.UNOFFICIAL}
_PROMINENCE = {name: level for level, name in enumerate(PROMINENCE_NAMES)}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_HEADER = re.compile(rf"^[ \t]*\[\[[ \t]*{TABLE}[ \t]*\]\]", re.MULTILINE)


def entry_lines(text: str) -> list[int]:
    """Line number (1-based) of each `[[entry]]` header, in order."""
    return [text.count("\n", 0, m.start()) + 1 for m in _HEADER.finditer(text)]


def build_entries(
    document: Mapping[str, Any],
    path: StrPath,
    text: str,
    *,
    force_source: Source | None = None,
) -> tuple[PortEntry, ...]:
    """Validate every table of a parsed dataset document.

    `text` is only read again when something is wrong, to find the line at fault.
    `force_source` marks every entry (the user's own file is all `local`).
    """
    unknown_tables = sorted(set(document) - {TABLE, *VOCABULARY_TABLES})
    if unknown_tables:
        raise DatasetError(path, f"unknown top-level key {unknown_tables[0]!r} (expected [[{TABLE}]] tables)")
    tables = document.get(TABLE, [])
    if not isinstance(tables, list):
        raise DatasetError(path, f"{TABLE!r} must be an array of tables: write [[{TABLE}]]")

    entries: list[PortEntry] = []
    seen: dict[tuple[int, int, str, Source], int] = {}
    for index, table in enumerate(tables):
        try:
            entry = _build_entry(table, force_source)
            key = (entry.port, entry.end, entry.service.lower(), entry.source)
            if key in seen:
                raise ValueError(f"duplicates entry #{seen[key] + 1} (same port, service and source)")
        except ValueError as error:
            lines = entry_lines(text)
            raise DatasetError(
                path,
                str(error),
                line=lines[index] if index < len(lines) else None,
                entry=_describe(index, table),
            ) from None
        seen[key] = index
        entries.append(entry)
    return tuple(entries)


def _describe(index: int, table: object) -> str:
    label = f"entry #{index + 1}"
    if isinstance(table, Mapping):
        port, service = table.get("port"), table.get("service")
        if port is not None or service is not None:
            label += f" (port {port!r}, service {service!r})"
    return label


def _build_entry(table: object, force_source: Source | None) -> PortEntry:
    if not isinstance(table, Mapping):
        raise ValueError("is not a table")
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known keys: {', '.join(sorted(KNOWN_KEYS))})")
    missing = sorted(REQUIRED_KEYS - set(table))
    if missing:
        raise ValueError(f"missing required key {missing[0]!r}")

    port = _port(table["port"], "port")
    end = _port(table.get("end", port), "end")
    if end < port:
        raise ValueError(f"reversed range: end {end} is below port {port}")
    source = force_source or _source(table.get("source", Source.IANA.value))
    # The registry has a few assignments with no name ("any private mail system").
    service = _text(table["service"], "service", required=source is not Source.IANA)
    # The user's own entries are what they meet on their ports: first, unless they say otherwise.
    default_prominence = "everyday" if source is Source.LOCAL else "rare"
    return PortEntry(
        port=port,
        end=end,
        protocols=_protocols(table["protocols"]),
        service=service,
        title=_text(table["title"], "title", required=True),
        source=source,
        description=_text(table.get("description", ""), "description"),
        security=_text(table.get("security", ""), "security"),
        aliases=_texts(table, "aliases"),
        related=tuple(_port(p, "related") for p in _list(table.get("related", []), "related")),
        references=_texts(table, "references"),
        prominence=_prominence(table.get("prominence", default_prominence)),
        tags=tuple(_slug(t, "tags") for t in _list(table.get("tags", []), "tags")),
        checks=_texts(table, "checks"),
        family=_slug(table["family"], "family") if "family" in table else "",
        processes=_texts(table, "processes"),
    )


def _port(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} must be a whole number, not {value!r}")
    if not 0 <= value <= MAX_PORT:
        raise ValueError(f"{key} {value} is outside 0-{MAX_PORT}")
    return value


def _text(value: object, key: str, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {value!r}")
    if required and not value.strip():
        raise ValueError(f"{key} must not be empty")
    unsafe = first_unsafe(value)
    if unsafe:
        # Text from a file reaches terminals: an escape sequence here could retitle the
        # window, write the clipboard or hide text. Refused, with where it is.
        raise ValueError(
            f"{key} contains {describe_character(unsafe.group())} at character {unsafe.start() + 1}"
        )
    return value


def _texts(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(_text(item, key, required=True) for item in _list(table.get(key, []), key))


def _slug(value: object, key: str) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise ValueError(f"{key}: {value!r} is not a lowercase name (letters, digits and '-')")
    return value


def _prominence(value: object) -> int:
    level = _PROMINENCE.get(value) if isinstance(value, str) else None
    if level is None:
        raise ValueError(f"prominence must be one of {', '.join(PROMINENCE_NAMES)}, not {value!r}")
    return level


def _list(value: object, key: str) -> Iterable[object]:
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list, not {value!r}")
    return value


def _protocols(value: object) -> tuple[Protocol, ...]:
    protocols = []
    for name in _list(value, "protocols"):
        protocol = _PROTOCOLS.get(name) if isinstance(name, str) else None
        if protocol is None:
            raise ValueError(f"unknown protocol {name!r} (expected one of {', '.join(_PROTOCOLS)})")
        if protocol not in protocols:
            protocols.append(protocol)
    return tuple(protocols)


def _source(value: object) -> Source:
    source = _FILE_SOURCES.get(value) if isinstance(value, str) else None
    if source is None:
        raise ValueError(f"unknown source {value!r} (expected one of {', '.join(_FILE_SOURCES)})")
    return source


def build_vocabulary(document: Mapping[str, Any], path: StrPath) -> Vocabulary:
    """The `[tag.NAME]` and `[family.ID]` tables of a dataset (empty when it has none)."""
    tags: dict[str, tuple[str, tuple[str, ...]]] = {}
    families: dict[str, tuple[str, tuple[str, ...]]] = {}
    for table_name, found, first, rest in (
        ("tag", tags, "meaning", "words"),
        ("family", families, "name", "aliases"),
    ):
        tables = document.get(table_name, {})
        if not isinstance(tables, Mapping):
            raise DatasetError(path, f"{table_name!r} must be tables: write [{table_name}.NAME]")
        for name, table in tables.items():
            try:
                _slug(name, table_name)
                if not isinstance(table, Mapping) or set(table) - {first, rest}:
                    raise ValueError(f"[{table_name}.{name}] takes the keys {first!r} and {rest!r}")
                found[name] = (_text(table.get(first, ""), first, required=True), _texts(table, rest))
            except ValueError as error:
                raise DatasetError(path, f"[{table_name}.{name}]: {error}") from None
    notes = document.get("note", [])
    if not isinstance(notes, list):
        raise DatasetError(path, "'note' must be an array of tables: write [[note]]")
    return Vocabulary(tags, families, tuple(_note(table, index, path) for index, table in enumerate(notes)))


def _note(table: object, index: int, path: StrPath) -> tuple[object, ...]:
    """One [[note]] as the plain tuple a `Note` is made from."""
    try:
        if not isinstance(table, Mapping):
            raise ValueError("is not a table")
        unknown = sorted(set(table) - set(Note._fields))
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r}")
        kind = table.get("kind")
        if kind not in NOTE_KINDS:
            raise ValueError(f"kind must be one of {', '.join(NOTE_KINDS)}")
        number = table.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 0):
            raise ValueError(f"number must be a whole number, not {number!r}")
        entries = []
        for text in _texts(table, "entries"):
            service, _, port = text.rpartition("@")
            if not service or not port.isascii() or not port.isdigit():
                raise ValueError(f"entry {text!r} is not 'service@port'")
            entries.append((service, _port(int(port), "entries")))
        return (
            kind,
            _text(table.get("name"), "name", required=True),
            _text(table.get("title", ""), "title"),
            _text(table.get("subkind", ""), "subkind"),
            number,
            _text(table.get("description", ""), "description"),
            _texts(table, "aliases"),
            tuple(entries),
            _texts(table, "references"),
        )
    except ValueError as error:
        raise DatasetError(path, f"note #{index + 1}: {error}") from None
