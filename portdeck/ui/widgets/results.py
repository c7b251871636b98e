"""The ranked list of matches, drawn one visible row at a time (Textual's Line API).

Refilling a DataTable with thousands of rows on every keystroke takes up to two
seconds; this view only keeps a reference to the ranked sequence and renders the
rows on screen, so a new result costs the same whether it has 5 matches or 6,700.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from ...dataset import PortEntry, Source
from ...local_ports import is_exposed
from ...safe_text import printable
from ..marks import Marks
from .columns import (
    EXPOSED_MARK,
    LISTENING_MARK,
    NEW_MARK,
    PIN_MARK,
    SECURITY_MARK,
    UNEXPECTED_MARK,
    UNKNOWN_MARK,
    UNOFFICIAL_MARK,
    Columns,
    fit,
    port_width,
    protocol_text,
    shown_service,
    socket_cells,
    telling_apart,
)
from .contrast import readable
from .quick_scrollbar import QuickScrollView
from .search_input import hint_search

__all__ = [
    "EXPOSED_MARK",
    "LISTENING_MARK",
    "PIN_MARK",
    "SECURITY_MARK",
    "UNKNOWN_MARK",
    "UNOFFICIAL_MARK",
    "ResultsView",
]


class ResultsView(QuickScrollView, can_focus=True):
    """The matches for the query, one row each, with a cursor row and zebra stripes."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="move up", id="results.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="move down", id="results.down"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="page up", id="results.page_up"),
        Binding(
            "pagedown", "page_down", "Page down", show=False, tooltip="page down", id="results.page_down"
        ),
        Binding("home,g", "first", "First", show=False, tooltip="first row", id="results.first"),
        Binding("end,G", "last", "Last", show=False, tooltip="last row", id="results.last"),
        Binding(
            "enter", "select", "Open", tooltip="the full detail of the highlighted entry", id="results.select"
        ),
    ]

    COMPONENT_CLASSES = {
        "results-view--header",
        "results-view--even",
        "results-view--odd",
        "results-view--cursor",
        "results-view--port",
        "results-view--muted",
        "results-view--unofficial",
        "results-view--security",
        "results-view--pinned",
        "results-view--listening",
        "results-view--exposed",
    }

    @dataclass
    class EntryMessage(Message):
        """Something happened to the entry under the cursor (None when there are no rows)."""

        results_view: ResultsView
        entry: PortEntry | None

        @property
        def control(self) -> ResultsView:
            return self.results_view

    class Highlighted(EntryMessage):
        """The cursor moved to another entry."""

    class Selected(EntryMessage):
        """The user chose the entry under the cursor (Enter or a second click)."""

    # No watcher runs at mount (init=False): the app sets the entries then, and a
    # Highlighted(None) from mount time would flip the detail pane to "No entry" and back.
    entries: reactive[Sequence[PortEntry]] = reactive((), always_update=True, repaint=False, init=False)
    """The rows, in ranked order. Setting it moves the cursor to the first row."""
    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the highlighted row in `entries`."""
    marks: reactive[Marks | None] = reactive(None, always_update=True, repaint=False, init=False)
    """Pins and listening sockets; set it again after they change to redraw the marks."""
    guesses: Sequence[bool] = ()
    """Per row, whether it is a guess (a typo, or the description only): drawn dimmed. Set it
    before `entries`, which redraws."""
    listening_columns: reactive[bool] = reactive(False, repaint=False, init=False)
    """Show each row's sockets (protocol, address, process, user): the Listening tab."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # Rendered rows keyed by index and everything else that changes how a row looks.
        self._line_cache: LRUCache[tuple[int, bool, bool, Columns], Strip] = LRUCache(maxsize=512)
        self._columns: tuple[int, Columns] | None = None  # and the width it was made for
        self._row_styles_cache: dict[tuple[int, bool, bool], dict[str, Style]] = {}
        # The header and the blank line under the last row, by width (and columns, focus):
        # a short result draws many blank lines, and the widget's style is costly to ask.
        self._fixed_lines: dict[tuple[int, Columns | None, bool], Strip] = {}
        self._port_width = port_width(())  # for the whole result: the column never changes width
        self._shown: tuple[Sequence[PortEntry], Sequence[bool]] = ((), ())  # as last drawn

    # -- state --------------------------------------------------------------------

    @property
    def highlighted(self) -> PortEntry | None:
        """The entry under the cursor."""
        entries = self.entries
        if 0 <= self.cursor < len(entries):
            return entries[self.cursor]
        return None

    @property
    def page_height(self) -> int:
        """Rows of entries that fit on screen (the header takes one line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.entries) - 1))

    def watch_entries(self, entries: Sequence[PortEntry]) -> None:
        old_width, self._port_width = self._port_width, port_width(entries)
        changed = self._changed_lines(entries, same_columns=old_width == self._port_width)
        self._forget_rows()
        rows = Size(0, len(entries) + 1)
        if rows != self.virtual_size:
            # A new length needs a layout (the scrollbar), not every line drawn again.
            self.set_reactive(ResultsView.virtual_size, rows)
            self.refresh(layout=True, repaint=changed is None)
        self.set_reactive(ResultsView.cursor, 0)
        if self.is_mounted:
            self.scroll_to(y=0, animate=False, immediate=True)
        elif len(entries) >= self.app.size.height:
            # Before mount (the first result): more rows than the screen has lines need the
            # scrollbar. Said now, its appearing in the first layout costs no second one.
            self.set_reactive(ResultsView.show_vertical_scrollbar, True)
        if changed is None:
            self.refresh()
        else:
            for line in changed:
                self.refresh_line(line)
        self._shown = (entries, self.guesses)
        self.post_message(self.Highlighted(self, self.highlighted))

    def _changed_lines(self, entries: Sequence[PortEntry], same_columns: bool) -> list[int] | None:
        """The lines on screen that new entries change, or None for all of them. Typing on
        in a word often keeps the first rows: Textual redraws only the lines asked for."""
        before, guessed = self._shown
        if not self.is_mounted or not same_columns or self.cursor or round(self.scroll_y):
            return None
        changed = []
        for row in range(self.page_height):
            old = before[row] if row < len(before) else None
            new = entries[row] if row < len(entries) else None
            was_guess = row < len(guessed) and guessed[row]
            is_guess = row < len(self.guesses) and self.guesses[row]
            if old is not new or was_guess != is_guess:
                changed.append(row + 1)  # the header is line 0
        return changed

    def watch_marks(self) -> None:
        self._forget_rows()
        self.refresh()

    def watch_listening_columns(self) -> None:
        self._forget_rows()
        self.refresh()

    def _forget_rows(self) -> None:
        self._columns = None
        self._line_cache.clear()

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, self.highlighted))

    def move_to(self, entry: PortEntry) -> bool:
        """Put the cursor on `entry` if it is in the view; returns whether it was."""
        try:
            index = self.entries.index(entry)  # reads rows only up to the entry
        except ValueError:
            return False
        self.cursor = index
        return True

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self.page_height:
            self.scroll_to(y=self.cursor - self.page_height + 1, animate=False, immediate=True)

    # -- rendering ----------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()
        self._row_styles_cache.clear()
        self._fixed_lines.clear()

    # Rows are cached by width and focus too (see render_line): a resize or a focus change
    # needs no clearing, so the first Resize after mount does not render every row again.
    def on_resize(self, event: events.Resize) -> None:
        self._scroll_cursor_into_view()

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()

    @property
    def columns(self) -> Columns:
        """The columns at the view's current width."""
        return self.columns_for(self.scrollable_content_region.width)

    def columns_for(self, width: int) -> Columns:
        """The columns for this width (the port column fits every label of the result)."""
        if self._columns is None or self._columns[0] != width:
            live = self.marks is not None and self.marks.listening is not None
            self._columns = (width, Columns.plan(width, live, self._port_width, self.listening_columns))
        return self._columns[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # computed, not stored: asked once a line
        columns = self.columns_for(width)
        if y == 0:
            return self._fixed_line(width, columns)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.entries):
            return self._fixed_line(width, None)
        is_cursor = index == self.cursor
        key = (index, is_cursor, self.has_focus, columns)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._render_row(index, is_cursor, width, columns)
            self._line_cache[key] = strip
        return strip

    def _fixed_line(self, width: int, columns: Columns | None) -> Strip:
        """The header (given its columns), or a blank line (given None)."""
        key = (width, columns, self.has_focus)
        strip = self._fixed_lines.get(key)
        if strip is None:
            if columns is None:
                strip = Strip.blank(width, self.rich_style)
            else:
                strip = self._render_header(width, columns)
            self._fixed_lines[key] = strip
        return strip

    def _render_header(self, width: int, columns: Columns) -> Strip:
        style = self.rich_style + self.get_component_rich_style("results-view--header")
        text = " " * (columns.marks + 1) + " ".join(fit(name, size) for name, size in columns.headers())
        return Strip([Segment(fit(text, width), style)], width)

    def _row_styles(self, index: int, is_cursor: bool) -> dict[str, Style]:
        """The styles of one row's parts; rows share them by stripe, cursor and focus."""
        key = (index % 2, is_cursor, self.has_focus)
        styles = self._row_styles_cache.get(key)
        if styles is None:
            get = self.get_component_rich_style
            row = self.rich_style + get("results-view--even" if index % 2 == 0 else "results-view--odd")
            if is_cursor:
                row += get("results-view--cursor")
            styles = {"row": row, "italic": row + Style(italic=True)}
            for part in ("muted", "unofficial", "pinned", "listening", "port", "security", "exposed"):
                styles[part] = row + get(f"results-view--{part}", partial=True)
            # Some themes' muted, success and error colours are too faint on a stripe or the cursor.
            styles = {part: readable(style) for part, style in styles.items()}
            self._row_styles_cache[key] = styles
        return styles

    def _render_row(self, index: int, is_cursor: bool, width: int, c: Columns) -> Strip:
        entry = self.entries[index]
        styles = self._row_styles(index, is_cursor)
        row = styles["row"]
        marks = self.marks
        listeners = marks.listeners_for(entry) if marks is not None else ()
        if entry.official:
            source, title_style = Segment(" ", row), row
        else:
            symbol = UNKNOWN_MARK if entry.source is Source.UNKNOWN else UNOFFICIAL_MARK
            source, title_style = Segment(symbol, styles["unofficial"]), styles["italic"]
        pinned = marks is not None and marks.is_pinned(entry)
        segments = [source, Segment(PIN_MARK if pinned else " ", styles["pinned"])]
        if c.marks == 4:
            new = marks is not None and any(marks.is_new(listener) for listener in listeners)
            live = NEW_MARK if new else LISTENING_MARK if listeners else " "
            segments.append(Segment(live, styles["listening"]))
        if marks is not None and any(listener in marks.surprises for listener in listeners):
            segments.append(Segment(UNEXPECTED_MARK, styles["exposed"]))
        elif any(is_exposed(listener, entry) for listener in listeners):
            segments.append(Segment(EXPOSED_MARK, styles["exposed"]))
        else:
            segments.append(Segment(SECURITY_MARK if entry.security else " ", styles["security"]))
        # The Listening tab: a row is its socket, on its own port (not its entry's range).
        port_label = str(listeners[0].port) if self.listening_columns and listeners else entry.port_label
        segments += [Segment(" ", row), Segment(fit(port_label, c.port) + " ", styles["port"])]
        if self.listening_columns:
            protocols, address, process, user = socket_cells(listeners, c)
            for text, size, style in (
                (protocols or protocol_text(entry.protocols, c.proto), c.proto, styles["muted"]),
                (address, c.address, row),
                (process, c.process, row),
                (user, c.user, row),
            ):
                if size:
                    segments.append(Segment(fit(text, size) + " ", style))
        elif c.proto:
            segments.append(
                Segment(fit(protocol_text(entry.protocols, c.proto), c.proto) + " ", styles["muted"])
            )
        if c.service and not (c.address or c.process):
            segments.append(Segment(fit(shown_service(entry), c.service) + " ", row))
        if c.title:
            guess = index < len(self.guesses) and self.guesses[index]
            title = printable(entry.title)
            same_port = marks.catalog.span(entry.port, entry.port) if marks is not None else ()
            if tell := telling_apart(entry, same_port, c):  # two rows would read the same
                title = f"{tell}: {title}"
            segments.append(Segment(fit(title, c.title), styles["muted"] if guess else title_style))
        return Strip(segments).adjust_cell_length(width, row)

    # -- actions ------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self.page_height

    def action_page_down(self) -> None:
        self.cursor += self.page_height

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.entries) - 1

    def action_select(self) -> None:
        entry = self.highlighted
        if entry is not None:
            self.post_message(self.Selected(self, entry))

    def on_key(self, event: events.Key) -> None:
        hint_search(self, event)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = round(self.scroll_y) + offset.y - 1
        if not 0 <= index < len(self.entries):
            return
        if index == self.cursor and event.chain >= 2:
            self.action_select()
        self.cursor = index
