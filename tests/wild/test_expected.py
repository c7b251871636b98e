"""Which program is expected on a port: real listeners (expected and unexpected software,
wrappers, a tool's default port) on 127.0.0.1, and the rules over the whole dataset."""

from __future__ import annotations

import socket

import psutil
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdeck.dataset import Catalog, PortEntry, Protocol, Source
from portdeck.dataset.entry_order import BROAD_RANGE
from portdeck.dataset.model import COMMON
from portdeck.expected import (
    expectation,
    expected_processes,
    is_jvm,
    program_key,
    same_program,
    wrapper,
)
from portdeck.listening import Listener
from portdeck.safe_text import first_unsafe

from .wild_helpers import StartChild, bind_here, listener_of

HOSTILE = "\x1b]0;PWN\x07"


def sock(port: int, process: str | None, protocol: Protocol = Protocol.TCP) -> Listener:
    return Listener(port, protocol, f"127.0.0.1:{port}", 4242 if process else None, process, "alice")


def serving_ports(catalog: Catalog) -> list[int]:
    """TCP ports at or above 1024 whose everyday or common entries all name their programs,
    and where no offensive tool or malware is: a stranger there is a surprise."""
    found = []
    for port in sorted({e.port for e in catalog if 1024 <= e.port < 40000 and not e.is_range}):
        entries = [
            e for e in catalog.at(port) if e.end - e.port < BROAD_RANGE and Protocol.TCP in e.protocols
        ]
        if any({"offensive", "malware"} & set(e.tags) for e in entries) or not entries:
            continue
        top = max(e.prominence for e in entries)
        if top >= COMMON and all(e.processes for e in entries if e.prominence == top):
            found.append(port)
    return found


def threat_ports(catalog: Catalog) -> list[int]:
    """Ports at or above 1024 where a stranger is read as an offensive tool's."""
    return [
        port
        for port in sorted({e.port for e in catalog if "offensive" in e.tags and e.port >= 1024})
        if (reason := expectation(sock(port, "nobody-knows-me"), catalog.at(port)))
        and "default port of" in reason
    ]


# Real listeners: programs named as software is, on the ports where it is (or is not) expected.


def test_a_stranger_on_a_service_port_is_flagged_with_what_is_expected(
    catalog: Catalog, start_child: StartChild
) -> None:
    child = start_child("nc", serving_ports(catalog)[:40])
    listener = listener_of(child.pid, child.port)
    assert listener.process == "nc"
    entries = catalog.at(child.port)
    usual = expected_processes(listener, entries)
    assert usual
    reason = expectation(listener, entries)
    assert reason is not None and reason.startswith(f"nc on {child.port}, where ")
    assert reason.endswith(" is expected") and usual[0] in reason


def test_the_program_that_serves_the_port_is_expected(catalog: Catalog, start_child: StartChild) -> None:
    ports = serving_ports(catalog)[:40]
    child = start_child("placeholder", ports)  # find a free one, then start the right program there
    port = child.port
    child.stop()
    program = expected_processes(sock(port, "x"), catalog.at(port))[0]
    real = start_child(program, [port])
    listener = listener_of(real.pid, real.port)
    assert same_program(listener.process or "", program)
    assert expectation(listener, catalog.at(port)) is None


def test_python_on_a_default_port_of_offensive_tools_says_so(
    catalog: Catalog, start_child: StartChild
) -> None:
    child = start_child("python3", threat_ports(catalog))
    listener = listener_of(child.pid, child.port)
    reason = expectation(listener, catalog.at(child.port))
    assert reason is not None
    assert reason.startswith(f"python3 on {child.port}, a default port of ")
    assert "offensive tool" in reason


