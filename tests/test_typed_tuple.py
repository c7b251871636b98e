"""portdeck's NamedTuple behaves as typing.NamedTuple does, for everything the code relies on:
records built from cache rows, `--json` (`_asdict`), pins (`_fields`), queries (`_replace`)."""

from __future__ import annotations

import pickle
import typing

import pytest

from portdeck.dataset import PortEntry, Protocol, Source
from portdeck.search.query import Query
from portdeck.typed_tuple import NamedTuple


class Ours(NamedTuple):
    port: int
    name: str
    protocols: tuple[str, ...] = ()
    note: str | None = None

    def label(self) -> str:
        return f"{self.port}/{self.name}"


class Theirs(typing.NamedTuple):
    port: int
    name: str
    protocols: tuple[str, ...] = ()
    note: str | None = None

    def label(self) -> str:
        return f"{self.port}/{self.name}"


CALLS = [
    ((22, "ssh"), {}),
    ((22,), {"name": "ssh"}),
    ((), {"port": 53, "name": "dns", "protocols": ("udp",)}),
    ((443, "https", ("tcp",), "web"), {}),
    ((80, "http"), {"note": "plain"}),
]


@pytest.mark.parametrize(("args", "keywords"), CALLS)
def test_builds_what_typing_builds(args: tuple, keywords: dict) -> None:
    ours, theirs = Ours(*args, **keywords), Theirs(*args, **keywords)
    assert tuple(ours) == tuple(theirs)
    assert ours._asdict() == theirs._asdict()
    assert repr(ours) == repr(theirs).replace("Theirs", "Ours")
    assert ours.label() == theirs.label()
    assert ours._replace(name="x") == theirs._replace(name="x")
    assert Ours._make(theirs) == ours


@pytest.mark.parametrize(
    ("args", "keywords"),
    [
        ((), {}),
        ((22,), {}),
        ((1, "a", (), None, "extra"), {}),
        ((22, "ssh"), {"colour": "red"}),
        ((22,), {"port": 1}),
    ],
)
def test_refuses_what_typing_refuses(args: tuple, keywords: dict) -> None:
    with pytest.raises(TypeError):
        Theirs(*args, **keywords)
    with pytest.raises(TypeError):
        Ours(*args, **keywords)


def test_fields_defaults_and_attributes() -> None:
    assert Ours._fields == Theirs._fields == ("port", "name", "protocols", "note")
    assert Ours._field_defaults == Theirs._field_defaults
    record = Ours(22, "ssh")
    assert (record.port, record.name, record.protocols, record.note) == (22, "ssh", (), None)
    with pytest.raises(AttributeError):
        record.port = 23  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record.colour = "red"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="unexpected field"):
        record._replace(colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Ours._make((1, 2))


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default"):

        class Broken(NamedTuple):
            first: int = 0
            second: int  # type: ignore[misc]


def test_the_records_the_app_keeps_survive_pickling() -> None:
    # Textual's workers and the test snapshots copy records between processes and threads.
    entry = PortEntry(22, 22, (Protocol.TCP,), "ssh", "Secure Shell", Source.IANA)
    assert pickle.loads(pickle.dumps(entry)) == entry
    query = Query(text="ssh")
    assert pickle.loads(pickle.dumps(query)) == query
