"""What a port number answers first when a range wide enough to hold anything covers it."""

from __future__ import annotations

from portdeck.dataset import Catalog, PortEntry, Protocol, Source

TCP = (Protocol.TCP,)
RARE, NICHE, EVERYDAY = 0, 1, 3
WINDOWS_DYNAMIC = PortEntry(
    1025,
    5000,
    TCP,
    "ms-rpc-dynamic",
    "Windows dynamic ports",
    Source.UNOFFICIAL,
    description="Client and RPC ports of Windows before Vista.",
    prominence=NICHE,
)
MMS = PortEntry(
    1755, 1755, TCP, "ms-streaming", "MMS", description="Windows Media streaming.", prominence=RARE
)
CAP = PortEntry(1026, 1026, TCP, "cap", "Calendar Access Protocol")  # the registry's line only
RDP = PortEntry(3389, 3389, TCP, "ms-wbt-server", "RDP", description="Remote Desktop.", prominence=EVERYDAY)
MINE = PortEntry(1500, 1500, TCP, "team-build", "Our build server", Source.LOCAL, prominence=EVERYDAY)
CATALOG = Catalog.of([WINDOWS_DYNAMIC, MMS, CAP, RDP, MINE])


def test_what_people_wrote_about_the_port_comes_before_the_wide_range() -> None:
    assert CATALOG.at(1755) == (MMS, WINDOWS_DYNAMIC), "a described port, however rare, first"


def test_the_wide_range_answers_where_only_the_registry_s_line_stands() -> None:
    assert CATALOG.at(1026) == (WINDOWS_DYNAMIC, CAP)


def test_the_wide_range_is_left_out_where_a_more_common_use_is_described() -> None:
    assert CATALOG.at(3389) == (RDP,)


def test_the_user_s_own_entry_comes_first_even_without_a_description() -> None:
    assert CATALOG.at(1500)[0] == MINE


def test_a_port_only_the_range_covers_is_answered_by_it() -> None:
    assert CATALOG.at(4000) == (WINDOWS_DYNAMIC,)
