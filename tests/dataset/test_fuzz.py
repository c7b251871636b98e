"""Arbitrary documents and bytes never get past the validator as anything but DatasetError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.dataset import DatasetError, PortEntry
from portdeck.dataset.loader import parse_dataset
from portdeck.dataset.schema import KNOWN_KEYS, build_entries

PATH = Path("fuzz.toml")

toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# Tables that mostly use real keys, so the fuzzer reaches the checks behind the key checks.
entry_tables = st.dictionaries(
    st.sampled_from(sorted(KNOWN_KEYS)) | st.text(max_size=8), toml_values, max_size=len(KNOWN_KEYS) + 2
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["entry", "reserved", "other"]), st.lists(entry_tables, max_size=4) | toml_values
    )
)
def test_any_document_is_entries_or_a_dataset_error(document: dict[str, object]) -> None:
    try:
        entries = build_entries(dict(document), PATH, "[[entry]]\n" * 5)
    except DatasetError as error:
        assert str(error).startswith(str(PATH))
    else:
        assert all(isinstance(e, PortEntry) and 0 <= e.port <= e.end <= 65535 for e in entries)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_entries_or_a_dataset_error(data: bytes) -> None:
    try:
        parse_dataset(data, PATH)
    except DatasetError as error:
        assert str(error).startswith(str(PATH))
