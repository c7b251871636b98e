"""Helpers for the "ports in the wild" tests: find a process's listener, bind a socket here."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from portdeck.dataset import Protocol
from portdeck.listening import Listener, local_listeners


class Child(NamedTuple):
    port: int
    pid: int
    name: str
    process: subprocess.Popen[str]

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


StartChild = Callable[..., Child]


def listener_of(pid: int, port: int, protocol: Protocol = Protocol.TCP) -> Listener:
    """The listener a process holds, as portdeck reads it from the OS (a few tries: the
    OS may list a socket a moment after bind)."""
    for _ in range(50):
        found = [s for s in local_listeners() if s.port == port and s.pid == pid and s.protocol is protocol]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"pid {pid} is not seen listening on {port}")


def bind_here(port: int, kind: int = socket.SOCK_STREAM) -> socket.socket | None:
    """A socket of this test process on 127.0.0.1:port, or None when the port is taken."""
    sock = socket.socket(socket.AF_INET, kind)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        return None
    if kind == socket.SOCK_STREAM:
        sock.listen()
    return sock


def root() -> Path:
    return Path(__file__).resolve().parents[2]
