"""Where the user's files live; environment variables override the platform folders.

Plain strings, like `portdeck.dirs`: the one-shot lookup path reads the config file.
"""

from __future__ import annotations

import os

CONFIG_ENV = "PORTDECK_CONFIG"  # the personal ports file itself
DATA_ENV = "PORTDECK_DATA_DIR"  # the folder that holds pins.json


def config_file() -> str:
    """The personal ports file: $PORTDECK_CONFIG, else ports.toml in the user config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return os.path.expanduser(override)
    from ..dirs import user_dir

    return os.path.join(user_dir("config"), "ports.toml")


def data_dir() -> str:
    """The folder for pins: $PORTDECK_DATA_DIR, else the user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return os.path.expanduser(override)
    from ..dirs import user_dir

    return user_dir("data")
