"""Issue 23: settings are untrusted text, and pins.json is never written past what is read back."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from portdeck.files import SMALL_LIMIT
from portdeck.userdata.pins import PinKey, PinStore
from portdeck.userdata.settings import Settings

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"


@pytest.mark.parametrize(
    "host", [OSC52, "example.org" + OSC52, "a\u202eb", "ex ample", "x" * 300, "\u200bexample.org"]
)
def test_a_check_host_that_is_no_host_is_not_trusted(host: str, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"format": 1, "check_host": host, "theme": "nord"}))
    assert Settings(tmp_path).load() == {"theme": "nord"}


@pytest.mark.parametrize("theme", [OSC52, "nord\x1b[2J", 7])
def test_a_theme_that_is_no_theme_name_is_not_trusted(theme: object, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"format": 1, "theme": theme, "check_host": "::1"}))
    assert Settings(tmp_path).load() == {"check_host": "::1"}


def test_an_unsafe_value_is_not_saved_either(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    settings.update(check_host=OSC52, theme="textual-dark")
    assert json.loads((tmp_path / "settings.json").read_text()) == {"format": 1, "theme": "textual-dark"}


def _nearly_full(folder: Path) -> set[PinKey]:
    """A pins.json a few hundred bytes under the size it is read with."""
    pin: dict[str, Any] = {"port": 1, "end": 1, "service": "s" * 200, "source": "iana"}
    one = len(json.dumps({"format": 1, "pins": [pin, pin]}, indent=1)) - len(
        json.dumps({"format": 1, "pins": [pin]}, indent=1)
    )
    count = SMALL_LIMIT // one - 2
    pins = [{**pin, "service": f"{n:06d}" + "s" * 194} for n in range(count)]
    (folder / "pins.json").write_text(json.dumps({"format": 1, "pins": pins}, indent=1))
    assert SMALL_LIMIT - 4 * one < os.path.getsize(folder / "pins.json") <= SMALL_LIMIT
    return {PinKey(**p) for p in pins}


def test_a_pin_that_would_make_the_file_unreadable_is_refused(tmp_path: Path) -> None:
    before = _nearly_full(tmp_path)
    saved = (tmp_path / "pins.json").read_bytes()
    store = PinStore(tmp_path)
    assert store.load() == before
    assert store.toggle(PinKey(22, 22, "ssh" + "h" * 2000, "iana")) is False
    assert store.toggle(PinKey(23, 23, "telnet" + "t" * 2000, "iana")) is False
    assert store.pins == before
    assert (tmp_path / "pins.json").read_bytes() == saved, "the file is as it was"
    assert store.warnings and store.warnings[0].startswith("not pinned: ")
    assert "limit" in store.warnings[0]
    assert PinStore(tmp_path).load() == before, "and the next start reads every pin"


def test_pins_with_controls_pin_nothing(tmp_path: Path) -> None:
    pins = [
        {"port": 22, "end": 22, "service": "ssh", "source": "iana"},
        {"port": 23, "end": 23, "service": "tel\x1b]0;x\x07", "source": "iana"},
    ]
    (tmp_path / "pins.json").write_text(json.dumps({"format": 1, "pins": pins}))
    assert PinStore(tmp_path).load() == {PinKey(22, 22, "ssh", "iana")}
