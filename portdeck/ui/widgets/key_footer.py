"""The Footer, with the keys a newcomer needs first: at any width they are never cut off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

# Actions whose keys lead the Footer: help and quit (the app's), so a narrow terminal keeps them.
ESSENTIAL = ("help", "quit")

KeysShown = tuple[tuple[str, str, str, bool, str], ...]


def keys_shown(screen: Screen[object]) -> KeysShown:
    """What the Footer draws from the screen's bindings: key, action, label, enabled, tooltip."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """Textual's Footer, with Help and Quit first: the keys that are cut are the minor ones."""

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._keys_composed: KeysShown | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._keys_composed = keys_shown(self.screen)
        keys = list(super().compose())
        first = [key for action in ESSENTIAL for key in keys if getattr(key, "action", None) == action]
        yield from first
        yield from (key for key in keys if key not in first)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual's Footer rebuilds all its keys whenever any binding may have changed, which
        # is most keystrokes (focus, check_action); rebuilding mounts ~10 widgets and lays the
        # screen out again. Rebuild only when the keys it shows are not the ones it has.
        unchanged = (
            self._keys_composed is not None
            and self._bindings_ready
            and screen is self.screen
            and keys_shown(screen) == self._keys_composed
        )
        if not unchanged:
            super().bindings_changed(screen)
