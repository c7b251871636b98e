"""Names resolve: every curated member of every software class (data/sources/classes/) is
found first by the name people use, by its other names, and by one misspelling."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from portdeck.search import SearchEngine

CLASSES = Path(__file__).resolve().parents[2] / "data" / "sources" / "classes"
CLASS_FILES = sorted(CLASSES.glob("*.toml"))


def misspelling(name: str) -> str | None:
    """Two neighbouring letters swapped in the middle of the name's longest word (one edit)."""
    words = name.split()
    longest = max(words, key=len)
    if len(longest) < 5 or not longest.isalpha():
        return None
    middle = len(longest) // 2
    if longest[middle - 1] == longest[middle]:
        return None
    swapped = longest[: middle - 1] + longest[middle] + longest[middle - 1] + longest[middle + 1 :]
    return " ".join(swapped if word == longest else word for word in words)


def first_port(engine: SearchEngine, text: str) -> int | None:
    result = engine.search(text)
    return next(iter(result.entries.ports()), None) if len(result.entries) else None  # type: ignore[attr-defined]


def test_every_class_has_its_member_list() -> None:
    names = {path.stem for path in CLASS_FILES}
    assert len(names) >= 8, names


@pytest.mark.parametrize("path", CLASS_FILES, ids=[p.stem for p in CLASS_FILES])
def test_every_curated_member_is_found_first_by_its_names(engine: SearchEngine, path: Path) -> None:
    with path.open("rb") as handle:
        members = tomllib.load(handle).get("member", [])
    curated = [m for m in members if m.get("entries")]
    assert curated, f"{path.name} curates no member"
    wrong = []
    for member in curated:
        port = int(member["entries"][0].rpartition("@")[2])
        typo = member.get("misspelling") or misspelling(member["name"])
        for query in [member["name"], *member.get("queries", []), *([typo] if typo else [])]:
            found = first_port(engine, query)
            if found != port:
                wrong.append(f"{query!r} -> {found}, expected {port}")
    assert not wrong, f"{path.name}: {len(wrong)} of the names miss:\n" + "\n".join(wrong)


def test_the_sources_readme_names_every_class_and_its_catalogue() -> None:
    readme = (CLASSES.parent / "README.md").read_text(encoding="utf-8")
    for path in CLASS_FILES:
        with path.open("rb") as handle:
            header = tomllib.load(handle)["class"]
        assert f"| `{path.stem}` |" in readme, path.stem
        assert header["version"].replace("|", "/") in readme, path.stem
