"""Bad dataset files give one clear error naming the file, the line and the entry."""

from __future__ import annotations

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
    key = field_line.split(" = ")[0]
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
    error = error_for(write_dataset(VALID_ENTRY + '\n[[ports]]\nport = 1\n'))
    assert "unknown top-level key 'ports'" in str(error)


def test_bad_reserved_ranges(write_dataset: Write) -> None:
    error = error_for(write_dataset("reserved = [[10, 5]]\n" + VALID_ENTRY))
    assert "reserved" in str(error) and "[10, 5]" in str(error)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "ports.toml"
    path.write_bytes(VALID_ENTRY.encode() + b'\n# caf\xe9\n')
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
