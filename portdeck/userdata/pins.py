"""Pinned entries, kept in pins.json in the user's data folder (see `json_store` for the guarantees)."""

from __future__ import annotations

import os

from ..dataset import MAX_PORT, PortEntry
from ..typed_tuple import TYPE_CHECKING, NamedTuple
from .json_store import CorruptFile, JsonFile, TooLarge

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


class PinStore:
    """The set of pinned entries in `folder/pins.json`."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.file = JsonFile(folder, "pins.json")
        self.pins: frozenset[PinKey] = frozenset()

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def warnings(self) -> list[str]:
        return self.file.warnings

    def load(self) -> frozenset[PinKey]:
        with self.file.locked():
            self.pins = self._read()
        return self.pins

    def toggle(self, key: PinKey) -> bool:
        """Pin or unpin; returns whether `key` is pinned now."""
        with self.file.locked():
            current = set(self._read())  # another window may have pinned since we loaded
            pinned = key not in current
            (current.add if pinned else current.discard)(key)
            if self.file.writable:
                try:
                    self._write(current)
                except TooLarge as error:
                    # Refused before writing: a file the next start would not read loses every pin.
                    self.warnings.append(f"not pinned: {self.path} is full ({error})")
                    self.pins = frozenset(current - {key}) if pinned else self.pins
                    return False if pinned else key in self.pins
            self.pins = frozenset(current)
        return pinned

    def _write(self, pins: set[PinKey]) -> None:
        """Save `pins`; a failed save is a warning (TooLarge is the caller's to handle)."""
        document = {"format": FORMAT, "pins": [key._asdict() for key in sorted(pins)]}
        try:
            self.file.write(document)
        except OSError as error:
            self.warnings.append(
                f"could not save pins to {self.path} ({error.strerror or error}); the saved file is unchanged"
            )

    def _read(self) -> frozenset[PinKey]:
        if not self.file.writable:
            return self.pins  # unreadable: what this session pinned is all there is
        document = self.file.read()
        if document is None:
            return self.pins if not self.file.writable else frozenset()
        try:
            return parse(document)
        except CorruptFile as error:
            self.file.set_aside(str(error))
            return frozenset()


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
