"""The command line says how it read a query: the words it ignored, the port it read from a
pasted line (and how to check it there), the card of what is not a port, and the sources
of an entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cli_helpers import portdeck, portdeck_on_terminal

ENTRY_FIELDS = {"port", "service", "match"}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def test_json_lists_the_ignored_words(cache: Path) -> None:
    document = json.loads(portdeck("what", "port", "does", "smtp", "use", "--json", cache=cache).stdout)
    assert document[0]["port"] == 25
    assert document[0]["match"]["ignored"] == ["what", "port", "does", "use"]


def test_json_says_what_a_pasted_line_gave(cache: Path) -> None:
    done = portdeck("SRC=203.0.113.9 DST=10.0.0.5 PROTO=TCP SPT=51515 DPT=445", "--json", cache=cache)
    document = json.loads(done.stdout)
    assert document[0]["port"] == 445
    assert document[0]["match"]["read_from"] == "DPT=445"


def test_a_pasted_address_is_answered_and_a_check_suggested(cache: Path) -> None:
    shown = portdeck_on_terminal("10.1.2.3:5432", cache=cache)
    assert "5432, read from 10.1.2.3:5432" in shown
    assert "postgresql" in shown
    assert "portdeck --check 10.1.2.3:5432" in shown


def test_piped_output_stays_one_entry_per_line(cache: Path) -> None:
    done = portdeck("10.1.2.3:5432", cache=cache)
    assert all(line.split("\t")[0] == "5432" for line in done.stdout.splitlines())
    assert "read from 10.1.2.3:5432" in done.stderr


@pytest.mark.parametrize(
    ("query", "kind", "number"), [("pim", "ip-protocol", 103), ("lacp", "link-layer", 0x8809)]
)
def test_json_gives_a_protocol_first_with_its_kind(cache: Path, query: str, kind: str, number: int) -> None:
    done = portdeck(query, "--json", cache=cache)
    assert done.returncode == 0
    first, *entries = json.loads(done.stdout)
    assert (first["kind"], first["number"]) == (kind, number)
    assert first["references"] and first["firewall"]
    assert all(set(entry) >= ENTRY_FIELDS for entry in entries)


def test_a_protocol_by_number_on_a_terminal(cache: Path) -> None:
    shown = portdeck_on_terminal("proto:89", cache=cache)
    assert "OSPF is IP protocol 89" in shown
    assert "iptables: -p 89" in shown


def test_an_unassigned_protocol_number_is_nothing(cache: Path) -> None:
    done = portdeck("proto:250", cache=cache)
    assert done.returncode == 1
    assert "no ip protocol numbered 250" in done.stderr


def test_a_technique_card_names_its_source(cache: Path) -> None:
    shown = portdeck_on_terminal("zerologon", cache=cache)
    assert "Zerologon (exploit)" in shown
    assert "CVE-2020-1472" in shown


def test_an_entry_shows_its_sources_and_programs(cache: Path) -> None:
    shown = portdeck_on_terminal("5432", cache=cache)
    assert "Served by: postgres" in shown
    assert "Sources: https://www.postgresql.org/" in shown
    document = json.loads(portdeck("5432", "--json", cache=cache).stdout)
    assert document[0]["processes"] == ["postgres"]
    assert document[0]["references"]
