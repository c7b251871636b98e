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

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from ..dataset import MAX_PORT, Source

if TYPE_CHECKING:
    from .screens.main import MainScreen

_NUMBER = re.compile(r"\b(\d{1,5})\b")
# Words of the "go to port …" command itself, not of what to look for: whole words only
# ("portmap" is a service name, not "port" + "map").
_COMMAND_WORDS = re.compile(r"\b(?:go\s+to|goto|port)\b", re.IGNORECASE)
# How many name matches "go to" offers for a word query.
NAME_HITS = 6


class PortdeckCommands(Provider):
    """Go to a port (by number or name), switch tabs, copy, pin, refresh listening, clear, help."""

    @property
    def main(self) -> MainScreen:
        from .app import PortdeckApp

        app = self.app
        assert isinstance(app, PortdeckApp)
        return app.main

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """(name, callback, help) for the fixed commands."""
        main = self.main
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Show tab: {spec.label}", partial(main.show_tab, spec.id), f"List {spec.description}")
            for spec in main.tab_specs
        ]
        entry = main.highlighted_entry
        if entry is not None:
            commands.append(
                (
                    f"Copy port {entry.port_label}",
                    main.action_copy,
                    escape(f"Copy {entry.port_label} ({entry.service})"),
                )
            )
            if not main.portdeck.public:
                commands.append(
                    (
                        f"Check port {entry.port} on a host…",
                        main.action_check,
                        "Is it open there, and what answers (one port, one host)",
                    )
                )
            if entry.source is not Source.UNKNOWN:
                commands.append(
                    (
                        "Pin/unpin highlighted",
                        main.action_toggle_pin,
                        escape(f"Pin or unpin {entry.port_label} ({entry.service})"),
                    )
                )
        app = main.portdeck
        if any(spec.id == "listening" for spec in main.tab_specs):
            commands.append(
                (
                    "Refresh listening",
                    app.action_refresh_listening,
                    "Read the ports listening on this machine again",
                )
            )
        commands += [
            ("Suggest a free port", main.suggest_free_ports, "Ports safe to pick for a new service, and why"),
            ("Clear search", main.action_clear, "Empty the search box and list every port"),
            ("Toggle detail pane", main.action_toggle_detail, "Show or hide the detail pane"),
            ("Show keys", app.action_help, "Every key binding and the query syntax"),
        ]
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
