"""Find the note a query names: an attack technique, an IP protocol or a link-layer protocol.

A note is found by its whole name or an alias, the query's words run together
("pass the hash", "pass-the-hash" and "passthehash" are one name), with or without
the words people add around such names ("attack", "exploit", "protocol"). IANA's IP
protocols that nobody described are found only by exact keyword, and only when no
port entry answers the query better (`rdp` is Remote Desktop, not IP protocol 27).
"""

from __future__ import annotations

from portdeck.dataset import Note, Vocabulary

from ..typed_tuple import TYPE_CHECKING
from .query import tokens

if TYPE_CHECKING:
    from collections.abc import Sequence

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


def note_names(vocabulary: Vocabulary) -> dict[str, int]:
    """Every name and alias of the notes, run together, to the note's position. Described
    notes first: the link-layer STP before IANA's IP protocol 118 "STP". Built with the word
    index and cached with it: a word query must not tokenise 1,000 names every time."""
    raw = vocabulary.notes
    names: dict[str, int] = {}
    order = sorted(range(len(raw)), key=lambda p: not raw[p][5])  # 5: the description
    for position in order:
        name, aliases = raw[position][1], raw[position][6]
        for text in (name, *aliases):  # type: ignore[misc]
            names.setdefault("".join(tokens(str(text))), position)
    return names


class NoteIndex:
    """Notes by every name they answer to, and by number; each built only when found."""

    def __init__(self, vocabulary: Vocabulary, names: dict[str, int] | None = None) -> None:
        self._raw = vocabulary.notes
        self._by_name = names if names is not None else note_names(vocabulary)
        self._by_number: dict[tuple[str, int], int] | None = None

    @property
    def notes(self) -> list[Note]:
        return [Note(*raw) for raw in self._raw]  # type: ignore[arg-type]

    def _note(self, position: int) -> Note:
        return Note(*self._raw[position])  # type: ignore[arg-type]

    def by_number(self, kind: str, number: int) -> Note | None:
        if self._by_number is None:
            self._by_number = {}
            for at, raw in enumerate(self._raw):
                if raw[4] is not None and raw[0] != "technique":  # 4: the number, 0: the kind
                    self._by_number.setdefault((str(raw[0]), int(raw[4])), at)  # type: ignore[call-overload]
        found = self._by_number.get((kind, number))
        return None if found is None else self._note(found)

    def named(self, words: Sequence[str]) -> Note | None:
        """The note these words name, whole, or once the words around names are left out."""
        for candidate in (words, [w for w in words if w not in AROUND_NAMES]):
            if candidate:
                position = self._by_name.get("".join(candidate))
                if position is not None:
                    return self._note(position)
        return None


def is_described(note: Note) -> bool:
    """Whether people wrote it (every technique and link-layer note; some IP protocols)."""
    return bool(note.description)
