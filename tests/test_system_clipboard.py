"""The system clipboard tools (issue 22, item 10): which one the environment offers, and that
the text reaches it on stdin, never on the command line, with a timeout and no exception."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from portdeck import system_clipboard
from portdeck.system_clipboard import Tool, Written

ALL = ("wl-copy", "xclip", "xsel", "pbcopy", "tmux")
TRICKY = "-e 'rm -rf ~' $(id)\nünïcødé ✓"  # looks like options and shell, spans lines


def fake_tool(folder: Path, name: str, body: str | None = None) -> Path:
    """An executable `name` in `folder` that saves its arguments and its stdin next to itself."""
    folder.mkdir(exist_ok=True)
    saved = folder / f"{name}.stdin"
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$@" > "{saved}.argv"\n' + (body or f'exec /bin/cat > "{saved}"\n'))
    script.chmod(0o755)
    return saved


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    return tmp_path / "bin"


def names(environ: dict[str, str], **options: object) -> list[str]:
    return [tool.name for tool in system_clipboard.tools(environ, **options)]  # type: ignore[arg-type]


def test_the_display_decides_which_tools_count(bin_dir: Path) -> None:
    for name in ALL:
        fake_tool(bin_dir, name)
    path = str(bin_dir)
    linux = {"platform": "linux"}
    assert names({"PATH": path, "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, **linux) == [
        "wl-copy",
        "xclip",
        "xsel",
    ]
    assert names({"PATH": path, "DISPLAY": ":0"}, **linux) == ["xclip", "xsel"]
    assert names({"PATH": path}, **linux) == []  # a console or SSH without X forwarding
    assert names({"PATH": path}, platform="darwin") == ["pbcopy"]
    assert names({"PATH": path, "SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"}, platform="darwin") == []
    inside_tmux = {"PATH": path, "TMUX": "/tmp/tmux-1000/default,1,0"}
    assert names(inside_tmux, **linux) == ["tmux buffer", "tmux buffer"]  # `-w` first, then the plain form
    assert names(inside_tmux, tmux=False, **linux) == []


def test_only_tools_on_path_count_and_the_one_found_is_the_one_run(bin_dir: Path) -> None:
    fake_tool(bin_dir, "xsel")
    [tool] = system_clipboard.tools({"PATH": str(bin_dir), "DISPLAY": ":0"}, platform="linux")
    assert tool == Tool("xsel", (str(bin_dir / "xsel"), "--clipboard", "--input"))


def test_the_text_reaches_the_tool_on_stdin_not_on_the_command_line(bin_dir: Path) -> None:
    saved = fake_tool(bin_dir, "xclip")
    found = system_clipboard.tools({"PATH": str(bin_dir), "DISPLAY": ":0"}, platform="linux")
    assert system_clipboard.write(TRICKY, found) == Written("xclip", {})
    assert saved.read_text(encoding="utf-8") == TRICKY
    assert Path(f"{saved}.argv").read_text().split() == ["-selection", "clipboard"]


def test_a_failing_tool_gives_way_to_the_next(bin_dir: Path) -> None:
    fake_tool(bin_dir, "xclip", 'echo "Error: cannot open display" >&2\nexit 1\n')
    saved = fake_tool(bin_dir, "xsel")
    found = system_clipboard.tools({"PATH": str(bin_dir), "DISPLAY": ":0"}, platform="linux")
    assert system_clipboard.write("5432", found) == Written("xsel", {"xclip": "exit status 1"})
    assert saved.read_text() == "5432"


def test_a_tmux_older_than_3_2_gets_the_plain_load_buffer(bin_dir: Path) -> None:
    saved = fake_tool(
        bin_dir,
        "tmux",
        f'[ "$*" = "load-buffer -w -" ] && {{ echo "unknown flag -w" >&2; exit 1; }}\nexec /bin/cat > "{bin_dir}/tmux.stdin"\n',
    )
    found = system_clipboard.tools({"PATH": str(bin_dir), "TMUX": "/tmp/t,1,0"}, platform="linux")
    assert system_clipboard.write("5432", found) == Written("tmux buffer", {})
    assert (saved.read_text(), Path(f"{saved}.argv").read_text().strip()) == ("5432", "load-buffer -")


def test_a_tool_that_hangs_is_given_up_on_after_the_timeout(bin_dir: Path) -> None:
    fake_tool(bin_dir, "xclip", "exec /bin/sleep 30\n")
    found = system_clipboard.tools({"PATH": str(bin_dir), "DISPLAY": ":0"}, platform="linux")
    started = time.monotonic()
    assert system_clipboard.write("5432", found, timeout=0.5) == Written(
        None, {"xclip": "no answer in 0.5 s"}
    )
    assert time.monotonic() - started < 5


def test_nothing_raises_when_the_tool_is_gone_or_the_text_cannot_be_encoded(bin_dir: Path) -> None:
    saved = fake_tool(bin_dir, "xclip")
    found = system_clipboard.tools({"PATH": str(bin_dir), "DISPLAY": ":0"}, platform="linux")
    lone_surrogate = "\udc80"
    used, failures = system_clipboard.write(lone_surrogate, found)
    assert used is None and list(failures) == ["xclip"]
    (bin_dir / "xclip").unlink()  # removed between the look-up and the copy
    used, failures = system_clipboard.write("5432", found)
    assert used is None and list(failures) == ["xclip"] and failures["xclip"]
    assert not saved.exists()
