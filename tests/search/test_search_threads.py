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
