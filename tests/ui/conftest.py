"""A small hand-made catalog, so UI tests and snapshots do not move when the dataset does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.app import App

from portdeck.dataset import Catalog, PortEntry, Protocol, Source, Vocabulary
from portdeck.listening import Listener
from portdeck.typed_tuple import NamedTuple
from portdeck.ui.app import PortdeckApp, make_app
from portdeck.ui.widgets.search_input import SearchInput

TCP, UDP = Protocol.TCP, Protocol.UDP
BOTH = (TCP, UDP)

ENTRIES = (
    PortEntry(
        22,
        22,
        BOTH,
        "ssh",
        "Secure Shell (SSH)",
        description="Encrypted remote login, command execution and file transfer (scp, sftp).",
        security="Disable password logins and root login; expect constant brute-force attempts.",
        aliases=("scp", "sftp"),
        related=(2222,),
        references=("RFC 4253",),
        prominence=3,
        tags=("remote-access",),
        checks=("ssh -v HOST", "nc -vz HOST 22"),
        family="ssh",
    ),
    PortEntry(
        23,
        23,
        BOTH,
        "telnet",
        "Telnet",
        description="Unencrypted remote login.",
        security="Everything, including passwords, travels in cleartext. Use SSH instead.",
        related=(22,),
        references=("RFC 854",),
        prominence=2,
        tags=("remote-access", "cleartext"),
    ),
    PortEntry(53, 53, BOTH, "domain", "Domain Name System (DNS)", aliases=("dns",), prominence=3),
    PortEntry(
        80, 80, BOTH, "http", "World Wide Web (HTTP)", related=(443, 8080), prominence=3, tags=("web",)
    ),
    PortEntry(
        443, 443, BOTH, "https", "HTTP over TLS (HTTPS)", related=(80,), prominence=3, tags=("web", "tls")
    ),
    PortEntry(
        2222, 2222, (TCP,), "ssh-alt", "SSH on an alternate port", source=Source.UNOFFICIAL, related=(22,)
    ),
    PortEntry(3306, 3306, BOTH, "mysql", "MySQL database", prominence=3),
    PortEntry(
        5432,
        5432,
        BOTH,
        "postgresql",
        "PostgreSQL database",
        description="Default port of the PostgreSQL server.",
        security="Restrict pg_hba.conf to known networks and require TLS.",
        aliases=("postgres", "pg"),
        related=(6432,),
        prominence=3,
    ),
    PortEntry(6000, 6063, BOTH, "x11", "X Window System"),
    PortEntry(
        6432,
        6432,
        (TCP,),
        "pgbouncer",
        "PgBouncer connection pooler",
        source=Source.UNOFFICIAL,
        related=(5432,),
    ),
    PortEntry(
        8080, 8080, (TCP,), "http-alt", "HTTP alternate (proxies, dev servers)", source=Source.UNOFFICIAL
    ),
    PortEntry(51413, 51413, BOTH, "bittorrent", "BitTorrent", source=Source.UNOFFICIAL),
    PortEntry(60000, 61000, (UDP,), "mosh", "Mosh (mobile shell)", source=Source.UNOFFICIAL, related=(22,)),
)
RESERVED = ((0, 0), (1023, 1023))
VOCABULARY = Vocabulary(
    tags={
        "remote-access": ("Remote shells and desktops", ("remote",)),
        "web": ("Web servers", ()),
        "tls": ("Speaks TLS", ("ssl",)),
        "cleartext": ("Unencrypted", ()),
    },
    families={"ssh": ("SSH (Secure Shell)", ())},
)


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.of(ENTRIES, RESERVED, VOCABULARY)


def no_listeners() -> tuple[Listener, ...]:
    """A machine with nothing listening: the real sockets never leak into tests or snapshots."""
    return ()


class Notice(NamedTuple):
    """A notification the app asked Textual to show."""

    title: str
    message: str
    severity: str
    markup: bool
    timeout: float | None


def record_notices(app: App[None]) -> list[Notice]:
    """Every notification `app` shows from now on, through the public `App.notify`."""
    seen: list[Notice] = []
    show = app.notify

    def notify(
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        seen.append(Notice(title, message, severity, markup, timeout))
        show(message, title=title, severity=severity, timeout=timeout, markup=markup)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return seen


# The notifications of each app an `AppFactory` built, until the factory is closed at the end of
# its test: the registry holds the apps of the running test only, never every app of the session.
NOTICES: dict[App[None], list[Notice]] = {}


def notices(app: App[None]) -> list[Notice]:
    """What `app` (built by `app_factory`) has notified so far."""
    return NOTICES[app]


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the search box's cursor blinking, so snapshots do not depend on the clock."""
    monkeypatch.setattr(SearchInput, "CURSOR_BLINK", False)


class AppFactory:
    """Builds the app over a catalog, the way the CLI builds it over the real one.

    Keyword options go to `make_app`; the listening sockets default to none. Its
    notifications are recorded (see `notices`) until `close()`.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.built: list[PortdeckApp] = []

    def __call__(self, **options: object) -> PortdeckApp:
        options.setdefault("listeners", no_listeners)
        app = make_app(options.pop("catalog", self.catalog), **options)  # type: ignore[arg-type]
        NOTICES[app] = record_notices(app)
        self.built.append(app)
        return app

    def close(self) -> None:
        """Forget the apps built, and their notifications."""
        for app in self.built:
            NOTICES.pop(app, None)
        self.built.clear()


@pytest.fixture
def app_factory(catalog: Catalog) -> Iterator[AppFactory]:
    """Builds the app over the small catalog (see `AppFactory`); its apps are forgotten after the test."""
    factory = AppFactory(catalog)
    yield factory
    factory.close()


@pytest.fixture
def app(app_factory: AppFactory) -> PortdeckApp:
    return app_factory()
