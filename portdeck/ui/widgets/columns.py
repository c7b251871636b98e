"""The results view's columns: which show, how wide, and what each cell says.

Plain Python (Rich's cell measures, no widgets): the view draws rows from these.
The port column never truncates and keeps one width for a whole result (five cells,
or as wide as its widest range such as "6000-6063"), so it does not jump while
scrolling; the title gives way instead. Protocol lists are abbreviated to fit
("tcp/udp/sctp" becomes "t/u/s"), and narrow panes drop the service name (the
detail pane shows it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

from ...dataset import CatalogSpan, PortEntry, Protocol, Source
from ...local_ports import process_label, user_label
from ...safe_text import printable
from ...search.result import Positions

if TYPE_CHECKING:
    from ...listening import Listener

UNOFFICIAL_MARK = "•"
UNKNOWN_MARK = "?"
PIN_MARK = "★"
LISTENING_MARK = "●"
SECURITY_MARK = "!"
EXPOSED_MARK = "▲"
NEW_MARK = "+"  # in the ● column: a socket new since the baseline the Listening tab compares with
UNEXPECTED_MARK = "≠"  # in the risk column: a program other than the one the port's entries name

# Below these content widths a column gives its room to the title.
SERVICE_FULL, SERVICE_SHORT = 72, 58
LISTENING_USER = 70
LISTENING_ADDRESS = 40  # the Listening tab's address column (80x24 gives the list 47 cells)


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def protocol_text(protocols: Sequence[Protocol], width: int) -> str:
    """'tcp/udp' when it fits in `width`, else initials ('t/u/s'), else as much as fits."""
    full = "/".join(p.value for p in protocols) or "-"
    if len(full) <= width or len(protocols) < 2:
        return full
    return "/".join(p.value[0] for p in protocols)


# "65535": every single port fits.
PORT_WIDTH = 5


def port_width(entries: Sequence[PortEntry]) -> int:
    """The port column's width for a whole result: every label fits, ranges included."""
    # Only ranges are wider than PORT_WIDTH. A catalog view names its ranges without building
    # the other entries: building all 7,000 of the first screen's cost start-up ~40 ms.
    if isinstance(entries, (CatalogSpan, Positions)):
        ranges: Iterable[PortEntry] = entries.ranges()
    else:
        ranges = (e for e in entries if e.end != e.port)
    return max([PORT_WIDTH, *(len(e.port_label) for e in ranges)])


class Columns(NamedTuple):
    """Cell widths; 0 means the column is not shown. `marks` holds the row's marks."""

    marks: int
    port: int
    proto: int
    service: int
    address: int  # the Listening tab: bind address
    process: int  # the Listening tab: process[pid]
    user: int  # the Listening tab: the process's user
    title: int

    @classmethod
    def plan(cls, width: int, live: bool, port: int = PORT_WIDTH, listening: bool = False) -> Columns:
        """The columns for a pane `width` cells wide whose port labels take `port` cells.

        `live`: listening sockets are known (a ● column); `listening`: the Listening
        tab, whose rows show the sockets (address, process, user) instead of the service.
        The port column is never cut: the title, then the other columns give way.
        """
        marks = 4 if live else 3  # source, pin, (listening), risk
        proto = 7 if width >= SERVICE_SHORT else 5
        if listening:
            # A row shows its socket: its own port (never a range's label) and protocol.
            port = PORT_WIDTH
            proto = 5 if width >= SERVICE_SHORT else 3
            address = 15 if width >= LISTENING_ADDRESS else 0
            user = 8 if width >= LISTENING_USER else 0
            service = 0
            room = width - (marks + 1) - sum(size + 1 for size in (port, proto, address, user) if size) - 1
            process = min(16, room) if room >= 8 else 0
        else:
            address = process = user = 0
            service = 16 if width >= SERVICE_FULL else 12 if width >= SERVICE_SHORT else 0
        used = marks + 1 + sum(size + 1 for size in (port, proto, service, address, process, user) if size)
        title = width - used
        if title < 6:
            title = 0
            if used > width:  # too narrow even without a title: the protocols give way to the port
                proto = 0
        return cls(marks, port, proto, service, address, process, user, title)

    def headers(self) -> list[tuple[str, int]]:
        named = [
            ("Port", self.port),
            ("Proto" if self.proto >= 5 else "Pro", self.proto),
            ("Service", self.service),
            ("Address", self.address),
            ("Process", self.process),
            ("User", self.user),
            ("Title", self.title),
        ]
        return [(name, size) for name, size in named if size]


def socket_cells(listeners: Sequence[Listener], columns: Columns) -> tuple[str, str, str, str]:
    """Protocol, address, process and user of an entry's first socket ("+1" when there are more):
    the socket's own protocol, so a UDP socket says udp whatever its entry runs on."""
    if not listeners:
        return "", "", "", ""
    first = listeners[0]
    more = f" +{len(listeners) - 1}" if len(listeners) > 1 else ""
    address = first.address
    if more and cell_len(address + more) > columns.address:
        address = fit(address, max(1, columns.address - len(more)))
    return (
        first.protocol.value,
        address.rstrip() + more,
        process_label(first) or "?",
        user_label(first) or "",
    )


def shown_service(entry: PortEntry) -> str:
    return printable(entry.service) or "-"


def telling_apart(entry: PortEntry, same_port: Iterable[PortEntry], columns: Columns) -> str:
    """What tells `entry`'s row from that of another entry on its ports that would look the same
    in these columns (IANA lists `instl-boots` and `instl_boots` on 1067, under one title, and
    at 80 columns the service is not shown): its service name, or its source when that is all
    that differs; "" when no entry looks alike. `same_port`: the entries that start on its port."""

    def marks(e: PortEntry) -> tuple[object, ...]:  # cheap: compared first, for every row drawn
        return (e.end, e.official, e.source is Source.UNKNOWN, bool(e.security), e.protocols)

    def cells(e: PortEntry) -> tuple[str, str]:
        service = fit(shown_service(e), columns.service) if columns.service else ""
        return service, fit(printable(e.title), columns.title)

    mine = marks(entry)
    alike = [other for other in same_port if other is not entry and marks(other) == mine]
    if alike:
        text = cells(entry)
        for other in alike:
            if cells(other) == text:
                return shown_service(entry) if other.service != entry.service else entry.source.value
    return ""
