"""`portdeck --serve`: the same app in a browser tab, through Textualize's textual-serve.

Two processes take part. The server (`run_serve`) is textual-serve's web server: it
sends the page, and for every browser tab that connects it starts one child process,
the app, whose screen it relays over a WebSocket. The child is not the `portdeck`
command: it is this module run as `python -m portdeck.serve --child [--public]`, so the
CLI's no-terminal guard (a pipe or a cron job needs a query) stays as it is, and the
only way to get a public app is the `--public` the server itself writes into the child's
command line; nothing a visitor sends reaches that command line.

`--public` (required for any address but loopback) serves a reference, nothing more:
no live check, no Listening tab (this machine's sockets and processes stay unread), and
pins and the theme kept in memory for the visit (`PortdeckApp(public=True)`).

Only `portdeck --serve` imports this module: nothing on the lookup path does, and
textual-serve (aiohttp) is imported only once the server starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual_serve.server import Server

EXIT_OK, EXIT_ERROR = 0, 2
DEFAULT_BIND, DEFAULT_PORT = "127.0.0.1", 8000
# textual-serve starts each child with this variable naming Textual's web driver.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
MISSING = "--serve needs textual-serve, which is not installed: pip install 'portdeck[web]'"


def _fail(message: str) -> int:
    print(f"portdeck: {message}", file=sys.stderr)
    return EXIT_ERROR


def is_loopback(bind: str) -> bool:
    """Whether only this machine can reach the address: 127.0.0.0/8, ::1 or `localhost`."""
    import ipaddress

    if bind.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def public_url(bind: str, port: int) -> str:
    """The address the page tells the browser to connect its WebSocket to.

    textual-serve writes absolute URLs into the page: `0.0.0.0` or `::` would send
    every visitor's browser to its own machine, so a wildcard address names this
    host instead (its fully qualified name, else its host name)."""
    import ipaddress
    import socket

    host = bind.strip("[]")
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and address.is_unspecified:
        host = socket.getfqdn()
        if host == "localhost" or host.startswith("localhost."):  # /etc/hosts maps the name to 127.0.0.1
            host = socket.gethostname()
    elif address is not None and address.version == 6:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def child_command(public: bool) -> str:
    """The shell command textual-serve runs for each browser tab (it runs it through a shell)."""
    import shlex

    return shlex.join([sys.executable, "-m", "portdeck.serve", "--child", *(["--public"] if public else [])])


def run_serve(bind: str = DEFAULT_BIND, port: int = DEFAULT_PORT, public: bool = False) -> int:
    """Serve the app on http://BIND:PORT until Ctrl+C or SIGTERM; the exit status.

    Any address but loopback needs `public`: the app served there is a reference only."""
    if not public and not is_loopback(bind):
        return _fail(
            f"--bind {bind} lets other machines in: add --public to serve them a reference "
            "(no live check, no Listening tab, pins kept for the visit only)"
        )
    if not 1 <= port <= 65535:
        return _fail(f"--port {port}: a port is 1 to 65535")
    try:
        server_class = _server_class()
    except ImportError:
        return _fail(MISSING)
    server = server_class(
        child_command(public),
        host=bind.strip("[]"),
        port=port,
        title="portdeck (public)" if public else "portdeck",
        public_url=public_url(bind, port),
    )
    try:
        server.serve()
    except OSError as error:  # the port is taken, or the address is not this machine's
        return _fail(f"cannot serve on {bind}:{port}: {error.strerror or error}")
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _server_class() -> type[Server]:
    """textual-serve's server, ending the open tabs' apps as it stops.

    Left alone, Ctrl+C or SIGTERM with a tab open waited aiohttp's 60 s shutdown timeout
    for that tab's WebSocket to close; here the shutdown cancels each tab's handler, which
    closes its WebSocket and stops its app process (textual-serve's own clean-up path)."""
    import asyncio

    from aiohttp import web
    from textual_serve.server import Server

    class PortdeckServer(Server):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._tabs: set[asyncio.Task[Any]] = set()

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            if task is not None:
                self._tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self._tabs.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            for task in list(self._tabs):
                task.cancel()
            await super().on_shutdown(app)

    return PortdeckServer


def run_child(public: bool) -> int:
    """The app itself, for one browser tab: what textual-serve runs (see `child_command`)."""
    if os.environ.get("TEXTUAL_DRIVER") != WEB_DRIVER:
        return _fail("this is the browser side of `portdeck --serve`: run portdeck --serve")
    from .cache_files import trust_signed_only
    from .dataset import DatasetError, load_catalog
    from .paths import config_file
    from .ui.app import make_app
    from .userdata.team import with_team

    trust_signed_only()  # as the terminal app: it shows cached text as it is, only signed caches
    try:
        catalog = load_catalog()
    except DatasetError as error:
        return _fail(str(error))
    # The operator's own ports are part of the reference they serve; a broken file's warning
    # names a path on the server, which a visitor of the public app is not shown.
    # As `portdeck` loads them for its app (cli.py: with_own_ports, then run_interactive).
    catalog, origins, warnings = with_team(catalog, config_file())
    if public:
        for warning in warnings:
            print(f"portdeck: warning: {warning}", file=sys.stderr)
        warnings = []
    app = make_app(catalog, warnings=warnings, public=public, origins=origins)
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m portdeck.serve`: `--child [--public]` is the app textual-serve starts; else
    `[--bind ADDR] [--port N] [--public]` serves, as `portdeck --serve` does."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m portdeck.serve")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bind", default=DEFAULT_BIND)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--public", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        return run_child(args.public)
    return run_serve(args.bind, args.port, args.public)


if __name__ == "__main__":
    sys.exit(main())
