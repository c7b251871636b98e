"""The parsed-dataset cache: used when fresh, rebuilt when missing, stale or corrupt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.dataset import load_catalog, loader

Write = Callable[[str], Path]


def entry(port: int, title: str) -> str:
    return f'[[entry]]\nport = {port}\nprotocols = ["tcp"]\nservice = "s{port}"\ntitle = "{title}"\n'


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("dataset-*.marshal"))


def test_missing_cache_is_written_then_used(
    write_dataset: Write, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(entry(22, "Secure Shell"))
    first = load_catalog(path)
    assert len(cache_files(private_cache)) == 1

    # A second load must come from the cache: parsing is made impossible.
    def no_parsing(*_: object, **__: object) -> None:
        raise AssertionError("parsed again although the cache was fresh")

    monkeypatch.setattr(loader, "parse_dataset", no_parsing)
    assert load_catalog(path) == first
    assert load_catalog(path).at(22)[0].title == "Secure Shell"


def test_stale_cache_is_ignored_when_the_file_changes(write_dataset: Write, private_cache: Path) -> None:
    path = write_dataset(entry(22, "Old title"))
    load_catalog(path)
    write_dataset(entry(22, "New title"))
    assert load_catalog(path).at(22)[0].title == "New title"
    assert len(cache_files(private_cache)) == 1, "the stale cache file is cleaned up"


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01not marshal", b"\xe3" * 100])
def test_corrupt_cache_is_rebuilt(write_dataset: Write, private_cache: Path, garbage: bytes) -> None:
    path = write_dataset(entry(80, "Web"))
    load_catalog(path)
    (cached,) = cache_files(private_cache)
    cached.write_bytes(garbage)
    assert load_catalog(path).at(80)[0].title == "Web"
    assert cached.read_bytes() != garbage, "a good copy replaced the corrupt one"


def test_cache_of_another_shape_is_rebuilt(write_dataset: Write, private_cache: Path) -> None:
    import marshal

    path = write_dataset(entry(80, "Web"))
    load_catalog(path)
    (cached,) = cache_files(private_cache)
    cached.write_bytes(marshal.dumps((loader.CACHE_FORMAT, "another key", (), [])))
    assert [e.port for e in load_catalog(path)] == [80]


def test_unwritable_cache_folder_still_loads(
    write_dataset: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(blocker / "cache"))
    assert [e.port for e in load_catalog(write_dataset(entry(443, "TLS")))] == [443]


def test_cached_and_parsed_catalogs_are_equal(private_cache: Path) -> None:
    parsed = load_catalog(use_cache=False)
    load_catalog()  # writes the cache
    cached = load_catalog()
    assert cached == parsed
    assert cached.reserved == parsed.reserved


def test_damage_inside_the_cache_is_caught_and_rebuilt(write_dataset: Write, private_cache: Path) -> None:
    # Enough entries for several chunks; the damage lands in the last one, which a
    # lookup of a low port would never decode: the checksum must catch it at load.
    ports = range(1000, 1000 + 3 * loader.CHUNK_ROWS)
    path = write_dataset("".join(entry(port, f"Service {port}") for port in ports))
    load_catalog(path)
    (cached,) = cache_files(private_cache)
    blob = bytearray(cached.read_bytes())
    at = blob.rindex(b"Service")
    blob[at : at + 7] = b"Serpent"
    cached.write_bytes(bytes(blob))
    catalog = load_catalog(path)
    assert [e.title for e in catalog] == [f"Service {port}" for port in ports]
    assert b"Serpent" not in cached.read_bytes(), "a good copy replaced the damaged one"


def test_cached_catalog_answers_like_the_parsed_one(private_cache: Path) -> None:
    from portdeck.dataset import RangeClass

    parsed = load_catalog(use_cache=False)
    load_catalog()  # writes the cache
    cached = load_catalog()  # builds its entries as they are asked for
    for port in sorted({e.port for e in parsed} | {e.end for e in parsed} | {0, 5999, 49152, 65535}):
        assert cached.at(port) == parsed.at(port)
        assert cached.assignment(port) == parsed.assignment(port)
    for range_class in RangeClass:
        assert list(cached.in_class(range_class)) == [e for e in parsed if e.range_class is range_class]
    assert list(cached.span(8000, 8100)) == [e for e in parsed if 8000 <= e.port <= 8100]
    assert cached.span(5000, 7000).ranges() == tuple(
        e for e in parsed if 5000 <= e.port <= 7000 and e.is_range
    )
    assert cached.span(5000, 7000).ranges(), "the full dataset has ranges there (X11 6000-6063)"


# -- an unchanged file is not read again --------------------------------------------------


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as last changed long ago (the real rule waits 2 s after a change)."""
    from portdeck import cache_files

    monkeypatch.setattr(cache_files, "RACY_NS", -(10**12))


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = loader.read_file

    def read_file(path: str, limit: int) -> bytes:
        reads.append(path)
        return real(path, limit)

    monkeypatch.setattr(loader, "read_file", read_file)
    return reads


