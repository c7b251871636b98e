"""`portdeck --serve` in a real browser: Debian's Chromium, headless, driven by Playwright.

The server is `portdeck.serve.run_serve` in its own process, on a free port of
127.0.0.1; the page is textual-serve's, the app runs in the child it starts per tab.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .browser import (
    chromium,
    free_port,
    open_app,
    screen_text,
    search_shows_postgres,
    serving,
    type_keys,
    wait_for_screen,
)

SETTLE_MS = 1_500  # what a key that changes nothing is given to show that it changes nothing


def _env(tmp_path: Path, child_env: Callable[..., dict[str, str]]) -> dict[str, str]:
    return child_env(
        PORTDECK_CACHE_DIR=str(tmp_path / "cache"),
        PORTDECK_CONFIG=str(tmp_path / "none.toml"),
        PORTDECK_DATA_DIR=str(tmp_path / "data"),
    )


def test_served_app_finds_postgres_as_you_type(
    chromium_path: str, tmp_path: Path, child_env: Callable[..., dict[str, str]]
) -> None:
    port = free_port()
    with (
        serving(port, public=False, env=_env(tmp_path, child_env), log=tmp_path / "server.log") as url,
        chromium(chromium_path, tmp_path / "profile") as browser,
    ):
        page = browser.new_page()
        open_app(page, url)
        type_keys(page, "postgress")
        text = wait_for_screen(
            page, search_shows_postgres, 20, "postgress in the search box and 5432 in the list"
        )
        assert "PostgreSQL" in text
        # The local app keeps the live check: `t` on the row asks for a host (the control for
        # the public test below; nothing is checked, Esc cancels).
        page.keyboard.press("Enter")
        page.keyboard.press("t")
        wait_for_screen(page, lambda text: "Check 5432/tcp on" in text, 10, "the check's host prompt")
        page.keyboard.press("Escape")


def test_public_app_has_no_check_and_no_listening_tab(
    chromium_path: str, tmp_path: Path, child_env: Callable[..., dict[str, str]]
) -> None:
    port = free_port()
    with (
        serving(port, public=True, env=_env(tmp_path, child_env), log=tmp_path / "server.log") as url,
        chromium(chromium_path, tmp_path / "profile") as browser,
    ):
        page = browser.new_page()
        open_app(page, url)
        type_keys(page, "postgress")
        text = wait_for_screen(
            page, search_shows_postgres, 20, "postgress in the search box and 5432 in the list"
        )
        assert "Listening" not in text, text
        page.keyboard.press("Enter")  # to the list, on 5432
        page.keyboard.press("t")
        page.wait_for_timeout(SETTLE_MS)
        text = screen_text(page)
        assert "Check 5432" not in text and "host name or address" not in text, text
        # Nor through the command palette.
        page.keyboard.press("Control+p")
        wait_for_screen(page, lambda text: "Copy the highlighted port" in text, 10, "the palette")
        type_keys(page, "check")
        page.wait_for_timeout(SETTLE_MS)
        text = screen_text(page)
        assert "Check this port" not in text and "Check port" not in text, text
        assert "Listening" not in text and "Refresh listening" not in text, text
