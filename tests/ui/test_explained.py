"""`portdeck --explain FILE` on a terminal opens the app on a tab of the file's ports,
browsable like the others."""

from __future__ import annotations

from collections.abc import Callable

from portdeck.dataset import Catalog, PortEntry, Protocol, Source
from portdeck.ui.app import PortdeckApp

from .helpers import SIZE, ports, settle, type_query

AppFactory = Callable[..., PortdeckApp]


def explained(catalog: Catalog) -> tuple[str, tuple[PortEntry, ...]]:
    unknown = PortEntry(
        47001, 47001, (Protocol.TCP,), "", "unknown: no entry names this port", Source.UNKNOWN
    )
    return "scan.xml", (catalog.at(23)[0], catalog.at(5432)[0], catalog.at(22)[0], unknown)


async def test_the_app_opens_on_the_files_tab_in_its_order(app_factory: AppFactory, catalog: Catalog) -> None:
    app = app_factory(explained=explained(catalog))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.active_tab == "explained"
        assert ports(app) == ["23", "5432", "22", "47001"]
        assert app.main.range_tabs.counts["explained"] == 4


async def test_a_query_narrows_the_files_tab(app_factory: AppFactory, catalog: Catalog) -> None:
    app = app_factory(explained=explained(catalog))
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "5432")
        assert ports(app) == ["5432"]
        app.main.search_input.value = "ssh"
        await settle(pilot)
        assert ports(app) == ["22"]
