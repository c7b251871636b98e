"""Fixtures for the search tests: the real catalog, loaded once, and an engine over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from portdeck.dataset import Catalog, load_catalog
from portdeck.search import SearchEngine


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """The shipped dataset, parsed once per session through a private cache folder."""
    folder: Path = tmp_path_factory.mktemp("portdeck-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTDECK_CACHE_DIR", str(folder))
        patch.delenv("PORTDECK_NO_CACHE", raising=False)
        yield load_catalog()


@pytest.fixture(scope="session")
def engine(catalog: Catalog) -> SearchEngine:
    """One warmed engine for the session: searching never changes what it answers."""
    engine = SearchEngine(catalog)
    engine.warm()
    return engine
