"""Real listeners for the "ports in the wild" tests: sockets of this process and child
programs with chosen names, on 127.0.0.1 only."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator

import pytest

from portdeck.dataset import Catalog, load_catalog

from .wild_helpers import Child, StartChild

# The child binds the first port it can among those it is given (0: any), listens, says
# which, then waits to be killed. SO_REUSEADDR lets a second child take a port a first one
# just left.
CHILD = """\
import socket, sys, time
kind = socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM
for port in map(int, sys.argv[2:]):
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    if kind == socket.SOCK_STREAM:
        s.listen()
    print(s.getsockname()[1], flush=True)
    time.sleep(120)
    break
else:
    print("none", flush=True)
"""


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(use_cache=False)


@pytest.fixture
def start_child(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartChild]:
    """Starts a Python child whose program name (as ps shows it) is `name`, listening on
    127.0.0.1 on the first free port among `ports`; skips the test when none is free."""
    started: list[Child] = []

    def start(name: str, ports: Iterable[int] = (0,), protocol: str = "tcp") -> Child:
        folder = tmp_path_factory.mktemp("programs")
        program = folder / name
        program.symlink_to(sys.executable)
        process = subprocess.Popen(
            [str(program), "-c", CHILD, protocol, *map(str, ports)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        answer = process.stdout.readline().strip()
        if not answer.isdigit():
            process.kill()
            process.wait()
            pytest.skip(f"no free port for {name} among the candidates")
        child = Child(int(answer), process.pid, name, process)
        started.append(child)
        return child

    yield start
    for child in started:
        child.stop()
