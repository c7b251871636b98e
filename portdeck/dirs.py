"""The user's cache, config and data folders.

On Linux and the BSDs these are the XDG Base Directory folders, resolved here
directly: importing platformdirs pulls in tempfile, shutil and random (~9 ms), a
third of a one-shot lookup's budget. Elsewhere platformdirs knows the rules.
Folders are plain strings, as platformdirs' `user_*_dir` return: pathlib costs a
one-shot lookup ~4 ms to import.
"""

from __future__ import annotations

import os
import sys

APP = "portdeck"
_XDG = {"cache": ("XDG_CACHE_HOME", ".cache"), "config": ("XDG_CONFIG_HOME", ".config"), "data": ("XDG_DATA_HOME", ".local/share")}


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
