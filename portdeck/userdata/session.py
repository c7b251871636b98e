"""Pins and settings that live for one session and are never written: the app served to
visitors (`portdeck --serve --public`) must not write the server's files."""

from __future__ import annotations

from .pins import PinKey


class SessionPins:
    """The pins of one session, with PinStore's interface."""

    path = "(this session only)"

    def __init__(self) -> None:
        self.pins: frozenset[PinKey] = frozenset()
        self.warnings: list[str] = []

    def load(self) -> frozenset[PinKey]:
        return self.pins

    def toggle(self, key: PinKey) -> bool:
        pinned = key not in self.pins
        self.pins = self.pins | {key} if pinned else self.pins - {key}
        return pinned


class SessionSettings:
    """The settings of one session (the theme, the last host), with Settings' interface."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.warnings: list[str] = []

    def load(self) -> dict[str, object]:
        return self.values

    def update(self, **values: object) -> None:
        self.values.update(values)
