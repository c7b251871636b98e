"""The nmap XML reader's edges: expat's handlers refuse what the prolog check cannot see,
say where each port is even past comments, and fail on one line for encodings expat lacks."""

from __future__ import annotations

from .conftest import Explain
from .test_input import one_line_error

HEAD = b"<?xml version='1.0'?>\n<!DOCTYPE nmaprun>\n<nmaprun>\n"
HOST = (
    b"<host><address addr='10.0.0.1' addrtype='ipv4'/><ports><port protocol='tcp' portid='22'>\n"
    b"<state state='open'/><service name='ssh' method='probed'/></port></ports></host>\n"
)


def test_entities_behind_a_fooled_prolog_check_are_refused(explain: Explain) -> None:
    # "<nmaprun" inside the stylesheet's href passes the check of the first bytes; expat
    # still sees the DOCTYPE's declarations, refused before any entity is expanded.
    levels = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (
        b'<?xml version="1.0"?>\n<?xml-stylesheet href="x <nmaprun y" type="text/xsl"?>\n'
        b'<!DOCTYPE nmaprun [<!ENTITY e0 "aaaaaaaaaa">' + levels.encode() + b"]>\n"
        b'<nmaprun><host><address addr="&e9;" addrtype="ipv4"/></host></nmaprun>\n'
    )
    assert "its DOCTYPE declares entities" in one_line_error(explain(stdin=bomb))


def test_a_port_in_a_comment_moves_no_line_number(explain: Explain) -> None:
    xml = HEAD + b"<!-- <port protocol='tcp' portid='1'> -->\n" + HOST + b"<![CDATA[<port ]]>\n" + HOST
    done = explain(stdin=xml + b"</nmaprun>\n")
    assert done.row(22)["lines"] == [5, 8]


def test_an_encoding_expat_lacks_is_one_line(explain: Explain) -> None:
    xml = b"<?xml version='1.0' encoding='no-such'?>\n<nmaprun/>\n"
    assert "not valid nmap XML (line 1: unknown encoding)" in one_line_error(explain(stdin=xml))


def test_only_a_ports_own_first_state_and_service_count(explain: Explain) -> None:
    # A <state> inside a <script> is no child of the port; a port nested in a port is read
    # on its own, and the outer one's children after it still count.
    xml = HEAD + (
        b"<host><address addr='10.0.0.2' addrtype='ipv4'/><ports>"
        b"<port protocol='tcp' portid='80'><script><state state='open'/></script><state state='closed'/></port>"
        b"<port protocol='tcp' portid='21'><port protocol='udp' portid='161'><state state='open'/></port>"
        b"<state state='open'/><state state='closed'/><service name='ftp' method='probed'/></port>"
        b"</ports></host></nmaprun>\n"
    )
    done = explain(stdin=xml)
    assert done.ports() == {(21, "tcp"), (161, "udp")}
    assert done.row(21)["hosts"] == ["10.0.0.2"] and done.row(21)["entries"][0]["service"] == "ftp"


def test_many_distinct_ports_are_all_read(explain: Explain) -> None:
    # More distinct ports than the reader remembers verdicts for: each is still read.
    ports = b"".join(
        b"<port protocol='tcp' portid='%d'><state state='open'/></port>" % number for number in range(1, 5001)
    )
    xml = (
        HEAD
        + b"<host><address addr='10.0.0.3' addrtype='ipv4'/><ports>"
        + ports
        + b"</ports></host></nmaprun>\n"
    )
    rows = explain(stdin=xml).rows()
    assert len(rows) == 5000 and sum(row["count"] for row in rows) == 5000
