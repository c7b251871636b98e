"""Rebuild data/ports.toml from the IANA registry CSV and data/curated.toml.

Usage: python scripts/build_ports.py [--check]

The output is deterministic: the same inputs always give the same bytes, so a
test can check that the committed data/ports.toml is exactly what this builds.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_CSV = ROOT / "data" / "sources" / "iana-service-names-port-numbers.csv"
CURATED = ROOT / "data" / "curated.toml"
OUTPUT = ROOT / "data" / "ports.toml"

PROTOCOL_ORDER = ("tcp", "udp", "sctp", "dccp")
SOURCE_ORDER = ("iana", "unofficial")
_RFC = re.compile(r"\[RFC(\d+)\]", re.IGNORECASE)
ENRICHED_KEYS = ("description", "security", "aliases", "related", "references")


@dataclass
class Draft:
    """An entry while it is being assembled."""

    port: int
    end: int
    service: str
    title: str
    protocols: list[str] = field(default_factory=list)
    source: str = "iana"
    description: str = ""
    security: str = ""
    aliases: list[str] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.port, self.end, SOURCE_ORDER.index(self.source), self.service)


def parse_port(text: str) -> tuple[int, int]:
    """'22' -> (22, 22); '6000-6063' -> (6000, 6063)."""
    first, _, last = text.partition("-")
    return int(first), int(last or first)


def read_registry(path: Path) -> tuple[dict[tuple[int, int, str], Draft], list[tuple[int, int]]]:
    """Assigned rows merged by (port, service); reserved port ranges."""
    drafts: dict[tuple[int, int, str], Draft] = {}
    reserved: list[tuple[int, int]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            number, service = row["Port Number"].strip(), row["Service Name"].strip()
            if not number:
                continue  # a service name with no port (DNS-SD): not a port entry
            port, end = parse_port(number)
            if not service:
                if row["Description"].strip().lower() == "reserved":
                    reserved.append((port, end))
                continue
            key = (port, end, service)
            draft = drafts.get(key)
            if draft is None:
                title = " ".join(row["Description"].split()) or service
                draft = drafts[key] = Draft(port=port, end=end, service=service, title=title)
            protocol = row["Transport Protocol"].strip().lower()
            if protocol and protocol not in draft.protocols:
                draft.protocols.append(protocol)
            for number_ in _RFC.findall(row["Reference"]):
                reference = f"RFC {int(number_)}"
                if reference not in draft.references:
                    draft.references.append(reference)
    for draft in drafts.values():
        draft.protocols.sort(key=PROTOCOL_ORDER.index)
    return drafts, merge_ranges(reserved)


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def apply_curated(drafts: dict[tuple[int, int, str], Draft], curated: dict) -> list[Draft]:
    """Enrich registry entries and add the unofficial ones; fail loudly on a mismatch."""
    unofficial: list[Draft] = []
    for index, item in enumerate(curated.get("entry", [])):
        port = item["port"]
        end = item.get("end", port)
        where = f"{CURATED.name} entry #{index + 1} (port {port}, service {item['service']!r})"
        if item.get("source") == "unofficial":
            draft = Draft(
                port=port,
                end=end,
                service=item["service"],
                title=item["title"],
                protocols=sorted(item["protocols"], key=PROTOCOL_ORDER.index),
                source="unofficial",
            )
            unofficial.append(draft)
        else:
            if "protocols" in item:
                raise SystemExit(f"{where}: protocols come from the registry; remove them")
            draft = drafts.get((port, end, item["service"]))
            if draft is None:
                raise SystemExit(f"{where}: no such assignment in the IANA registry")
            draft.title = item["title"]
        for key in ENRICHED_KEYS:
            value = item.get(key)
            if value is None:
                continue
            if key == "references":
                # Ours first, then the registry's, without repeats.
                value = list(dict.fromkeys([*value, *draft.references]))
            setattr(draft, key, value)
    return unofficial


def render(drafts: list[Draft], reserved: list[tuple[int, int]]) -> str:
    lines = [
        "# portdeck's port dataset. Generated by scripts/build_ports.py from",
        "# data/sources/iana-service-names-port-numbers.csv and data/curated.toml: do not edit by hand.",
        "",
        "# Ports the IANA registry marks as reserved, as [first, last] ranges.",
        "reserved = [" + ", ".join(f"[{a}, {b}]" for a, b in reserved) + "]",
    ]
    for draft in drafts:
        lines += ["", "[[entry]]", f"port = {draft.port}"]
        if draft.end != draft.port:
            lines.append(f"end = {draft.end}")
        lines.append(f"protocols = {_list(draft.protocols)}")
        lines.append(f"service = {_string(draft.service)}")
        lines.append(f"title = {_string(draft.title)}")
        if draft.source != "iana":
            lines.append(f"source = {_string(draft.source)}")
        for key in ("description", "security"):
            if getattr(draft, key):
                lines.append(f"{key} = {_string(getattr(draft, key))}")
        for key in ("aliases", "related", "references"):
            if getattr(draft, key):
                lines.append(f"{key} = {_list(getattr(draft, key))}")
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def _list(values: Iterable[object]) -> str:
    return "[" + ", ".join(_string(v) if isinstance(v, str) else str(v) for v in values) + "]"


def build(registry: Path = REGISTRY_CSV, curated_path: Path = CURATED) -> str:
    """The text of data/ports.toml for these inputs."""
    drafts, reserved = read_registry(registry)
    with curated_path.open("rb") as handle:
        curated = tomllib.load(handle)
    unofficial = apply_curated(drafts, curated)
    entries = sorted([*drafts.values(), *unofficial], key=lambda d: d.sort_key)
    return render(entries, reserved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if data/ports.toml is out of date")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run python scripts/build_ports.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count('[[entry]]')} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
