"""The Footer, with the keys a newcomer needs first: at any width they are never cut off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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
        if self._keys_composed is None or not self._bindings_ready or screen is not self.screen:
            super().bindings_changed(screen)
            return
        shown = keys_shown(screen)
        if shown == self._keys_composed:
            return
        if not self._enable_in_place(shown):
            super().bindings_changed(screen)

    def _enable_in_place(self, shown: KeysShown) -> bool:
        """Dim or light the keys that changed, when only that changed (Esc once the box has a
        query): cheaper than mounting every key again, on the keystroke the user waits for."""
        assert self._keys_composed is not None
        if _without_state(shown) != _without_state(self._keys_composed):
            return False
        enabled = {(key, action): on for key, action, _, on, _ in shown}
        for footer_key in self.query(FooterKey):
            on = enabled.get((footer_key.key, footer_key.action))
            if on is not None and footer_key._disabled == on:
                footer_key._disabled = not on
                footer_key.set_class(not on, "-disabled")
        self._keys_composed = shown
        return True


def _without_state(keys: KeysShown) -> list[tuple[str, str, str, str]]:
    """The keys as the Footer lays them out: all but whether each is enabled."""
    return [(key, action, label, tooltip) for key, action, label, _, tooltip in keys]
