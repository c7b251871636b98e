"""Serve the app and drive it in headless Chromium: shared by the browser test and
scripts/screenshots.py.

The page draws the terminal on a canvas (xterm.js with its WebGL or canvas renderer), so
its text is not in the DOM. An init script keeps a reference to the page's xterm.js
`Terminal` as textual-serve's script creates it; the tests read the rows the browser
shows through xterm.js's public buffer API (`buffer.active.getLine(…).translateToString`).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

HOST = "127.0.0.1"
# Debian's Chromium as root in a sandboxed machine with no way out (machines/python.md).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 30
APP_START_SECONDS = 45  # the first tab starts a Python child that loads the catalog

# textual-serve's script does `this.terminal = new Terminal(…)`: a setter on Object.prototype
# sees that assignment, keeps the terminal in window.__portdeckTerminal and makes the property
# an ordinary one on that object, so the page works as before.
HOOK_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__portdeckTerminal = value;
  },
});
"""

SCREEN_TEXT = """
() => {
  const terminal = window.__portdeckTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}
"""


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(port: int, *, public: bool, env: Mapping[str, str], log: Path) -> Iterator[str]:
    """`run_serve` on 127.0.0.1:PORT in its own process group, until the block ends; yields its URL.

    Everything it started (the server, the shell and app textual-serve starts per tab) ends
    with the block: SIGTERM to the group, SIGKILL after 10 s."""
    code = (
        f"import sys; from portdeck.serve import run_serve; sys.exit(run_serve({HOST!r}, {port}, {public}))"
    )
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-c", code],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for_listener(server, port, log)
        yield f"http://{HOST}:{port}/"
    finally:
        _end_group(server)


def _wait_for_listener(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server ended ({server.returncode}): {log.read_text(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on {HOST}:{port} in {SERVER_START_SECONDS} s")


def _end_group(server: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The server is gone; its children (same group) get the same signal once more.
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return


@contextmanager
def chromium(
    executable: str, profile: Path, width: int = 1280, height: int = 800
) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile; closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height},
            timeout=30_000,
        )
        try:
            context.set_default_timeout(15_000)
            context.add_init_script(HOOK_TERMINAL)
            yield context
        finally:
            context.close()


def screen_text(page: Page) -> str:
    """The rows the page's terminal shows now ("" before the terminal exists)."""
    text = page.evaluate(SCREEN_TEXT)
    return text if isinstance(text, str) else ""


def wait_for_screen(page: Page, until: Callable[[str], bool], seconds: float, what: str) -> str:
    """Poll the screen until `until(text)`; the text, or an AssertionError showing the last screen."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(page)
        if until(text):
            return text
        page.wait_for_timeout(100)
    raise AssertionError(f"{what} not on the page within {seconds} s; the screen was:\n{text}")


def open_app(page: Page, url: str) -> str:
    """Load the page and wait for the app's first frame (the tab bar); the screen text."""
    page.goto(url, wait_until="domcontentloaded")
    text = wait_for_screen(page, lambda text: "Well-known" in text, APP_START_SECONDS, "the app's tab bar")
    page.focus(".xterm-helper-textarea")  # the keys go to xterm.js, and on to the app
    return text


def type_keys(page: Page, text: str) -> None:
    page.keyboard.type(text, delay=40)


# A row of the results list for port 5432 over TCP ("│   ! 5432        tcp     postgresql …");
# the search box's placeholder also names 5432, so the number alone proves nothing.
ROW_5432 = re.compile(r"^│[ •★●?!▲]{0,8}5432 +t", re.MULTILINE)


def search_shows_postgres(text: str) -> bool:
    """The search box holds `postgress` and the list has 5432/tcp."""
    return "▊  postgress " in text and ROW_5432.search(text) is not None
