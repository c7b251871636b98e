"""The port dataset: records, validation and loading. Never imports Textual."""

from .catalog import Assignment, Catalog, CatalogSpan
from .errors import DatasetError
from .loader import default_data_path, load_catalog
from .model import MAX_PORT, PortEntry, Protocol, RangeClass, Source

__all__ = [
    "MAX_PORT",
    "Assignment",
    "Catalog",
    "CatalogSpan",
    "DatasetError",
    "PortEntry",
    "Protocol",
    "RangeClass",
    "Source",
    "default_data_path",
    "load_catalog",
]
