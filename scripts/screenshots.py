"""Save SVG screenshots of the real app, on the shipped dataset, into screenshots/.

Run: python scripts/screenshots.py

The listening sockets are a fixed, made-up set, the pins and settings live in a
temporary folder and the cursor does not blink, so the pictures do not depend on
the machine (or the user, or the clock) taking them. The check picture checks a
real web server this script starts on 127.0.0.1:8000 (the port must be free).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from portdeck.dataset import Protocol, load_catalog
from portdeck.listening import Listener
from portdeck.ui.app import make_app
from portdeck.ui.widgets.search_input import SearchInput
from portdeck.userdata.pins import PinStore
from portdeck.userdata.settings import Settings

OUT = Path(__file__).resolve().parents[1] / "screenshots"
SIZE = (100, 30)
SMALL = (80, 24)  # the classic terminal
TCP, UDP = Protocol.TCP, Protocol.UDP

# A typical developer machine.
LISTENERS = (
    Listener(22, TCP, "0.0.0.0:22", None, None),  # another user's process: no name
    Listener(22, TCP, "[::]:22", None, None),
    Listener(53, UDP, "127.0.0.53:53", None, None),
    Listener(631, TCP, "127.0.0.1:631", None, None),
    Listener(5353, UDP, "0.0.0.0:5353", 1021, "avahi-daemon", "avahi"),
    Listener(5432, TCP, "127.0.0.1:5432", 1312, "postgres", "postgres"),
    Listener(6379, TCP, "0.0.0.0:6379", 1408, "redis-server", "redis"),  # on every interface: exposed
    Listener(8000, TCP, "127.0.0.1:8000", 48211, "python3", "dev"),
    Listener(41641, UDP, "0.0.0.0:41641", 987, "tailscaled", "root"),
    Listener(47011, TCP, "127.0.0.1:47011", 50122, "devd", "dev"),
)

# name -> keys pressed, as a person would type them
SHOTS: dict[str, list[str]] = {
    "search": list("postgress"),
    "security": list("23"),
    "dynamic": ["ctrl+left"] * 3,
    "help": ["f1"],
    "listening": ["ctrl+left", "enter", "end"],
    "pinned": [
        *"ssh",
        "enter",
        "f",
        "escape",  # to the search box, the query kept
        "escape",  # and cleared
        *"postgres",
        "enter",
        "f",
        "escape",  # to the search box, the query kept
        "escape",  # and cleared
        *"redis",
        "enter",
        "f",
        "escape",  # to the search box, the query kept
        "escape",  # and cleared
        "ctrl+left",
        "ctrl+left",
        "enter",
        "j",
    ],
    # The answer to "is it open there?": t, a host, Enter.
    "check": [*"8000", "enter", "t", "ctrl+u", *"127.0.0.1", "enter"],
    "small": list("rdp"),
}
SIZES = {"small": SMALL}
# Shots that wait for a result, by the text the detail pane shows once it is in.
WAIT_FOR = {"check": "open in"}


@contextmanager
def web_server_on_8000() -> Iterator[None]:
    """python -m http.server, the story of port 8000, serving an empty folder."""
    with tempfile.TemporaryDirectory() as folder:
        handler = partial(SimpleHTTPRequestHandler, directory=folder)
        server = ThreadingHTTPServer(("127.0.0.1", 8000), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()


async def shoot(name: str, keys: list[str]) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(
            load_catalog(), pins=PinStore(folder), settings=Settings(folder), listeners=lambda: LISTENERS
        )
        async with app.run_test(size=SIZES.get(name, SIZE)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if name in WAIT_FOR:
                for _ in range(100):
                    if WAIT_FOR[name] in app.main.detail_pane.text_of("check"):
                        break
                    await asyncio.sleep(0.05)
                else:
                    raise SystemExit(f"{name}: the detail pane never showed {WAIT_FOR[name]!r}")
            app.clear_notifications()  # the toasts of the key presses would hide the rows
            await pilot.pause()
            path = app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    return Path(path)


def shoot_browser() -> Path | None:
    """screenshots/browser.png: `portdeck --serve --public` on a free port of 127.0.0.1, in
    Debian's Chromium, headless, after typing `postgress` (None, and why on stderr, when
    Chromium, Playwright or textual-serve is missing). The public app: no Listening tab, so
    the picture does not depend on this machine's sockets; pins, settings, caches in a
    temporary folder."""
    import sys

    sys.path.insert(0, str(OUT.parent))  # tests/web/browser.py: the browser test's own helpers
    from tests.web.browser import (
        chromium,
        free_port,
        open_app,
        search_shows_postgres,
        serving,
        type_keys,
        wait_for_screen,
    )
    from tests.web.conftest import CHROMIUM, browser_problem

    problem = browser_problem()
    if problem is not None:
        print(f"browser.png not taken: {problem}", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(OUT.parent), os.environ.get("PYTHONPATH")])),
            "PORTDECK_CACHE_DIR": str(tmp / "cache"),
            "PORTDECK_CONFIG": str(tmp / "none.toml"),
            "PORTDECK_DATA_DIR": str(tmp / "data"),
        }
        with (
            serving(free_port(), public=True, env=env, log=tmp / "server.log") as url,
            chromium(CHROMIUM, tmp / "profile", width=1200, height=720) as browser,
        ):
            page = browser.new_page()
            open_app(page, url)
            type_keys(page, "postgress")

            wait_for_screen(page, search_shows_postgres, 20, "postgress and 5432")
            page.wait_for_timeout(500)  # the detail pane's last frame
            path = OUT / "browser.png"
            page.screenshot(path=str(path))
    return path


async def main() -> None:
    SearchInput.CURSOR_BLINK = False
    OUT.mkdir(exist_ok=True)
    with web_server_on_8000():
        for name, keys in SHOTS.items():
            print(await shoot(name, keys))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["browser"]:  # `browser`: only the browser picture
        asyncio.run(main())
    print(shoot_browser())  # outside the event loop: Playwright's sync API refuses to run in one
