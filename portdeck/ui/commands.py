"""portdeck's commands in Textual's command palette (Ctrl+P).

Hits show entry text from the dataset: it goes into the palette as `Content`,
never as markup, so a title with brackets shows as written; the palette reads help
texts as markup, so entry text in them is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from ..dataset import MAX_PORT
from .tabs import LISTENING_TAB
from .widgets.search_input import SearchInput

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from .screens.main import MainScreen

_NUMBER = re.compile(r"\b(\d{1,5})\b")
# Words of the "go to port …" command itself, not of what to look for: whole words only
# ("portmap" is a service name, not "port" + "map").
_COMMAND_WORDS = re.compile(r"\b(?:go\s+to|goto|port)\b", re.IGNORECASE)
# How many name matches "go to" offers for a word query.
NAME_HITS = 6


# Keys the palette does not repeat: Textual's own commands quit, and Enter and `/` only
# move between the search box and the list, which the palette closes onto anyway.
NOT_COMMANDS = frozenset({"quit", "submit", "focus_search"})


def key_commands(main: MainScreen) -> list[tuple[str, Callable[[], object], str]]:
    """(name, callback, help) for each key that is a command, while `check_action` offers it.

    The bindings are the one source: a key's tooltip names its command, its description
    and key are the help, and the screen's (or the app's) `check_action` says when it is
    offered, as it does for the Footer.
    """
    app = main.portdeck
    commands: list[tuple[str, Callable[[], object], str]] = []
    seen: set[str] = set()
    # Whose keys, and where their actions run: the search box's run on the screen ("screen.clear").
    # The palette is on top while a command is chosen, so "screen" is named, not looked up.
    namespaces = {"app": app, "screen": main}
    keymaps: list[tuple[DOMNode, list[BindingType]]] = [
        (main, main.BINDINGS),
        (main, SearchInput.BINDINGS),
        (app, app.BINDINGS),
    ]
    for node, bindings in keymaps:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.tooltip:
                continue
            if binding.action in seen or binding.action in NOT_COMMANDS:
                continue
            seen.add(binding.action)
            namespace, action, parameters = parse_action(binding.action)
            target = namespaces.get(namespace, node)
            if not target.check_action(action, parameters):  # None (greyed) and False (hidden) alike
                continue
            name = binding.tooltip[0].upper() + binding.tooltip[1:]
            run = partial(app.run_action, binding.action, node, namespaces)
            commands.append((name, run, escape(f"{app.get_key_display(binding)}  {binding.description}")))
    return commands


class PortdeckCommands(Provider):
    """Go to a port (by number or name), every key that acts here, switch tabs, suggest a free port."""

    @property
    def main(self) -> MainScreen:
        from .app import PortdeckApp

        app = self.app
        assert isinstance(app, PortdeckApp)
        return app.main

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """(name, callback, help) for the fixed commands: the keys', then those with no key."""
        main = self.main
        commands = key_commands(main)
        commands += [
            (f"Show tab: {spec.label}", partial(main.show_tab, spec.id), f"List {spec.description}")
            for spec in main.tab_specs
        ]
        commands.append(
            ("Suggest a free port", main.suggest_free_ports, "Ports safe to pick for a new service, and why")
        )
        if main.has_tab(LISTENING_TAB):
            commands.append(
                (
                    "Compare listeners with a baseline…",
                    main.ask_baseline,
                    "Mark the sockets new since a file saved by portdeck --listening --save FILE",
                )
            )
        return commands

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            "Go to port …", self.main.action_focus_search, help="Type a number or a name after 'go to'"
        )
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self.main
        catalog = main.portdeck.catalog
        matcher = self.matcher(query)
        number = _NUMBER.search(query)
        if number is not None and int(number.group(1)) <= MAX_PORT:
            port = int(number.group(1))
            entries = catalog.at(port)
            prompt = Content(f"Go to port {port}" + (f" ({entries[0].title})" if entries else ""))
            yield Hit(1.0, prompt, partial(main.goto_port, port), text=prompt.plain, help="Show this port")
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
        words = _COMMAND_WORDS.sub(" ", _NUMBER.sub(" ", query)).split()
        if words:
            result = main.portdeck.engine.search(" ".join(words))
            for rank, entry in enumerate(result.entries[:NAME_HITS]):
                hit = Content(f"Go to port {entry.port_label}: {entry.service} ({entry.title})")
                yield Hit(
                    0.9 - rank * 0.05,
                    hit,
                    partial(main.goto_port, entry.port, entry),
                    text=hit.plain,
                    help="Show this entry",
                )
