"""The parsed CSS kept between starts: the second start parses nothing and looks the same,
and a cache file that is not signed with the user's key is never unpickled."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from portdeck import cache_files
from portdeck.dataset import Catalog
from portdeck.ui import remembered_css
from portdeck.ui.app import PortdeckApp
from portdeck.ui.remembered_css import RememberedStylesheet

from .helpers import SIZE, settle


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(folder))
    return folder


async def first_frame(app: PortdeckApp) -> tuple[int, str]:
    """How many CSS sources this start parsed, and the screen it drew."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stylesheet = app.stylesheet
        assert isinstance(stylesheet, RememberedStylesheet)
        return stylesheet.parsed_here, app.export_screenshot()


async def test_the_second_start_parses_no_css_and_draws_the_same_screen(
    catalog: Catalog, cache_folder: Path
) -> None:
    parsed, first = await first_frame(PortdeckApp(catalog))
    assert parsed > 10, "the first start parses portdeck.tcss and each widget's default CSS"
    assert list(cache_folder.glob("css-*.marshal")), "and keeps the rules"
    parsed, second = await first_frame(PortdeckApp(catalog))
    assert parsed == 0, "the second start takes every rule of its first frame from the cache"
    assert second == first


def restyled(colour: str) -> type[PortdeckApp]:
    """The app with CSS of its own: each call's class has the same name, so its CSS comes
    from the same place (as a new portdeck's portdeck.tcss does) with another text."""

    class Restyled(PortdeckApp):
        CSS = f"#results {{ background: {colour}; }}"

    return Restyled


async def test_only_a_source_whose_text_changed_is_parsed_again(catalog: Catalog, cache_folder: Path) -> None:
    """Every other source still comes from the cache, and the change shows."""
    await first_frame(restyled("red")(catalog))
    parsed, red = await first_frame(restyled("red")(catalog))
    assert parsed == 0
    parsed, blue = await first_frame(restyled("blue")(catalog))
    assert parsed == 1
    assert blue != red
    parsed, again = await first_frame(restyled("blue")(catalog))
    assert parsed == 0 and again == blue


async def test_another_theme_is_parsed_with_its_own_colours(catalog: Catalog, cache_folder: Path) -> None:
    await first_frame(PortdeckApp(catalog))  # rules with textual-dark's colours are kept
    light = PortdeckApp(catalog)
    light.settings.update(theme="textual-light")
    parsed, screen = await first_frame(light)
    assert parsed > 0, "textual-light's variables are not textual-dark's: its rules are parsed"
    fresh = PortdeckApp(catalog)
    fresh.settings.update(theme="textual-light")
    parsed, again = await first_frame(fresh)
    assert parsed == 0 and again == screen


async def test_no_cache_keeps_no_css(
    catalog: Catalog, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTDECK_NO_CACHE", "1")
    await first_frame(PortdeckApp(catalog))
    parsed, _ = await first_frame(PortdeckApp(catalog))
    assert parsed > 10
    assert not list(cache_folder.glob("css-*"))


class Planted:
    """What an attacker's pickle would run as it loads: here, a note that it ran."""

    ran = False

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_plant, ())


def _plant() -> dict[str, object]:
    Planted.ran = True
    return {}


def test_an_unsigned_css_cache_is_never_unpickled(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_files.Trust, "signed_only", False)
    monkeypatch.setattr(Planted, "ran", False)
    key = remembered_css._installed_key()
    body = pickle.dumps(Planted())
    # As anyone who can write the cache folder can: a well-formed, checksummed file without the key.
    cache_files.write_cache(remembered_css.CSS_KIND, key, remembered_css.CSS_FORMAT, body)
    assert remembered_css.load_rules() == {}
    assert not Planted.ran
    # Signed with the user's key (which lives in the data folder), it is loaded.
    cache_files.write_cache(remembered_css.CSS_KIND, key, remembered_css.CSS_FORMAT, body, signed=True)
    assert remembered_css.load_rules() == {}
    assert Planted.ran
