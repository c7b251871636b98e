"""Real ports files in temporary folders, and the built-in catalog loaded once through a cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.dataset import Catalog, load_catalog


def entry(
    port: int, service: str, *, protocols: str = '"tcp"', end: int | None = None, extra: str = ""
) -> str:
    """One [[entry]] table (7 lines with the blank one after it, plus `extra`)."""
    return (
        f"[[entry]]\nport = {port}\n"
        + (f"end = {end}\n" if end is not None else "")
        + f'protocols = [{protocols}]\nservice = "{service}"\ntitle = "{service} title"\n{extra}\n'
    )


@pytest.fixture(scope="session")
def dataset_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dataset-cache")


@pytest.fixture
def built_in(dataset_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Catalog:
    """The shipped dataset (its cache shared by the session), with a private team cache, a
    personal file's folder of its own and no PORTDECK_PATH."""
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(dataset_cache))
    catalog = load_catalog()
    team_cache = tmp_path / "team-cache"
    team_cache.mkdir()
    for name in dataset_cache.iterdir():
        if name.name.startswith(("dataset-", "stamp-dataset-")):
            (team_cache / name.name).write_bytes(name.read_bytes())
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(team_cache))
    monkeypatch.setenv("PORTDECK_CONFIG", str(tmp_path / "config" / "ports.toml"))
    monkeypatch.delenv("PORTDECK_PATH", raising=False)
    monkeypatch.delenv("PORTDECK_NO_CACHE", raising=False)
    return catalog


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file under tmp_path (folders made as needed); returns its path."""

    def write_file(relative: str, text: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_file
