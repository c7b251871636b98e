"""The TUI warms the engine in a worker thread while the user may already be typing."""

from __future__ import annotations

import threading

from portdeck.dataset import Catalog
from portdeck.search import SearchEngine

QUERIES = ["postgress", "ssh", "sql server", "mail", "k", "kerbros", "22", "udp 53", "remote desktop"]


def test_search_while_warming_in_a_thread(catalog: Catalog, engine: SearchEngine) -> None:
    fresh = SearchEngine(catalog)
    errors: list[BaseException] = []

    def run(work: object) -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    def type_queries() -> None:
        for text in QUERIES * 3:
            assert fresh.search(text).entries == engine.search(text).entries

    threads = [threading.Thread(target=run, args=(fresh.warm,))]
    threads += [threading.Thread(target=run, args=(type_queries,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_remembered_answers_are_the_answers(catalog: Catalog, engine: SearchEngine) -> None:
    """`warm()` answers every first character ahead, and the engine keeps its last answers:
    whichever way an answer comes, it is the one a fresh engine gives."""
    from portdeck.search.engine import FIRST_CHARACTERS, RECENT

    warmed = SearchEngine(catalog)
    warmed.warm()
    for character in FIRST_CHARACTERS:
        assert warmed.search(character).entries == SearchEngine(catalog).search(character).entries
    asked = [f"{word} {number}" for word in ("ssh", "mail") for number in range(RECENT)]
    for text in [*asked, *asked[:3]]:  # the first three again, long forgotten
        assert warmed.search(text).entries == engine.search(text).entries
    assert warmed.search("postgres") is warmed.search("postgres")
