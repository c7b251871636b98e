"""Baselines: real listeners saved, changed and diffed; a baseline file is untrusted input."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portdeck import baseline as baseline_module
from portdeck.baseline import (
    Baseline,
    BaselineError,
    Change,
    Diff,
    baseline_document,
    diff,
    load_baseline,
    save_baseline,
)
from portdeck.dataset import Protocol
from portdeck.listening import Listener, local_listeners
from portdeck.safe_text import first_unsafe

from .wild_helpers import StartChild, listener_of

HOSTILE = "\x1b]0;PWN\x07"
T, U = Protocol.TCP, Protocol.UDP


def sock(
    port: int, process: str | None = "app", user: str | None = "alice", protocol: Protocol = T
) -> Listener:
    return Listener(port, protocol, f"127.0.0.1:{port}", None, process, user)


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document))
    return path


def document(*records: object, **extra: object) -> dict[str, object]:
    return {"format": "portdeck-baseline", "version": 1, "listeners": list(records), **extra}


def record(port: int = 22, **fields: object) -> dict[str, object]:
    return {
        "port": port,
        "protocol": "tcp",
        "address": f"0.0.0.0:{port}",
        "process": "sshd",
        "user": "root",
    } | fields


def one_line_error(path: Path) -> str:
    with pytest.raises(BaselineError) as raised:
        load_baseline(path)
    message = str(raised.value)
    assert "\n" not in message and first_unsafe(message) is None
    assert message.startswith("baseline ")
    return message


# Real listeners on 127.0.0.1.


def test_real_listeners_saved_then_diffed(tmp_path: Path, start_child: StartChild) -> None:
    first = start_child("web-old")
    listener_of(first.pid, first.port)
    path = tmp_path / "baseline.json"
    count = save_baseline(local_listeners(), path)
    saved = load_baseline(path)
    assert count == len(saved.listeners) and saved.host and saved.saved_at
    mine = [s for s in saved.listeners if s.port == first.port]
    assert mine == [Listener(first.port, T, f"127.0.0.1:{first.port}", None, "web-old", mine[0].user)]

    unchanged = diff(saved, local_listeners())
    assert not unchanged and unchanged.exit_status == 0 and unchanged.text() == ""

    first.stop()
    second = start_child("intruder")
    listener_of(second.pid, second.port)
    now = diff(saved, local_listeners())
    assert now.exit_status == 1
    assert f"+ tcp 127.0.0.1:{second.port} intruder" in now.text()
    assert f"- tcp 127.0.0.1:{first.port} web-old" in now.text()
    as_json = now.as_json()
    assert as_json["exit_status"] == 1
    appeared = as_json["appeared"]
    assert isinstance(appeared, list)
    assert {"port": second.port, "protocol": "tcp", "process": "intruder"}.items() <= appeared[0].items()


def test_another_program_on_a_known_socket_is_a_change(tmp_path: Path, start_child: StartChild) -> None:
    first = start_child("postgres")
    listener_of(first.pid, first.port)
    path = tmp_path / "baseline.json"
    save_baseline(local_listeners(), path)
    port = first.port
    first.stop()
    impostor = start_child("nc", [port])
    listener_of(impostor.pid, port)
    now = diff(load_baseline(path), local_listeners())
    assert now.exit_status == 1
    (change,) = [c for c in now.changed if c.after.port == port]
    assert (change.before.process, change.after.process) == ("postgres", "nc")
    lines = [line for line in now.lines() if f":{port} " in line]
    assert lines[0] == f"- tcp 127.0.0.1:{port} postgres ({change.before.user})"
    assert lines[1].startswith(f"+ tcp 127.0.0.1:{port} nc (") and lines[1].endswith(
        f"was postgres ({change.before.user})"
    )


def test_only_what_went_away_exits_zero(tmp_path: Path, start_child: StartChild) -> None:
    child = start_child("leaving")
    listener_of(child.pid, child.port)
    before = local_listeners()
    child.stop()
    now = diff(before, local_listeners())
    assert [s.port for s in now.went_away if s.port == child.port] == [child.port]
    assert not [s for s in now.appeared if s.port == child.port]
    assert diff(before, [s for s in before if s.port != child.port]).exit_status == 0


# The diff's rules, on records.


def test_diff_rules() -> None:
    old = [
        sock(22, "sshd", "root"),
        sock(53, "dnsmasq", None, U),
        sock(80, "nginx", "www"),
        sock(9000, None, None),
    ]
    new = [
        sock(22, "sshd", "root"),
        sock(53, "dnsmasq", "nobody", U),
        sock(80, "caddy", "www"),
        sock(9000, "php"),
    ]
    result = diff(old, new)
    # A user the OS hid before (None) is not a change; a process that was hidden is not either.
    assert result.changed == (Change(sock(80, "nginx", "www"), sock(80, "caddy", "www")),)
    assert result.appeared == () and result.went_away == () and result.exit_status == 1
    assert result.lines() == [
        "- tcp 127.0.0.1:80 nginx (www)",
        "+ tcp 127.0.0.1:80 caddy (www)   was nginx (www)",
    ]


def test_the_same_address_on_another_protocol_is_another_socket() -> None:
    result = diff([sock(53, "named", protocol=T)], [sock(53, "named", protocol=U)])
    assert result.appeared == (sock(53, "named", protocol=U),) and result.went_away == (sock(53, "named"),)
    assert result.lines() == ["- tcp 127.0.0.1:53 named (alice)", "+ udp 127.0.0.1:53 named (alice)"]


def test_workers_of_one_server_are_one_socket() -> None:
    workers = [Listener(8080, T, "0.0.0.0:8080", pid, "gunicorn", "www") for pid in (10, 11, 12)]
    assert not diff(workers, workers[:1])
    listed = baseline_document(workers)["listeners"]
    assert isinstance(listed, list) and len(listed) == 1
    extra = diff(workers[:1], [*workers, Listener(8080, T, "0.0.0.0:8080", 13, "nc", "eve")])
    assert (
        extra.appeared == (Listener(8080, T, "0.0.0.0:8080", None, "nc", "eve"),) and extra.exit_status == 1
    )


def test_diff_output_is_safe_to_print() -> None:
    result = diff([], [sock(4444, HOSTILE, HOSTILE)])
    (line,) = result.lines()
    assert first_unsafe(line) is None and "\\x1b]0;PWN\\x07" in line
    assert result.as_json()["appeared"] == [
        {"port": 4444, "protocol": "tcp", "address": "127.0.0.1:4444", "process": HOSTILE, "user": HOSTILE}
    ]


def test_a_diff_of_nothing_is_empty() -> None:
    assert diff([], []) == Diff((), (), ()) and not diff([], []) and diff([], []).lines() == []
    assert diff(Baseline(()), Baseline(())).as_json() == {
        "appeared": [],
        "went_away": [],
        "changed": [],
        "exit_status": 0,
    }


# Saving.


def test_saving_replaces_whole_files_and_keeps_their_mode(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    assert save_baseline([sock(22, "sshd"), sock(22, "sshd")], path) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o600)
    save_baseline([sock(80, HOSTILE)], path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().isascii()  # control characters are written as JSON escapes
    assert load_baseline(path).listeners == (sock(80, HOSTILE),)
    assert sorted(os.listdir(tmp_path)) == ["b.json"]  # no temporary file left behind


def test_saving_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path, Path("/dev/null"), tmp_path / "missing-folder" / "b.json"):
        with pytest.raises(BaselineError) as raised:
            save_baseline([sock(22)], target)
        assert "\n" not in str(raised.value) and str(raised.value).startswith("baseline ")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symbolic_link_is_replaced_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    link = tmp_path / "b.json"
    link.symlink_to(target)
    save_baseline([sock(22)], link)
    assert target.read_text() == "keep me" and not link.is_symlink()


# Loading an untrusted file.


def test_a_baseline_file_is_checked_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    cases: dict[str, object] = {
        "no such file": None,
        "not JSON: Expecting value (line 1, column 1)": "nope",
        'not a portdeck baseline (no "format": "portdeck-baseline")': [],
        "saved by a newer portdeck (format version 2); update portdeck": document(version=2),
        '"version" must be 1': document(version=True),
        '"listeners" must be a list': document() | {"listeners": {}},
        "listener 1: must be an object": document(22),
        'listener 2: "port" must be a number from 0 to 65535': document(record(), record(True)),
        'listener 1: "port" must be a number': document(record(70000)),
        'listener 1: "protocol" must be one of tcp, udp, sctp, dccp': document(record(protocol="icmp")),
        'listener 1: "address" must be text': document(record(address=5)),
        "does not end with its port :22": document(record(address="0.0.0.0:23")),
        'listener 1: "process" must be text or null': document(record(process=["sshd"])),
        'listener 1: "user" must be text or null': document(record(user="x" * 5000)),
    }
    for expected, content in cases.items():
        if path.exists():
            path.unlink()
        if content is not None:
            path.write_text(content if isinstance(content, str) else json.dumps(content))
        assert expected in one_line_error(path)


def test_hostile_files_are_refused_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # never hangs
    assert "named pipe" in one_line_error(fifo)
    assert "folder" in one_line_error(tmp_path)
    big = tmp_path / "big.json"
    with big.open("wb") as out:
        out.truncate(baseline_module.BASELINE_LIMIT + 1)  # sparse: no disk used
    assert "over the" in one_line_error(big)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    one_line_error(deep)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "portdeck-baseline\xff"}')
    assert "not UTF-8" in one_line_error(latin)
    monkeypatch.setattr(baseline_module, "MAX_LISTENERS", 2)
    many = write(tmp_path / "many.json", document(record(1), record(2), record(3)))
    assert "over the limit of 2" in one_line_error(many)
    named = write(tmp_path / f"{HOSTILE}.json", [])
    assert "\\x1b]0;PWN" in one_line_error(named)


def test_a_saved_baseline_says_when_and_where(tmp_path: Path) -> None:
    path = write(tmp_path / "b.json", document(record(22), saved_at="2026-12-01T00:00:00Z", host="web1"))
    loaded = load_baseline(path)
    assert loaded == Baseline(
        (Listener(22, T, "0.0.0.0:22", None, "sshd", "root"),), "2026-12-01T00:00:00Z", "web1"
    )
    assert load_baseline(write(path, document(saved_at=5))).saved_at is None


# Properties.

names = st.none() | st.text(max_size=30)
listeners = st.lists(
    st.builds(
        lambda port, protocol, v6, process, user: Listener(
            port, protocol, f"[::]:{port}" if v6 else f"0.0.0.0:{port}", None, process, user
        ),
        st.integers(0, 65535),
        st.sampled_from(list(Protocol)),
        st.booleans(),
        names,
        names,
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sockets=listeners)
def test_any_listeners_round_trip(tmp_path: Path, sockets: list[Listener]) -> None:
    path = tmp_path / "b.json"
    save_baseline(sockets, path)
    loaded = load_baseline(path)
    assert set(loaded.listeners) == set(sockets) and len(loaded.listeners) == len(set(sockets))
    assert not diff(loaded, sockets) and diff(loaded, sockets).exit_status == 0


@settings(max_examples=80, deadline=None)
@given(old=listeners, new=listeners)
def test_a_diff_accounts_for_every_socket(old: list[Listener], new: list[Listener]) -> None:
    result = diff(old, new)
    keys = {(s.protocol, s.address) for s in new} - {(s.protocol, s.address) for s in old}
    assert {(s.protocol, s.address) for s in result.appeared} >= keys
    assert result.exit_status == (1 if result.appeared or result.changed else 0)
    assert all(first_unsafe(line) is None for line in result.lines())
    assert not diff(new, new)
    reverse = diff(new, old)
    assert {(s.protocol, s.address) for s in reverse.went_away} >= keys


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_load_or_give_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(data)
    try:
        load_baseline(path)
    except BaselineError as error:
        assert "\n" not in str(error) and first_unsafe(str(error)) is None
