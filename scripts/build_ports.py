"""Rebuild data/ports.toml from the IANA registry CSV and the curated data in data/curated/.

Usage: python scripts/build_ports.py [--check] [--report]

The output is deterministic: the same inputs always give the same bytes, so a test
can check that the committed data/ports.toml is exactly what this builds. The
curated data is checked on every build (data/curated/README.md lists the rules).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules, however it is loaded

import classes
import curated
import notes
from registry import PROMINENCE, PROTOCOL_ORDER, Draft, DraftKey, read_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_CSV = ROOT / "data" / "sources" / "iana-service-names-port-numbers.csv"
BAD_PORTS = ROOT / "data" / "sources" / "fetch-bad-ports.toml"
PROTOCOL_NUMBERS = ROOT / "data" / "sources" / "iana-protocol-numbers.csv"
CHECKLIST = ROOT / "data" / "sources" / "checklist.toml"
CURATED = ROOT / "data" / "curated"
CLASSES = ROOT / "data" / "sources" / "classes"
OUTPUT = ROOT / "data" / "ports.toml"

ENRICHED_KEYS = (
    "prominence",
    "tags",
    "description",
    "security",
    "aliases",
    "related",
    "checks",
    "family",
    "processes",
)


class CurationError(Exception):
    """The curated data breaks a rule: every problem, one per line."""


def apply_curated(
    drafts: dict[DraftKey, Draft], curation: curated.Curation, udp_ports: frozenset[int] = frozenset()
) -> list[str]:
    """Enrich registry entries and add the unofficial ones; the problems found.

    `udp_ports` are the ports commonly found open on UDP (the checklist's UDP half).
    """
    problems = list(curation.problems)
    for entry in curation.entries:
        item = entry.data
        port, end, service = entry.key
        if item.get("source") == "unofficial":
            if (port, end, service, "iana") in drafts:
                problems.append(
                    f"{entry.where}: IANA lists this service on this port: drop source and protocols"
                )
                continue
            draft = drafts[(port, end, service, "unofficial")] = Draft(
                port,
                end,
                service,
                item["title"],
                sorted(item["protocols"], key=PROTOCOL_ORDER.index),
                "unofficial",
            )
        else:
            found = drafts.get((port, end, service, "iana"))
            if found is None:
                problems.append(f"{entry.where}: no such assignment in the IANA registry")
                continue
            draft = found
            draft.title = item["title"]
        draft.curated = True
        for key in ENRICHED_KEYS:
            if key in item:
                setattr(draft, key, item[key])
        # Ours first, then the registry's, without repeats.
        draft.references = list(dict.fromkeys([*item.get("references", []), *draft.references]))
        if port == end:
            draft.checks = [*draft.checks, *generic_checks(port, draft.protocols, port in udp_ports)]
    return problems


def generic_checks(port: int, protocols: Iterable[str], met_on_udp: bool) -> list[str]:
    """The check any TCP or UDP port has: does anything answer there at all?

    IANA registers most services on both TCP and UDP whatever they use, so the UDP
    probe is offered only where the service is UDP-only or commonly met on UDP.
    """
    protocols = list(protocols)
    found = []
    if "tcp" in protocols:
        found.append(f"nc -vz HOST {port}")
    if "udp" in protocols and ("tcp" not in protocols or met_on_udp):
        found.append(f"nc -vzu HOST {port}")
    return found


def link_families(drafts: Iterable[Draft]) -> None:
    """Members of a family list each other as related, both ways."""
    members: dict[str, list[Draft]] = {}
    for draft in drafts:
        if draft.family:
            members.setdefault(draft.family, []).append(draft)
    for group in members.values():
        for draft in group:
            others = [m.port for m in group if m.port != draft.port]
            draft.related = list(dict.fromkeys([*draft.related, *others]))


def tag_browser_blocked(drafts: Iterable[Draft]) -> None:
    """Entries on the Fetch standard's bad ports carry `browser-blocked`: a browser refuses
    http://HOST:PORT there, so a web service must not use one (data/sources/fetch-bad-ports.toml)."""
    with BAD_PORTS.open("rb") as handle:
        bad = frozenset(tomllib.load(handle)["ports"])
    for draft in drafts:
        every_port_bad = draft.end - draft.port < 16 and all(
            port in bad for port in range(draft.port, draft.end + 1)
        )
        if every_port_bad and "browser-blocked" not in draft.tags:
            draft.tags = [*draft.tags, "browser-blocked"]


def render(
    drafts: list[Draft],
    reserved: list[tuple[int, int]],
    curation: curated.Curation,
    all_notes: Iterable[dict[str, Any]] = (),
) -> str:
    lines = [
        "# portdeck's port dataset. Generated by scripts/build_ports.py from",
        "# data/sources/iana-service-names-port-numbers.csv and data/curated/: do not edit by hand.",
        "",
        "# Ports the IANA registry marks as reserved, as [first, last] ranges.",
        "reserved = [" + ", ".join(f"[{a}, {b}]" for a, b in reserved) + "]",
    ]
    for name, tag in curation.tags.items():
        lines += ["", f"[tag.{name}]", f"meaning = {_string(tag['meaning'])}"]
        if tag.get("words"):
            lines.append(f"words = {_list(tag['words'])}")
    for name, family in sorted(curation.families.items()):
        lines += ["", f"[family.{name}]", f"name = {_string(family['name'])}"]
        if family.get("aliases"):
            lines.append(f"aliases = {_list(family['aliases'])}")
    for draft in drafts:
        lines += ["", "[[entry]]", f"port = {draft.port}"]
        if draft.end != draft.port:
            lines.append(f"end = {draft.end}")
        lines.append(f"protocols = {_list(draft.protocols)}")
        lines.append(f"service = {_string(draft.service)}")
        lines.append(f"title = {_string(draft.title)}")
        if draft.source != "iana":
            lines.append(f"source = {_string(draft.source)}")
        if draft.prominence != PROMINENCE[0]:
            lines.append(f"prominence = {_string(draft.prominence)}")
        for key in ("family", "description", "security"):
            if getattr(draft, key):
                lines.append(f"{key} = {_string(getattr(draft, key))}")
        for key in ("tags", "aliases", "related", "references", "checks", "processes"):
            if getattr(draft, key):
                lines.append(f"{key} = {_list(getattr(draft, key))}")
    lines += notes.render(all_notes, _string, _list)
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def _list(values: Iterable[object]) -> str:
    return "[" + ", ".join(_string(v) if isinstance(v, str) else str(v) for v in values) + "]"


def assemble(
    registry: Path = REGISTRY_CSV, curated_dir: Path = CURATED, draft: bool = False
) -> tuple[list[Draft], str]:
    """The merged entries and the text of data/ports.toml; CurationError lists every problem.

    `draft` lets entries without references through, for a curator's work in progress.
    """
    drafts, reserved = read_registry(registry)
    curation = curated.load(curated_dir)
    if not draft:
        curation.problems += curation.unsourced
    with CHECKLIST.open("rb") as handle:
        udp_ports = frozenset(tomllib.load(handle)["udp"])
    problems = apply_curated(drafts, curation, udp_ports)
    entries = sorted(drafts.values(), key=lambda d: d.sort_key)
    link_families(entries)
    tag_browser_blocked(entries)
    problems += curated.check(curation, entries)
    software_classes, class_problems = classes.load(CLASSES)
    problems += class_problems + classes.check(software_classes, entries)
    all_notes, note_problems = notes.load(curated_dir, PROTOCOL_NUMBERS)
    problems += note_problems + notes.check(all_notes, entries)
    if problems:
        raise CurationError("\n".join(problems))
    return entries, render(entries, reserved, curation, all_notes)


def build(registry: Path = REGISTRY_CSV, curated_dir: Path = CURATED) -> str:
    """The text of data/ports.toml for these inputs."""
    return assemble(registry, curated_dir)[1]


def report(text: str) -> str:
    """How well the curated data covers the checklist of ports people meet, answered the way
    portdeck answers a port number (its catalog's `at`)."""
    sys.path.insert(0, str(ROOT))
    from portdeck.dataset import Catalog
    from portdeck.dataset.loader import parse_dataset

    entries, reserved, vocabulary = parse_dataset(text.encode(), OUTPUT)
    catalog = Catalog.of(entries, reserved, vocabulary)
    with CHECKLIST.open("rb") as handle:
        checklist = tomllib.load(handle)
    lines, missing = classes.report(classes.load(CLASSES)[0]), set[int]()
    for protocol in ("tcp", "udp"):
        numbers = checklist[protocol]
        answers = {port: catalog.at(port) for port in numbers}
        described = [port for port, found in answers.items() if any(e.curated for e in found)]
        first = [port for port, found in answers.items() if found and found[0].curated]
        missing.update(port for port in numbers if port not in described)
        lines.append(
            f"{protocol}: {len(described)} of {len(numbers)} checklist ports have a curated description; "
            f"for {len(first)} the first answer is curated"
        )
    if missing:
        lines.append(f"not described yet ({len(missing)}): {' '.join(map(str, sorted(missing)))}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if data/ports.toml is out of date")
    parser.add_argument("--report", action="store_true", help="print how much of the checklist is described")
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="where to write the dataset (default data/ports.toml)"
    )
    parser.add_argument(
        "--draft",
        action="store_true",
        help="work in progress: build even where entries have no references yet (never with --check)",
    )
    args = parser.parse_args(argv)
    if args.draft and args.check:
        parser.error("--check judges the real build: leave out --draft")
    try:
        _entries, text = assemble(draft=args.draft)
    except CurationError as error:
        problems = str(error).splitlines()
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) in data/curated/", file=sys.stderr)
        return 1
    if args.report:
        print(report(text))
    if args.check:
        if args.output.read_text(encoding="utf-8") != text:
            print(f"{args.output} is out of date: run python scripts/build_ports.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    if not args.report:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({text.count('[[entry]]')} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
