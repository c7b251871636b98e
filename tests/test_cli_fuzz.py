"""Whatever a user types after `portdeck`, the answer is results or a clean error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portdeck.cli import main
from portdeck.exits import EXIT_ERROR, EXIT_NO_MATCH, EXIT_OK


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    monkeypatch.setenv("PORTDECK_CACHE_DIR", str(folder / "cache"))
    monkeypatch.setenv("PORTDECK_CONFIG", str(folder / "none.toml"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.text(min_size=1, max_size=40).filter(lambda t: not t.startswith("-")), min_size=1, max_size=4
    )
)
def test_any_query_exits_cleanly(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--limit", "3", "--", *words])
    _, err = capsys.readouterr()
    assert status in (EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR)
    assert "Traceback" not in err
    if status == EXIT_ERROR:
        assert err.startswith("portdeck: ") and len(err.splitlines()) == 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(st.text(max_size=12), max_size=4))
def test_any_arguments_are_results_or_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    if not [a for a in argv if a and not a.startswith("-")] and "--listening" not in argv:
        argv = [*argv, "ssh"]  # never fall through to the interactive TUI here
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse: --help, --version, or a usage error
        assert exit_.code in (0, 2)
    else:
        assert status in (EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR)
    assert "Traceback" not in capsys.readouterr().err
