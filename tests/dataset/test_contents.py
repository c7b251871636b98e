"""The shipped dataset is the IANA registry, merged as documented, plus our curation."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.dataset import Assignment, Catalog, PortEntry, Protocol, RangeClass, Source, load_catalog

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "data" / "sources" / "iana-service-names-port-numbers.csv"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(use_cache=False)


@pytest.fixture(scope="module")
def registry_rows() -> list[dict[str, str]]:
    with REGISTRY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _is_assignment(row: dict[str, str]) -> bool:
    """A registry row that assigns its port: it has a name, or (24, 35, 57 …) says "any private …"."""
    if not row["Port Number"].strip():
        return False
    return bool(row["Service Name"].strip()) or row["Description"].strip().lower().startswith("any private")


def _withdrawn(row: dict[str, str]) -> bool:
    """A protocol row IANA took back: "De-Registered", "Reserved for a future enhancement"."""
    description = row["Description"].lower()
    return "de-registered" in description or "reserved for a future" in description


def test_every_assigned_registry_row_is_an_entry(
    catalog: Catalog, registry_rows: list[dict[str, str]]
) -> None:
    assigned = {(row["Service Name"], row["Port Number"]) for row in registry_rows if _is_assignment(row)}
    official = [e for e in catalog if e.source is Source.IANA]
    assert len(official) == len(assigned)
    assert {(e.service, e.port_label) for e in official} == assigned


def test_protocols_of_a_merged_entry_are_every_row_of_it_but_withdrawn_ones(
    catalog: Catalog, registry_rows: list[dict[str, str]]
) -> None:
    expected: dict[tuple[str, str], set[str]] = {}
    for row in registry_rows:
        if _is_assignment(row):
            names = expected.setdefault((row["Service Name"], row["Port Number"]), set())
            if row["Transport Protocol"] and not _withdrawn(row):
                names.add(row["Transport Protocol"])
    for entry in catalog:
        if entry.source is Source.IANA:
            assert {p.value for p in entry.protocols} == expected[(entry.service, entry.port_label)]


def _only(catalog: Catalog, port: int, service: str) -> PortEntry:
    (entry,) = [e for e in catalog.at(port) if e.service == service and e.port == port]
    return entry


@pytest.mark.parametrize("port", [24, 35, 57, 59, 75, 77, 87])
def test_assignments_with_no_name_are_official_entries(catalog: Catalog, port: int) -> None:
    """IANA lists these ("any private mail system"); they are not unassigned, nor unofficial."""
    entry = _only(catalog, port, "")
    assert entry.official and entry.title.lower().startswith("any private")
    assert catalog.assignment(port) is Assignment.ASSIGNED
    assert not [e for e in catalog.at(port) if e.source is Source.UNOFFICIAL and "private" in e.service]


def test_a_reserved_row_with_more_words_is_reserved(catalog: Catalog) -> None:
    assert catalog.assignment(1109) is Assignment.RESERVED  # "Reserved - IANA"


def test_titles_join_what_each_protocol_row_says(catalog: Catalog) -> None:
    assert "Attribute Certificate Services" in _only(catalog, 27999, "tw-auth-key").title
    assert _only(catalog, 3478, "stun-behavior").title == "STUN Behavior Discovery over TCP / UDP"
    dangling = [
        e.port_label for e in catalog if e.official and e.title.rsplit(" ", 1)[-1] in ("and", "or", "of")
    ]
    assert not dangling


def test_withdrawn_protocols_are_not_listed(catalog: Catalog) -> None:
    assert Protocol.UDP not in _only(catalog, 14001, "sua").protocols
    assert Protocol.UDP not in _only(catalog, 5349, "stun-behaviors").protocols


@pytest.mark.parametrize(
    "port, service",
    [(9, "discard"), (20, "ftp-data"), (21, "ftp"), (22, "ssh"), (80, "http"), (179, "bgp"), (443, "https")],
)
def test_the_sctp_rows_rfc_is_not_a_reference_of_the_tcp_service(
    catalog: Catalog, port: int, service: str
) -> None:
    assert "RFC 9260" not in _only(catalog, port, service).references


def test_curated_errors_found_in_the_audit_stay_fixed(catalog: Catalog) -> None:
    assert "RFC 4217" not in _only(catalog, 989, "ftps-data").references
    assert "RFC 4217" not in _only(catalog, 990, "ftps").references
    assert _only(catalog, 8222, "vmware-server").protocols == (Protocol.TCP,)
    assert (
        "routinely- " not in _only(catalog, 38800, "sruth").title + _only(catalog, 38800, "sruth").description
    )
    assert _only(catalog, 4664, "google-desktop") and not [
        e for e in catalog.at(4644) if e.service == "google-desktop"
    ]
    services_by_note: dict[str, set[str]] = {}
    for entry in catalog:
        if entry.security:
            services_by_note.setdefault(entry.security, set()).add(entry.service)
    generic = [note for note, services in services_by_note.items() if len(services) > 1]
    assert not generic, "a note repeated word for word for different services says nothing specific"


def test_well_known_lookups(catalog: Catalog) -> None:
    (ssh,) = [e for e in catalog.at(22) if e.service == "ssh"]
    assert ssh.protocols == (Protocol.TCP, Protocol.UDP, Protocol.SCTP)
    assert "RFC 4251" in ssh.references
    x11 = [e for e in catalog.at(6010) if e.service == "x11"]
    assert x11 and x11[0].port_label == "6000-6063", "registry ranges stay ranges"


def test_range_classes(catalog: Catalog) -> None:
    for range_class in RangeClass:
        low, high = range_class.bounds
        members = catalog.in_class(range_class)
        assert all(low <= e.port <= high for e in members)
    counted = sum(len(catalog.in_class(rc)) for rc in RangeClass)
    assert counted == len(catalog)
    assert RangeClass.of(1023) is RangeClass.WELL_KNOWN and RangeClass.of(1024) is RangeClass.REGISTERED
    assert RangeClass.of(49151) is RangeClass.REGISTERED and RangeClass.of(49152) is RangeClass.DYNAMIC


def test_unassigned_reserved_and_dynamic_numbers(
    catalog: Catalog, registry_rows: list[dict[str, str]]
) -> None:
    unassigned = next(
        int(row["Port Number"])
        for row in registry_rows
        if row["Description"] == "Unassigned"
        and row["Port Number"].isdigit()
        and not catalog.at(int(row["Port Number"]))
    )
    assert catalog.assignment(unassigned) is Assignment.UNASSIGNED
    assert catalog.assignment(0) is Assignment.RESERVED
    assert catalog.assignment(50000) is Assignment.DYNAMIC
    assert catalog.assignment(443) is Assignment.ASSIGNED


def test_committed_dataset_is_what_the_generator_builds() -> None:
    spec = importlib.util.spec_from_file_location("build_ports", ROOT / "scripts" / "build_ports.py")
    assert spec and spec.loader
    build_ports = importlib.util.module_from_spec(spec)
    sys.modules["build_ports"] = build_ports  # its dataclasses look their module up there
    spec.loader.exec_module(build_ports)
    committed = (ROOT / "data" / "ports.toml").read_text(encoding="utf-8")
    assert build_ports.build() == committed, "run: python scripts/build_ports.py"


def test_installed_package_finds_its_data_from_any_folder(tmp_path: Path) -> None:
    script = "from portdeck.dataset import load_catalog; print(len(load_catalog()))"
    env = {**os.environ, "PORTDECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) == len(load_catalog(use_cache=False))


def test_data_layer_does_not_import_textual(child_env: Callable[..., dict[str, str]]) -> None:
    script = "import portdeck.dataset, sys; print('textual' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=child_env()
    )
    assert done.stdout.strip() == "False"


def test_every_seed_port_is_present_correct_and_described(catalog: Catalog) -> None:
    import tomllib

    with (Path(__file__).parent / "seed_ports.toml").open("rb") as handle:
        seeds = tomllib.load(handle)["port"]
    assert len(seeds) > 200
    for seed in seeds:
        end = seed.get("end", seed["port"])
        matches = [e for e in catalog.at(seed["port"]) if e.service == seed["service"] and e.end == end]
        matches = matches or [
            e for e in catalog if e.port == seed["port"] and e.service == seed["service"] and e.end == end
        ]
        assert matches, f"seed port {seed['port']} {seed['service']!r} is missing"
        entry = matches[0]
        assert {p.value for p in entry.protocols} >= set(seed["protocols"]), entry
        if seed.get("known", True):
            assert entry.description, f"{entry.port_label} {entry.service} has no description"


def test_curated_counts(catalog: Catalog) -> None:
    unofficial = [e for e in catalog if e.source is Source.UNOFFICIAL]
    enriched = [e for e in catalog if e.source is Source.IANA and e.description]
    assert len(unofficial) > 50 and len(enriched) > 200
    assert all(e.description for e in unofficial), "every unofficial entry explains itself"
    # The ports people ask about carry security notes.
    for port in (21, 23, 69, 135, 139, 161, 445, 1433, 2375, 3389, 5900):
        assert any(e.security for e in catalog.at(port)), f"port {port} has no security note"


def test_every_described_checklist_port_can_be_checked(catalog: Catalog) -> None:
    """Every single-port answer to a checklist port carries at least the generic probe."""
    import tomllib

    with (ROOT / "data" / "sources" / "checklist.toml").open("rb") as handle:
        checklist = tomllib.load(handle)
    missing = []
    for protocol, flag in (("tcp", "-vz"), ("udp", "-vzu")):
        for port in checklist[protocol]:
            answers = [
                e
                for e in catalog.at(port)
                if e.curated and not e.is_range and Protocol(protocol) in e.protocols
            ]
            if answers and not any(f"nc {flag} HOST {port}" in e.checks for e in answers):
                missing.append(f"{port}/{protocol}")
    assert not missing, missing


def test_checks_are_commands_for_a_host(catalog: Catalog) -> None:
    for entry in catalog:
        for command in entry.checks:
            assert command.strip() and "HOST" in command and "\n" not in command, (entry.port, command)
            assert not command.startswith("sudo"), command
    assert (
        "openssl s_client -connect HOST:443 -servername HOST"
        in next(e for e in catalog.at(443) if e.service == "https").checks
    )
