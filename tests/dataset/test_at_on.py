"""`Catalog.at_on`: the entries of a port on a protocol, the one answer the check, the CLI and
the Listening tab share."""

from __future__ import annotations

from portdeck.dataset import Catalog, PortEntry, Protocol, Source
from portdeck.listening import Listener
from portdeck.local_ports import entry_for

TCP, UDP = Protocol.TCP, Protocol.UDP
SSH = PortEntry(22, 22, (TCP,), "ssh", "Secure Shell", prominence=3)
SSH_UDP = PortEntry(22, 22, (UDP,), "ssh-udp", "SSH over UDP (made up)", Source.UNOFFICIAL)
BLOCK = PortEntry(20, 29, (), "block", "A block set aside with no protocol")
CATALOG = Catalog.of((SSH, SSH_UDP, BLOCK))


def test_it_keeps_the_entries_on_the_protocol_in_the_order_at_gives() -> None:
    assert CATALOG.at_on(22, (TCP,)) == tuple(e for e in CATALOG.at(22) if e in (SSH, BLOCK))
    assert CATALOG.at_on(22, (UDP,)) == tuple(e for e in CATALOG.at(22) if e in (SSH_UDP, BLOCK))


def test_no_protocol_asked_is_every_entry_of_the_port() -> None:
    assert CATALOG.at_on(22, ()) == CATALOG.at(22)
    assert CATALOG.at_on(22, frozenset()) == CATALOG.at(22)


def test_an_entry_that_names_no_protocol_runs_on_every_one() -> None:
    assert CATALOG.at_on(25, (Protocol.SCTP,)) == (BLOCK,)
    assert BLOCK.runs_on(frozenset({UDP}))
    assert CATALOG.keeps(frozenset({UDP}), frozenset()) == [
        entry.runs_on(frozenset({UDP})) for entry in CATALOG.entries
    ], "the search's filter and the entries agree"


def test_a_port_with_nothing_on_the_protocol_has_nothing() -> None:
    assert CATALOG.at_on(30, (TCP,)) == ()
    assert Catalog.of((SSH,)).at_on(22, (UDP,)) == ()


def test_a_socket_is_named_by_the_entry_on_its_protocol() -> None:
    udp = Listener(22, UDP, "0.0.0.0:22", None, None)
    assert entry_for(Catalog.of((SSH, SSH_UDP)), udp) == SSH_UDP
    assert entry_for(Catalog.of((SSH,)), udp) == SSH, "else by its port"
