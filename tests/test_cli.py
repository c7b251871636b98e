"""The installed `portdeck` command, run as a user or a script would run it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from portdeck.dataset import Assignment, load_catalog

from .cli_helpers import COMMAND, portdeck, portdeck_on_terminal, without_styles

if TYPE_CHECKING:
    from tests.conftest import BindFirstFree


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


def rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def test_the_console_script_is_installed() -> None:
    assert COMMAND.exists(), f"no portdeck command beside {sys.executable}: install the project first"


def test_a_number(cache_dir: Path) -> None:
    done = portdeck("22", cache=cache_dir)
    assert done.returncode == 0, done.stderr
    first = rows(done.stdout)[0]
    assert first[:3] == ["22", "tcp/udp/sctp", "ssh"]


def test_a_name_with_a_typo(cache_dir: Path) -> None:
    done = portdeck("postgress", cache=cache_dir)
    assert done.returncode == 0, done.stderr
    assert rows(done.stdout)[0][:3] == ["5432", "tcp/udp", "postgresql"]


def test_a_range_lists_only_ports_inside_it(cache_dir: Path) -> None:
    done = portdeck("8000-8100", "--limit", "0", cache=cache_dir)
    assert done.returncode == 0
    ports = [int(row[0].split("-")[0]) for row in rows(done.stdout)]
    assert len(ports) > 20, "--limit 0 shows every match"
    assert all(8000 <= p <= 8100 for p in ports)
    assert ports == sorted(ports)


@pytest.mark.parametrize("args", [("--protocol", "udp", "53"), ("udp", "53"), ("udp:53",)])
def test_a_protocol_filter(cache_dir: Path, args: tuple[str, ...]) -> None:
    done = portdeck(*args, cache=cache_dir)
    assert done.returncode == 0, done.stderr
    found = rows(done.stdout)
    assert found[0][:3] == ["53", "tcp/udp", "domain"]
    assert all("udp" in row[1].split("/") for row in found)


def test_range_option(cache_dir: Path) -> None:
    done = portdeck("http", "--range", "registered", "--limit", "0", cache=cache_dir)
    assert done.returncode == 0
    assert all(1024 <= int(row[0].split("-")[0]) <= 49151 for row in rows(done.stdout))


def test_json_output_parses_back_with_every_field(cache_dir: Path) -> None:
    done = portdeck("redis", "--json", "--limit", "3", cache=cache_dir)
    assert done.returncode == 0
    entries = json.loads(done.stdout)
    assert 1 <= len(entries) <= 3
    redis = entries[0]
    assert (redis["port"], redis["service"]) == (6379, "redis")
    assert set(redis) == {
        "port",
        "end",
        "protocols",
        "service",
        "title",
        "source",
        "range_class",
        "prominence",
        "description",
        "security",
        "aliases",
        "related",
        "references",
        "tags",
        "family",
        "checks",
        "processes",
        "match",
    }
    assert redis["range_class"] == "registered" and redis["protocols"] == ["tcp"]
    assert redis["match"] == {"kind": "name", "score": 100} and "database" in redis["tags"]
    assert "redis-cli -h HOST ping" in redis["checks"]


def test_no_match_exits_1(cache_dir: Path) -> None:
    done = portdeck("qqqqzzzzxxxxjjjj", cache=cache_dir)
    assert done.returncode == 1
    assert done.stdout == "" and "nothing matches" in done.stderr


def test_unassigned_and_dynamic_numbers_say_so(cache_dir: Path) -> None:
    catalog = load_catalog()
    unassigned = next(
        p for p in range(1024, 49152) if catalog.assignment(p) is Assignment.UNASSIGNED and not catalog.at(p)
    )
    done = portdeck(str(unassigned), cache=cache_dir)
    assert done.stdout.splitlines()[0] == f"{unassigned}: unassigned (IANA)"
    assert done.returncode == 1
    done = portdeck("50000", cache=cache_dir)
    assert all(e[0] == "50000" or e[0] == "49152-65535" for e in rows(done.stdout))
    assert "50000: dynamic/private range" in done.stderr, "piped output keeps the note off stdout"


@pytest.mark.parametrize("bad", ["70000", "-1", "99999"])
def test_an_impossible_port_is_a_clean_error(cache_dir: Path, bad: str) -> None:
    done = portdeck(bad, cache=cache_dir)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("portdeck: ")


def test_bad_option_is_a_usage_error(cache_dir: Path) -> None:
    done = portdeck("ssh", "--limit", "lots", cache=cache_dir)
    assert done.returncode == 2 and "usage: portdeck" in done.stderr


def test_broken_data_file_names_the_line(cache_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[[entry]]\nport = 22\nprotocols = ["tcp"]\nservice = "ssh"\ntitle = "SSH"\n\n[[entry]]\nport = = 80\n'
    )
    done = portdeck("--data", str(broken), "ssh", cache=cache_dir)
    assert done.returncode == 2
    assert done.stderr.startswith(f"portdeck: {broken}:8: invalid TOML")
    assert "Traceback" not in done.stderr


def test_other_dataset_with_data_option(cache_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[[entry]]\nport = 4242\nprotocols = ["tcp"]\nservice = "answer"\ntitle = "Deep Thought"\n'
    )
    done = portdeck("--data", str(mine), "4242", cache=cache_dir)
    assert done.returncode == 0
    assert rows(done.stdout) == [["4242", "tcp", "answer", "Deep Thought", "iana"]]


def test_version_and_help(cache_dir: Path) -> None:
    version = portdeck("--version", cache=cache_dir)
    assert version.returncode == 0 and version.stdout.startswith("portdeck 0.")
    help_text = portdeck("--help", cache=cache_dir).stdout
    assert "examples:" in help_text and "portdeck 5432" in help_text and "--json" in help_text


def test_a_lookup_never_imports_textual(tmp_path: Path, child_env: Callable[..., dict[str, str]]) -> None:
    script = (
        "import sys; from portdeck.cli import main; status = main(['22']);"
        "print('textual' in sys.modules, status)"
    )
    env = child_env(PORTDECK_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "False 0"


def test_personal_ports_are_merged_and_marked_local(cache_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-ports.toml"
    mine.write_text(
        '[[entry]]\nport = 8443\nprotocols = ["tcp"]\nservice = "billing-api"\ntitle = "Billing API"\n'
    )
    done = portdeck("--config", str(mine), "billing-api", cache=cache_dir)
    assert done.returncode == 0, done.stderr
    assert rows(done.stdout)[0] == ["8443", "tcp", "billing-api", "Billing API", "local"]


def test_a_broken_personal_file_warns_and_carries_on(cache_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-ports.toml"
    mine.write_text("[[entry]]\nport = \n")
    env_cache = cache_dir
    done = subprocess.run(
        [str(COMMAND), "22"],
        capture_output=True,
        text=True,
        env={**os.environ, "PORTDECK_CACHE_DIR": str(env_cache), "PORTDECK_CONFIG": str(mine)},
        timeout=60,
    )
    assert done.returncode == 0
    assert rows(done.stdout)[0][:3] == ["22", "tcp/udp/sctp", "ssh"]
    assert done.stderr.startswith(f"portdeck: warning: {mine}:2: invalid TOML")
    assert mine.read_text() == "[[entry]]\nport = \n", "portdeck never touches the user's file"


def test_listening_shows_a_real_socket_joined_with_the_dataset(cache_dir: Path) -> None:
    import socket

    catalog = load_catalog()
    known = next(e for e in catalog if 20000 <= e.port < 49152 and not e.is_range and e.official)
    with socket.socket() as server:
        for entry in catalog:
            if not (20000 <= entry.port < 49152) or entry.is_range or not entry.official:
                continue
            try:
                server.bind(("127.0.0.1", entry.port))
            except OSError:
                continue
            known = entry
            break
        server.listen()
        done = portdeck("--listening", "--json", cache=cache_dir)
    assert done.returncode == 0, done.stderr
    (ours,) = [
        item for item in json.loads(done.stdout) if item["port"] == known.port and item["protocol"] == "tcp"
    ]
    assert ours["address"] == f"127.0.0.1:{known.port}"
    assert ours["entry"]["port"] == known.port


def test_on_a_terminal_a_table_with_the_detail_of_a_single_entry(cache_dir: Path) -> None:
    output = portdeck_on_terminal("22", cache=cache_dir)
    lines = without_styles(output).splitlines()
    assert lines[0].split() == ["Port", "Proto", "Service", "Title"]
    assert lines[1].split()[:3] == ["22", "tcp/udp/sctp", "ssh"] and lines[1].endswith("Secure Shell (SSH) !")
    assert any(line.startswith("Security: ") for line in lines)
    assert any(line.startswith("Related: ") and "2222" in line for line in lines)
    assert (
        any(line.startswith("Tags: remote-access, file-sharing") for line in lines)
        and "Family: SSH (Secure Shell)" in lines
    )
    checks = lines[lines.index("Check it (replace HOST, or give --host NAME):") + 1 :]
    assert "  ssh-keyscan HOST" in checks and "  nc -vz HOST 22" in checks
    assert "\x1b[1;31m!\x1b[0m" in output, "the security mark is red"
    assert "\x1b[1;31mSecurity:\x1b[0m" in output


def test_host_writes_the_checks_for_that_host(cache_dir: Path) -> None:
    lines = without_styles(portdeck_on_terminal("443", "--host", "example.org", cache=cache_dir)).splitlines()
    checks = lines[lines.index("Check it on example.org:") + 1 :]
    assert "  openssl s_client -connect example.org:443 -servername example.org" in checks
    assert not any("HOST" in line for line in checks)
    document = json.loads(portdeck("443", "--json", "--host", "example.org", cache=cache_dir).stdout)
    assert "nc -vz example.org 443" in document[0]["checks"]


def test_on_a_terminal_titles_wrap_to_its_width_and_marks_follow(cache_dir: Path) -> None:
    output = without_styles(portdeck_on_terminal("8000-8100", "--limit", "5", cache=cache_dir, COLUMNS="60"))
    lines = output.splitlines()
    assert all(len(line) <= 60 for line in lines), lines
    wrapped = [i for i, line in enumerate(lines[1:-1], 1) if line.startswith(" ")]
    assert wrapped, "a long title wraps"
    assert all(lines[i].strip().endswith("(unofficial) !") or lines[i].strip() for i in wrapped)
    assert any(lines[i].strip().endswith("(unofficial) !") for i in wrapped), "the marks come last"
    assert re.fullmatch(r"5 of \d+ matches; --limit 0 shows all", lines[-1])


def test_typos_are_shown_as_the_closest_matches(cache_dir: Path) -> None:
    lines = without_styles(portdeck_on_terminal("postgress", cache=cache_dir)).splitlines()
    assert lines[1].startswith("closest matches") and lines[2].split()[:3] == [
        "5432",
        "tcp/udp",
        "postgresql",
    ]
    lines = without_styles(
        portdeck_on_terminal("subsystem", cache=cache_dir)
    ).splitlines()  # in 22's description only
    at = next(i for i, line in enumerate(lines) if line.startswith("closest matches"))
    assert "22" in [line.split()[0] for line in lines[at + 1 :]]


def test_no_color_leaves_the_terminal_table_unstyled(cache_dir: Path) -> None:
    output = portdeck_on_terminal("22", cache=cache_dir, NO_COLOR="1")
    assert "\x1b[" not in output
    assert output.splitlines()[1].endswith("Secure Shell (SSH) !")


def test_json_without_a_query_is_an_error_not_the_tui(cache_dir: Path) -> None:
    done = portdeck("--json", cache=cache_dir)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("portdeck: a query is needed when not run in a terminal")


def test_exposed_lists_only_risky_services_open_on_every_interface(
    cache_dir: Path, bind_first_free: BindFirstFree
) -> None:
    catalog = load_catalog()
    risky = [e.port for e in catalog if 20000 <= e.port < 49152 and not e.is_range and e.security]
    sockets = [bind_first_free(risky, socket.SOCK_STREAM, host="0.0.0.0")]
    try:
        wide = sockets[0].getsockname()[1]
        sockets.append(bind_first_free([p for p in risky if p != wide], socket.SOCK_STREAM))
        local = sockets[1].getsockname()[1]
        everything = json.loads(portdeck("--listening", "--json", "--limit", "0", cache=cache_dir).stdout)
        exposed = json.loads(
            portdeck("--listening", "--exposed", "--json", "--limit", "0", cache=cache_dir).stdout
        )
    finally:
        for sock in sockets:
            sock.close()
    by_port = {item["port"]: item for item in everything if item["protocol"] == "tcp"}
    assert by_port[wide]["exposed"] is True and by_port[local]["exposed"] is False
    assert wide in {item["port"] for item in exposed} and local not in {item["port"] for item in exposed}
    assert all(item["exposed"] for item in exposed)
    assert by_port[local]["user"], "the process's user is shown"
