"""When Python's garbage collector may pause the app: never while the user types.

Start-up allocates what the whole session keeps (the catalog, the word index,
widgets and styles), and each full collection walked all of it: 20-50 ms pauses
that landed on keystrokes (p95 of 50-130 ms per keystroke, bench_tui.py). So:

1. no collection before the first frame (it walked start-up's objects ~15 ms);
2. once the app is warm, one collection, then `gc.freeze()`: what start-up built
   is left out of every later collection;
3. from then on, full collections run only when no key came for `IDLE_SECONDS`
   (young objects are still collected as usual, between keystrokes, in well under
   a millisecond).

Everything is put back as it was when the app ends, for a program that runs the
app and goes on (the test suite runs hundreds).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable

IDLE_SECONDS = 1.0
_NEVER = 1 << 30  # a full-collection threshold no session reaches


class CollectorPolicy:
    def __init__(self) -> None:
        self._was_enabled = gc.isenabled()
        self._threshold = gc.get_threshold()
        self._frozen = False
        self._ended = False  # restored: a late `settle` from the warm-up thread changes nothing
        self._last_input = 0.0
        self._input_since_collection = False

    def pause(self) -> None:
        """Before the first frame: no collection at all."""
        gc.disable()

    def resume(self) -> None:
        """The first frame is up: collections as usual until `settle`."""
        if self._was_enabled:
            gc.enable()

    def settle(self) -> None:
        """Start-up is over: collect once, freeze what is left, full collections only when idle."""
        if self._ended or self._frozen:
            return
        gc.collect()
        gc.freeze()
        self._frozen = True
        young, middle, _full = self._threshold
        gc.set_threshold(young, middle, _NEVER)

    def note_input(self) -> None:
        self._last_input = time.monotonic()
        self._input_since_collection = True

    def collect_if_idle(self) -> bool:
        """A full collection, if keys came since the last one and none for `IDLE_SECONDS`."""
        if not self._frozen or not self._input_since_collection:
            return False
        if time.monotonic() - self._last_input < IDLE_SECONDS:
            return False
        self._input_since_collection = False
        gc.collect()
        return True

    def restore(self) -> None:
        """The app ends: the collector as it was before it started."""
        self._ended = True
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        gc.set_threshold(*self._threshold)
        if self._was_enabled:
            gc.enable()


# -- the Footer's bindings (Textual 8.2.8, the newest release when this was written) -----
#
# Each `FooterKey` is `data_bind`-ed to its Footer's `compact`, which appends the key to
# a list of watchers on the Footer. The Footer rebuilds its keys on every screen or focus
# change, and Textual drops a list's dead watchers only when the watched value changes:
# `compact` never does, so every key ever shown stays alive (400 help opens: 51 -> 210 MB;
# a 20-line plain Textual app does the same). Until Textual prunes them itself, each of our
# Footers gets watcher lists that drop detached widgets whenever a new one is added, so a
# Footer holds its current keys and at most one rebuild's worth of old ones.

_WATCHERS = "__watchers"  # where textual.reactive keeps an object's watchers (not name-mangled)


class _PrunedWatchers(list[object]):  # Textual's own list of (node, callback) pairs
    """A watcher list that forgets widgets no longer in the DOM as it grows."""

    def append(self, watcher: object) -> None:
        self[:] = [item for item in self if _attached(item)]
        super().append(watcher)


def _attached(watcher: object) -> bool:
    node = watcher[0] if isinstance(watcher, tuple) and watcher else None
    return bool(getattr(node, "is_attached", True))


def bound_footer_watchers(footers: Iterable[object]) -> None:
    """Give each Footer's watcher lists the pruning kind (once; a later call is a no-op)."""
    for footer in footers:
        watchers = getattr(footer, _WATCHERS, None)
        if watchers is None:
            watchers = {}
            setattr(footer, _WATCHERS, watchers)
        if not isinstance(watchers, dict):
            continue  # Textual changed how it keeps watchers: nothing to do here
        watchers.setdefault("compact", _PrunedWatchers())
        for name, found in list(watchers.items()):
            if isinstance(found, list) and not isinstance(found, _PrunedWatchers):
                watchers[name] = _PrunedWatchers(item for item in found if _attached(item))
