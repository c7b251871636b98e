"""`--free`: every suggestion keeps every rule, against a fake ephemeral range, real
listeners on 127.0.0.1 and a personal file; picks are reproducible and spread."""

from __future__ import annotations

import itertools
import os
import socket
import stat
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck import free_ports
from portdeck.dataset import Catalog, Protocol
from portdeck.dataset.catalog import Assignment
from portdeck.free_ports import (
    EphemeralRange,
    FreePort,
    browser_blocked,
    ephemeral_range,
    free_text,
    is_patterned,
    parse_range,
    ports_named_by,
    suggest_free,
    why_not,
)
from portdeck.listening import local_listeners
from portdeck.userdata.personal import load_personal, with_personal

from .wild_helpers import StartChild, bind_here, listener_of, root

# The list as the brief quoted it; the standard's own table adds 0 (since 2025-08-11).
QUOTED = (
    "1 7 9 11 13 15 17 19 20 21 22 23 25 37 42 43 53 69 77 79 87 95 101 102 103 104 109 110 111 113 115 "
    "117 119 123 135 137 139 143 161 179 389 427 465 512 513 514 515 526 530 531 532 540 548 554 556 563 "
    "587 601 636 989 990 993 995 1719 1720 1723 2049 3659 4045 4190 5060 5061 6000 6566 6665 6666 6667 "
    "6668 6669 6679 6697 10080"
)
FAKE = EphemeralRange(20000, 29999, "test")


def assert_safe(
    catalog: Catalog,
    port: int,
    ephemeral: tuple[int, int] | EphemeralRange = FAKE,
    listening: frozenset[int] = frozenset(),
    personal: frozenset[int] = frozenset(),
) -> None:
    """Every rule, checked here independently of the module's own bookkeeping."""
    assert catalog.assignment(port) is Assignment.UNASSIGNED
    assert catalog.at(port) == ()
    assert port not in browser_blocked(catalog)
    assert not ephemeral[0] <= port <= ephemeral[1]
    assert port not in listening and port not in personal
    assert not is_patterned(port)
    assert why_not(catalog, port, listening, ephemeral, personal) is None


def test_the_bad_port_list_is_the_fetch_standards(catalog: Catalog) -> None:
    with (root() / "data" / "sources" / "fetch-bad-ports.toml").open("rb") as handle:
        data = tomllib.load(handle)
    assert {int(p) for p in QUOTED.split()} | {0} == frozenset(data["ports"])
    # Every bad port with an entry of its own is tagged; the rest (0, 15, 6000 inside X11's
    # range) have none, and no entry at all is suggested anyway.
    tagged = browser_blocked(catalog)
    assert tagged <= frozenset(data["ports"])
    for port in frozenset(data["ports"]) - tagged:
        assert all(entry.is_range for entry in catalog.at(port)), port
    assert "browsers refuse it too" in (why_not(catalog, 6667) or "")


def test_suggestions_keep_every_rule(catalog: Catalog) -> None:
    picks = suggest_free(catalog, count=20, seed=7, ephemeral=FAKE)
    assert len(picks) == 20 and [p.port for p in picks] == sorted({p.port for p in picks})
    for pick in picks:
        assert 1024 <= pick.port <= 49151
        assert_safe(catalog, pick.port)
        assert "unassigned in the IANA registry" in pick.reasons
        assert "outside the ephemeral range 20000-29999 (test)" in pick.reasons


def test_the_fake_ephemeral_range_is_avoided_entirely(catalog: Catalog) -> None:
    picks = suggest_free(catalog, count=200, low=15000, high=35000, seed=1, ephemeral=(20000, 29999))
    assert picks and not [p for p in picks if 20000 <= p.port <= 29999]
    assert suggest_free(catalog, low=20000, high=29999, ephemeral=(20000, 29999)) == []
    gap = next(p for p in range(20000, 30000) if why_not(catalog, p, ephemeral=(1, 2)) is None)
    assert "ephemeral range 20000-29999" in (why_not(catalog, gap, ephemeral=FAKE) or "")


def test_a_real_listener_is_never_suggested(catalog: Catalog, start_child: StartChild) -> None:
    everything = [p.port for p in suggest_free(catalog, count=100_000, seed=3, ephemeral=FAKE)]
    child = start_child("myservice", everything[:50])
    here = next(s for p in everything[50:100] if (s := bind_here(p, socket.SOCK_DGRAM)) is not None)
    try:
        listener_of(child.pid, child.port)
        listening = frozenset(s.port for s in local_listeners())
        assert {child.port, here.getsockname()[1]} <= listening
        again = suggest_free(catalog, count=100_000, seed=3, ephemeral=FAKE, listening=listening)
        ports = {p.port for p in again}
        assert child.port not in ports and here.getsockname()[1] not in ports
        assert len(ports) == len(everything) - len(listening & set(everything))
        assert why_not(catalog, child.port, listening, FAKE) == f"something listens on {child.port} now"
        assert all("nothing listens on it now" in p.reasons for p in again)
    finally:
        here.close()


