"""Where the user's files live; environment variables override the platform folders."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_ENV = "PORTDECK_CONFIG"  # the personal ports file itself
DATA_ENV = "PORTDECK_DATA_DIR"  # the folder that holds pins.json


def config_file() -> Path:
    """The personal ports file: $PORTDECK_CONFIG, else ports.toml in the user config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from ..dirs import user_dir

    return user_dir("config") / "ports.toml"


def data_dir() -> Path:
    """The folder for pins: $PORTDECK_DATA_DIR, else the user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    from ..dirs import user_dir

    return user_dir("data")
