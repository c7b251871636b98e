"""Read data/sources/classes/: the member lists of the software classes portdeck covers.

Each file takes one class's members from a public catalogue (Docker's official images,
the CNCF landscape, Bitnami's containers, awesome-selfhosted …) and says, for every
member, which curated entries serve it (`entries = ["redis@6379"]`) or why it has none
(`skipped = "a language runtime: listens on no port by default"`). The build checks
that every entry named exists and is curated; `--report` prints each class's coverage;
a test asks every curated member by its name, and by one misspelling, and expects its
port first.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry import Draft

CLASS_KEYS = {"title", "catalogue", "version"}
MEMBER_KEYS = {"name", "entries", "skipped", "queries", "misspelling"}
_ENTRY = re.compile(r"(?P<service>[^@\s]+)@(?P<port>\d{1,5})")


@dataclass
class Member:
    name: str
    where: str
    entries: list[tuple[str, int]] = field(default_factory=list)  # (service, port)
    skipped: str = ""
    queries: list[str] = field(default_factory=list)
    misspelling: str = ""


@dataclass
class SoftwareClass:
    key: str  # the file's stem: "docker-official"
    title: str
    catalogue: str
    version: str
    members: list[Member] = field(default_factory=list)


def load(folder: Path) -> tuple[list[SoftwareClass], list[str]]:
    """Every class file in `folder`, and the problems of form found."""
    classes: list[SoftwareClass] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{path.name}: invalid TOML: {error}")
            continue
        header = document.get("class", {})
        missing = sorted(CLASS_KEYS - set(header))
        if missing:
            problems.append(f"{path.name}: [class] needs {', '.join(missing)}")
            continue
        found = SoftwareClass(path.stem, header["title"], header["catalogue"], header["version"])
        names: set[str] = set()
        for index, item in enumerate(document.get("member", [])):
            where = f"{path.name} member #{index + 1} ({item.get('name')!r})"
            member, member_problems = _member(item, where)
            if member is not None and member.name.casefold() in names:
                member_problems.append("is listed twice")
            if member_problems or member is None:
                problems += [f"{where}: {p}" for p in member_problems]
                continue
            names.add(member.name.casefold())
            found.members.append(member)
        classes.append(found)
    return classes, problems


def _member(item: dict[str, Any], where: str) -> tuple[Member | None, list[str]]:
    problems = [f"unknown key {key!r}" for key in sorted(set(item) - MEMBER_KEYS)]
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, [*problems, "needs a name"]
    entries, skipped = item.get("entries", []), item.get("skipped", "")
    if bool(entries) == bool(skipped):
        problems.append("needs either entries (the curated entries serving it) or skipped (why none)")
    parsed = []
    for text in entries if isinstance(entries, list) else [entries]:
        match = _ENTRY.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            problems.append(f"entry {text!r} is not 'service@port'")
        else:
            parsed.append((match["service"], int(match["port"])))
    queries = item.get("queries", [])
    if not isinstance(queries, list) or not all(isinstance(q, str) and q.strip() for q in queries):
        problems.append("queries must be a list of names people type")
        queries = []
    return Member(name, where, parsed, str(skipped), queries, str(item.get("misspelling", ""))), problems


def check(classes: Iterable[SoftwareClass], drafts: Iterable[Draft]) -> list[str]:
    """Every entry a member names is a curated entry."""
    curated = {(d.service, d.port) for d in drafts if d.curated}
    problems = []
    for software_class in classes:
        for member in software_class.members:
            for service, port in member.entries:
                if (service, port) not in curated:
                    problems.append(f"{member.where}: {service}@{port} is not a curated entry")
    return problems


def report(classes: Iterable[SoftwareClass]) -> list[str]:
    """Per class: members, curated, skipped (and why, most common reasons first)."""
    lines = []
    for software_class in classes:
        members = software_class.members
        curated = [m for m in members if m.entries]
        skipped = [m for m in members if m.skipped]
        lines.append(
            f"{software_class.key}: {len(members)} members, {len(curated)} curated, "
            f"{len(skipped)} skipped ({software_class.catalogue}; {software_class.version})"
        )
        reasons: dict[str, list[str]] = {}
        for member in skipped:
            reasons.setdefault(member.skipped, []).append(member.name)
        for reason, names in sorted(reasons.items(), key=lambda item: -len(item[1])):
            lines.append(f"  skipped, {reason}: {', '.join(names)}")
    return lines
