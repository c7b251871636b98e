"""The user's cache, config and data folders.

On Linux and the BSDs these are the XDG Base Directory folders, resolved here
directly: importing platformdirs pulls in tempfile, shutil and random (~9 ms), a
third of a one-shot lookup's budget. Elsewhere platformdirs knows the rules.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "portdeck"
_XDG = {"cache": ("XDG_CACHE_HOME", ".cache"), "config": ("XDG_CONFIG_HOME", ".config"), "data": ("XDG_DATA_HOME", ".local/share")}


def user_dir(kind: str) -> Path:
    """portdeck's folder of this kind: "cache", "config" or "data"."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "")
        # The spec: a relative value is invalid and must be ignored.
        root = Path(base) if os.path.isabs(base) else Path.home() / default
        return root / APP
    import platformdirs

    finder = {
        "cache": platformdirs.user_cache_dir,
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
    }[kind]
    return Path(finder(APP, appauthor=False))
