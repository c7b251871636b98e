"""Read what portdeck knows that is not a port entry: attack techniques, IP protocols and
link-layer protocols (data/curated/techniques.toml, ip-protocols.toml, link-layer.toml),
and IANA's Assigned Internet Protocol Numbers (data/sources/iana-protocol-numbers.csv).

Each becomes a `[[note]]` of data/ports.toml with a `kind`: `technique`, `ip-protocol` or
`link-layer`. A query naming one answers with its card first, then the entries it names.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import curated
from registry import Draft

TECHNIQUE_KINDS = ("exploit", "technique", "tool", "amplification", "botnet")
_ENTRY = re.compile(r"(?P<service>[^@\s]+)@(?P<port>\d{1,5})")
_RFC = re.compile(r"\[RFC(\d+)\]", re.IGNORECASE)
# What each file holds: its array's name, the note kind, the keys it allows and needs.
FILES = {
    "techniques.toml": (
        "technique",
        "technique",
        {"name", "aliases", "kind", "entries", "why", "references"},
        {"name", "kind", "entries", "why", "references"},
    ),
    "ip-protocols.toml": (
        "ip_protocol",
        "ip-protocol",
        {"number", "name", "aliases", "description", "entries", "references"},
        {"number", "description", "references"},
    ),
    "link-layer.toml": (
        "link_layer",
        "link-layer",
        {"name", "title", "aliases", "ethertype", "description", "entries", "references"},
        {"name", "title", "description", "references"},
    ),
}


def read_protocol_numbers(path: Path) -> dict[int, dict[str, Any]]:
    """IANA's assigned IP protocol numbers: number -> keyword, name, references."""
    found: dict[int, dict[str, Any]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            number = row["Decimal"].strip()
            if not number.isdigit() or not row["Keyword"].strip():
                continue  # ranges (unassigned) and the nameless "any host internal protocol"
            references = [f"RFC {n}" for n in _RFC.findall(row["Reference"])]
            found.setdefault(
                int(number),
                {
                    "number": int(number),
                    "name": row["Keyword"].strip(),
                    "title": " ".join(row["Protocol"].split()) or row["Keyword"].strip(),
                    "references": references,
                },
            )
    return found


def load(folder: Path, protocol_numbers: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every note, as the `[[note]]` tables to write, and the problems found."""
    numbers = read_protocol_numbers(protocol_numbers)
    notes: dict[int, dict[str, Any]] = {
        n: {"kind": "ip-protocol", **row, "aliases": [], "description": "", "entries": []}
        for n, row in numbers.items()
    }
    others: list[dict[str, Any]] = []
    problems: list[str] = []
    for filename, (array, kind, allowed, required) in FILES.items():
        path = folder / filename
        if not path.exists():
            continue
        try:
            with path.open("rb") as handle:
                items = tomllib.load(handle).get(array, [])
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{filename}: invalid TOML: {error}")
            continue
        for index, item in enumerate(items):
            label = item.get("name", item.get("number"))
            where = f"{filename} {array} #{index + 1} ({label!r})"
            found = [f"unknown key {k!r}" for k in sorted(set(item) - allowed)]
            found += [f"missing {k!r}" for k in sorted(required - set(item))]
            found += list(curated.reference_problems(item.get("references", [])))
            if kind == "technique" and item.get("kind") not in TECHNIQUE_KINDS:
                found.append(f"kind must be one of {', '.join(TECHNIQUE_KINDS)}")
            if found:
                problems += [f"{where}: {p}" for p in found]
                continue
            note = {**item, "kind": kind, "where": where}
            if kind == "technique":
                note["subkind"], note["description"] = item["kind"], item["why"]
                del note["why"]
            if kind == "ip-protocol":
                registered = notes.get(item["number"])
                if registered is None:
                    problems.append(f"{where}: {item['number']} is not an assigned IP protocol number")
                    continue
                keyword = registered["name"]
                name = item.get("name", keyword)  # the name people use: OSPF for IANA's OSPFIGP
                registered.update(
                    where=where,
                    name=name,
                    aliases=[*item.get("aliases", []), *([keyword] if name != keyword else [])],
                    description=item["description"],
                    entries=item.get("entries", []),
                    references=list(dict.fromkeys([*item["references"], *registered["references"]])),
                )
                continue
            others.append(note)
    return [*notes.values(), *others], problems


def check(notes: Iterable[dict[str, Any]], drafts: Iterable[Draft]) -> list[str]:
    """Entries named exist; no name or alias names two notes."""
    known = {(d.service, d.port) for d in drafts}
    problems = []
    owners: dict[str, str] = {}
    for note in notes:
        where = note.get("where", f"IP protocol {note.get('number')}")
        for text in note.get("entries", []):
            match = _ENTRY.fullmatch(text) if isinstance(text, str) else None
            if match is None or (match["service"], int(match["port"])) not in known:
                problems.append(f"{where}: entry {text!r} is not 'service@port' of an entry")
        if note["kind"] == "ip-protocol" and not note.get("description"):
            continue  # IANA's rows nobody described are found by number and exact keyword only
        for name in [note["name"], *note.get("aliases", [])]:
            key = curated.squash(name)
            owner = owners.setdefault(key, where)
            if owner != where:
                problems.append(f"{where}: name {name!r} also names {owner}")
    return problems


def render(notes: Iterable[dict[str, Any]], string: Any, listing: Any) -> list[str]:
    """The `[[note]]` tables of data/ports.toml."""
    lines = []
    for note in sorted(notes, key=lambda n: (n["kind"], n.get("number", -1), n["name"].casefold())):
        lines += ["", "[[note]]", f"kind = {string(note['kind'])}", f"name = {string(note['name'])}"]
        if note.get("title"):
            lines.append(f"title = {string(note['title'])}")
        if note.get("subkind"):
            lines.append(f"subkind = {string(note['subkind'])}")
        number = note.get("number", note.get("ethertype"))
        if number is not None:
            lines.append(f"number = {number}")
        if note.get("description"):
            lines.append(f"description = {string(note['description'])}")
        for key in ("aliases", "entries", "references"):
            if note.get(key):
                lines.append(f"{key} = {listing(note[key])}")
    return lines
