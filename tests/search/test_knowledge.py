"""The questions people bring, answered from the curated knowledge (prominence, tags, families)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from portdeck.dataset import Catalog
from portdeck.search import SearchEngine

SEEDS = Path(__file__).resolve().parents[1] / "dataset" / "seed_ports.toml"


def ports(engine: SearchEngine, text: str, count: int = 10) -> list[int]:
    return [e.port for e in engine.search(text).entries[:count]]


@pytest.mark.parametrize(
    ("port", "service"),
    [
        (9200, "elasticsearch"),
        (3128, "squid"),
        (5555, "adb"),
        (6443, "kube-apiserver"),
        (9092, "kafka"),
        (5601, "kibana"),
        (8086, "influxdb"),
        (8200, "vault"),
        (4444, "metasploit"),
        (27017, "mongodb"),
        (6379, "redis"),
        (3000, "grafana"),
    ],
)
def test_a_number_answers_with_what_people_meet_there_first(
    catalog: Catalog, port: int, service: str
) -> None:
    found = catalog.at(port)
    assert found[0].service == service, [(e.service, e.prominence_name) for e in found]
    assert any(e.official for e in found) or catalog.assignment(port).value != "assigned"


@pytest.mark.parametrize(
    ("text", "port"),
    [
        ("metasploit", 4444),
        ("meterpreter", 4444),
        ("cobalt strike", 50050),
        ("bo2k", 54320),
        ("mirai", 23),
        ("adb", 5555),
        ("tor", 9001),
        ("squid", 3128),
        ("beef", 3000),
        ("eternalblue", 445),
        ("burp", 8080),
        ("bluekeep", 3389),
        ("wannacry", 445),
    ],
)
def test_security_work_finds_tools_malware_and_exploit_names(
    engine: SearchEngine, text: str, port: int
) -> None:
    assert port in ports(engine, text), ports(engine, text)


@pytest.mark.parametrize("text", ["scada", "ics", "tag:ics", "industrial"])
def test_industrial_control_finds_its_protocols(engine: SearchEngine, text: str) -> None:
    found = set(ports(engine, text, 100))
    assert {502, 102, 20000, 47808, 44818} <= found  # Modbus, S7, DNP3, BACnet, EtherNet/IP


def test_remote_access_lists_what_people_use_before_trojans(engine: SearchEngine) -> None:
    found = ports(engine, "remote access", 100)
    for port in (22, 3389, 5900):
        assert port in found[:8], found[:8]
    assert all(found.index(port) < found.index(12345) for port in (22, 3389, 5900) if 12345 in found)


def test_active_directory_lists_every_domain_controller_port(engine: SearchEngine) -> None:
    assert {53, 88, 135, 389, 445, 464, 636, 3268, 3269} <= set(ports(engine, "active directory", 50))


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Lightweight Directory Access Protocol", {389, 636, 3268, 3269}),
        ("Internet Message Access Protocol", {143, 993}),
        ("Simple Network Management Protocol", {161, 162}),
        ("Post Office Protocol", {110, 995}),
        ("FTP over SSL", {989, 990}),
        ("Microsoft RPC", {135, 1025}),
        ("Oracle DB", {1521, 2483, 2484}),
        ("kerberos", {88, 464}),
        ("rabbitmq", {5672, 15672}),
    ],
)
def test_a_long_or_family_name_finds_the_whole_family(
    engine: SearchEngine, text: str, family: set[int]
) -> None:
    assert family <= set(ports(engine, text, 20)), ports(engine, text, 20)


def test_oracle_means_the_listener_first(engine: SearchEngine) -> None:
    assert ports(engine, "oracle", 1) == [1521]


def test_families_link_both_ways(catalog: Catalog) -> None:
    for port, other in ((389, 636), (636, 389), (143, 993), (993, 143), (25, 587), (587, 465), (1521, 2484)):
        entry = next(e for e in catalog.at(port) if e.family)
        assert other in entry.related, (port, other)


def test_tags_filter_and_show(engine: SearchEngine, catalog: Catalog) -> None:
    result = engine.search("tag:database")
    assert result.entries and all("database" in e.tags for e in result.entries)
    assert {3306, 5432, 6379, 27017} <= {e.port for e in result.entries}
    assert engine.search("tag:database redis").entries[0].port == 6379
    assert catalog.vocabulary.tags["ics"][1]  # its other words ("scada") are data, not code


def test_seed_names_find_their_port(engine: SearchEngine) -> None:
    """The cheat sheets portdeck grew from: each name they give finds its port among the first ten."""
    with SEEDS.open("rb") as handle:
        seeds = tomllib.load(handle)["port"]
    missed = [
        (seed["port"], seed["service"])
        for seed in seeds
        if seed["service"] and seed["port"] not in ports(engine, seed["service"])
    ]
    assert len(missed) <= len(seeds) // 50, missed  # 98% or better
