"""Bad dataset files give one clear error naming the file, the line and the entry."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.dataset import DatasetError, load_catalog

Write = Callable[[str], Path]

VALID_ENTRY = """\
[[entry]]
port = 22
protocols = ["tcp"]
service = "ssh"
title = "Secure Shell"
"""


def error_for(path: Path) -> DatasetError:
    with pytest.raises(DatasetError) as caught:
        load_catalog(path)
    return caught.value


def test_a_valid_file_loads(write_dataset: Write) -> None:
    catalog = load_catalog(write_dataset(VALID_ENTRY))
    assert [(e.port, e.service, e.title) for e in catalog] == [(22, "ssh", "Secure Shell")]


def test_bad_toml_names_the_line(write_dataset: Write) -> None:
    path = write_dataset(VALID_ENTRY + "\n[[entry]]\nport = = 80\n")
    error = error_for(path)
    assert error.line == 8
    assert str(error).startswith(f"{path}:8: invalid TOML")


@pytest.mark.parametrize(
    ("field_line", "problem"),
    [
        ("port = 70000", "port 70000 is outside 0-65535"),
        ("port = -1", "port -1 is outside 0-65535"),
        ('port = "http"', "port must be a whole number"),
        ("end = 10", "reversed range: end 10 is below port 80"),
        ('protocols = ["tcp", "icmp"]', "unknown protocol 'icmp'"),
        ('colour = "red"', "unknown key 'colour'"),
        ('source = "rumour"', "unknown source 'rumour'"),
        ('aliases = "web"', "aliases must be a list"),
        ("related = [99999]", "related 99999 is outside 0-65535"),
        ('title = ""', "title must not be empty"),
    ],
)
def test_bad_field_names_line_and_entry(write_dataset: Write, field_line: str, problem: str) -> None:
    second = '[[entry]]\nport = 80\nprotocols = ["tcp"]\nservice = "http"\ntitle = "Web"\n'
    # A later key overrides nothing in TOML: drop the key we replace, then add the bad line.
    key = field_line.split(" = ", maxsplit=1)[0]
    lines = [line for line in second.splitlines() if not line.startswith(f"{key} =")]
    path = write_dataset(VALID_ENTRY + "\n" + "\n".join([*lines, field_line]) + "\n")
    error = error_for(path)
    assert error.line == 7  # the second [[entry]] header
    assert problem in error.problem
    assert error.entry is not None and error.entry.startswith("entry #2")
    assert str(error).startswith(f"{path}:7: entry #2")


def test_missing_required_field(write_dataset: Write) -> None:
    path = write_dataset('[[entry]]\nport = 80\nprotocols = ["tcp"]\nservice = "http"\n')
    error = error_for(path)
    assert (error.line, error.problem) == (1, "missing required key 'title'")
    assert "port 80" in str(error) and "'http'" in str(error)


def test_duplicated_entry(write_dataset: Write) -> None:
    error = error_for(write_dataset(VALID_ENTRY + "\n" + VALID_ENTRY))
    assert error.line == 7
    assert "duplicates entry #1" in error.problem


def test_unknown_top_level_table(write_dataset: Write) -> None:
    error = error_for(write_dataset(VALID_ENTRY + "\n[[ports]]\nport = 1\n"))
    assert "unknown top-level key 'ports'" in str(error)


def test_bad_reserved_ranges(write_dataset: Write) -> None:
    error = error_for(write_dataset("reserved = [[10, 5]]\n" + VALID_ENTRY))
    assert "reserved" in str(error) and "[10, 5]" in str(error)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "ports.toml"
    path.write_bytes(VALID_ENTRY.encode() + b"\n# caf\xe9\n")
    error = error_for(path)
    assert error.line == 7 and "UTF-8" in error.problem


def test_missing_file(tmp_path: Path) -> None:
    error = error_for(tmp_path / "nowhere.toml")
    assert "cannot read the file" in str(error) and "nowhere.toml" in str(error)


def test_a_range_crossing_classes_belongs_to_its_lowest_port(write_dataset: Write) -> None:
    catalog = load_catalog(
        write_dataset('[[entry]]\nport = 1000\nend = 1100\nprotocols = []\nservice = "x"\ntitle = "X"\n')
    )
    (entry,) = catalog
    assert entry.range_class.value == "well-known"
    assert catalog.at(1050) == (entry,)


# -- hostile and careless files -------------------------------------------------------

HOSTILE_TEXT = {
    "escape sequence (clear screen)": "\x1b[2J",
    "OSC 0 window title": "\x1b]0;PWN\x07",
    "OSC 52 clipboard write": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "OSC 8 hyperlink": "\x1b]8;;http://example.invalid\x1b\\x\x1b]8;;\x1b\\",
    "8-bit CSI": "\x9b2J",
    "bidi override": "evil\u202etxt.exe",
}


@pytest.mark.parametrize("field", ["service", "title", "description", "security", "aliases"])
@pytest.mark.parametrize("name", HOSTILE_TEXT)
def test_text_that_would_drive_the_terminal_is_refused(write_dataset: Write, field: str, name: str) -> None:
    import json

    value = json.dumps([HOSTILE_TEXT[name]] if field == "aliases" else HOSTILE_TEXT[name])
    lines = [line for line in VALID_ENTRY.splitlines() if not line.startswith(f"{field} =")]
    path = write_dataset("\n".join([*lines, f"{field} = {value}"]) + "\n")
    error = error_for(path)
    assert error.line == 1 and error.entry is not None and error.entry.startswith("entry #1")
    assert f"{field} contains" in error.problem and "U+" in error.problem
    assert not any(ch in str(error) for ch in "\x1b\x9b\u202e\x07"), "the message itself stays printable"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ports.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_ENTRY.encode())
    assert [e.service for e in load_catalog(path)] == ["ssh"]


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "ports.toml"
    os.mkfifo(fifo)  # no writer: a plain open() would wait for one forever
    error = error_for(fifo)
    assert "named pipe" in error.problem and "not a regular file" in error.problem


def test_a_device_is_refused(tmp_path: Path) -> None:
    error = error_for(Path("/dev/zero"))
    assert "a device, not a regular file" in error.problem


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert "a folder" in error_for(tmp_path).problem


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from portdeck.dataset import loader

    monkeypatch.setattr(loader, "DATA_LIMIT", 100)
    path = tmp_path / "ports.toml"
    path.write_text(VALID_ENTRY * 3)
    assert "over the 100-byte limit" in error_for(path).problem


def test_toml_nested_past_the_parser_limit_is_one_error(write_dataset: Write) -> None:
    error = error_for(write_dataset("x = " + "[" * 100_000 + "]" * 100_000 + "\n"))
    assert "invalid TOML" in error.problem


def test_prominence_tags_checks_and_family_are_read(write_dataset: Write) -> None:
    text = (
        VALID_ENTRY
        + 'prominence = "everyday"\ntags = ["remote-access"]\nchecks = ["ssh -v HOST"]\nfamily = "ssh"\n'
    )
    (entry,) = load_catalog(write_dataset(text))
    assert (entry.prominence_name, entry.tags, entry.checks, entry.family) == (
        "everyday",
        ("remote-access",),
        ("ssh -v HOST",),
        "ssh",
    )


@pytest.mark.parametrize(
    ("field_line", "problem"),
    [
        ('prominence = "famous"', "prominence must be one of"),
        ('tags = ["Web Servers"]', "not a lowercase name"),
    ],
)
def test_bad_curated_fields(write_dataset: Write, field_line: str, problem: str) -> None:
    assert problem in error_for(write_dataset(VALID_ENTRY + field_line + "\n")).problem


def test_the_vocabulary_tables_are_read(write_dataset: Write) -> None:
    text = (
        '[tag.ics]\nmeaning = "Industrial control"\nwords = ["scada"]\n[family.ldap]\nname = "LDAP"\n'
        + VALID_ENTRY
    )
    catalog = load_catalog(write_dataset(text))
    assert catalog.vocabulary.tags == {"ics": ("Industrial control", ("scada",))}
    assert catalog.vocabulary.family_name("ldap") == "LDAP"
    again = load_catalog(write_dataset(text))  # from the cache this time
    assert again.vocabulary == catalog.vocabulary
