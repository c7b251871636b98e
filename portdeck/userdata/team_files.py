"""Where the ports files of a user and a team are: `PORTDECK_PATH`'s files and folders, the
config folder's `ports.d/`, the personal file, and the nearest `.portdeck.toml` (team.py
says in what order they merge, and why a project file of another user is skipped)."""

from __future__ import annotations

import os

from ..paths import CONFIG_ENV, user_dir
from ..typed_tuple import NamedTuple

PATH_ENV = "PORTDECK_PATH"
PROJECT_FILE = ".portdeck.toml"
PORTS_D = "ports.d"
# What each kind of file is called in an origin ("team: payments.toml:12"), in merge order.
TEAM, SHARED, PERSONAL, PROJECT = "team", "ports.d", "personal", "project"
KINDS = (TEAM, SHARED, PERSONAL, PROJECT)


class PortsFile(NamedTuple):
    """A file that was found: its kind, path, and how many entries it gave (None: skipped)."""

    kind: str
    path: str
    entries: int | None
    problem: str = ""  # why it was skipped: "FILE[:LINE]: …"

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {"kind": self.kind, "path": self.path, "entries": self.entries}
        if self.problem:
            found["problem"] = self.problem
        return found


def config_folder() -> str:
    """The folder that holds ports.d: the personal file's folder when $PORTDECK_CONFIG names
    it, else the user config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return os.path.dirname(os.path.abspath(os.path.expanduser(override)))
    return user_dir("config")


def _tomls(folder: str) -> list[str]:
    """The `*.toml` files of a folder by name, as the shell's `*` finds them (no hidden ones)."""
    names = sorted(name for name in os.listdir(folder) if name.endswith(".toml") and not name.startswith("."))
    return [os.path.join(folder, name) for name in names]


def project_file(start: str | None = None, home: str | None = None) -> str | None:
    """The nearest `.portdeck.toml` from `start` (the current folder) up: up to `home` (the
    user's home) when `start` is inside it, else up to the filesystem root."""
    try:
        folder = os.path.abspath(start if start is not None else os.getcwd())
    except OSError:  # the current folder was removed
        return None
    top = os.path.realpath(home if home is not None else os.path.expanduser("~"))
    inside_home = folder == top or folder.startswith(top.rstrip(os.sep) + os.sep)
    while True:
        candidate = os.path.join(folder, PROJECT_FILE)
        if os.path.lexists(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder or (inside_home and folder == top):
            return None
        folder = parent


class FoundFile(NamedTuple):
    """A file to merge: its kind, its path as named, and its stat (the cache's stamp)."""

    kind: str
    path: str
    info: os.stat_result


def find_files(
    personal: str | None,
    *,
    environ: dict[str, str] | None = None,
    cwd: str | None = None,
    home: str | None = None,
) -> tuple[list[FoundFile], list[PortsFile], list[str]]:
    """The files to merge in order, with their stat; the files skipped and why; warnings.

    A missing personal or project file is normal; a missing `PORTDECK_PATH` element or an
    unreadable one is a warning (a typo there would otherwise hide a team's whole plan).
    """
    env = os.environ if environ is None else environ
    named: list[tuple[str, str, bool]] = []  # kind, path, whether its absence is worth a word
    warnings: list[str] = []
    skipped: list[PortsFile] = []
    for element in env.get(PATH_ENV, "").split(os.pathsep):
        if not element:
            continue
        place = os.path.expanduser(element)
        if os.path.isdir(place):
            try:
                named += [(TEAM, path, True) for path in _tomls(place)]
            except OSError as error:
                warnings.append(f"{place}: cannot list the folder: {error.strerror or error} ({PATH_ENV})")
        else:
            named.append((TEAM, place, True))
    shared = os.path.join(config_folder(), PORTS_D)
    if os.path.isdir(shared):
        try:
            named += [(SHARED, path, True) for path in _tomls(shared)]
        except OSError as error:
            warnings.append(f"{shared}: cannot list the folder: {error.strerror or error}")
    if personal:
        named.append((PERSONAL, personal, False))
    project = project_file(cwd, home)
    if project is not None:
        named.append((PROJECT, project, False))

    found: list[FoundFile] = []
    seen: set[tuple[int, int]] = set()
    for kind, path, missing_matters in named:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if missing_matters:
                warnings.append(f"{path}: no such file or folder ({PATH_ENV})")
                skipped.append(PortsFile(kind, path, None, f"{path}: no such file or folder"))
            continue
        except OSError as error:
            problem = f"{path}: cannot read the file: {error.strerror or error}"
            warnings.append(f"{problem} (this ports file was skipped; the others loaded)")
            skipped.append(PortsFile(kind, path, None, problem))
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # named twice: read where it first appears
        seen.add((info.st_dev, info.st_ino))
        if kind == PROJECT and not _trusted_owner(info):
            problem = f"{path}: owned by another user: not read (anyone could have put it above your project)"
            warnings.append(problem)
            skipped.append(PortsFile(kind, path, None, problem))
            continue
        found.append(FoundFile(kind, path, info))
    return found, skipped, warnings


def _trusted_owner(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid in (getuid(), 0)
