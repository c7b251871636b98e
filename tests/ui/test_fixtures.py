"""The UI tests' own fixtures: what a test leaves behind ends with it."""

from __future__ import annotations

from portdeck.dataset import Catalog

from .conftest import NOTICES, AppFactory, notices


def test_no_notifications_are_left_from_earlier_tests() -> None:
    """The registry held every app of the session, and each app's widgets and catalog with it."""
    assert not NOTICES


def test_a_factory_forgets_its_apps_when_closed(catalog: Catalog) -> None:
    factory = AppFactory(catalog)
    first, second = factory(), factory()
    first.notify("hello", title="test")
    assert [notice.message for notice in notices(first)] == ["hello"]
    assert notices(second) == []
    factory.close()
    assert first not in NOTICES and second not in NOTICES and not NOTICES
