"""Turn parsed TOML tables into validated `PortEntry` records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import DatasetError
from .model import MAX_PORT, PortEntry, Protocol, Source

if TYPE_CHECKING:
    from .errors import StrPath

TABLE = "entry"
REQUIRED_KEYS = frozenset({"port", "service", "title", "protocols"})
OPTIONAL_KEYS = frozenset(
    {"end", "source", "description", "security", "aliases", "related", "references"}
)
KNOWN_KEYS = REQUIRED_KEYS | OPTIONAL_KEYS
_PROTOCOLS = {p.value: p for p in Protocol}
_FILE_SOURCES = {Source.IANA.value: Source.IANA, Source.UNOFFICIAL.value: Source.UNOFFICIAL}
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
    unknown_tables = sorted(set(document) - {TABLE})
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
    return PortEntry(
        port=port,
        end=end,
        protocols=_protocols(table["protocols"]),
        service=_text(table["service"], "service", required=True),
        title=_text(table["title"], "title", required=True),
        source=source,
        description=_text(table.get("description", ""), "description"),
        security=_text(table.get("security", ""), "security"),
        aliases=tuple(_text(a, "aliases", required=True) for a in _list(table.get("aliases", []), "aliases")),
        related=tuple(_port(p, "related") for p in _list(table.get("related", []), "related")),
        references=tuple(
            _text(r, "references", required=True) for r in _list(table.get("references", []), "references")
        ),
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
    return value


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
