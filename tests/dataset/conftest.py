"""Fixtures for the data layer: a private cache folder, and dataset files to break."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder, so none touches the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("PORTDECK_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def write_dataset(tmp_path: Path) -> Callable[[str], Path]:
    """Write TOML text to a dataset file and return its path."""

    def write(text: str, name: str = "ports.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
