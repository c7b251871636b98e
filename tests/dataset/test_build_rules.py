"""The build's rules for curated data: every entry names its sources, processes are
executable names, one entry per port and service across files, class member lists and
notes name real entries. Each test builds a tiny dataset and expects the refusal."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = """Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes
ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,
postgresql,5432,tcp,PostgreSQL Database,,,,,,,,
"""
GOOD = """
[[entry]]
port = 22
service = "ssh"
title = "Secure Shell (SSH)"
prominence = "everyday"
description = "Encrypted remote logins, file copies with scp and sftp, and tunnels to other hosts."
references = ["RFC 4253"]
processes = ["sshd"]
"""


@pytest.fixture(scope="module")
def build_ports() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ports", ROOT / "scripts" / "build_ports.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_ports"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def build(tmp_path: Path, build_ports: ModuleType, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Build from these curated files (name -> text) and class files; the problems, or []."""
    curated, classes = tmp_path / "curated", tmp_path / "classes"
    curated.mkdir()
    classes.mkdir()
    for name in ("tags.toml", "families.toml"):
        (curated / name).write_text((ROOT / "data" / "curated" / name).read_text())
    registry = tmp_path / "registry.csv"
    registry.write_text(REGISTRY)
    monkeypatch.setattr(build_ports, "CLASSES", classes)

    def run(
        files: dict[str, str], class_files: dict[str, str] | None = None, draft: bool = False
    ) -> list[str]:
        for name, text in files.items():
            (curated / name).write_text(text)
        for name, text in (class_files or {}).items():
            (classes / name).write_text(text)
        try:
            build_ports.assemble(registry, curated, draft=draft)
        except build_ports.CurationError as error:
            return str(error).splitlines()
        return []

    return run


def test_a_well_sourced_entry_builds(build) -> None:  # type: ignore[no-untyped-def]
    assert build({"ports-00000-00499.toml": GOOD}) == []


def test_an_entry_without_references_is_refused_naming_it(build) -> None:  # type: ignore[no-untyped-def]
    problems = build({"ports-00000-00499.toml": GOOD.replace('references = ["RFC 4253"]\n', "")})
    assert len(problems) == 1
    assert "ports-00000-00499.toml entry #1 (port 22, service 'ssh')" in problems[0]
    assert "references is missing" in problems[0]


def test_a_draft_build_lets_a_missing_reference_through(build) -> None:  # type: ignore[no-untyped-def]
    assert (
        build({"ports-00000-00499.toml": GOOD.replace('references = ["RFC 4253"]\n', "")}, draft=True) == []
    )


@pytest.mark.parametrize(
    "reference",
    [
        "RFC 4253",
        "https://www.openssh.com/manual.html",
        "openssh/openssh-portable:sshd_config",
        "CVE-2024-6387",
        "ATT&CK T1021.004",
        "IEEE 802.1Q",
        "MS17-010",
    ],
)
def test_every_documented_form_of_reference_is_accepted(build, reference: str) -> None:  # type: ignore[no-untyped-def]
    assert build({"ports-00000-00499.toml": GOOD.replace('"RFC 4253"', f'"{reference}"')}) == []


@pytest.mark.parametrize("reference", ["the internet", "wikipedia", "", "see above"])
def test_a_reference_that_names_no_source_is_refused(build, reference: str) -> None:  # type: ignore[no-untyped-def]
    problems = build({"ports-00000-00499.toml": GOOD.replace('"RFC 4253"', f'"{reference}"')})
    assert problems and "is not an RFC, URL" in problems[0]


@pytest.mark.parametrize("process", ["ssh d", "/usr/sbin/sshd", "", "a;rm"])
def test_a_process_must_be_an_executable_name(build, process: str) -> None:  # type: ignore[no-untyped-def]
    problems = build({"ports-00000-00499.toml": GOOD.replace('"sshd"', f'"{process}"')})
    assert problems and "is not an executable's name" in problems[0]


def test_one_port_and_service_is_curated_in_one_file_only(build) -> None:  # type: ignore[no-untyped-def]
    problems = build({"ports-00000-00499.toml": GOOD, "products-x.toml": GOOD})
    assert any("already curated as ports-00000-00499.toml entry #1" in p for p in problems)


def test_a_class_member_must_name_curated_entries(build) -> None:  # type: ignore[no-untyped-def]
    header = '[class]\ntitle = "T"\ncatalogue = "C"\nversion = "V"\n'
    good = header + '[[member]]\nname = "openssh"\nentries = ["ssh@22"]\n'
    assert build({"ports-00000-00499.toml": GOOD}, {"x.toml": good}) == []
    wrong = header + '[[member]]\nname = "postgres"\nentries = ["postgresql@5432"]\n'
    problems = build({"ports-00000-00499.toml": GOOD}, {"x.toml": wrong})
    assert problems == ["x.toml member #1 ('postgres'): postgresql@5432 is not a curated entry"]


def test_a_class_member_needs_entries_or_a_reason(build) -> None:  # type: ignore[no-untyped-def]
    header = '[class]\ntitle = "T"\ncatalogue = "C"\nversion = "V"\n'
    problems = build({"ports-00000-00499.toml": GOOD}, {"x.toml": header + '[[member]]\nname = "alpine"\n'})
    assert problems and "needs either entries" in problems[0]


def test_a_technique_must_name_an_entry_and_a_source(build) -> None:  # type: ignore[no-untyped-def]
    technique = (
        '[[technique]]\nname = "Brute force"\nkind = "technique"\nentries = ["ssh@22"]\n'
        'why = "Guessing passwords over SSH."\nreferences = ["ATT&CK T1110"]\n'
    )
    assert build({"ports-00000-00499.toml": GOOD, "techniques.toml": technique}) == []
    problems = build({"techniques.toml": technique.replace("ssh@22", "ssh@2222")})
    assert any("entry 'ssh@2222' is not 'service@port' of an entry" in p for p in problems)
    problems = build({"techniques.toml": technique.replace('references = ["ATT&CK T1110"]\n', "")})
    assert any("missing 'references'" in p for p in problems)