def test_your_own_file_is_respected(catalog: Catalog, tmp_path: Path) -> None:
    free = [p.port for p in suggest_free(catalog, count=100_000, seed=5, ephemeral=FAKE)]
    single, start = free[10], free[100]
    path = tmp_path / "ports.toml"
    path.write_text(
        f'[[entry]]\nport = {single}\nprotocols = ["tcp"]\nservice = "billing"\ntitle = "Billing"\n\n'
        f'[[entry]]\nport = {start}\nend = {start + 40}\nprotocols = ["udp"]\nservice = "media"\ntitle = "Media"\n'
    )
    personal, warning = load_personal(path)
    assert warning is None and personal is not None
    mine = ports_named_by(personal)
    assert single in mine and start + 40 in mine
    picks = suggest_free(catalog, count=100_000, seed=5, ephemeral=FAKE, personal_ports=mine)
    assert not mine & {p.port for p in picks}
    assert all("not in your own ports files" in p.reasons for p in picks)
    assert (
        why_not(catalog, single, ephemeral=FAKE, personal_ports=mine)
        == f"{single} is named in your own ports file"
    )
    # A catalog merged with the file keeps its ports out too, without being told.
    merged, _ = with_personal(catalog, path)
    assert not mine & {p.port for p in suggest_free(merged, count=100_000, seed=5, ephemeral=FAKE)}


def test_the_seed_makes_picks_reproducible_and_people_rarely_agree(catalog: Catalog) -> None:
    first = suggest_free(catalog, seed=42, ephemeral=FAKE)
    assert first == suggest_free(catalog, seed=42, ephemeral=FAKE) and len(first) == 5
    assert suggest_free(catalog, seed="team-a", ephemeral=FAKE) == suggest_free(
        catalog, seed="team-a", ephemeral=FAKE
    )
    people = [{p.port for p in suggest_free(catalog, seed=seed, ephemeral=FAKE)} for seed in range(30)]
    shared = sum(len(a & b) for a, b in itertools.combinations(people, 2))
    assert shared <= 8, shared  # 435 pairs of five picks among thousands of ports
    unseeded = [tuple(p.port for p in suggest_free(catalog, ephemeral=FAKE)) for _ in range(5)]
    assert len(set(unseeded)) > 1