@pytest.mark.parametrize("name", ["docker-proxy", "containerd-shim-runc-v2", "systemd", "rootlessport"])
def test_container_and_socket_activation_wrappers_are_not_alarms(
    catalog: Catalog, start_child: StartChild, name: str
) -> None:
    child = start_child(name, serving_ports(catalog)[:40])
    listener = listener_of(child.pid, child.port)
    # containerd-shim-runc-v2 is longer than the 15 characters Linux keeps: however the
    # OS spells it, it is still the wrapper.
    assert listener.process is not None and wrapper(listener.process) is not None
    assert expectation(listener, catalog.at(child.port)) is None


def test_java_is_expected_for_a_jvm_server_but_not_on_a_c2_port(
    catalog: Catalog, start_child: StartChild
) -> None:
    jvm_ports = [
        p for p in serving_ports(catalog) if "java" in expected_processes(sock(p, "x"), catalog.at(p))
    ]
    child = start_child("java", jvm_ports[:40])
    assert expectation(listener_of(child.pid, child.port), catalog.at(child.port)) is None
    # A JVM server whose entry names only native programs is not an alarm either.
    native = [p for p in serving_ports(catalog) if p not in jvm_ports]
    assert expectation(sock(native[0], "java"), catalog.at(native[0])) is None
    # Cobalt Strike's team server is a JVM: java on its port is what the entry says it is.
    cobalt = [e for e in catalog if "cobalt" in e.service.casefold() and "java" in e.processes]
    assert cobalt
    for entry in cobalt:
        reason = expectation(sock(entry.port, "java"), catalog.at(entry.port))
        assert reason is not None and "offensive tool" in reason


def test_a_socket_of_this_test_process_is_judged_by_its_real_name(catalog: Catalog) -> None:
    for port in serving_ports(catalog)[:40]:
        held = bind_here(port)
        if held is not None:
            break
    else:
        pytest.skip("every candidate port is taken")
    try:
        listener = listener_of(psutil.Process().pid, port)
        name = psutil.Process().name()
        reason = expectation(listener, catalog.at(port))
        expected = expected_processes(listener, catalog.at(port))
        assert (reason is None) == any(same_program(name, p) for p in expected)
    finally:
        held.close()


def test_a_udp_socket_is_not_judged_by_a_tcp_only_entry(catalog: Catalog, start_child: StartChild) -> None:
    tcp_only = [
        p
        for p in serving_ports(catalog)
        if all(Protocol.UDP not in e.protocols for e in catalog.at(p) if e.end - e.port < BROAD_RANGE)
    ]
    child = start_child("nc", tcp_only[:40], protocol="udp")
    listener = listener_of(child.pid, child.port, Protocol.UDP)
    assert expectation(listener, catalog.at(child.port)) is None


# The rules, on records.


def test_the_issue_examples(catalog: Catalog) -> None:
    assert expectation(sock(22, "nc"), catalog.at(22)) == "nc on 22, where sshd or dropbear is expected"
    assert expectation(sock(22, "sshd"), catalog.at(22)) is None
    reason = expectation(sock(31337, "python3"), catalog.at(31337))
    assert reason is not None and reason.startswith("python3 on 31337, a default port of an offensive tool")


def test_the_tool_itself_is_named() -> None:
    sliver = PortEntry(
        31337, 31337, (Protocol.TCP,), "sliver", "Sliver C2 port", Source.UNOFFICIAL, tags=("offensive",)
    )
    tool = sliver._replace(processes=("sliver-server",))
    assert expectation(sock(31337, "sliver-server"), [tool]) == (
        "sliver-server on 31337 is Sliver C2 port (an offensive tool)"
    )


def test_hidden_processes_unknown_ports_and_broad_ranges_say_nothing(catalog: Catalog) -> None:
    assert expectation(sock(22, None), catalog.at(22)) is None
    assert expectation(sock(1, "nc"), []) is None
    broad = PortEntry(32768, 60999, (Protocol.TCP,), "eph", "Ephemeral", processes=("kernel",), prominence=3)
    assert expectation(sock(40000, "nc"), [broad]) is None
    # An entry handed in for another port is not this port's.
    assert expectation(sock(2222, "nc"), catalog.at(22)) is None


