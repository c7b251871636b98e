"""The port dataset: records, validation and loading. Never imports Textual."""

from .catalog import Assignment, Catalog, CatalogSpan
from .errors import DatasetError
from .loader import default_data_path, load_catalog
from .model import MAX_PORT, PROMINENCE_NAMES, Note, PortEntry, Protocol, RangeClass, Source, Vocabulary

__all__ = [
    "MAX_PORT",
    "PROMINENCE_NAMES",
    "Assignment",
    "Catalog",
    "CatalogSpan",
    "DatasetError",
    "Note",
    "PortEntry",
    "Protocol",
    "RangeClass",
    "Source",
    "Vocabulary",
    "default_data_path",
    "load_catalog",
]
