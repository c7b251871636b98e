"""The browser tests: Debian's Chromium driven by Playwright for Python.

Playwright's own browser download cannot work on the machines CI runs on; the system
browser (`apt-get install -y chromium`, /usr/bin/chromium) can, with
`executable_path`. Where the browser or Playwright is missing the tests skip, unless
PORTDECK_REQUIRE_BROWSER=1 (which .ci/run sets): then a missing browser fails the run,
so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("PORTDECK_CHROMIUM", "/usr/bin/chromium")


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install playwright"
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set PORTDECK_CHROMIUM)"
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "textual-serve is not installed: pip install 'portdeck[web]'"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    problem = browser_problem()
    if problem is not None:
        if os.environ.get("PORTDECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PORTDECK_REQUIRE_BROWSER=1, but {problem}")
        pytest.skip(problem)
    return CHROMIUM
