"""The user's own ports file: same schema as data/ports.toml, every entry marked local."""

from __future__ import annotations

from ..dataset import Catalog, DatasetError, Source, load_catalog
from ..typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset.errors import StrPath


def load_personal(path: StrPath) -> tuple[Catalog | None, str | None]:
    """The user's file as a catalog of local entries, and a warning when it cannot be used.

    A missing file is normal (no catalog, no warning). A broken one never stops
    portdeck: it yields no catalog and a warning naming the file, line and problem.
    The file is only ever read; its parsed entries are cached like the dataset's, so a
    large file costs its parse once, not on every lookup.
    """
    try:
        return load_catalog(path, source=Source.LOCAL), None
    except FileNotFoundError:
        return None, None
    except DatasetError as error:
        return None, f"{error} (your ports file was skipped; built-in data only)"


def with_personal(catalog: Catalog, path: StrPath) -> tuple[Catalog, str | None]:
    """`catalog` plus the user's own entries, and the warning if their file was skipped."""
    personal, warning = load_personal(path)
    if personal is None or not len(personal):
        return catalog, warning
    return catalog.merged_with(personal, key=personal.key), warning
