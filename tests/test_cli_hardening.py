"""The installed command against hostile and careless input: the bytes that reach the terminal,
files that are no files, scripts with no terminal. One line or a safe rendering, never a hang."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portdeck.cli_output import Detail, entry_to_json, print_lines, print_table
from portdeck.dataset import PortEntry, Protocol, Source, Vocabulary
from portdeck.safe_text import json_text

from .cli_helpers import COMMAND, portdeck, run_on_terminal, without_styles

if TYPE_CHECKING:
    from tests.conftest import HostileListener

# Bytes that must never reach a terminal from data: ESC and BEL of the hostile process name,
# 8-bit CSI, the bidi override.
RAW = (b"\x1b]0;", b"\x07", "\x9b".encode(), "\u202e".encode())


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_a_hostile_process_name_reaches_the_terminal_escaped(
    hostile_listener: HostileListener, cache: Path
) -> None:
    status, raw, _ = run_on_terminal("--listening", "--limit", "0", cache=cache)
    assert status == 0
    line = next(line for line in raw.decode().splitlines() if f"127.0.0.1:{hostile_listener.port}" in line)
    assert "\\x1b]0;PWN\\x07[" in line, line
    assert not any(sequence in raw for sequence in RAW), "the escape sequence reached the terminal raw"
    piped = portdeck("--listening", "--limit", "0", cache=cache).stdout
    assert "\\x1b]0;PWN\\x07[" in piped and "\x1b" not in piped


def test_a_hostile_process_name_in_json_is_escaped_json(
    hostile_listener: HostileListener, cache: Path
) -> None:
    done = portdeck("--listening", "--json", "--limit", "0", cache=cache)
    assert "\x1b" not in done.stdout and "\\u001b]0;PWN\\u0007" in done.stdout
    (item,) = [i for i in json.loads(done.stdout) if i["port"] == hostile_listener.port]
    assert item["process"] == hostile_listener.name, "JSON keeps the real name, escaped as JSON"


@pytest.mark.parametrize(
    "text",
    ["\\u001b[2J", "\\u001b]0;PWN\\u0007", "\\u001b]52;c;cm0gLXJmIH4=\\u0007", "\\u009b2J", "evil\\u202etxt"],
)
def test_a_data_file_with_terminal_controls_is_refused_in_one_printable_line(
    text: str, tmp_path: Path, cache: Path
) -> None:
    data = tmp_path / "team.toml"
    data.write_text(f'[[entry]]\nport = 4242\nprotocols = ["tcp"]\nservice = "team"\ntitle = "{text}"\n')
    status, raw, stderr = run_on_terminal("--data", str(data), "4242", cache=cache)
    assert status == 2 and raw == b""
    assert len(stderr.splitlines()) == 1 and f"{data}:1: entry #1" in stderr and "U+" in stderr
    assert not any(sequence.decode() in stderr for sequence in RAW)
    mine = tmp_path / "ports.toml"
    mine.write_text(data.read_text())
    status, raw, stderr = run_on_terminal("--config", str(mine), "22", cache=cache)
    assert status == 0 and b"ssh" in raw, "a broken personal file is skipped, the lookup goes on"
    assert "warning" in stderr and not any(sequence.decode() in stderr for sequence in RAW)


def test_no_query_and_no_terminal_exits_at_once(cache: Path) -> None:
    for args in ([], ["-r", "dynamic"], ["-p", "udp"]):
        start = time.monotonic()
        done = subprocess.run(
            [str(COMMAND), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "PORTDECK_CACHE_DIR": str(cache)},
        )
        assert done.returncode == 2 and done.stdout == "", args
        assert done.stderr.startswith("portdeck: a query is needed when not run in a terminal")
        assert "\x1b" not in done.stderr and time.monotonic() - start < 10


def test_filters_without_a_query_on_a_terminal_list_what_they_keep(cache: Path) -> None:
    lines = without_styles(
        run_on_terminal("-r", "dynamic", "--limit", "0", cache=cache)[1].decode()
    ).splitlines()
    ports = [int(line.split()[0].split("-")[0]) for line in lines[1:] if line[:1].isdigit()]
    assert ports and all(port >= 49152 for port in ports)


@pytest.mark.parametrize("option", ["--data", "--config"])
def test_a_fifo_is_refused_without_waiting(option: str, tmp_path: Path, cache: Path) -> None:
    fifo = tmp_path / "ports.toml"
    os.mkfifo(fifo)  # no writer: a plain open() would block forever
    start = time.monotonic()
    done = portdeck(option, str(fifo), "22", cache=cache)
    assert time.monotonic() - start < 10
    assert "named pipe (FIFO), not a regular file" in done.stderr
    assert done.returncode == (2 if option == "--data" else 0)


def test_dev_zero_as_data_is_refused(cache: Path) -> None:
    done = portdeck("--data", "/dev/zero", "22", cache=cache)
    assert done.returncode == 2 and "a device, not a regular file" in done.stderr


def test_toml_nested_past_the_parser_limit_is_a_warning_through_config(tmp_path: Path, cache: Path) -> None:
    deep = tmp_path / "ports.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    done = portdeck("--config", str(deep), "22", cache=cache)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "invalid TOML" in done.stderr and done.stdout.startswith("22\t")


@pytest.mark.parametrize("text", ["!!!", "...", "🔥", "¿¡"])
def test_punctuation_matches_nothing(text: str, cache: Path) -> None:
    done = portdeck(text, cache=cache)
    assert done.returncode == 1 and done.stdout == "" and "nothing matches" in done.stderr


def test_digits_of_any_script_are_the_port(cache: Path) -> None:
    for text in ("２２", "٢٢", "२२"):
        assert portdeck(text, cache=cache).stdout.startswith("22\t"), text


def test_a_huge_query_is_quoted_short(cache: Path) -> None:
    done = portdeck("zq" * 65_000, cache=cache)
    assert done.returncode == 1 and len(done.stderr) < 120


def test_listening_honours_the_limit(cache: Path) -> None:
    done = portdeck("--listening", "--limit", "1", cache=cache)
    if done.returncode == 0:
        assert len(done.stdout.splitlines()) == 1


def test_wide_names_keep_the_table_aligned(tmp_path: Path, cache: Path) -> None:
    mine = tmp_path / "ports.toml"
    mine.write_text(
        '[[entry]]\nport = 4243\nprotocols = ["tcp"]\nservice = "計算サーバ"\ntitle = "Compute"\n'
        '[[entry]]\nport = 4244\nprotocols = ["tcp"]\nservice = "calc"\ntitle = "Calc"\n'
    )
    lines = without_styles(
        run_on_terminal("--config", str(mine), "4243-4244", cache=cache)[1].decode()
    ).splitlines()
    wide = next(line for line in lines if "計算サーバ" in line)
    narrow = next(line for line in lines if line.startswith("4244 ") and "calc" in line)
    # The title starts in the same terminal column: the CJK name takes two cells a character.
    assert wide.index("Compute") + 5 == narrow.index("Calc")


def test_a_personal_file_with_a_byte_order_mark_is_read(tmp_path: Path, cache: Path) -> None:
    mine = tmp_path / "ports.toml"
    mine.write_bytes(
        b'\xef\xbb\xbf[[entry]]\nport = 4245\nprotocols = ["tcp"]\nservice = "bom"\ntitle = "BOM"\n'
    )
    done = portdeck("--config", str(mine), "4245", cache=cache)
    assert done.returncode == 0 and done.stdout.startswith("4245\ttcp\tbom") and done.stderr == ""


# -- no output path lets a control character through ------------------------------------

# ESC [ … m: the table's own styles. Anything else in C0 or C1 came from the data.
STYLE = "\x1b["
any_text = st.text(st.characters(codec="utf-8"), max_size=40)


def _strip_styles(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class _Terminal:
    """A stream that says it is a terminal, so the table and its styles are written."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("not a real terminal")

    def flush(self) -> None:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(service=any_text, title=any_text, description=any_text, security=any_text, alias=any_text)
def test_no_output_path_emits_a_control_character(
    service: str, title: str, description: str, security: str, alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the text of an entry (files are refused, but a process name cannot be), the
    CLI's table, lines, detail and JSON emit no C0 or C1 control and no bidi control."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    entry = PortEntry(
        7,
        7,
        (Protocol.TCP,),
        service,
        title or "t",
        Source.LOCAL,
        description,
        security,
        (alias,),
        checks=(f"nc -vz HOST 7 {alias}",),
        tags=("web",),
    )
    terminal, lines = _Terminal(), _Terminal()
    print_table([entry], 1, terminal, [False], Detail(Vocabulary(), host=alias))  # type: ignore[arg-type]
    print_lines([entry], lines)  # type: ignore[arg-type]
    written = [
        _strip_styles("".join(terminal.parts)),
        "".join(lines.parts),
        json_text([entry_to_json(entry)]),
    ]
    for text in written:
        bad = [ch for ch in text if ch not in "\n\t" and (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F)]
        bad += [
            ch for ch in text if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
        ]
        assert not bad, (bad, text)
    assert STYLE in "".join(terminal.parts), "the table still has its own styles"
