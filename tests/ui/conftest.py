"""A small hand-made catalog, so UI tests and snapshots do not move when the dataset does."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from portdeck.dataset import Catalog, PortEntry, Protocol, Source
from portdeck.listening import Listener
from portdeck.ui.app import PortdeckApp, make_app

TCP, UDP = Protocol.TCP, Protocol.UDP
BOTH = (TCP, UDP)

ENTRIES = (
    PortEntry(
        22, 22, BOTH, "ssh", "Secure Shell (SSH)",
        description="Encrypted remote login, command execution and file transfer (scp, sftp).",
        security="Disable password logins and root login; expect constant brute-force attempts.",
        aliases=("scp", "sftp"), related=(2222,), references=("RFC 4253",),
    ),
    PortEntry(
        23, 23, BOTH, "telnet", "Telnet",
        description="Unencrypted remote login.",
        security="Everything, including passwords, travels in cleartext. Use SSH instead.",
        related=(22,), references=("RFC 854",),
    ),
    PortEntry(53, 53, BOTH, "domain", "Domain Name System (DNS)", aliases=("dns",)),
    PortEntry(80, 80, BOTH, "http", "World Wide Web (HTTP)", related=(443, 8080)),
    PortEntry(443, 443, BOTH, "https", "HTTP over TLS (HTTPS)", related=(80,)),
    PortEntry(2222, 2222, (TCP,), "ssh-alt", "SSH on an alternate port", source=Source.UNOFFICIAL, related=(22,)),
    PortEntry(3306, 3306, BOTH, "mysql", "MySQL database"),
    PortEntry(
        5432, 5432, BOTH, "postgresql", "PostgreSQL database",
        description="Default port of the PostgreSQL server.",
        security="Restrict pg_hba.conf to known networks and require TLS.",
        aliases=("postgres", "pg"), related=(6432,),
    ),
    PortEntry(6000, 6063, BOTH, "x11", "X Window System"),
    PortEntry(6432, 6432, (TCP,), "pgbouncer", "PgBouncer connection pooler", source=Source.UNOFFICIAL, related=(5432,)),
    PortEntry(8080, 8080, (TCP,), "http-alt", "HTTP alternate (proxies, dev servers)", source=Source.UNOFFICIAL),
    PortEntry(51413, 51413, BOTH, "bittorrent", "BitTorrent", source=Source.UNOFFICIAL),
    PortEntry(60000, 61000, (UDP,), "mosh", "Mosh (mobile shell)", source=Source.UNOFFICIAL, related=(22,)),
)
RESERVED = ((0, 0), (1023, 1023))


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.of(ENTRIES, RESERVED)


def no_listeners() -> tuple[Listener, ...]:
    """A machine with nothing listening: the real sockets never leak into tests or snapshots."""
    return ()


@pytest.fixture
def app_factory(catalog: Catalog) -> Callable[..., PortdeckApp]:
    """Builds the app over the small catalog, the way the CLI builds it over the real one.

    Keyword options go to `make_app`; the listening sockets default to none.
    """

    def factory(**options: object) -> PortdeckApp:
        options.setdefault("listeners", no_listeners)
        return make_app(catalog, **options)

    return factory


@pytest.fixture
def app(app_factory: Callable[[], PortdeckApp]) -> PortdeckApp:
    return app_factory()
