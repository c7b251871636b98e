"""Fixtures for every test: deterministic Textual widgets, and no test touches the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the Input cursor blinking, so snapshots and timings do not depend on the clock."""
    try:
        from textual.widgets import Input
    except ImportError:  # the data and search tests run without Textual
        return
    monkeypatch.setattr(Input.cursor_blink, "_default", False)


@pytest.fixture(autouse=True)
def private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pins go to a fresh folder per test, never to the real user data folder."""
    folder = tmp_path_factory.mktemp("portdeck-data")
    monkeypatch.setenv("PORTDECK_DATA_DIR", str(folder))
    return folder
