"""The main screen's layout classes by terminal size (portdeck.tcss keys its layout on them)."""

from __future__ import annotations

from textual.geometry import Size

# Below this width the detail pane goes under the results; below this height as well, one pane shows.
NARROW_WIDTH = 76
SHORT_HEIGHT = 24  # 60x20 stacked gave each pane four rows: too few to use
WIDEST = 169  # from here 38% of the width would give the detail pane more than the 64 cells it needs

# Textual gives MainScreen the class of the largest width (height) each terminal reaches.
WIDTH_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide"), (WIDEST, "-widest")]
HEIGHT_BREAKPOINTS = [(0, "-short"), (SHORT_HEIGHT, "-tall")]
BREAKPOINT_NAMES = frozenset(name for _, name in WIDTH_BREAKPOINTS + HEIGHT_BREAKPOINTS)


def breakpoint_classes(size: Size) -> tuple[str, str]:
    """The classes Textual's breakpoints give MainScreen at this size."""
    width, height = size
    horizontal = max(b for b in WIDTH_BREAKPOINTS if width >= b[0])[1]
    vertical = max(b for b in HEIGHT_BREAKPOINTS if height >= b[0])[1]
    return horizontal, vertical
