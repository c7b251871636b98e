"""Ports browsers refuse (the Fetch standard's bad ports) are data: tagged, found, explained."""

from __future__ import annotations

import tomllib
from pathlib import Path

from portdeck.dataset import Catalog
from portdeck.search import SearchEngine

BAD_PORTS = Path(__file__).resolve().parents[2] / "data" / "sources" / "fetch-bad-ports.toml"


def bad_ports() -> frozenset[int]:
    with BAD_PORTS.open("rb") as handle:
        return frozenset(tomllib.load(handle)["ports"])


def test_the_list_is_the_standards_and_says_where_it_comes_from() -> None:
    with BAD_PORTS.open("rb") as handle:
        document = tomllib.load(handle)
    assert document["standard"] == "https://fetch.spec.whatwg.org/#port-blocking"
    assert {0, 1, 22, 25, 6000, 6697, 10080} <= set(document["ports"])
    assert not {80, 443, 8080, 3000} & set(document["ports"])


def test_every_entry_on_a_bad_port_is_tagged_and_no_other(catalog: Catalog) -> None:
    bad = bad_ports()
    for entry in catalog:
        blocked = (
            all(port in bad for port in range(entry.port, entry.end + 1)) and entry.end - entry.port < 16
        )
        assert ("browser-blocked" in entry.tags) == blocked, entry


def test_the_tag_finds_them(catalog: Catalog) -> None:
    engine = SearchEngine(catalog)
    found = {entry.port for entry in engine.search("tag:browser-blocked").entries}
    assert {22, 25, 6697} <= found and 80 not in found
    assert engine.search("unsafe port").entries[0].port in bad_ports()
