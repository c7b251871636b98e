"""The README's "Ports in the wild" section shows what the
functions answer: its free ports, its diff lines and its reasons are computed here."""

from __future__ import annotations

import re

from portdeck.baseline import diff
from portdeck.dataset import Catalog, Protocol
from portdeck.expected import expectation, expected_processes
from portdeck.free_ports import suggest_free
from portdeck.listening import Listener

from .wild_helpers import root

SECTION = (
    (root() / "README.md")
    .read_text(encoding="utf-8")
    .split("## Ports in the wild", 1)[1]
    .split("\n## ", 1)[0]
)
T = Protocol.TCP


def example(command: str) -> list[str]:
    """The lines printed under `$ command` in the section, up to the next prompt or fence."""
    block = SECTION.split(f"$ {command}", 1)[1].split("\n", 1)[1]
    return re.split(r"\n(?:\$ |```)", block, maxsplit=1)[0].splitlines()


def test_the_free_example(catalog: Catalog) -> None:
    shown = example("portdeck --free 3 --range 20000-29999 --seed 42")
    picks = suggest_free(
        catalog, 3, 20000, 29999, seed="42", listening=frozenset({1}), ephemeral=(32768, 60999)
    )
    assert [int(line) for line in shown[:3]] == [p.port for p in picks]
    assert shown[3].startswith("Each is " + "; ".join(picks[0].reasons[:3]))
    json_ports = re.findall(r'"port": (\d+)', "\n".join(example("portdeck --free 2 --seed 7 --json")))
    seven = suggest_free(catalog, 2, seed="7", ephemeral=(32768, 60999))
    assert [int(p) for p in json_ports] == [p.port for p in seven]


def test_the_diff_example() -> None:
    old = [
        Listener(22, T, "0.0.0.0:22", 1, "sshd", "root"),
        Listener(5432, T, "127.0.0.1:5432", 2, "postgres", "postgres"),
        Listener(8080, T, "0.0.0.0:8080", 3, "java", "tomcat"),
    ]
    new = [
        Listener(22, T, "0.0.0.0:22", 1, "sshd", "root"),
        Listener(4444, T, "0.0.0.0:4444", 9, "python3", "bob"),
        Listener(8080, T, "0.0.0.0:8080", 10, "python3", "bob"),
    ]
    result = diff(old, new)
    assert (
        example("portdeck --listening --diff /var/lib/portdeck/baseline.json     # exit 1") == result.lines()
    )
    assert result.exit_status == 1


def test_the_expectation_examples(catalog: Catalog) -> None:
    nc = Listener(22, T, "0.0.0.0:22", 4121, "nc", "bob")
    assert f'"unexpected": "{expectation(nc, catalog.at(22))}"' in SECTION
    assert '"expected_processes": ["sshd", "dropbear"]' in SECTION
    assert list(expected_processes(nc, catalog.at(22))) == ["sshd", "dropbear"]
    python = Listener(31337, T, "0.0.0.0:31337", 4122, "python3", "bob")
    assert f'"unexpected": "{expectation(python, catalog.at(31337))}"' in SECTION
    assert expected_processes(python, catalog.at(31337)) == ()
