"""The card of a note (a technique, an IP protocol, a link-layer protocol), as plain lines:
the command line prints them, the app shows them above the results, `--json` has them
as an object. Text from the data; callers make it printable."""

from __future__ import annotations

from .dataset import Note

KIND_WORDS = {
    "exploit": "exploit",
    "technique": "attack technique",
    "tool": "offensive tool",
    "amplification": "amplification / reflection vector",
    "botnet": "botnet or worm",
}


def headline(note: Note) -> str:
    """One line saying what it is: 'PIM is IP protocol 103 (…), not a TCP or UDP port.'"""
    title = f" ({note.title})" if note.title and note.title.casefold() != note.name.casefold() else ""
    if note.kind == "ip-protocol":
        return f"{note.name} is IP protocol {note.number}{title}, not a TCP or UDP port."
    if note.kind == "link-layer":
        ethertype = f", EtherType {ethertype_label(note.number)}" if note.number is not None else ""
        return f"{note.name}{title} is a link-layer protocol{ethertype}: it has no port at all."
    kind = KIND_WORDS.get(note.subkind, note.subkind)
    return f"{note.name} ({kind}): the ports it goes through are listed below."


def ethertype_label(number: int | None) -> str:
    return f"0x{number:04X}" if number is not None else ""


def firewall_lines(note: Note) -> list[str]:
    """How a firewall allows or blocks it: by protocol number, or not at all (link layer)."""
    if note.kind == "ip-protocol" and note.number is not None:
        number = note.number
        return [
            f"iptables: -p {number} (e.g. iptables -A INPUT -p {number} -j ACCEPT), never --dport",
            f"nftables: meta l4proto {number} accept",
        ]
    if note.kind == "link-layer":
        match = f" (ether type {ethertype_label(note.number)})" if note.number is not None else ""
        return [
            (
                "IP firewalls (iptables, nftables ip/inet tables) never see these frames: filter them on "
                f"the switch, or with nftables' bridge or netdev family or ebtables{match}."
            )
        ]
    return []


def card_lines(note: Note) -> list[str]:
    """The whole card: headline, description, firewall lines, references."""
    lines = [headline(note)]
    if note.description:
        lines.append(note.description)
    lines += firewall_lines(note)
    if note.aliases and note.kind == "technique":
        lines.append(f"Also called: {', '.join(note.aliases)}")
    if note.references:
        lines.append(f"Sources: {', '.join(note.references)}")
    return lines


def note_to_json(note: Note) -> dict[str, object]:
    """The note as `--json` gives it, first in the array: `kind` tells it from an entry."""
    document: dict[str, object] = {
        "kind": note.kind,
        "name": note.name,
        "title": note.title,
        "number": note.number,
        "description": note.description,
        "aliases": list(note.aliases),
        "entries": [{"service": service, "port": port} for service, port in note.entries],
        "references": list(note.references),
        "firewall": firewall_lines(note),
    }
    if note.kind == "technique":
        document["technique"] = note.subkind
    return document
