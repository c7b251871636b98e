"""Pinned entries, kept in pins.json in the user's data folder (see `json_store` for the guarantees)."""

from __future__ import annotations

import os

from ..dataset import MAX_PORT, PortEntry
from ..typed_tuple import TYPE_CHECKING, NamedTuple
from .json_store import CorruptFile, JsonStore, TooLarge

if TYPE_CHECKING:
    from typing import TypeGuard

FORMAT = 1


class PinKey(NamedTuple):
    """What identifies an entry across runs and dataset updates."""

    port: int
    end: int
    service: str
    source: str


def pin_key(entry: PortEntry) -> PinKey:
    return PinKey(entry.port, entry.end, entry.service, entry.source.value)


class PinStore(JsonStore[frozenset[PinKey]]):
    """The set of pinned entries in `folder/pins.json`."""

    what = "pins"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(folder, "pins.json", frozenset())

    @property
    def pins(self) -> frozenset[PinKey]:
        return self.value

    def toggle(self, key: PinKey) -> bool:
        """Pin or unpin; returns whether `key` is pinned now."""
        try:
            # Toggled in the file as it is now: another window may have pinned since we loaded.
            return key in self.change(lambda pins: pins ^ {key})
        except TooLarge as error:
            # Refused before writing: a file the next start would not read loses every pin.
            self.warnings.append(f"not pinned: {self.path} is full ({error})")
            return key in self.pins

    def parse(self, document: object) -> frozenset[PinKey]:
        return parse(document)

    def document(self, value: frozenset[PinKey]) -> object:
        return {"format": FORMAT, "pins": [key._asdict() for key in sorted(value)]}


def parse(document: object) -> frozenset[PinKey]:
    """The pins of a parsed pins.json; CorruptFile for anything else."""
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("pins"), list)
    ):
        raise CorruptFile(f"not a format-{FORMAT} pins file")
    keys = []
    for item in document["pins"]:
        if not isinstance(item, dict):
            raise CorruptFile(f"a pin is {type(item).__name__}, not an object")
        port, end, service, source = (item.get(name) for name in PinKey._fields)
        if not (_is_port(port) and _is_port(end)):
            raise CorruptFile(f"a pin's port is not a port number: {port!r}"[:120])
        if not isinstance(service, str) or not isinstance(source, str):
            raise CorruptFile("a pin's service or source is not text")
        if not (service.isprintable() and source.isprintable()):
            continue  # no entry has such a name (data with controls is refused): it pins nothing
        keys.append(PinKey(port, end, service, source))
    return frozenset(keys)


def _is_port(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_PORT
