"""The TUI's remembered choices (the theme, the last host checked), in settings.json beside the pins."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from .json_store import CorruptFile, JsonStore

FORMAT = 1
# A theme's name as Textual spells them ("textual-dark", "catppuccin-mocha").
_THEME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}")
# A host as `portdeck.check.target` accepts one (not imported here: the app starts without
# the check's code): letters, digits, dots, hyphens, underscores, colons, percent.
_HOST = re.compile(r"[A-Za-z0-9._\-:%]{1,253}")


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


# What may be kept, and what each must look like: anything else in the file is ignored, never
# trusted. The file is anyone's to edit, and its text reaches the terminal (the host prompt
# shows the last host): an OSC 52 sequence there would write the clipboard at start.
KEYS: dict[str, Callable[[object], bool]] = {"theme": _matches(_THEME), "check_host": _matches(_HOST)}


def _accepted(values: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in values.items() if key in KEYS and KEYS[key](value)}


class Settings(JsonStore[dict[str, object]]):
    """`folder/settings.json`: read once, updated key by key (re-read under the lock first)."""

    what = "settings"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(folder, "settings.json", {})

    @property
    def values(self) -> dict[str, object]:
        return self.value

    def update(self, **values: object) -> None:
        """Remember these values; a failed save is a warning, and the values hold for the session.
        (Every value kept is short: the file is never too large.)"""
        accepted = _accepted(values)
        self.change(lambda current: {**current, **accepted})

    def parse(self, document: object) -> dict[str, object]:
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise CorruptFile(f"not a format-{FORMAT} settings file")
        return _accepted(document)

    def document(self, value: dict[str, object]) -> object:
        return {"format": FORMAT, **value}
