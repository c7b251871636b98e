"""`portdeck --serve` without a browser: what it refuses, and the command it serves."""

from __future__ import annotations

import shlex
import sys

import pytest

from portdeck import serve


@pytest.mark.parametrize("bind", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_addresses(bind: str) -> None:
    assert serve.is_loopback(bind)


@pytest.mark.parametrize(
    "bind", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "localhost.evil"]
)
def test_other_addresses_are_not_loopback(bind: str) -> None:
    assert not serve.is_loopback(bind)


@pytest.mark.parametrize("bind", ["0.0.0.0", "::", "192.168.1.10", "example.com"])
def test_another_address_needs_public(bind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve.run_serve(bind, 8000, public=False) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--public" in err and bind in err


def test_missing_textual_serve_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import fails as if not installed
    assert serve.run_serve("127.0.0.1", 8000, public=False) == 2
    assert capsys.readouterr().err == f"portdeck: {serve.MISSING}\n"
    assert "pip install 'portdeck[web]'" in serve.MISSING


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_port_out_of_range(port: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve.run_serve("127.0.0.1", port, public=False) == 2
    assert "--port" in capsys.readouterr().err


def test_child_command_carries_public_only_when_asked() -> None:
    assert shlex.split(serve.child_command(False)) == [sys.executable, "-m", "portdeck.serve", "--child"]
    assert shlex.split(serve.child_command(True))[-2:] == ["--child", "--public"]


def test_public_url() -> None:
    assert serve.public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"
    assert not serve.public_url("0.0.0.0", 8000).startswith("http://0.0.0.0")


def test_the_child_refuses_outside_the_web_driver(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert serve.main(["--child", "--public"]) == 2
    assert "portdeck --serve" in capsys.readouterr().err
