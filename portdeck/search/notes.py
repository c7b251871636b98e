"""Find the note a query names: an attack technique, an IP protocol or a link-layer protocol.

A note is found by its whole name or an alias, the query's words run together
("pass the hash", "pass-the-hash" and "passthehash" are one name), with or without
the words people add around such names ("attack", "exploit", "protocol"). IANA's IP
protocols that nobody described are found only by exact keyword, and only when no
port entry answers the query better (`rdp` is Remote Desktop, not IP protocol 27).
"""

from __future__ import annotations

from collections.abc import Sequence

from portdeck.dataset import Note, Vocabulary

from .query import tokens

# Words people put around a technique's or a protocol's name.
AROUND_NAMES = frozenset(
    [
        "attack",
        "attacks",
        "exploit",
        "exploits",
        "exploitation",
        "vulnerability",
        "vuln",
        "bug",
        "cve",
        "technique",
        "attacker",
        "protocol",
        "proto",
        "ip",
        "frame",
        "frames",
        "packet",
        "packets",
        "traffic",
        "firewall",
        "rule",
        "allow",
        "block",
        "what",
        "is",
        "the",
        "a",
        "an",
        "port",
        "ports",
        "number",
    ]
)


class NoteIndex:
    """Notes by every name they answer to."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.notes = [Note(*raw) for raw in vocabulary.notes]  # type: ignore[arg-type]
        self._by_name: dict[str, int] = {}
        self._by_number: dict[tuple[str, int], int] = {}
        # Described notes first: the link-layer STP before IANA's IP protocol 118 "STP".
        order = sorted(range(len(self.notes)), key=lambda p: not is_described(self.notes[p]))
        for position in order:
            note = self.notes[position]
            for name in (note.name, *note.aliases):
                self._by_name.setdefault("".join(tokens(name)), position)
        for position, note in enumerate(self.notes):
            if note.number is not None and note.kind != "technique":
                self._by_number.setdefault((note.kind, note.number), position)

    def by_number(self, kind: str, number: int) -> Note | None:
        position = self._by_number.get((kind, number))
        return None if position is None else self.notes[position]

    def named(self, words: Sequence[str]) -> Note | None:
        """The note these words name, whole, or once the words around names are left out."""
        for candidate in (words, [w for w in words if w not in AROUND_NAMES]):
            if candidate:
                position = self._by_name.get("".join(candidate))
                if position is not None:
                    return self.notes[position]
        return None


def is_described(note: Note) -> bool:
    """Whether people wrote it (every technique and link-layer note; some IP protocols)."""
    return bool(note.description)
