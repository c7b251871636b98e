"""The command palette is built from the bindings: a key's command is listed exactly when its
action is available (`check_action`), and every command it lists runs."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.command import CommandPalette

from portdeck.ui.app import PortdeckApp
from portdeck.ui.commands import NOT_COMMANDS, PortdeckCommands, key_commands

from .helpers import SIZE, settle, type_query, wait_for_palette_hit


def offered(app: PortdeckApp) -> dict[str, bool]:
    """Per key with a tooltip on the main screen and the app: whether its action is available."""
    main = app.main
    said: dict[str, bool] = {}
    for keymap_owner, binding in [(main, b) for b in main.BINDINGS] + [(app, b) for b in app.BINDINGS]:
        if isinstance(binding, Binding) and binding.tooltip and binding.action not in NOT_COMMANDS:
            namespace, action, parameters = parse_action(binding.action)
            node = app if namespace == "app" else keymap_owner
            name = binding.tooltip[0].upper() + binding.tooltip[1:]
            said[name] = bool(node.check_action(action, parameters))
    return said


def names(app: PortdeckApp) -> set[str]:
    return {name for name, _, _ in key_commands(app.main)}


async def test_a_key_is_a_command_exactly_when_its_action_is_available(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for query in ("", "ssh", "mysql", "zzzq"):  # a start, related ports, none, no entry at all
            await pilot.press("ctrl+u")
            await type_query(pilot, query)
            listed = names(app)
            for name, available in offered(app).items():
                assert (name in listed) == available, (query, name)


async def test_a_command_appears_and_goes_with_what_it_acts_on(app: PortdeckApp) -> None:
    related = "Jump to a related port (again: the next one)"
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        assert related in names(app), "ssh names related ports"
        await pilot.press("ctrl+u")
        await type_query(pilot, "mysql")
        assert app.main.highlighted_entry is not None and not app.main.highlighted_entry.related
        assert related not in names(app), "mysql names none: no command to jump"


async def test_the_listening_command_is_absent_where_there_is_no_listening_tab(
    app_factory: Callable[..., PortdeckApp],
) -> None:
    refresh = "Read the ports listening on this machine again"
    with_tab, public = app_factory(), app_factory(public=True)
    async with with_tab.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert refresh in names(with_tab)
    async with public.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not public.main.has_tab("listening")
        assert refresh not in names(public)
        assert not any(name.startswith("Check this port") for name in names(public)), "no live check"


async def test_the_palette_lists_a_key_command_and_runs_it(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"show or hide the detail")
        await wait_for_palette_hit(pilot, "Show or hide the detail pane")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.detail_toggled


async def test_every_palette_command_runs(app: PortdeckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "ssh")
        provider = PortdeckCommands(app.main)
        commands = provider._commands()
        listed = {name for name, _, _ in commands}
        assert {"Suggest a free port", "Show tab: Pinned"} <= listed, "the commands with no key"
        assert names(app) <= listed
        for name, callback, _ in commands:
            app.main.search_text = "ssh"  # each command starts from the same place
            app.main.active_tab = "all"
            await settle(pilot)
            done = callback()
            if inspect.isawaitable(done):
                assert await done, f"{name!r}: its binding's action was not found"
            await settle(pilot)
            while app.screen is not app.main:  # the help, a menu or the host prompt opened
                app.pop_screen()
                await settle(pilot)
