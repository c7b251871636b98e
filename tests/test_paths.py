"""User folders follow the XDG spec on Linux and platformdirs elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from portdeck.paths import user_dir

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are a Linux convention")


@linux
def test_xdg_variables_are_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "f"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    assert Path(user_dir("cache")) == tmp_path / "c" / "portdeck"
    assert Path(user_dir("config")) == tmp_path / "f" / "portdeck"
    assert Path(user_dir("data")) == tmp_path / "d" / "portdeck"


@linux
def test_defaults_and_relative_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/invalid")
    assert Path(user_dir("cache")) == tmp_path / ".cache" / "portdeck"
    assert Path(user_dir("data")) == tmp_path / ".local" / "share" / "portdeck"


@linux
def test_same_answer_as_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(variable, raising=False)
    assert Path(user_dir("cache")) == Path(platformdirs.user_cache_dir("portdeck", appauthor=False))
    assert Path(user_dir("config")) == Path(platformdirs.user_config_dir("portdeck", appauthor=False))
    assert Path(user_dir("data")) == Path(platformdirs.user_data_dir("portdeck", appauthor=False))
