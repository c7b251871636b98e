"""Read the IANA registry CSV into draft entries: one per (port, service), with its protocols.

Rules (each has a test in tests/dataset/test_contents.py):
- rows for the same port and service on several protocols become one entry;
- a protocol whose row says IANA withdrew it ("De-Registered", "Reserved for a future
  enhancement") is not listed;
- rows with no service name are unassigned, reserved, withdrawn, or (24, 35, 57 …
  "any private mail system") an assignment with no name, kept with `service = ""`;
- the title joins the distinct titles of the protocol rows, dropping abbreviations
  and truncations of another one, and sharing their common words ("TURN over TCP / UDP");
- IANA's note on renamed services ("IANA assigned this well-formed service name as a
  replacement for …") is not part of the title;
- RFCs are taken from the TCP and UDP rows; SCTP and DCCP rows cite their transport's
  own RFC (9260 for SCTP), so theirs count only for entries on no other protocol.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROTOCOL_ORDER = ("tcp", "udp", "sctp", "dccp")
SOURCE_ORDER = ("iana", "unofficial")
PROMINENCE = ("rare", "niche", "common", "everyday")
_RFC = re.compile(r"\[RFC(\d+)\]", re.IGNORECASE)
_UNASSIGNED = re.compile(r"^unassigned\b|\(unassigned\)|^possibly\b", re.IGNORECASE)
_RESERVED = re.compile(r"^reserved\b(?! for a future)", re.IGNORECASE)
_WITHDRAWN = re.compile(
    r"de-?registered|^removed\b|^deprecated\b|de-?com+is+ioned|reserved for a future", re.IGNORECASE
)
_DANGLING = re.compile(r"\b(and|or|for|of|the|to)$", re.IGNORECASE)
# A note IANA appends to the description of renamed services; it is not part of the title.
_RENAMED_NOTE = re.compile(
    r"\s*IANA assigned this well-formed service name as a replacement for \"[^\"]*\"\.?"
)


@dataclass
class Draft:
    """An entry while it is being assembled."""

    port: int
    end: int
    service: str
    title: str
    protocols: list[str] = field(default_factory=list)
    source: str = "iana"
    prominence: str = "rare"
    tags: list[str] = field(default_factory=list)
    description: str = ""
    security: str = ""
    aliases: list[str] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    family: str = ""
    processes: list[str] = field(default_factory=list)
    curated: bool = False

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.port, self.end, SOURCE_ORDER.index(self.source), self.service)

    @property
    def label(self) -> str:
        return f"{self.port}-{self.end}" if self.end != self.port else str(self.port)


def parse_port(text: str) -> tuple[int, int]:
    """'22' -> (22, 22); '6000-6063' -> (6000, 6063)."""
    first, _, last = text.partition("-")
    return int(first), int(last or first)


DraftKey = tuple[int, int, str, str]  # port, end, service, source


def read_registry(path: Path) -> tuple[dict[DraftKey, Draft], list[tuple[int, int]]]:
    """Assigned rows merged by (port, service); reserved port ranges."""
    rows: dict[tuple[int, int, str], list[tuple[str, str, str]]] = {}
    reserved: list[tuple[int, int]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            number, service = row["Port Number"].strip(), row["Service Name"].strip()
            if not number:
                continue  # a service name with no port (DNS-SD): not a port entry
            port, end = parse_port(number)
            description = _RENAMED_NOTE.sub("", " ".join(row["Description"].split())).strip()
            if not service:
                if _RESERVED.search(description):
                    reserved.append((port, end))
                if (
                    _RESERVED.search(description)
                    or _UNASSIGNED.search(description)
                    or _WITHDRAWN.search(description)
                ):
                    continue
            protocol = row["Transport Protocol"].strip().lower()
            rows.setdefault((port, end, service), []).append((protocol, description, row["Reference"]))
    drafts: dict[DraftKey, Draft] = {}
    for (port, end, service), found in rows.items():
        kept = [r for r in found if not _WITHDRAWN.search(r[1])] or found
        protocols = sorted({p for p, _, _ in kept if p}, key=PROTOCOL_ORDER.index)
        title = merge_titles([d for p, d, _ in sorted(kept, key=_protocol_rank)]) or service
        drafts[(port, end, service, "iana")] = Draft(
            port, end, service, title, protocols, references=_rfcs(kept)
        )
    return drafts, merge_ranges(reserved)


def _protocol_rank(row: tuple[str, str, str]) -> int:
    return PROTOCOL_ORDER.index(row[0]) if row[0] in PROTOCOL_ORDER else len(PROTOCOL_ORDER)


def _rfcs(rows: list[tuple[str, str, str]]) -> list[str]:
    own = [r for r in rows if r[0] in ("tcp", "udp", "")] or rows
    found: list[str] = []
    for _, _, reference in own:
        for number in _RFC.findall(reference):
            if f"RFC {int(number)}" not in found:
                found.append(f"RFC {int(number)}")
    return found


def merge_titles(titles: list[str]) -> str:
    """One title from the protocol rows' titles (see the module docstring)."""
    distinct: list[str] = []
    for title in titles:
        if title and title.casefold() not in (t.casefold() for t in distinct):
            distinct.append(title)
    if any(" " in t for t in distinct):
        distinct = [t for t in distinct if " " in t]  # "FTP", "SSH": a short form of the full title
    distinct = [
        t for t in distinct if not any(o != t and o.casefold().startswith(t.casefold()) for o in distinct)
    ]
    if len(distinct) == 2 and _DANGLING.search(distinct[0]):
        return f"{distinct[0]} {distinct[1]}"  # one title IANA split across the rows
    if len(distinct) < 2:
        return distinct[0] if distinct else ""
    words = [t.split() for t in distinct]
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    if shared >= 1:
        return " ".join(words[0][:shared]) + " " + " / ".join(" ".join(w[shared:]) for w in words)
    return " / ".join(distinct)


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
