"""Wall time of `portdeck --check` on loopback (whole process), against `python -c pass`.

Run: python benchmarks/bench_check.py   (needs the test extras: trustme makes the certificate)

Three servers this script starts on 127.0.0.1: one that is open and says hello (as SSH
does), a port where nothing listens (closed), and a TLS server with a test certificate
(the handshake and the certificate report). The figure is what a user waits for, start
to exit; the network part on loopback is a fraction of a millisecond.
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import trustme

sys.path.insert(0, str(Path(__file__).parent))
from _timing import Command, commands_ms


def serve(listener: socket.socket, handle: Callable[[socket.socket], None]) -> None:
    """Accept connections until the listener closes, each handled in turn."""

    def loop() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            try:
                handle(connection)
            except OSError:
                pass
            finally:
                connection.close()

    threading.Thread(target=loop, daemon=True).start()


def listening_socket() -> socket.socket:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    return listener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    banner = listening_socket()
    serve(banner, lambda connection: connection.sendall(b"SSH-2.0-bench\r\n"))

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(context)
    secure = listening_socket()

    def greet_over_tls(connection: socket.socket) -> None:
        with context.wrap_socket(connection, server_side=True) as tls:
            tls.sendall(b"hello\r\n")

    serve(secure, greet_over_tls)

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    portdeck = str(Path(sys.executable).with_name("portdeck"))
    with tempfile.TemporaryDirectory() as cache:
        env = {"PORTDECK_CACHE_DIR": cache, "PORTDECK_CONFIG": str(Path(cache) / "none.toml")}
        commands = {
            "python -c pass": Command([sys.executable, "-c", "pass"], env),
            "portdeck 22 (no check code)": Command([portdeck, "22"], env),
            "--check, open with a banner": Command(
                [portdeck, "--check", f"127.0.0.1:{banner.getsockname()[1]}"], env
            ),
            "--check, closed": Command([portdeck, "--check", f"127.0.0.1:{closed_port}"], env),
            "--check --tls, handshake + cert": Command(
                [portdeck, "--tls", "--check", f"localhost:{secure.getsockname()[1]}"], env
            ),
        }
        commands["portdeck 22 (no check code)"].run()  # fill the dataset cache
        for name, expected in (
            ("--check, open with a banner", 0),
            ("--check, closed", 1),
            ("--check --tls, handshake + cert", 0),
        ):
            status = subprocess.run(
                commands[name].argv, capture_output=True, env={**os.environ, **env}
            ).returncode
            if status != expected:
                raise SystemExit(f"{name}: exit status {status}, expected {expected}: not timing a failure")
        times = commands_ms(commands, args.repeat)
    bare = times.pop("python -c pass")
    print(f"{'python -c pass':32s} {bare:6.1f} ms  (baseline)")
    for name, took in times.items():
        print(f"{name:32s} {took:6.1f} ms  {took / bare:4.2f}x baseline")
    banner.close()
    secure.close()


if __name__ == "__main__":
    main()