def test_an_unchanged_file_is_not_read_again(
    write_dataset: Write, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(entry(22, "Secure Shell"))
    first = load_catalog(path)
    reads = count_reads(monkeypatch)
    again = load_catalog(path)
    assert reads == [] and again == first and again.key == first.key


def test_an_edit_of_the_same_size_is_seen(write_dataset: Write, settled: None) -> None:
    path = write_dataset(entry(22, "Old title"))
    load_catalog(path)
    write_dataset(entry(22, "New title"))  # same length: only the times and content differ
    assert load_catalog(path).at(22)[0].title == "New title"


def test_a_file_changed_moments_ago_is_read_every_time(
    write_dataset: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with one-second timestamps, a second edit in the same second keeps
    every stamp: a file changed under 2 s ago is not trusted unread."""
    path = write_dataset(entry(22, "Secure Shell"))
    load_catalog(path)
    reads = count_reads(monkeypatch)
    load_catalog(path)
    assert reads == [str(path)]


def test_a_damaged_stamp_is_ignored(write_dataset: Write, settled: None, private_cache: Path) -> None:
    path = write_dataset(entry(22, "Secure Shell"))
    load_catalog(path)
    for stamp in private_cache.glob("stamp-*"):
        stamp.write_bytes(b"\x00garbage")
    assert load_catalog(path).at(22)[0].title == "Secure Shell"


def index_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.marshal"))


WORD_QUERIES = [
    "ssh",
    "remote desktop",
    "postgress",
    "kafka ui",
    "ldaps",
    "web",
    "zerologon",
    "sql server",
    "k",
]


def test_word_searches_answer_alike_from_the_cached_index(private_cache: Path) -> None:
    from portdeck.search import SearchEngine

    built = SearchEngine(load_catalog(use_cache=False))  # no key: an index built in memory
    SearchEngine(load_catalog()).search("ssh")  # writes the index cache
    assert len(index_files(private_cache)) == 1
    cached = SearchEngine(load_catalog())
    for query in WORD_QUERIES:
        assert [e[:4] for e in cached.search(query).entries] == [
            e[:4] for e in built.search(query).entries
        ], query


def test_an_index_cached_on_a_machine_of_the_other_byte_order_is_rebuilt(private_cache: Path) -> None:
    from portdeck import cache_files
    from portdeck.search import SearchEngine, index_store

    catalog = load_catalog()
    assert SearchEngine(catalog).search("ssh").entries[0].port == 22
    key = catalog.key
    assert key is not None, "the dataset's catalog is keyed on its file"
    body = cache_files.read_cache("index", key, index_store.INDEX_FORMAT)
    other = "big" if body[0] == "little" else "little"
    # The same arrays read in the other byte order would name other entries: refused.
    cache_files.write_cache("index", key, index_store.INDEX_FORMAT, (other, *body[1:]))
    assert SearchEngine(load_catalog()).search("ssh").entries[0].port == 22
    assert cache_files.read_cache("index", key, index_store.INDEX_FORMAT)[0] == body[0]
