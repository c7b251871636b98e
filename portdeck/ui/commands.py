"""portdeck's commands in Textual's command palette (Ctrl+P)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..dataset import MAX_PORT, Source

if TYPE_CHECKING:
    from .app import PortdeckApp

_NUMBER = re.compile(r"\b(\d{1,5})\b")
# How many name matches "go to" offers for a word query.
NAME_HITS = 6


class PortdeckCommands(Provider):
    """Go to a port (by number or name), switch tabs, copy, pin, refresh listening, clear, help."""

    @property
    def portdeck(self) -> PortdeckApp:
        from .app import PortdeckApp

        app = self.app
        assert isinstance(app, PortdeckApp)
        return app

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """(name, callback, help) for the fixed commands."""
        app = self.portdeck
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Show tab: {spec.label}", partial(app.show_tab, spec.id), f"List {spec.description}")
            for spec in app.tab_specs
        ]
        entry = app.highlighted_entry
        if entry is not None:
            commands.append(
                (f"Copy port {entry.port_label}", app.action_copy, f"Copy {entry.port_label} ({entry.service})")
            )
            if entry.source is not Source.UNKNOWN:
                commands.append(
                    ("Pin/unpin highlighted", app.action_toggle_pin, f"Pin or unpin {entry.port_label} ({entry.service})")
                )
        if any(spec.id == "listening" for spec in app.tab_specs):
            commands.append(
                ("Refresh listening", app.action_refresh_listening, "Read the ports listening on this machine again")
            )
        commands += [
            ("Clear search", app.action_clear, "Empty the search box and list every port"),
            ("Toggle detail pane", app.action_toggle_detail, "Show or hide the detail pane"),
            ("Show keys", app.action_help, "Every key binding and the query syntax"),
        ]
        return commands

    async def discover(self) -> Hits:
        yield DiscoveryHit("Go to port …", self._prompt_port, help="Type a number or a name after 'go to'")
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        app = self.portdeck
        matcher = self.matcher(query)
        number = _NUMBER.search(query)
        if number is not None and int(number.group(1)) <= MAX_PORT:
            port = int(number.group(1))
            entries = app.catalog.at(port)
            what = f" ({entries[0].title})" if entries else ""
            yield Hit(1.0, f"Go to port {port}{what}", partial(app.goto_port, port), help="Show this port")
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
        words = _NUMBER.sub(" ", query).lower().replace("go to", " ").replace("port", " ").split()
        if words and app.engine is not None:
            result = app.engine.search(" ".join(words))
            for rank, entry in enumerate(result.entries[:NAME_HITS]):
                name = f"Go to port {entry.port_label}: {entry.service} ({entry.title})"
                yield Hit(
                    0.9 - rank * 0.05,
                    name,
                    partial(app.goto_port, entry.port, entry),
                    text=name,
                    help="Show this entry",
                )

    def _prompt_port(self) -> None:
        # Choosing the discovery hit focuses the search box, where any port can be typed.
        self.portdeck.action_focus_search()
