"""An entry's own words and phrases, worked out once per entry: where the ranking looks for a
query's qualifiers and filler ("https" in a tls tag) and for its words standing together
("time protocol" as 37's whole title). A multi-word query asks this of thousands of entries."""

from __future__ import annotations

from portdeck.dataset import Catalog
from portdeck.typed_tuple import TYPE_CHECKING

from .query import tokens
from .reading import FILLER

if TYPE_CHECKING:
    from .reading import Reading


class EntryWords:
    """Each entry's words and phrase forms, by catalog position, made on first use."""

    def __init__(self, catalog: Catalog, common: frozenset[str]) -> None:
        self.catalog = catalog
        self.common = common  # the index's words too common to name anything
        self._words: dict[int, frozenset[str]] = {}
        self._phrases: dict[int, tuple[str, dict[tuple[str, ...], frozenset[str]]]] = {}

    def words(self, position: int) -> frozenset[str]:
        """An entry's own words: its name, aliases, title, family, tags and their words. A
        qualifier or filler word is looked for here (qualifiers: "https" in a tls tag)."""
        found = self._words.get(position)
        if found is None:
            entry = self.catalog[position]
            vocabulary = self.catalog.vocabulary
            family = vocabulary.families.get(entry.family, ("", ()))
            texts = [entry.service, *entry.aliases, entry.title, family[0], *family[1]]
            for tag in entry.tags:
                texts += [tag, *vocabulary.tags.get(tag, ("", ()))[1]]
            words = {word for text in texts for word in tokens(text)}
            words.update("".join(tokens(text)) for text in texts)  # "webui", "ms-sql-s" whole
            found = self._words[position] = frozenset(words)
        return found

    def phrase(self, position: int, reading: Reading) -> int:
        """How the query's words stand in one of the entry's names, alias, title or family:
        0 apart, 1 together in this order, 2 as the whole of one, once filler and anything in
        brackets are set aside ("time protocol" is 37's whole title, "file transfer
        protocol" that of FTP's "File Transfer Protocol (FTP)")."""
        found = self._phrases.get(position)
        if found is None:
            found = self._phrases[position] = self._phrase_forms(position)
        text, wholes = found
        # Whole: the content words are the field's, and the field's other words were typed
        # too ("time protocol" is 37's "Time Protocol"; "sql server" is not "SQL Service").
        common = self.common
        typed = tuple(w for w in reading.words if w not in FILLER and w not in common) or reading.content
        left_out = wholes.get(typed)
        if left_out is not None and left_out <= set(reading.words):
            return 2
        return 1 if " " + " ".join(reading.words) + " " in text else 0

    def _phrase_forms(self, position: int) -> tuple[str, dict[tuple[str, ...], frozenset[str]]]:
        """An entry's names and title as one text of words (to find a phrase in), and each
        whole name as its content words -> its other words (see `phrase`)."""
        entry = self.catalog[position]
        family = self.catalog.vocabulary.families.get(entry.family, ("", ()))[0]
        common = self.common
        lines = []
        wholes: dict[tuple[str, ...], frozenset[str]] = {}
        for field in (entry.service, *entry.aliases, entry.title, family):
            words = tokens(field)
            lines.append(" " + " ".join(words) + " ")
            variants = [words]
            if "(" in field:
                # The field without brackets, and what the brackets hold: "FTP (File
                # Transfer Protocol)" is whole as "ftp" and as "file transfer".
                outside, inside = _split_brackets(field)
                variants += [tokens(outside), tokens(inside)]
            for variant in variants:
                bare = tuple(w for w in variant if w not in FILLER and w not in common)
                wholes.setdefault(bare, frozenset(variant).difference(bare))
        return "\n".join(lines), wholes


def _split_brackets(text: str) -> tuple[str, str]:
    """What stands outside brackets and what they hold: "FTP (File Transfer Protocol)" ->
    ("FTP  ", "File Transfer Protocol"). Brackets do not nest; one never closed is text."""
    outside: list[str] = []
    inside: list[str] = []
    rest = text
    while (opening := rest.find("(")) >= 0 and (closing := rest.find(")", opening + 1)) >= 0:
        outside.append(rest[:opening])
        inside.append(rest[opening + 1 : closing])
        rest = rest[closing + 1 :]
    outside.append(rest)
    return " ".join(outside), " ".join(inside)
