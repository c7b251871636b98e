"""The user's own ports file: same schema as data/ports.toml, every entry marked local."""

from __future__ import annotations

from ..dataset import DatasetError, PortEntry, Source
from ..dataset.loader import parse_dataset
from ..files import DATA_LIMIT, UnreadableFile, read_file
from ..typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset.errors import StrPath


def load_personal(path: StrPath) -> tuple[tuple[PortEntry, ...], str | None]:
    """The entries of the user's file, and a warning when it cannot be used.

    A missing file is normal (no entries, no warning). A broken one never stops
    portdeck: it yields no entries and a warning naming the file, line and problem.
    The file is only ever read.
    """
    try:
        data = read_file(str(path), DATA_LIMIT)
    except FileNotFoundError:
        return (), None
    except UnreadableFile as error:
        return (), f"{path}: your ports file was skipped: {error}"
    except OSError as error:
        return (), f"{path}: cannot read your ports file: {error.strerror or error}"
    try:
        entries, _reserved, _vocabulary = parse_dataset(data, path, force_source=Source.LOCAL)
    except DatasetError as error:
        return (), f"{error} (your ports file was skipped; built-in data only)"
    return entries, None
