"""Save SVG screenshots of the real app, on the shipped dataset, into screenshots/.

Run: python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from portdeck.dataset import load_catalog
from portdeck.ui.app import make_app

OUT = Path(__file__).resolve().parents[1] / "screenshots"
SIZE = (100, 30)

# name -> keys pressed, as a person would type them
SHOTS: dict[str, list[str]] = {
    "search": list("postgress"),
    "security": list("23"),
    "dynamic": ["ctrl+left"],
    "help": ["f1"],
}


async def shoot(name: str, keys: list[str]) -> Path:
    app = make_app(load_catalog())
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = app.save_screenshot(filename=f"{name}.svg", path=OUT)
    return Path(path)


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, keys in SHOTS.items():
        print(await shoot(name, keys))


if __name__ == "__main__":
    asyncio.run(main())
