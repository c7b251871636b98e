"""The word index of a catalog, from the cache folder when it is there, built and stored when not.

Keyed on the catalog's key (a checksum of the dataset, and of the user's own file
when it is merged in), so any change to either builds a new index. A catalog with
no key (made in memory, as in tests) gets an index built in memory.
"""

from __future__ import annotations

from ..cache_files import read_cache, write_cache
from ..dataset import Catalog
from ..paths import cache_enabled
from .index import BYTE_ORDER, WordIndex

INDEX_FORMAT = 6  # bump when the index's layout or its words change


def load_index(catalog: Catalog) -> WordIndex:
    key = catalog.key if cache_enabled() else None
    if key:
        body = read_cache("index", key, INDEX_FORMAT)
        try:
            byte_order, slices, meta, common, names = body
            if (
                byte_order == BYTE_ORDER
                and isinstance(slices, dict)
                and all(isinstance(stored, bytes) for stored in slices.values())
                and isinstance(meta, bytes)
                and len(meta) == len(catalog)
            ):
                return WordIndex(slices, meta, frozenset(common), names if isinstance(names, dict) else None)
        except (TypeError, ValueError):
            pass
    index = WordIndex.build(catalog.entries, catalog.vocabulary)
    if key:
        write_cache("index", key, INDEX_FORMAT, (BYTE_ORDER, *index.to_bytes()))
    return index
