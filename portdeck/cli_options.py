"""What the command line asks for: `Options`, read from the arguments.

Split from cli.py so the command's flow reads apart from its option syntax.
"""

from __future__ import annotations

import sys

from . import __version__
from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

DEFAULT_LIMIT = 20
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")
RANGES = ("well-known", "registered", "dynamic")
EXAMPLES = """\
examples:
  portdeck                       open the interactive cheat sheet
  portdeck 5432                  what runs on port 5432?
  portdeck postgress             names are typo-tolerant
  portdeck ldaps                 which port does LDAPS use?
  portdeck 8000-8100             every entry in a range
  portdeck udp 53                only UDP (also: udp:53, --protocol udp)
  portdeck --tag database        every entry with a tag (also: tag:database in a query)
  portdeck 443 --host example.org    the commands that check it, written for that host
  portdeck redis --json          JSON for scripts (one object per entry)
  portdeck ssh --limit 0         every match, not just the first 20
  portdeck --listening --exposed     what listens here on every interface, and is risky
  portdeck --check example.org:443   is it open there, and what answers (one port)
  portdeck --serve               the app in a browser tab, http://127.0.0.1:8000
  portdeck --free 3              three ports that are safe to pick for a new service
  nmap -oX - 10.0.0.0/24 | portdeck --explain --fail-on malware   what a scan found
  portdeck --listening --save base.json    then --diff base.json: what changed since
  portdeck --baseline base.json  the app, its Listening tab marking what is new since

your own ports: ~/.config/portdeck/ports.toml (or $PORTDECK_CONFIG, or --config PATH),
same format as the built-in data; its entries are marked "local".

exit status: 0 with results, 1 when nothing matches, 2 for usage or data errors.
"""


class Options:
    """What the command line asks for. The defaults live here; argparse fills in the rest."""

    def __init__(self, query: Sequence[str] = ()) -> None:
        self.query: list[str] = list(query)
        self.json = False
        self.limit = DEFAULT_LIMIT
        self.protocol: str | None = None
        self.range_class: str | None = None
        self.tag: str | None = None
        self.host: str | None = None
        self.data: str | None = None
        self.config: str | None = None
        self.listening = False
        self.exposed = False
        self.check: str | None = None
        self.timeout = 3.0
        self.tls = False
        self.http = False
        self.free: int | None = None
        self.conflicts = False
        self.serve = False
        self.bind: str | None = None
        self.port: int | None = None
        self.public = False
        self.explain: list[str] | None = None
        self.fail_on: str | None = None
        self.seed: str | None = None
        self.save: str | None = None
        self.diff: str | None = None
        self.baseline: str | None = None

    @property
    def filters(self) -> bool:
        """Whether the options narrow the entries without a query (`-r dynamic`, `--tag ics`)."""
        return bool(self.protocol or self.range_class or self.tag)


def parse_options(arguments: Sequence[str]) -> Options:
    """The options in `arguments`; exits with status 2 and a usage line on a mistake."""
    options = _read_common(arguments)
    return options if options is not None else read_with_argparse(arguments)


def read_with_argparse(arguments: Sequence[str]) -> Options:
    """The options as argparse reads them (it exits with status 2 on a mistake)."""
    options = Options()
    vars(options).update(vars(build_parser().parse_intermixed_args(arguments)))
    return options


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 600:
        raise ValueError("must be more than 0 and at most 600")
    return value


def _range(text: str) -> str:
    """An IANA range's name (well-known, registered, dynamic) or a span of ports LO-HI."""
    if text in RANGES:
        return text
    low, dash, high = text.partition("-")
    digits = low.isascii() and low.isdigit() and high.isascii() and high.isdigit()
    if dash and digits and int(low) <= int(high) <= 65535:
        return text
    raise ValueError(f"{text!r} is not one of {', '.join(RANGES)} nor a span such as 20000-30000")


def _choice(text: str, choices: Sequence[str]) -> str:
    if text not in choices:
        raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
    return text


# The options of everyday lookups, read without argparse: importing it and building the
# parser (its help formatter pulls in shutil, gettext and locale) costs a one-shot lookup
# ~5 ms of its ~35. Anything else (help, --version, an abbreviation, a bad value) goes to
# argparse, which says what is wrong; a test holds both readings equal.
_SWITCHES = {
    "--json": "json",
    "--listening": "listening",
    "--exposed": "exposed",
    "--tls": "tls",
    "--http": "http",
    "--conflicts": "conflicts",
}
_VALUES: dict[str, tuple[str, Callable[[str], object]]] = {
    "-n": ("limit", _non_negative),
    "--limit": ("limit", _non_negative),
    "-p": ("protocol", lambda text: _choice(text, PROTOCOLS)),
    "--protocol": ("protocol", lambda text: _choice(text, PROTOCOLS)),
    "-r": ("range_class", _range),
    "--range": ("range_class", _range),
    "-t": ("tag", str),
    "--tag": ("tag", str),
    "--host": ("host", str),
    "--data": ("data", str),
    "--config": ("config", str),
    "--check": ("check", str),
    "--timeout": ("timeout", _seconds),
}


