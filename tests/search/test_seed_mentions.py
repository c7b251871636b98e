"""Every (seed, port, name) the seed cheat sheets give: typed as written, the name finds its
port among the first three answers.

A floor, not all 417: the misses are names no honest reading can send to that port (a
bare "SQL" for 118, "HTTP" for 8000, "Cisco" for 711), two ports given the same name
("Mac OS X Server" for 311 and 660), and names the registry and our sources do not give
for the port (securecast1 on 370, SupportSoft on 641 and 653).
"""

from __future__ import annotations

import json
from pathlib import Path

from portdeck.search import SearchEngine

# A copy of shared/seeds/mentions.json, so the tests need nothing outside the repository.
MENTIONS = Path(__file__).with_name("seed_mentions.json")
FLOOR = 394


def test_seed_names_find_their_port_in_the_top_three(engine: SearchEngine) -> None:
    mentions = json.loads(MENTIONS.read_text(encoding="utf-8"))
    assert len(mentions) == 417
    missed = []
    for mention in mentions:
        top = list(engine.search(mention["name"]).entries)[:3]
        if not any(entry.covers(mention["port"]) for entry in top):
            missed.append(f"{mention['port']} {mention['name']!r}")
    found = len(mentions) - len(missed)
    assert found >= FLOOR, f"{found} of {len(mentions)} found; missed:\n" + "\n".join(missed)
