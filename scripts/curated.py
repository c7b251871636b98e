"""Read data/curated/ and check it: the rules in data/curated/README.md.

Every problem is collected (not just the first), each naming its file and entry, so
one run of `python scripts/build_ports.py --check` lists everything to fix.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry import PROMINENCE, PROTOCOL_ORDER, Draft

ENTRY_KEYS = {
    "port",
    "end",
    "service",
    "title",
    "source",
    "protocols",
    "prominence",
    "tags",
    "description",
    "security",
    "aliases",
    "related",
    "references",
    "checks",
    "family",
    "processes",
}
LIST_KEYS = ("tags", "aliases", "related", "references", "checks", "processes")
# What a reference may be: a standard, a URL, a file in a public repository
# ("owner/repo:path"), a CVE record, a MITRE ATT&CK technique, or an IANA registry.
_REFERENCE = re.compile(
    r"RFC \d+|BCP \d+|STD \d+|draft-[a-z0-9-]+"
    r"|https?://\S+"
    r"|[A-Za-z0-9][\w.-]*/[\w.-]+:\S+"
    r"|CVE-\d{4}-\d{4,}|MS\d\d-\d{3}"
    r"|ATT&CK T\d{4}(?:\.\d{3})?"
    r"|(?:IEEE|ITU-T|ISO|IEC|ISO/IEC|ASHRAE|3GPP|ETSI|ANSI|ECMA|NIST|MS-[A-Z0-9]+|IANA|CISA|W3C|WHATWG) \S.*"
)
# An executable's name as ps and ss show it ("sshd", "redis-server", "java").
_PROCESS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
# Files of notes, not entries (scripts/notes.py reads them).
NOTE_FILES = ("techniques.toml", "ip-protocols.toml", "link-layer.toml")
_RANGE_FILE = re.compile(r"^ports-(\d{5})-(\d{5})\.toml$")
_WORD = re.compile(r"[^\W_]+")
_PLACEHOLDER = re.compile(
    r"registered for .*(product|application)|rarely seen|no further information", re.IGNORECASE
)
_COMMON_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "on",
        "in",
        "to",
        "by",
        "with",
        "or",
        "as",
        "at",
        "is",
        "it",
        "its",
        "this",
        "that",
        "from",
        "over",
        "via",
        "port",
        "ports",
        "protocol",
        "service",
        "server",
        "used",
        "use",
        "uses",
    ]
)


@dataclass
class CuratedEntry:
    """One [[entry]] of a curated file, with where it came from."""

    where: str
    data: dict[str, Any]

    @property
    def key(self) -> tuple[int, int, str]:
        port = self.data["port"]
        return (port, self.data.get("end", port), self.data["service"])


@dataclass
class Curation:
    entries: list[CuratedEntry] = field(default_factory=list)
    families: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unsourced: list[str] = field(default_factory=list)  # entries with no references yet


def load(folder: Path) -> Curation:
    """Every curated file in `folder`; problems of form are collected, not raised."""
    curation = Curation()
    seen: dict[tuple[int, int, str], str] = {}  # every file's entries: one entry per port and service
    with (folder / "tags.toml").open("rb") as handle:
        curation.tags = tomllib.load(handle)["tag"]
    with (folder / "families.toml").open("rb") as handle:
        curation.families = tomllib.load(handle).get("family", {})
    for path in sorted(folder.glob("*.toml")):
        if path.name in ("tags.toml", "families.toml", *NOTE_FILES):
            continue
        try:
            with path.open("rb") as handle:
                document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            curation.problems.append(f"{path.name}: invalid TOML: {error}")
            continue
        bounds = _RANGE_FILE.match(path.name)
        for index, item in enumerate(document.get("entry", [])):
            where = (
                f"{path.name} entry #{index + 1} (port {item.get('port')}, service {item.get('service')!r})"
            )
            entry = CuratedEntry(where, item)
            problems = _form_problems(item)
            if bounds and not problems and not int(bounds[1]) <= item["port"] <= int(bounds[2]):
                problems.append(f"port {item['port']} is outside this file's range")
            if not problems and entry.key in seen:
                problems.append(f"already curated as {seen[entry.key]}")
            if problems:
                curation.problems += [f"{where}: {p}" for p in problems]
                continue
            seen[entry.key] = where
            curation.entries.append(entry)
            for problem in _source_problems(item):
                found = curation.unsourced if problem.startswith(_UNSOURCED) else curation.problems
                found.append(f"{where}: {problem}")
    return curation


def _form_problems(item: dict[str, Any]) -> list[str]:
    problems = [f"unknown key {key!r}" for key in sorted(set(item) - ENTRY_KEYS)]
    for key in ("port", "service", "title", "prominence", "description"):
        if key not in item:
            problems.append(f"missing {key!r}")
    if problems:
        return problems
    if item.get("prominence") not in PROMINENCE:
        problems.append(f"prominence must be one of {', '.join(PROMINENCE)}")
    unofficial = item.get("source") == "unofficial"
    if item.get("source", "iana") not in ("iana", "unofficial"):
        problems.append("source must be 'unofficial' (or left out for an IANA assignment)")
    if unofficial and not all(p in PROTOCOL_ORDER for p in item.get("protocols", [None])):
        problems.append("an unofficial entry needs protocols from tcp, udp, sctp, dccp")
    if not unofficial and "protocols" in item:
        problems.append("protocols come from the registry; remove them")
    for key in LIST_KEYS:
        if not isinstance(item.get(key, []), list):
            problems.append(f"{key} must be a list")
    return problems


_UNSOURCED = "references is missing"


def _source_problems(item: dict[str, Any]) -> list[str]:
    """Where the facts come from, and who serves the port: reported, but the entry is kept
    so that one missing reference does not hide the problems of the entries after it."""
    problems = []
    references = item.get("references", [])
    if not references:
        problems.append(f"{_UNSOURCED}: name where the facts come from (data/curated/README.md)")
    problems += reference_problems(references)
    for process in item.get("processes", []):
        if not isinstance(process, str) or not _PROCESS.fullmatch(process):
            problems.append(f"process {process!r} is not an executable's name")
    return problems


def check(curation: Curation, drafts: Iterable[Draft]) -> list[str]:
    """Problems of meaning, once every entry is merged into `drafts`."""
    drafts = list(drafts)
    problems: list[str] = []
    ports: set[int] = set()
    ranges: list[tuple[int, int]] = []
    for draft in drafts:
        (ports.add(draft.port) if draft.port == draft.end else ranges.append((draft.port, draft.end)))
    # An alias may repeat the name of another entry only when its own entry is the more
    # prominent one (22 ssh's "sftp" over 115's historic sftp): search ranks prominence
    # first, so the alias then points one way, at what people mean.
    services: dict[str, set[tuple[int, str, int]]] = {}
    for draft in drafts:
        if draft.service and draft.curated:
            rank = PROMINENCE.index(draft.prominence)
            services.setdefault(squash(draft.service), set()).add((draft.port, draft.service, rank))
    alias_owner: dict[str, tuple[str, int, str]] = {}
    for entry in curation.entries:
        item, where = entry.data, entry.where
        port, service = item["port"], item["service"]
        if "family" in item and item["family"] not in curation.families:
            problems.append(f"{where}: family {item['family']!r} is not in families.toml")
        for tag in item.get("tags", []):
            if tag not in curation.tags:
                problems.append(f"{where}: tag {tag!r} is not in tags.toml")
        for related in item.get("related", []):
            if related not in ports and not any(a <= related <= b for a, b in ranges):
                problems.append(f"{where}: related port {related} has no entry")
        for alias in item.get("aliases", []):
            key = squash(alias)
            owner = alias_owner.setdefault(key, (where, port, service))
            if (owner[1], owner[2]) != (port, service):
                problems.append(
                    f"{where}: alias {alias!r} also names {owner[0]} (a family name? see families.toml)"
                )
            rank = PROMINENCE.index(item["prominence"])
            others = {s for s in services.get(key, ()) if (s[0], s[1]) != (port, service) and s[2] >= rank}
            if others and key != squash(service):
                other_port, other_service, _ = min(others)
                problems.append(
                    f"{where}: alias {alias!r} is the service name of port {other_port} ({other_service!r}), "
                    "an entry at least as prominent"
                )
        for command in item.get("checks", []):
            if (
                not isinstance(command, str)
                or "HOST" not in command
                or "\n" in command
                or not command.isprintable()
            ):
                problems.append(f"{where}: check {command!r} must be one printable line containing HOST")
        problems += [f"{where}: {p}" for p in _text_problems(item)]
    return problems


def reference_problems(references: object) -> list[str]:
    """What is wrong with a list of references (each must have one of the documented forms)."""
    if not isinstance(references, list):
        return ["references must be a list"]
    return [
        f"reference {reference!r} is not an RFC, URL, 'owner/repo:path', CVE, ATT&CK id or standard"
        for reference in references
        if not isinstance(reference, str) or not _REFERENCE.fullmatch(reference)
    ]


def _text_problems(item: dict[str, Any]) -> list[str]:
    description, title = item["description"], item["title"]
    if not isinstance(description, str) or not description.strip():
        return ["description is empty"]
    if _PLACEHOLDER.search(description):
        return ["the description is a placeholder: say what a person meets on this port"]
    new_words = set(words(description)) - set(words(title)) - _COMMON_WORDS
    if len(description) < 40 or len(new_words) < 4:
        return ["the description only restates the title: say what the service does and who runs it"]
    return []


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def squash(name: str) -> str:
    """A name without separators or case: 'MS-SQL-S' and 'ms sql s' are one name."""
    return "".join(words(name))
