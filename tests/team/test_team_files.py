"""Several ports files merged in the documented order, each entry knowing its file and line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from portdeck.dataset import Catalog, Source
from portdeck.files import read_file
from portdeck.userdata import team
from portdeck.userdata.team import Origin, load_team, origin_json
from portdeck.userdata.team_files import project_file

from .conftest import entry

Write = Callable[[str, str], Path]


def _env(*elements: Path | str) -> dict[str, str]:
    return {"PORTDECK_PATH": os.pathsep.join(str(e) for e in elements)}


def test_no_files_leave_the_catalog_as_it_is(built_in: Catalog, tmp_path: Path) -> None:
    loaded = load_team(
        built_in, str(tmp_path / "none.toml"), environ={}, cwd=str(tmp_path), home=str(tmp_path)
    )
    assert loaded.catalog is built_in and loaded.warnings == []
    assert loaded.origins.files == () and list(loaded.origins.items()) == []
    assert loaded.origins.of(built_in.at(22)[0]) is None


def test_every_kind_of_file_in_the_documented_order(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    # PORTDECK_PATH: a folder, a file, another folder; then ports.d, personal, project.
    write("team/b.toml", entry(41001, "from-team-b"))
    write("team/a.toml", entry(41001, "from-team-a") + entry(41002, "only-a"))
    single = write("elsewhere/single.toml", entry(41001, "from-single"))
    write("more/c.toml", entry(41001, "from-more"))
    write("config/ports.d/shared.toml", entry(41001, "from-ports-d"))
    personal = write("config/ports.toml", entry(41001, "from-personal"))
    write("home/work/.portdeck.toml", entry(41001, "from-project"))
    nested = tmp_path / "home" / "work" / "src" / "pkg"
    nested.mkdir(parents=True)

    loaded = load_team(
        built_in,
        str(personal),
        environ=_env(tmp_path / "team", single, tmp_path / "more"),
        cwd=str(nested),
        home=str(tmp_path / "home"),
    )
    assert loaded.warnings == []
    kinds = [(f.kind, Path(f.path).name, f.entries) for f in loaded.origins.files]
    assert kinds == [
        ("team", "a.toml", 2),
        ("team", "b.toml", 1),
        ("team", "single.toml", 1),
        ("team", "c.toml", 1),
        ("ports.d", "shared.toml", 1),
        ("personal", "ports.toml", 1),
        ("project", ".portdeck.toml", 1),
    ]
    # Later files add after earlier ones on the same port; the built-in entries stay.
    mine = [e for e in loaded.catalog.at(41001) if e.source is Source.LOCAL]
    assert [e.service for e in mine] == [
        "from-team-a",
        "from-team-b",
        "from-single",
        "from-more",
        "from-ports-d",
        "from-personal",
        "from-project",
    ]
    labels = [loaded.origins.label(e) for e in mine]
    assert labels == [
        "team: a.toml:1",
        "team: b.toml:1",
        "team: single.toml:1",
        "team: c.toml:1",
        "ports.d: shared.toml:1",
        "personal: ports.toml:1",
        "project: .portdeck.toml:1",
    ]
    (only_a,) = [e for e in loaded.catalog.at(41002) if e.source is Source.LOCAL]
    assert loaded.origins.of(only_a) == Origin("team", str(tmp_path / "team" / "a.toml"), 7)
    # Nothing of the built-in data is lost or given an origin.
    assert len(loaded.catalog) == len(built_in) + 8
    assert loaded.origins.of(loaded.catalog.at(22)[0]) is None


def test_the_same_service_in_two_files_is_kept_twice_each_with_its_origin(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    same = entry(42424, "billing", extra='tags = ["web"]\n')
    write("team/one.toml", "# the billing service\n\n" + same)
    write("team/two.toml", same)
    loaded = load_team(built_in, None, environ=_env(tmp_path / "team"), cwd=str(tmp_path), home=str(tmp_path))
    first, second = (e for e in loaded.catalog.at(42424) if e.source is Source.LOCAL)
    assert first == second  # the very same entry, twice
    assert [loaded.origins.label(first), loaded.origins.label(second)] == [
        "team: one.toml:3",
        "team: two.toml:1",
    ]
    assert [o.label for _, o in loaded.origins.items()] == ["team: one.toml:3", "team: two.toml:1"]


def test_a_folder_gives_its_toml_files_by_name_as_the_shell_would(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    write("team/z.toml", entry(41010, "z"))
    write("team/m.toml", entry(41010, "m"))
    write("team/.#m.toml", "an editor's lock file, not TOML at all")
    write("team/notes.txt", "not a ports file")
    write("team/sub/deeper.toml", entry(41010, "deeper"))  # folders are not searched
    loaded = load_team(built_in, None, environ=_env(tmp_path / "team"), cwd=str(tmp_path), home=str(tmp_path))
    assert [Path(f.path).name for f in loaded.origins.files] == ["m.toml", "z.toml"]
    assert loaded.warnings == []


def test_a_file_named_twice_is_read_once_where_it_first_appears(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    path = write("team/a.toml", entry(41020, "once"))
    (tmp_path / "link.toml").symlink_to(path)
    loaded = load_team(
        built_in,
        str(tmp_path / "link.toml"),
        environ=_env(tmp_path / "team", path),
        cwd=str(tmp_path),
        home=str(tmp_path),
    )
    assert [(f.kind, f.path) for f in loaded.origins.files] == [("team", str(path))]
    assert [e.service for e in loaded.catalog.at(41020) if e.source is Source.LOCAL] == ["once"]


def test_a_missing_portdeck_path_element_is_a_warning_not_an_error(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    write("team/a.toml", entry(41030, "still-here"))
    loaded = load_team(
        built_in,
        None,
        environ=_env(tmp_path / "typo", tmp_path / "team"),
        cwd=str(tmp_path),
        home=str(tmp_path),
    )
    assert loaded.warnings == [f"{tmp_path / 'typo'}: no such file or folder (PORTDECK_PATH)"]
    assert [e.service for e in loaded.catalog.at(41030) if e.source is Source.LOCAL] == ["still-here"]


def test_each_broken_file_is_one_warning_naming_it_and_the_rest_load(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    write("team/a-good.toml", entry(41040, "good-a"))
    write("team/b-bad-toml.toml", entry(41041, "x") + "port = = 3\n")
    write("team/c-bad-entry.toml", entry(41042, "fine") + entry(99999, "too-high"))
    (tmp_path / "team" / "d-folder.toml").mkdir()
    os.mkfifo(tmp_path / "team" / "e-fifo.toml")
    (tmp_path / "team" / "f-latin1.toml").write_bytes(b'[[entry]]\nport = 1\ntitle = "caf\xe9"\n')
    write("team/g-good.toml", entry(41040, "good-g"))
    personal = write("config/ports.toml", "[[entry]]\nport = 41043\n")

    loaded = load_team(
        built_in, str(personal), environ=_env(tmp_path / "team"), cwd=str(tmp_path), home=str(tmp_path)
    )
    assert [e.service for e in loaded.catalog.at(41040) if e.source is Source.LOCAL] == ["good-a", "good-g"]
    assert not [e for e in loaded.catalog.at(41042) if e.source is Source.LOCAL], (
        "a broken file gives nothing"
    )
    team_folder = tmp_path / "team"
    assert len(loaded.warnings) == 6
    bad_toml, bad_entry, folder, fifo, latin1, bad_personal = loaded.warnings
    assert bad_toml.startswith(f"{team_folder / 'b-bad-toml.toml'}:7: invalid TOML")
    assert bad_entry.startswith(f"{team_folder / 'c-bad-entry.toml'}:7: entry #2")
    assert "outside 0-65535" in bad_entry
    assert (
        folder
        == f"{team_folder / 'd-folder.toml'}: it is a folder, not a regular file (this ports file was skipped; the others loaded)"
    )
    assert "named pipe (FIFO)" in fifo and str(team_folder / "e-fifo.toml") in fifo
    assert latin1.startswith(f"{team_folder / 'f-latin1.toml'}:3: is not valid UTF-8 text")
    assert bad_personal.startswith(f"{personal}:1: entry #1")
    assert "your ports file was skipped" in bad_personal
    skipped = [Path(f.path).name for f in loaded.origins.files if f.entries is None]
    assert skipped == [
        "b-bad-toml.toml",
        "c-bad-entry.toml",
        "d-folder.toml",
        "e-fifo.toml",
        "f-latin1.toml",
        "ports.toml",
    ]
    # Loaded again (now from the cache), the same warnings.
    assert (
        load_team(
            built_in, str(personal), environ=_env(team_folder), cwd=str(tmp_path), home=str(tmp_path)
        ).warnings
        == loaded.warnings
    )


def test_the_project_file_is_found_from_a_nested_folder_and_the_nearest_wins(
    tmp_path: Path, write: Write
) -> None:
    home = tmp_path / "home"
    write("home/.portdeck.toml", "")
    write("home/repo/.portdeck.toml", "")
    nested = home / "repo" / "a" / "b"
    nested.mkdir(parents=True)
    assert project_file(str(nested), str(home)) == str(home / "repo" / ".portdeck.toml")
    assert project_file(str(home / "repo"), str(home)) == str(home / "repo" / ".portdeck.toml")
    (home / "repo" / ".portdeck.toml").unlink()
    assert project_file(str(nested), str(home)) == str(home / ".portdeck.toml")


def test_the_walk_stops_at_home_and_never_reads_above_it(tmp_path: Path, write: Write) -> None:
    write("homes/.portdeck.toml", "planted by another user beside the home folders")
    home = tmp_path / "homes" / "me"
    (home / "project").mkdir(parents=True)
    assert project_file(str(home / "project"), str(home)) is None
    assert project_file(str(home), str(home)) is None


def test_outside_home_the_walk_goes_up_to_the_root(tmp_path: Path, write: Write) -> None:
    write("srv/.portdeck.toml", "")
    (tmp_path / "srv" / "app" / "deep").mkdir(parents=True)
    assert project_file(str(tmp_path / "srv" / "app" / "deep"), str(tmp_path / "home")) == str(
        tmp_path / "srv" / ".portdeck.toml"
    )


def test_the_project_file_comes_from_the_current_folder(
    built_in: Catalog, tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("home/repo/.portdeck.toml", entry(41050, "from-cwd"))
    nested = tmp_path / "home" / "repo" / "x"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    loaded = load_team(built_in, None, environ={})
    (mine,) = [e for e in loaded.catalog.at(41050) if e.source is Source.LOCAL]
    assert loaded.origins.label(mine) == "project: .portdeck.toml:1"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_a_project_file_of_another_user_is_skipped_with_a_warning(
    built_in: Catalog, tmp_path: Path, write: Write
) -> None:
    path = write("srv/.portdeck.toml", entry(41060, "planted"))
    os.chown(path, 12345, 12345)
    loaded = load_team(built_in, None, environ={}, cwd=str(tmp_path / "srv"), home=str(tmp_path / "home"))
    assert loaded.warnings == [
        f"{path}: owned by another user: not read (anyone could have put it above your project)"
    ]
    assert not [e for e in loaded.catalog.at(41060) if e.source is Source.LOCAL]


def test_ports_d_sits_beside_the_personal_file_portdeck_config_names(
    built_in: Catalog, tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("elsewhere/ports.d/x.toml", entry(41070, "from-ports-d"))
    monkeypatch.setenv("PORTDECK_CONFIG", str(tmp_path / "elsewhere" / "ports.toml"))
    loaded = load_team(built_in, None, environ={}, cwd=str(tmp_path), home=str(tmp_path))
    assert [f.kind for f in loaded.origins.files] == ["ports.d"]


def test_json_fields_of_an_entry_from_a_file(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    path = write("team/payments.toml", "\n" * 11 + entry(41080, "billing"))
    loaded = load_team(built_in, None, environ=_env(path), cwd=str(tmp_path), home=str(tmp_path))
    (mine,) = [e for e in loaded.catalog.at(41080) if e.source is Source.LOCAL]
    assert origin_json(loaded.origins, mine) == {
        "origin": "team: payments.toml:12",
        "origin_file": str(path),
        "origin_line": 12,
    }
    assert origin_json(loaded.origins, loaded.catalog.at(22)[0]) == {}
    assert origin_json(None, mine) == {}


def test_cached_and_uncached_loads_agree(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    for n in range(5):
        write(f"team/f{n}.toml", "".join(entry(41100 + n * 7 + i, f"s{n}-{i}") for i in range(20)))
    args = {"environ": _env(tmp_path / "team"), "cwd": str(tmp_path), "home": str(tmp_path)}
    plain = load_team(built_in, None, use_cache=False, **args)  # type: ignore[arg-type]
    first = load_team(built_in, None, **args)  # type: ignore[arg-type]
    again = load_team(built_in, None, **args)  # type: ignore[arg-type]
    for loaded in (first, again):
        assert loaded.catalog.entries == plain.catalog.entries
        assert [(e, o) for e, o in loaded.origins.items()] == [(e, o) for e, o in plain.origins.items()]
        assert loaded.catalog.facets == plain.catalog.facets
        assert loaded.catalog.key is not None and loaded.catalog.key.startswith(f"{built_in.key}+")


def test_unchanged_files_are_not_even_read_and_an_edit_is_seen(
    built_in: Catalog, tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("team/a.toml", entry(41200, "before"))
    old = 1_600_000_000
    os.utime(path, (old, old))  # old enough to be trusted by its stamp
    args = {"environ": _env(path), "cwd": str(tmp_path), "home": str(tmp_path)}
    monkeypatch.setattr(team, "RACY_NS", -(10**30))  # utime just changed its ctime: trust it all the same
    load_team(built_in, None, **args)  # type: ignore[arg-type]

    def no_reading(*_: object, **__: object) -> bytes:
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr(team, "read_file", no_reading)
    loaded = load_team(built_in, None, **args)  # type: ignore[arg-type]
    assert [e.service for e in loaded.catalog.at(41200) if e.source is Source.LOCAL] == ["before"]
    monkeypatch.setattr(team, "read_file", read_file)
    path.write_text(entry(41200, "after"), encoding="utf-8")
    loaded = load_team(built_in, None, **args)  # type: ignore[arg-type]
    assert [e.service for e in loaded.catalog.at(41200) if e.source is Source.LOCAL] == ["after"]


def test_a_warm_load_parses_nothing(
    built_in: Catalog, tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("team/a.toml", entry(41300, "cached"))
    args = {"environ": _env(tmp_path / "team"), "cwd": str(tmp_path), "home": str(tmp_path)}
    load_team(built_in, None, **args)  # type: ignore[arg-type]

    def no_parsing(*_: object, **__: object) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(team, "parse_dataset", no_parsing)
    loaded = load_team(built_in, None, **args)  # type: ignore[arg-type]
    assert [e.service for e in loaded.catalog.at(41300) if e.source is Source.LOCAL] == ["cached"]


def test_a_damaged_cache_is_rebuilt(built_in: Catalog, tmp_path: Path, write: Write) -> None:
    write("team/a.toml", entry(41400, "svc"))
    args = {"environ": _env(tmp_path / "team"), "cwd": str(tmp_path), "home": str(tmp_path)}
    load_team(built_in, None, **args)  # type: ignore[arg-type]
    for cached in Path(os.environ["PORTDECK_CACHE_DIR"]).glob("team-*"):
        cached.write_bytes(b"\x00garbage")
    loaded = load_team(built_in, None, **args)  # type: ignore[arg-type]
    assert [e.service for e in loaded.catalog.at(41400) if e.source is Source.LOCAL] == ["svc"]
