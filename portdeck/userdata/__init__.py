"""What belongs to the user: personal ports and pinned favourites. Never imports Textual.

Pins are the TUI's alone, so `userdata.pins` is imported on first use of its
names: the one-shot lookup reads the personal ports file and should not pay for json.
"""

from __future__ import annotations

from .paths import config_file, data_dir
from .personal import load_personal

__all__ = ["PinKey", "PinStore", "config_file", "data_dir", "load_personal", "pin_key"]
_PIN_NAMES = frozenset({"PinKey", "PinStore", "pin_key"})


def __getattr__(name: str) -> object:
    if name in _PIN_NAMES:
        from . import pins

        return getattr(pins, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
