"""`JsonStore`: the one locked read-modify-write that pins and settings share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portdeck.files import SMALL_LIMIT
from portdeck.userdata.json_store import CorruptFile, JsonStore


class Words(JsonStore[tuple[str, ...]]):
    """A store of words: the smallest subclass there is."""

    what = "words"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "words.json", ())

    def parse(self, document: object) -> tuple[str, ...]:
        if not isinstance(document, list) or not all(isinstance(word, str) for word in document):
            raise CorruptFile("not a list of words")
        return tuple(document)

    def document(self, value: tuple[str, ...]) -> object:
        return list(value)


def test_a_change_is_saved_and_read_back(tmp_path: Path) -> None:
    store = Words(tmp_path)
    assert store.load() == ()
    assert store.change(lambda words: (*words, "one")) == ("one",)
    assert store.value == ("one",)
    assert Words(tmp_path).load() == ("one",)


def test_a_change_starts_from_the_file_as_another_window_left_it(tmp_path: Path) -> None:
    first, second = Words(tmp_path), Words(tmp_path)
    first.load(), second.load()
    first.change(lambda words: (*words, "first"))
    second.change(lambda words: (*words, "second"))
    assert Words(tmp_path).load() == ("first", "second")


def test_a_corrupt_file_is_set_aside_and_the_change_starts_empty(tmp_path: Path) -> None:
    (tmp_path / "words.json").write_text(json.dumps({"not": "words"}))
    store = Words(tmp_path)
    assert store.change(lambda words: (*words, "fresh")) == ("fresh",)
    assert list(tmp_path.glob("words.corrupt-*.json")), "the corrupt file is kept aside"
    assert store.warnings and "not a list of words" in store.warnings[0]


def test_a_failed_save_is_a_warning_and_holds_for_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Words(tmp_path)

    def full_disk(document: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.file, "write", full_disk)
    assert store.change(lambda words: (*words, "kept")) == ("kept",)
    assert store.value == ("kept",)
    assert store.warnings == [
        f"could not save words to {store.path} (No space left on device); the saved file is unchanged"
    ]


def test_a_change_too_large_to_read_back_writes_nothing(tmp_path: Path) -> None:
    store = Words(tmp_path)
    store.change(lambda words: ("small",))
    saved = (tmp_path / "words.json").read_bytes()
    with pytest.raises(ValueError, match="limit"):
        store.change(lambda words: (*words, "x" * SMALL_LIMIT))
    assert store.value == ("small",), "the value is the file's, unchanged"
    assert (tmp_path / "words.json").read_bytes() == saved