def test_picks_are_spread_over_the_range(catalog: Catalog) -> None:
    picks = [p.port for p in suggest_free(catalog, count=4, low=5001, high=29999, seed=9, ephemeral=(1, 2))]
    candidates = [
        p.port for p in suggest_free(catalog, count=100_000, low=5001, high=29999, ephemeral=(1, 2))
    ]
    quarters = [candidates[len(candidates) * i // 4] for i in range(4)]
    assert [sum(pick >= q for q in quarters) for pick in picks] == [1, 2, 3, 4]


def test_counts_and_ranges(catalog: Catalog) -> None:
    assert suggest_free(catalog, count=0, ephemeral=FAKE) == []
    few = suggest_free(catalog, count=50, low=5001, high=5100, ephemeral=FAKE)
    assert len(few) < 50 and all(5001 <= p.port <= 5100 for p in few)
    assert suggest_free(catalog, low=22, high=22, ephemeral=FAKE) == []
    with pytest.raises(ValueError, match="backwards"):
        suggest_free(catalog, low=3000, high=2000)
    with pytest.raises(ValueError, match="from 1 to 65535"):
        suggest_free(catalog, low=0, high=70000)
    assert parse_range("20000-29999") == (20000, 29999) == parse_range(" 20000..29999 ")
    for bad in ("20000", "a-b", "-5-10", "1-70000", "9-3", "\x1b[2J-1"):
        with pytest.raises(ValueError) as raised:
            parse_range(bad)
        assert "\x1b" not in str(raised.value) and "\n" not in str(raised.value)


def test_why_not_names_the_rule(catalog: Catalog) -> None:
    assert (why_not(catalog, 22, ephemeral=FAKE) or "").startswith("22 is taken: Secure Shell (SSH)")
    assert "Grafana" in (why_not(catalog, 3000, ephemeral=FAKE) or "")
    round_numbers = [p for p in range(1024, 20000) if is_patterned(p) and not catalog.at(p)]
    unassigned = [p for p in round_numbers if catalog.assignment(p) is Assignment.UNASSIGNED]
    assert unassigned and "patterned" in (why_not(catalog, unassigned[0], ephemeral=FAKE) or "")
    assert why_not(catalog, 0) is not None and why_not(catalog, 70000) is not None
    reserved = next(port for port in range(1024, 49152) if catalog.assignment(port) is Assignment.RESERVED)
    assert why_not(catalog, reserved, ephemeral=FAKE) == f"IANA reserves {reserved}"


def test_patterned_numbers() -> None:
    assert all(is_patterned(p) for p in (8000, 9100, 7777, 1234, 4321, 23456, 11111))
    assert not any(is_patterned(p) for p in (8001, 7778, 1235, 24680, 13579))


def test_the_answer_forms() -> None:
    pick = FreePort(23456, ("a", "b"))
    assert pick.line() == "23456\ta; b" and pick.as_json() == {"port": 23456, "reasons": ["a", "b"]}
    picks = [pick, FreePort(24567, ("a", "b"))]
    assert free_text(picks, terminal=False) == "23456\n24567\n"  # for PORT=$(portdeck --free 1)
    assert free_text(picks, terminal=True) == "23456\n24567\nEach is a; b.\n"
    assert free_text([], terminal=True).startswith("no free port") and free_text([], terminal=False) == ""


# The machine's ephemeral range.


def test_linux_range_is_read_from_proc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "ip_local_port_range"
    fake.write_text("20000\t29999\n")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(free_ports, "_LINUX_RANGE", str(fake))
    assert ephemeral_range() == EphemeralRange(20000, 29999, str(fake))
    for junk in ("", "1 2 3", "60999 32768", "0 100", "x y", "1 99999"):
        fake.write_text(junk)
        assert ephemeral_range() == EphemeralRange(49152, 65535, "IANA default")
    fake.unlink()
    os.mkfifo(fake)  # never hangs on a FIFO
    assert ephemeral_range().source == "IANA default"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc")
def test_this_linux_machine_range_is_its_own() -> None:
    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    assert ephemeral_range()[:2] == (low, high)


def test_macos_range_comes_from_sysctl(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sysctl = tmp_path / "sysctl"
    sysctl.write_text('#!/bin/sh\n[ "$2" = net.inet.ip.portrange.first ] && printf "49152\\n65535\\n"\n')
    sysctl.chmod(sysctl.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")
    assert ephemeral_range() == EphemeralRange(49152, 65535, "sysctl net.inet.ip.portrange")
    sysctl.write_text("#!/bin/sh\nexit 1\n")
    assert ephemeral_range().source == "IANA default"
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert ephemeral_range().source == "IANA default"


def test_other_systems_use_ianas_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert ephemeral_range() == EphemeralRange(49152, 65535, "IANA default")


# Properties.


@settings(max_examples=60, deadline=None)
@given(
    bounds=st.tuples(st.integers(1, 65535), st.integers(0, 3000)).map(
        lambda t: [t[0], min(t[0] + t[1], 65535)]
    ),
    count=st.integers(0, 12),
    seed=st.integers(0, 2**32),
    ephemeral=st.tuples(st.integers(1, 65535), st.integers(1, 65535)).map(lambda t: (min(t), max(t))),
    listening=st.frozensets(st.integers(1024, 49151), max_size=30),
)
def test_every_suggestion_keeps_every_rule(
    catalog: Catalog,
    bounds: list[int],
    count: int,
    seed: int,
    ephemeral: tuple[int, int],
    listening: frozenset[int],
) -> None:
    low, high = bounds
    picks = suggest_free(catalog, count, low, high, seed, listening, ephemeral)
    assert len(picks) <= count and len({p.port for p in picks}) == len(picks)
    for pick in picks:
        assert low <= pick.port <= high
        assert_safe(catalog, pick.port, ephemeral, listening)
    if len(picks) < count:  # fewer only when the range holds no more
        allowed = [p for p in range(low, high + 1) if why_not(catalog, p, listening, ephemeral) is None]
        assert len(allowed) == len(picks)


def test_protocols_do_not_matter_to_a_free_port(catalog: Catalog) -> None:
    """A port an entry names for UDP only is not offered for a TCP service either: people
    configure one number, and the other protocol's users will meet it."""
    udp_only = next(
        e for e in catalog if e.protocols == (Protocol.UDP,) and 1024 <= e.port < 20000 and not e.is_range
    )
    assert why_not(catalog, udp_only.port, ephemeral=FAKE) is not None