def test_your_own_entry_explains_the_port(catalog: Catalog) -> None:
    mine = PortEntry(22, 22, (Protocol.TCP,), "honeypot", "Our SSH honeypot", Source.LOCAL)
    assert expectation(sock(22, "cowrie"), [*catalog.at(22), mine]) is None
    yours = mine._replace(processes=("cowrie",))
    assert expectation(sock(22, "cowrie"), [*catalog.at(22), yours]) is None


def test_web_servers_are_at_home_on_web_ports(catalog: Catalog) -> None:
    for name in ("caddy", "haproxy", "traefik", "nginx"):
        assert expectation(sock(443, name), catalog.at(443)) is None
    assert expectation(sock(22, "caddy"), catalog.at(22)) is not None


def test_a_hostile_process_name_is_escaped_in_the_reason(catalog: Catalog) -> None:
    reason = expectation(sock(22, HOSTILE), catalog.at(22))
    assert reason is not None and first_unsafe(reason) is None and "\\x1b" in reason


def test_program_names_compare_as_ps_shows_them() -> None:
    assert program_key("/usr/bin/python3.12") == program_key("python3") == "python"
    assert program_key("PHP-FPM8.2") == "php-fpm" and program_key("lsass.exe") == "lsass"
    assert same_program("systemd-resolve", "systemd-resolved")  # 15 characters kept by Linux
    assert same_program("systemd-resolved", "systemd-resolve")  # the entry wrote the short name
    assert not same_program("sshd", "ssh") and not same_program("nc", "ncat")
    assert wrapper("containerd-shim-runc-v2") and wrapper("containerd-shim") and wrapper("docker-proxy")
    assert wrapper("python3") is None and is_jvm("java") and not is_jvm("javac-ish")


def test_every_program_an_entry_names_is_expected_on_its_port(catalog: Catalog) -> None:
    """The whole dataset: each (non-threat) entry's programs, on each of its protocols, are
    never flagged on the entry's own port."""
    checked = 0
    for entry in catalog:
        if not entry.processes or entry.is_range or {"offensive", "malware"} & set(entry.tags):
            continue
        for protocol in entry.protocols:
            for program in entry.processes:
                assert expectation(sock(entry.port, program, protocol), catalog.at(entry.port)) is None, (
                    entry,
                    program,
                )
                checked += 1
    assert checked > 500


@settings(max_examples=300, deadline=None)
@given(
    port=st.sampled_from([22, 53, 80, 443, 1337, 3000, 4444, 5432, 6379, 8080, 9092, 31337, 50050, 12345]),
    name=st.text(min_size=1, max_size=40),
    udp=st.booleans(),
)
def test_any_process_name_gives_none_or_one_safe_line(
    catalog: Catalog, port: int, name: str, udp: bool
) -> None:
    listener = sock(port, name, Protocol.UDP if udp else Protocol.TCP)
    reason = expectation(listener, catalog.at(port))
    assert reason is None or (first_unsafe(reason) is None and "\n" not in reason)
    usual = expected_processes(listener, catalog.at(port))
    if any(same_program(name, p) for p in usual):
        assert reason is None


@settings(max_examples=200, deadline=None)
@given(
    name=st.from_regex(r"[a-z][a-z_-]{0,12}[a-z]", fullmatch=True),
    version=st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2}){0,2}", fullmatch=True),
)
def test_a_version_suffix_is_the_same_program(name: str, version: str) -> None:
    assert same_program(f"{name}{version}", name)
    assert same_program(f"/opt/bin/{name.upper()}{version}.exe", name)


def test_the_child_listener_is_really_on_loopback(start_child: StartChild) -> None:
    child = start_child("nc")
    listener = listener_of(child.pid, child.port)
    assert listener.address == f"127.0.0.1:{child.port}" and not listener.on_all_interfaces
    with socket.create_connection(("127.0.0.1", child.port), timeout=2):
        pass
