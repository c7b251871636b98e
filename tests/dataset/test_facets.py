"""The protocol and tag filters read from facets give what the entries themselves say, whether
the catalog came from the file, from the cache, or merged with the user's own ports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.dataset import Catalog, Protocol, Source, load_catalog

TCP, UDP, SCTP = Protocol.TCP, Protocol.UDP, Protocol.SCTP
FILTERS = [
    (frozenset({UDP}), frozenset()),
    (frozenset({SCTP}), frozenset()),
    (frozenset({TCP, UDP}), frozenset()),
    (frozenset(), frozenset({"database"})),
    (frozenset({UDP}), frozenset({"ics"})),
    (frozenset(), frozenset({"web", "tls"})),
    (frozenset(), frozenset({"no-such-tag"})),
]
MINE = """
[[entry]]
port = 5433
protocols = ["udp"]
service = "team-db"
title = "Our database replica"
tags = ["database"]

[[entry]]
port = 22
protocols = ["sctp"]
service = "team-ssh"
title = "Our SCTP experiment"
"""


def expected(catalog: Catalog, protocols: frozenset[Protocol], tags: frozenset[str]) -> list[bool]:
    return [entry.runs_on(protocols) and tags <= set(entry.tags) for entry in catalog.entries]


def fresh_from_cache() -> Catalog:
    load_catalog()  # writes the cache
    return load_catalog()  # reads it: entries built on demand, facets from the cache


@pytest.mark.parametrize(("protocols", "tags"), FILTERS)
def test_facets_of_the_cached_dataset_match_its_entries(
    protocols: frozenset[Protocol], tags: frozenset[str]
) -> None:
    kept = fresh_from_cache().keeps(protocols, tags)
    assert kept == expected(load_catalog(use_cache=False), protocols, tags)
    assert any(kept) or "no-such-tag" in tags


@pytest.mark.parametrize(("protocols", "tags"), FILTERS)
def test_facets_of_a_merged_catalog_place_the_user_s_entries(
    protocols: frozenset[Protocol], tags: frozenset[str], write_dataset: Callable[[str, str], Path]
) -> None:
    mine = load_catalog(write_dataset(MINE, "mine.toml"), source=Source.LOCAL)
    merged = fresh_from_cache().merged_with(mine)  # a cached catalog, as the personal file is
    assert merged.keeps(protocols, tags) == expected(merged, protocols, tags)


def test_a_catalog_built_in_memory_filters_the_same() -> None:
    catalog = Catalog.of(load_catalog(use_cache=False).entries[:500])
    for protocols, tags in FILTERS:
        assert catalog.keeps(protocols, tags) == expected(catalog, protocols, tags)
