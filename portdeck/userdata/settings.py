"""The TUI's remembered choices (the theme, the last host checked), in settings.json beside the pins."""

from __future__ import annotations

import os

from .json_store import JsonFile

FORMAT = 1
# What may be kept, and the type of each: anything else in the file is ignored, never trusted.
KEYS: dict[str, type] = {"theme": str, "check_host": str}


class Settings:
    """`folder/settings.json`: read once, updated key by key (re-read under the lock first)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.file = JsonFile(folder, "settings.json")
        self.values: dict[str, object] = {}

    @property
    def warnings(self) -> list[str]:
        return self.file.warnings

    def load(self) -> dict[str, object]:
        with self.file.locked():
            self.values = self._read()
        return self.values

    def update(self, **values: object) -> None:
        """Remember these values; a failed save is a warning, and the values hold for the session."""
        with self.file.locked():
            current = self._read()
            current.update(
                {key: value for key, value in values.items() if isinstance(value, KEYS.get(key, ()))}
            )
            self.values = current
            if self.file.writable:
                try:
                    self.file.write({"format": FORMAT, **current})
                except OSError as error:
                    self.warnings.append(
                        f"could not save settings to {self.file.path} ({error.strerror or error})"
                    )

    def _read(self) -> dict[str, object]:
        if not self.file.writable:
            return dict(self.values)
        document = self.file.read()
        if document is None:
            return dict(self.values) if not self.file.writable else {}
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            self.file.set_aside(f"not a format-{FORMAT} settings file")
            return {}
        return {key: value for key, value in document.items() if isinstance(value, KEYS.get(key, ()))}
