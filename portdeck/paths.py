"""Where portdeck keeps and finds the user's files, and the environment variables that move them.

The one home of every folder and variable: the dataset cache, the personal ports
file, and the data folder (pins, settings). On Linux and the BSDs the folders are
the XDG Base Directory ones, resolved here directly: importing platformdirs pulls in
tempfile, shutil and random (~9 ms), a third of a one-shot lookup's budget.
Elsewhere platformdirs knows the rules. Folders are plain strings, as platformdirs'
`user_*_dir` return: pathlib costs a one-shot lookup ~4 ms to import.
"""

from __future__ import annotations

import os
import sys

APP = "portdeck"
CACHE_ENV = "PORTDECK_CACHE_DIR"  # the folder of the parsed-dataset cache
NO_CACHE_ENV = "PORTDECK_NO_CACHE"  # set: parse the dataset every time
CONFIG_ENV = "PORTDECK_CONFIG"  # the personal ports file itself
DATA_ENV = "PORTDECK_DATA_DIR"  # the folder that holds pins.json and settings.json
_XDG = {
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "data": ("XDG_DATA_HOME", ".local/share"),
}


def user_dir(kind: str) -> str:
    """portdeck's folder of this kind: "cache", "config" or "data"."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "")
        # The spec: a relative value is invalid and must be ignored.
        root = base if os.path.isabs(base) else os.path.join(os.path.expanduser("~"), default)
        return os.path.join(root, APP)
    import platformdirs

    finder = {
        "cache": platformdirs.user_cache_dir,
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
    }[kind]
    return finder(APP, appauthor=False)


def cache_dir() -> str:
    """Where parsed datasets are cached: $PORTDECK_CACHE_DIR or the user cache folder."""
    return os.environ.get(CACHE_ENV) or user_dir("cache")


def cache_enabled() -> bool:
    return not os.environ.get(NO_CACHE_ENV)


def config_file() -> str:
    """The personal ports file: $PORTDECK_CONFIG, else ports.toml in the user config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return os.path.expanduser(override)
    return os.path.join(user_dir("config"), "ports.toml")


def data_dir() -> str:
    """The folder for pins and settings: $PORTDECK_DATA_DIR, else the user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return os.path.expanduser(override)
    return user_dir("data")
