"""Is the program listening on a port the one that normally serves it? (`--listening`'s
`expected_processes` and `unexpected`, the Listening tab's mark.)

The entries' `processes` (see data/curated/README.md) name the executables that normally
serve a port, as `ps` and `ss -p` show them. A socket is flagged when:

- its process is the one an offensive tool or a piece of malware on that port runs as
  ("sliver-server on 31337 is …");
- its port is, first of all, a default of offensive tools or malware, and no other
  entry on the port names its process ("python3 on 31337, a default port of offensive
  tools …");
- the port's most prominent entries (everyday or common ones) all name their software,
  and none of the port's entries names this process ("nc on 22, where sshd or dropbear
  is expected").

Never an alarm: a process the OS hides (another user's), a port no entry names a program
for, a port your own ports file explains, and the wrappers whose name says nothing of
the software behind them: container port forwarders (docker-proxy, containerd-shim*,
rootlessport …), socket activation (systemd, launchd, inetd), and `java` for JVM
servers (Kafka, Tomcat and Jenkins all show as `java`) except on a port of offensive tools;
and a general web server or reverse proxy (nginx, caddy, haproxy …) on a web port.

Pure functions over a `Listener` and the entries of its port; no Textual, no psutil.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .dataset import PortEntry, Source
from .dataset.entry_order import BROAD_RANGE
from .dataset.model import COMMON
from .listening import Listener
from .safe_text import printable

THREAT_TAGS = ("offensive", "malware")

# Programs that listen on behalf of the software that really serves the port: their name
# says nothing of it, so it is never compared with the port's expected programs.
WRAPPERS = {
    "docker-proxy": "Docker's forwarder for a container's published port",
    "containerd-shim": "a container's runtime shim (containerd)",
    "rootlessport": "rootless Podman's port forwarder",
    "rootlesskit": "rootless Docker's port forwarder",
    "slirp4netns": "a rootless container's network",
    "pasta": "a rootless container's network (passt)",
    "passt": "a rootless container's network (passt)",
    "com.docker.backend": "Docker Desktop's forwarder for a container's published port",
    "vpnkit": "Docker Desktop's forwarder for a container's published port",
    "kube-proxy": "Kubernetes' holder of a Service's node port",
    "systemd": "systemd socket activation: the service starts on the first connection",
    "systemd-socket-proxyd": "systemd's socket-activated proxy to a service",
    "launchd": "launchd socket activation: the service starts on the first connection",
    "inetd": "inetd, which starts the service on each connection",
    "xinetd": "xinetd, which starts the service on each connection",
}
# General web servers and reverse proxies: any of them is at home on a web port (80, 443,
# 8080 …), whichever the entry happens to name.
WEB_SERVERS = frozenset(
    {"nginx", "apache2", "httpd", "caddy", "traefik", "haproxy", "envoy", "lighttpd", "h2o"}
    | {"openresty", "varnishd", "hitch", "angie", "freenginx", "tengine", "apache", "nginx-proxy"}
)
# JVM launchers: every JVM server (Kafka, Tomcat, Elasticsearch, Jenkins …) shows as one of them.
JVM = frozenset({"java", "javaw", "jsvc"})
# Linux keeps 15 characters of a program's name (TASK_COMM_LEN), macOS 16 (MAXCOMLEN);
# psutil usually restores the rest from the command line, but not always.
_TRUNCATED = (15, 16)
_VERSION = re.compile(r"(?<=[a-z_+-])[0-9]+(?:\.[0-9]+)*$")


def program_key(name: str) -> str:
    """A program's name as compared: the file name without folder or `.exe`, lower case,
    without a trailing version (python3.12, python3 and python are all `python`;
    php-fpm8.2 is `php-fpm`)."""
    base = name.strip().replace("\\", "/").rpartition("/")[2].casefold()
    base = base.removesuffix(".exe")
    return _VERSION.sub("", base) or base


def same_program(seen: str, expected: str) -> bool:
    """Whether the process name the OS shows is the program an entry names."""
    if program_key(seen) == program_key(expected):
        return True
    shown, named = seen.strip().casefold(), expected.strip().casefold()
    if len(shown) in _TRUNCATED and named.startswith(shown):
        return True
    return len(named) in _TRUNCATED and shown.startswith(named)  # the entry wrote the short name


def wrapper(name: str) -> str | None:
    """What a wrapper is (docker-proxy: "Docker's forwarder for …"), or None for other programs."""
    key = program_key(name)
    if key.startswith("containerd-shim"):
        key = "containerd-shim"
    found = WRAPPERS.get(key)
    if found is None:
        found = next((what for known, what in WRAPPERS.items() if same_program(name, known)), None)
    return found


def is_jvm(name: str) -> bool:
    return program_key(name) in JVM


def expected_processes(listener: Listener, entries: Iterable[PortEntry]) -> tuple[str, ...]:
    """The programs that normally serve this socket's port and protocol, most prominent entry
    first; never those of offensive tools and malware. Empty when no entry names any."""
    found = dict.fromkeys(
        process
        for entry in _candidates(listener, entries)
        if not _is_threat(entry)
        for process in entry.processes
    )
    return tuple(found)


def expectation(listener: Listener, entries: Iterable[PortEntry]) -> str | None:
    """None when the socket's program is expected on its port (or nothing can be said);
    otherwise why it is a surprise, one line, safe to print.

    `entries`: the entries of the listener's port (`catalog.at(listener.port)`); entries
    that do not cover the port or its protocol, and broad ranges, are left out here.
    """
    name = listener.process
    if not name:
        return None  # the OS hides another user's process: nothing to compare
    candidates = _candidates(listener, entries)
    threats = [e for e in candidates if _is_threat(e)]
    others = [e for e in candidates if not _is_threat(e)]
    if any(_serves(entry, name) for entry in others):
        return None
    label, port = printable(name), listener.port
    tool = next((e for e in threats if _serves(e, name)), None)
    if tool is not None:
        return f"{label} on {port} is {printable(tool.title)} ({_kinds([tool])})"
    if wrapper(name) is not None:
        return None
    if any(e.source is Source.LOCAL and not e.processes for e in others):
        return None  # your own file says what this port is for
    threat_top = max((e.prominence for e in threats), default=-1)
    other_top = max((e.prominence for e in others), default=-1)
    if threats and threat_top >= other_top:
        titles = _listed([printable(e.title) for e in threats], "and")
        reason = f"{label} on {port}, a default port of {_kinds(threats)}: {titles}"
        usual = expected_processes(listener, others)
        return f"{reason}; expected here: {_listed(usual, 'or')}" if usual else reason
    if is_jvm(name):
        return None
    if program_key(name) in WEB_SERVERS and any("web" in e.tags for e in others):
        return None
    prominent = [e for e in others if e.prominence == other_top]
    if other_top >= COMMON and all(e.processes for e in prominent):
        usual = tuple(dict.fromkeys(p for e in prominent for p in e.processes))
        return f"{label} on {port}, where {_listed(usual, 'or')} is expected"
    return None


def _candidates(listener: Listener, entries: Iterable[PortEntry]) -> list[PortEntry]:
    """The entries that say what this very socket is: they cover its port and run on its
    protocol; not a broad range (an OS's whole ephemeral range), not a made-up row."""
    return [
        e
        for e in entries
        if e.covers(listener.port)
        and e.end - e.port < BROAD_RANGE
        and e.source is not Source.UNKNOWN
        and (not e.protocols or listener.protocol in e.protocols)
    ]


def _is_threat(entry: PortEntry) -> bool:
    return any(tag in entry.tags for tag in THREAT_TAGS)


def _serves(entry: PortEntry, name: str) -> bool:
    return any(same_program(name, process) for process in entry.processes)


def _kinds(threats: Sequence[PortEntry]) -> str:
    offensive = any("offensive" in e.tags for e in threats)
    malware = any("malware" in e.tags for e in threats)
    if len(threats) == 1:
        return "an offensive tool" if offensive else "malware"
    if offensive and malware:
        return "offensive tools and malware"
    return "offensive tools" if offensive else "malware"


def _listed(names: Sequence[str], word: str, most: int = 4) -> str:
    """`a`, `a or b`, `a, b or c`; past `most`, the first ones and "…"."""
    shown = [printable(name) for name in names[:most]]
    if len(names) > most:
        return f"{', '.join(shown)} {word} …"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} {word} {shown[-1]}"
