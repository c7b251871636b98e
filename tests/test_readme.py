"""The README tells the truth: its quick start is what CI runs, its pictures exist, every
`portdeck` example runs and prints what it shows, and its tag table is the vocabulary."""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .cli_helpers import run_on_terminal, without_styles

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_is_two_commands_install_and_test() -> None:
    install, test = quick_start_commands()
    assert install.endswith("pip install . && portdeck")
    assert test.endswith("pip install '.[test]' && pytest")
    # A current pip: the `portdeck` launcher that Python 3.11's bundled pip (23.2) writes
    # imports `re`, ~11 ms of every lookup that portdeck itself no longer spends.
    assert install.startswith("python3 -m venv --upgrade-deps ") and test.startswith(
        "python3 -m venv --upgrade-deps "
    )


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert quick_start_commands()[1] in ci_commands


def test_every_picture_the_readme_shows_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert pictures, "the README shows the app"
    for picture in pictures:
        assert (ROOT / picture).is_file(), picture


# -- every example runs ------------------------------------------------------------------


class Example:
    """`$ portdeck …  # comment` in a console block, and the output lines shown under it."""

    def __init__(self, command: str, comment: str, setup: list[str]) -> None:
        self.command, self.comment, self.setup = command, comment, setup
        self.shown: list[str] = []

    @property
    def statuses(self) -> set[int]:
        """`# exit 1` (or `exit 0 or exit 1`) in the comment; else success."""
        return {int(code) for code in re.findall(r"exit (\d)", self.comment)} or {0}

    def __repr__(self) -> str:
        return self.command


def console_examples() -> list[Example]:
    examples: list[Example] = []
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        setup: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("#")
                if command.startswith("portdeck"):
                    examples.append(Example(command.strip(), comment, list(setup)))
                else:
                    setup.append(command.strip())
            elif examples and line.strip() != "…":
                examples[-1].shown.append(line)
    return examples


EXAMPLES = console_examples()


def normalised(line: str) -> str:
    """Timings vary from run to run: "open in 0.1 ms" reads as "open in N ms"."""
    return re.sub(r"\d+(\.\d+)? ms", "N ms", line.rstrip())


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def serving(command: list[str], port: int, timeout: float = 10.0) -> Iterator[None]:
    """Runs `command` for the block once it listens on 127.0.0.1:`port`. A server that exits
    or is not listening after `timeout` seconds fails the test: its examples would only fail
    later, saying less."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while not listening(port):
            if server.poll() is not None:
                pytest.fail(f"{shlex.join(command)} exited ({server.returncode}) before listening on {port}")
            if time.monotonic() > deadline:
                pytest.fail(f"{shlex.join(command)} was not listening on {port} after {timeout:g} s")
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait()


@pytest.fixture
def web_server(example: Example) -> Iterator[None]:
    """The `python3 -m http.server PORT --bind 127.0.0.1 &` a block starts before its examples."""
    servers = [shlex.split(line) for line in example.setup if "http.server" in line]
    if not servers:
        yield
        return
    words = servers[0]
    port = int(words[words.index("http.server") + 1])
    if listening(port):
        pytest.skip(f"port {port} is in use here, so the README's web server cannot start")
    with serving([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], port):
        yield


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_a_web_server_that_never_listens_fails_the_test() -> None:
    with pytest.raises(pytest.fail.Exception, match="was not listening"):  # noqa: SIM117
        with serving([sys.executable, "-c", "import time; time.sleep(30)"], free_port(), timeout=0.5):
            pass


def test_a_web_server_that_exits_fails_the_test_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match=r"exited \(3\) before listening"):  # noqa: SIM117
        with serving([sys.executable, "-c", "raise SystemExit(3)"], free_port(), timeout=30):
            pass
    assert time.monotonic() - started < 10


def test_a_web_server_that_listens_is_served_then_stopped() -> None:
    port = free_port()
    with serving([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], port):
        assert listening(port)
    assert not listening(port)


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 10 and any(example.shown for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=repr)
def test_every_readme_example_runs_and_prints_what_it_shows(
    example: Example, web_server: None, tmp_path: Path
) -> None:
    arguments = shlex.split(example.command)[1:]
    status, raw, stderr = run_on_terminal(
        *arguments, cache=tmp_path / "cache", PORTDECK_CONFIG=str(tmp_path / "none.toml")
    )
    assert status in example.statuses, f"exit {status}: {stderr}"
    assert "Traceback" not in stderr
    printed = [normalised(line) for line in without_styles(raw.decode()).splitlines() + stderr.splitlines()]
    at = 0
    for line in example.shown:  # in this order, other lines in between where the README has "…"
        wanted = normalised(line)
        assert wanted in printed[at:], (
            f"{wanted!r} is not in what `{example.command}` printed:\n" + "\n".join(printed)
        )
        at = printed.index(wanted, at) + 1


# Inline examples such as `portdeck 4444`: placeholders (HOST, PORT, QUERY…) are syntax, not examples.
INLINE = sorted(
    {
        span
        for span in re.findall(r"`(portdeck [^`]+)`", README)
        if not re.search(r"[A-Z]{2,}|…", span) and "--check" not in span
    }
)


@pytest.mark.parametrize("command", INLINE)
def test_every_inline_example_runs(command: str, tmp_path: Path) -> None:
    status, raw, stderr = run_on_terminal(
        *shlex.split(command)[1:], cache=tmp_path / "cache", PORTDECK_CONFIG=str(tmp_path / "none.toml")
    )
    # 1 is an answer too ("nothing listens here"); 2 would be a usage or data error.
    assert status in (0, 1) and (raw or stderr), f"`{command}` exited {status}: {stderr}"
    assert "Traceback" not in stderr


# -- the tag table is the vocabulary ------------------------------------------------------


def test_the_tag_table_is_the_vocabulary() -> None:
    vocabulary = tomllib.loads((ROOT / "data" / "curated" / "tags.toml").read_text(encoding="utf-8"))["tag"]
    section = README.split("### Prominence and tags", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (.*?) \|\s*(.*?)\s*\|$", section, re.MULTILINE)
    assert [tag for tag, _, _ in rows] == list(vocabulary)
    for tag, meaning, words in rows:
        assert meaning == vocabulary[tag]["meaning"], tag
        assert words == ", ".join(vocabulary[tag].get("words", [])), tag
