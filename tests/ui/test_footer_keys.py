"""The Footer greys out Clear while the search box is empty, and lights it up once there is
something to clear, without building its keys again (that cost the first keystroke of every
search a rebuild of ten widgets)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from portdeck.ui.app import PortdeckApp

from .helpers import SIZE, settle


def clear_key(app: PortdeckApp) -> FooterKey:
    (key,) = [key for key in app.screen.query(FooterKey) if key.action == "screen.clear"]
    return key


async def test_clear_is_greyed_only_while_the_box_is_empty(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        empty = clear_key(app)
        assert empty.has_class("-disabled")
        await pilot.press("s")
        await settle(pilot)
        key = clear_key(app)
        assert not key.has_class("-disabled")
        assert key is empty  # lit up where it was, not rebuilt
        await pilot.press("escape")
        await settle(pilot)
        assert clear_key(app).has_class("-disabled")
        assert app.main.search_text == ""