def _read_common(arguments: Sequence[str]) -> Options | None:
    """`arguments` read as argparse would, or None when they need argparse itself."""
    options = Options()
    rest = iter(arguments)
    for argument in rest:
        if not argument.startswith("-") or argument == "-":
            options.query.append(argument)
            continue
        name, equals, value = argument.partition("=")
        if name in _SWITCHES and not equals:
            setattr(options, _SWITCHES[name], True)
            continue
        if name not in _VALUES or (equals and not name.startswith("--")):
            return None
        if not equals:
            following = next(rest, None)
            if following is None or following.startswith("-"):
                return None  # argparse decides what a value starting with "-" is
            value = following
        key, convert = _VALUES[name]
        try:
            setattr(options, key, convert(value))
        except ValueError:
            return None
    return options


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="portdeck",
        description="A port-number reference: search IANA's registry and the ports people actually meet.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "query", nargs="*", help="a port, a range (8000-8100), a protocol or a name; none opens the TUI"
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: an array of entries (one object for --check)"
    )
    parser.add_argument(
        "-n",
        "--limit",
        type=_for_argparse(_non_negative),
        metavar="N",
        help=f"show at most N matches (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.add_argument("-p", "--protocol", choices=PROTOCOLS, help="only entries on this protocol")
    parser.add_argument(
        "-r",
        "--range",
        type=_for_argparse(_range),
        dest="range_class",
        metavar="RANGE",
        help="only ports in this IANA range (well-known, registered, dynamic) or span (20000-30000)",
    )
    parser.add_argument(
        "-t", "--tag", metavar="TAG", help="only entries with this tag (database, ics, vpn …)"
    )
    parser.add_argument("--host", metavar="NAME", help="write the check commands of an entry for this host")
    parser.add_argument(
        "--data", metavar="PATH", help="use another dataset file (same format as data/ports.toml)"
    )
    parser.add_argument("--config", metavar="PATH", help="your own ports file (default: see below)")
    parser.add_argument("--listening", action="store_true", help="list the ports listening on this machine")
    parser.add_argument(
        "--exposed",
        action="store_true",
        help="with --listening: only sockets open on every interface whose service has a security note",
    )
    parser.add_argument(
        "--check", metavar="HOST:PORT", help="check one port on a host ([::1]:22, HOST:53/udp)"
    )
    parser.add_argument(
        "--timeout",
        type=_for_argparse(_seconds),
        metavar="SECONDS",
        help="with --check: how long to wait (default 3)",
    )
    parser.add_argument(
        "--tls", action="store_true", help="with --check: do a TLS handshake whatever the port"
    )
    parser.add_argument("--http", action="store_true", help="with --check: ask for HEAD / whatever the port")
    parser.add_argument(
        "--free",
        nargs="?",
        const=5,
        type=_for_argparse(_non_negative),
        metavar="N",
        help="suggest N ports (default 5) that are safe to use for a new service (with --range, --seed)",
    )
    parser.add_argument(
        "--explain",
        nargs="*",
        metavar="FILE",
        help="explain every port in the output of nmap, masscan, ss, netstat, lsof, docker, compose, "
        "Kubernetes or a firewall log (standard input when no FILE, or -)",
    )
    parser.add_argument(
        "--fail-on",
        metavar="FLAGS",
        help="with --explain: exit 1 when a port has one of these flags (security,malware,offensive,exposed,unknown)",
    )
    parser.add_argument(
        "--conflicts",
        action="store_true",
        help="check every loaded ports file: two services on one port, a known port taken, "
        "a web service on a port browsers refuse, a service in the ephemeral range (exit 1 if any)",
    )
    parser.add_argument(
        "--serve", action="store_true", help="run the app in a browser tab (pip install 'portdeck[web]')"
    )
    parser.add_argument(
        "--bind",
        metavar="ADDR",
        help="with --serve: the address (default 127.0.0.1; any other needs --public)",
    )
    parser.add_argument(
        "--port", type=_for_argparse(_non_negative), metavar="N", help="with --serve: the port (default 8000)"
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help="with --serve: a reference for visitors: no live check, no Listening tab, pins kept per visit",
    )
    parser.add_argument("--seed", metavar="TEXT", help="with --free: the same seed gives the same picks")
    parser.add_argument(
        "--save", metavar="FILE", help="with --listening: save what listens now as a baseline"
    )
    parser.add_argument(
        "--diff",
        metavar="FILE",
        help="with --listening: what appeared or went away since a baseline (exit 1 if any appeared)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="open the app with its Listening tab marking the sockets new since a baseline (--save)",
    )
    parser.add_argument(
        "-V",
        "--version",
        action=_version_action(),
        nargs=0,
        default=argparse.SUPPRESS,  # no `version` attribute: Options has none
        help="show the version and exit",
    )
    # One set of defaults, with or without argparse (the positional words excepted:
    # parse_intermixed_args warns when their default is set this way).
    parser.set_defaults(**{k: v for k, v in vars(Options()).items() if k != "query"})
    return parser


def _version_action() -> type[argparse.Action]:
    import argparse

    class VersionAction(argparse.Action):
        """--version, built only when asked: importlib.metadata alone costs ~25 ms at start."""

        def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
            print(_version_text())
            parser.exit()

    return VersionAction


def _for_argparse(convert: Callable[[str], object]) -> Callable[[str], object]:
    """`convert` with its message in argparse's usage line (a plain ValueError would lose it)."""
    import argparse

    def checked(text: str) -> object:
        try:
            return convert(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    checked.__name__ = convert.__name__
    return checked


def _version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "not installed"
    return f"portdeck {__version__} (Textual {textual}, Python {sys.version.split()[0]})"
