"""Issue 23, the command's items: the output encoding, a cache folder holding a FIFO or
/dev/zero, TERM=dumb, closed and full streams, COLUMNS=0, SIGTERM and SIGHUP in the app, a
re-checksummed cache, invisible characters in a personal file. The installed command, on
pipes and pseudo-terminals, with the environment each test shows."""

from __future__ import annotations

import fcntl
import marshal
import os
import select
import signal
import struct
import subprocess
import termios
import time
import zlib
from pathlib import Path

import pytest

from portdeck import cache_files

from .cli_helpers import COMMAND, portdeck, run_on_terminal


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


# -- 4: an output encoding without accents --------------------------------------------------


def test_a_lookup_on_an_ascii_terminal_escapes_what_it_cannot_write(cache: Path) -> None:
    """LC_ALL=C without UTF-8 mode: Python writes ASCII. 1972's title has an é."""
    status, raw, stderr = run_on_terminal("1972", cache=cache, LC_ALL="C", PYTHONUTF8="0")
    assert status == 0 and "Traceback" not in stderr, stderr
    assert b"InterSystems Cach\\xe9" in raw


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_piped_lookup_in_a_narrow_encoding_escapes(encoding: str, cache: Path) -> None:
    env = {**os.environ, "PORTDECK_CACHE_DIR": str(cache), "PYTHONIOENCODING": encoding}
    done = subprocess.run([str(COMMAND), "1972"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert b"InterSystems Cach" in done.stdout


# -- 6: what the cache folder holds is no more trusted than a data file --------------------


def _fill_cache(cache: Path) -> list[Path]:
    assert portdeck("22", cache=cache).returncode == 0
    files = sorted(cache.glob("*.marshal"))
    assert files, "the lookup wrote its caches"
    return files


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_dev_zero_in_the_cache_folder_is_rebuilt_past(kind: str, cache: Path) -> None:
    for path in _fill_cache(cache):
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)  # no writer: a plain open() blocks forever
        else:
            path.symlink_to("/dev/zero")  # read() never ends
    start = time.monotonic()
    done = portdeck("22", cache=cache)
    assert time.monotonic() - start < 20
    assert done.returncode == 0 and done.stdout.startswith("22\t"), done.stderr


# -- 7: TERM=dumb ----------------------------------------------------------------------------


def test_term_dumb_refuses_the_app_in_one_line(cache: Path) -> None:
    start = time.monotonic()
    status, raw, stderr = run_on_terminal(cache=cache, TERM="dumb")
    assert time.monotonic() - start < 20, "the app spun instead of starting or refusing"
    assert status == 2 and raw == b""
    assert stderr.count("\n") == 1 and stderr.startswith("portdeck: TERM=dumb"), stderr


def test_term_dumb_still_answers_a_query(cache: Path) -> None:
    status, raw, _ = run_on_terminal("22", cache=cache, TERM="dumb")
    assert status == 0 and b"Secure Shell" in raw


# -- 10: closed and full streams -------------------------------------------------------------


@pytest.mark.parametrize(
    ("redirect", "status", "says"),
    [
        ("22 <&-", 0, ""),
        ("<&-", 2, "a query is needed when not run in a terminal"),
        ("22 >&-", 2, "standard output is closed"),
        ("22 > /dev/full", 2, "cannot write the answer: No space left on device"),
        ("<&- >&-", 2, "standard output is closed"),
    ],
)
def test_closed_and_full_streams_are_one_line(redirect: str, status: int, says: str, cache: Path) -> None:
    env = {**os.environ, "PORTDECK_CACHE_DIR": str(cache)}
    done = subprocess.run(
        ["bash", "-c", f"'{COMMAND}' {redirect}"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
    if says:
        assert done.stderr.startswith(f"portdeck: {says}") and done.stderr.count("\n") == 1


# -- 16: COLUMNS that are no width -----------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "-5"])
def test_columns_that_are_no_width_keep_lines_readable(columns: str, cache: Path) -> None:
    # Titles wrap to the width: at one column, one letter a line made hundreds of lines.
    status, raw, stderr = run_on_terminal("22", cache=cache, COLUMNS=columns)
    assert status == 0, stderr
    lines = raw.decode().splitlines()
    assert len(lines) < 40, f"{len(lines)} lines at COLUMNS={columns}"


# -- 20: invisible characters in a personal file ---------------------------------------------


@pytest.mark.parametrize("character", ["\u200b", "\ufeff", "\U000e0041", "\u2060"])
def test_invisible_characters_in_a_personal_file_are_refused_with_file_and_line(
    character: str, tmp_path: Path, cache: Path
) -> None:
    mine = tmp_path / "ports.toml"
    mine.write_text(
        f'[[entry]]\nport = 4246\nprotocols = ["tcp"]\nservice = "zw"\ntitle = "ssh{character}d"\n',
        encoding="utf-8",
    )
    done = portdeck("--config", str(mine), "4246", cache=cache)
    assert character not in done.stdout + done.stderr
    assert f"{mine}:1: entry #1" in done.stderr, done.stderr  # the file and the entry's line
    assert f"invisible character (U+{ord(character):04X})" in done.stderr


# -- 12: SIGTERM and SIGHUP put the terminal back --------------------------------------------

ALTERNATE_SCREEN_ON, ALTERNATE_SCREEN_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
CURSOR_SHOWN, MOUSE_OFF = b"\x1b[?25h", b"\x1b[?1000l"


def _app_on_a_terminal(cache: Path, data: Path, signum: int) -> tuple[int, bytes]:
    """Start the app on a 100×30 pseudo-terminal (TERM=xterm-256color), send `signum` once it
    is up; the exit status and every byte it wrote."""
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PORTDECK_CACHE_DIR": str(cache),
        "PORTDECK_DATA_DIR": str(data),
    }
    child = subprocess.Popen(
        [str(COMMAND)], stdin=secondary, stdout=secondary, stderr=secondary, env=env, start_new_session=True
    )
    os.close(secondary)
    output, sent = b"", False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if not sent and ALTERNATE_SCREEN_ON in output and b"ssh" in output:
                child.send_signal(signum)
                sent = True
            if select.select([primary], [], [], 0.2)[0]:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            elif child.poll() is not None:
                break
        status = child.wait(timeout=10)
    finally:
        child.kill()
        os.close(primary)
    assert sent, "the app never came up"
    return status, output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_restore_the_terminal(signum: int, cache: Path, tmp_path: Path) -> None:
    status, output = _app_on_a_terminal(cache, tmp_path / "data", signum)
    assert status == 128 + signum
    after = output[output.index(ALTERNATE_SCREEN_ON) :]
    assert ALTERNATE_SCREEN_OFF in after, "left in the alternate screen"
    assert CURSOR_SHOWN in after and MOUSE_OFF in after, "cursor hidden or mouse reporting left on"


# -- 13: a cache edited and re-checksummed ---------------------------------------------------


def _re_checksummed(path: Path, change: bytes, to: bytes) -> None:
    """Edit a cache file's body and write a checksum that matches it, as someone with write
    access to the cache folder can."""
    stored = marshal.loads(path.read_bytes())
    body = stored[3]
    assert change in body
    body = body.replace(change, to)
    path.write_bytes(marshal.dumps((stored[0], stored[1], zlib.crc32(body), body, *stored[4:])))


def test_a_re_checksummed_cache_is_not_used_by_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PORTDECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(cache_files.Trust, "signed_only", False)
    body = ("Secure Shell", "a title")
    cache_files.trust_signed_only()  # as the app's start does: the key is made now
    cache_files.write_cache("test", "k", 1, body)
    assert cache_files.read_cache("test", "k", 1) == body, "a signed cache is used"
    (path,) = (tmp_path / "cache").glob("test-*.marshal")
    _re_checksummed(path, b"Secure Shell", b"\x1b]0;PWN\x07 all")
    assert cache_files.read_cache("test", "k", 1) is None, "the app rebuilt rather than trust it"
    monkeypatch.setattr(cache_files.Trust, "signed_only", False)
    # The one-shot commands, which escape everything they print, take the checksum's word.
    assert cache_files.read_cache("test", "k", 1) == ("\x1b]0;PWN\x07 all", "a title")


def test_the_key_lives_outside_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PORTDECK_DATA_DIR", str(tmp_path / "data"))
    key = cache_files.signing_key(create=True)
    assert key is not None and (tmp_path / "data" / cache_files.KEY_FILE).read_bytes() == key
    assert oct((tmp_path / "data" / cache_files.KEY_FILE).stat().st_mode & 0o777) == "0o600"
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
