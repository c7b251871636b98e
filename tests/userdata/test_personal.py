"""The user's own ports file is merged as local entries; a broken one is reported, never fatal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.dataset import Catalog, PortEntry, Protocol, Source
from portdeck.userdata.personal import load_personal

MINE = """\
[[entry]]
port = 8443
protocols = ["tcp"]
service = "billing-api"
title = "Billing API (staging)"
description = "Our internal billing service."
"""


def test_missing_file_is_no_entries_and_no_warning(tmp_path: Path) -> None:
    assert load_personal(tmp_path / "absent.toml") == (None, None)


def test_entries_are_marked_local_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "ports.toml"
    path.write_text(MINE)
    personal, warning = load_personal(path)
    assert warning is None and personal is not None
    entries = personal.entries
    (entry,) = entries
    assert (entry.port, entry.service, entry.source) == (8443, "billing-api", Source.LOCAL)
    official = PortEntry(8443, 8443, (Protocol.TCP,), "pcsync-https", "PCsync HTTPS")
    merged = Catalog.of([official]).merged_with(entries)
    # The user's own entry is what they meet on that port: a lookup shows it first.
    assert [e.source for e in merged.at(8443)] == [Source.LOCAL, Source.IANA]


def test_a_broken_file_is_a_warning_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ports.toml"
    original = MINE + '\n[[entry]]\nport = 99999\nprotocols = ["tcp"]\nservice = "x"\ntitle = "X"\n'
    path.write_text(original)
    personal, warning = load_personal(path)
    assert personal is None
    assert warning is not None and warning.startswith(f"{path}:8: entry #2")
    assert "outside 0-65535" in warning
    assert path.read_text() == original, "the user's file is never modified"


def test_merged_entries_take_their_place_in_port_order(tmp_path: Path) -> None:
    built_in = [
        PortEntry(22, 22, (Protocol.TCP,), "ssh", "SSH"),
        PortEntry(8443, 8443, (Protocol.TCP,), "pcsync-https", "PCsync HTTPS"),
        PortEntry(8000, 8100, (Protocol.TCP,), "dev", "Dev servers", Source.UNOFFICIAL),
    ]
    mine = [
        PortEntry(9000, 9000, (Protocol.TCP,), "ci", "CI", Source.LOCAL),
        PortEntry(8443, 8443, (Protocol.TCP,), "billing-api", "Billing", Source.LOCAL),
        PortEntry(1, 1, (Protocol.TCP,), "echo-mine", "Echo", Source.LOCAL),
    ]
    merged = Catalog.of(built_in).merged_with(mine)
    assert merged == Catalog.of(built_in + mine)
    assert [e.service for e in merged.at(8050)] == ["dev"]
    assert [e.service for e in merged.span(8443, 9000)] == ["pcsync-https", "billing-api", "ci"]


BUILT_IN = Catalog.of(
    [
        PortEntry(port, end, (Protocol.TCP,), f"svc-{port}-{end}", "Built in", source)
        for port, end, source in [
            (0, 0, Source.IANA),
            (22, 22, Source.IANA),
            (22, 22, Source.UNOFFICIAL),
            (80, 80, Source.IANA),
            (6000, 6063, Source.IANA),
            (8000, 8000, Source.IANA),
            (8000, 8100, Source.UNOFFICIAL),
            (49152, 65535, Source.UNOFFICIAL),
            (65535, 65535, Source.IANA),
        ]
    ]
)
local_entries = st.builds(
    lambda port, width, name: PortEntry(
        port, min(65535, port + width), (Protocol.UDP,), name, "Mine", Source.LOCAL, tags=("mine",)
    ),
    st.sampled_from([0, 1, 22, 79, 80, 6000, 7999, 8000, 49152, 65535]),
    st.sampled_from([0, 0, 63, 100]),
    st.text("abc", min_size=1, max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(local_entries, max_size=8))
def test_merging_puts_each_entry_where_sorting_everything_would(mine: list[PortEntry]) -> None:
    merged = BUILT_IN.merged_with(mine)
    everything = Catalog.of([*BUILT_IN.entries, *mine])
    assert [merged[i] for i in range(len(merged))] == list(everything.entries)
    assert merged.keeps(frozenset({Protocol.UDP}), frozenset()) == [e in mine for e in everything.entries]
    assert merged.keeps(frozenset(), frozenset({"mine"})) == [e in mine for e in everything.entries]


def test_a_personal_file_is_parsed_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portdeck.dataset import loader

    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "ports.toml"
    path.write_text(MINE)
    first, _ = load_personal(path)
    parsed: list[object] = []
    parse = loader.parse_dataset

    def counted(*args: Any, **kwargs: Any) -> Any:
        parsed.append(args)
        return parse(*args, **kwargs)

    monkeypatch.setattr(loader, "parse_dataset", counted)
    second, _ = load_personal(path)
    assert not parsed, "the second read came from the cache"
    assert second is not None and first is not None and second.entries == first.entries
    path.write_text(MINE.replace("Billing API (staging)", "Billing API"))
    third, _ = load_personal(path)
    assert len(parsed) == 1, "changed content is parsed again"
    assert third is not None and third.entries[0].title == "Billing API"


def test_the_personal_cache_does_not_evict_the_datasets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portdeck.dataset import load_catalog

    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data.toml"
    data.write_text(MINE.replace("billing-api", "other"))
    load_catalog(data)
    path = tmp_path / "ports.toml"
    path.write_text(MINE)
    load_personal(path)
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.marshal"))
    assert names == ["dataset", "personal"]
