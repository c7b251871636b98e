"""Fixtures for every test: deterministic Textual widgets."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the Input cursor blinking, so snapshots and timings do not depend on the clock."""
    try:
        from textual.widgets import Input
    except ImportError:  # the data and search tests run without Textual
        return
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
