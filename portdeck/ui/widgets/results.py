"""The ranked list of matches, drawn one visible row at a time (Textual's Line API).

Refilling a DataTable with thousands of rows on every keystroke takes up to two
seconds; this view only keeps a reference to the ranked tuple and renders the rows
on screen, so a new result costs the same whether it has 5 matches or 6,500.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...dataset import CatalogSpan, PortEntry, Source
from ..marks import Marks

UNOFFICIAL_MARK = "•"
UNKNOWN_MARK = "?"
PIN_MARK = "★"
LISTENING_MARK = "●"
SECURITY_MARK = "!"
HEADER = ("Port", "Proto", "Service", "Title")


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def port_column_width(entries: Sequence[PortEntry]) -> int:
    """Cells the port column needs: five for single ports; only ranges ("6000-6063") need more.

    A span of the catalog is measured on the catalog's few range entries, so showing
    every entry does not build every entry.
    """
    if isinstance(entries, CatalogSpan):
        ranges = entries.ranges()
    else:
        ranges = [e for e in entries if e.end != e.port]
    return max((len(e.port_label) for e in ranges), default=5)


class Columns:
    """Cell widths of the columns for one view width.

    Plain slotted classes here and for the messages: each dataclass costs start-up ~0.5-1 ms.
    """

    __slots__ = ("live", "mark", "port", "proto", "service", "title")

    def __init__(self, mark: int, live: int, port: int, proto: int, service: int, title: int) -> None:
        self.mark, self.live, self.port, self.proto, self.service, self.title = mark, live, port, proto, service, title

    @classmethod
    def for_width(cls, width: int, port_width: int, live: bool = False) -> Columns:
        """Give port, protocols and service what they need; the title takes the rest.

        `mark` holds the unofficial and pinned marks, `live` (when listening sockets
        are known) the listening mark.
        """
        mark = 3
        live_width = 2 if live else 0
        port = max(4, port_width)
        proto = 7 if width >= 44 else 3
        service = 16 if width >= 70 else 12 if width >= 44 else 9
        gaps = 3  # one space after port, protocols and service
        title = width - (mark + live_width + port + proto + service + gaps)
        if title < 8:
            # Too narrow for a title: hide it and let the service name have the room.
            service += max(0, title)
            title = 0
        return cls(mark, live_width, port, proto, max(0, service), title)


class ResultsView(ScrollView, can_focus=True):
    """The matches for the query, one row each, with a cursor row and zebra stripes."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="results.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="results.page_down"),
        Binding("home,g", "first", "First", show=False, id="results.first"),
        Binding("end,G", "last", "Last", show=False, id="results.last"),
        Binding("enter", "select", "Full detail", id="results.select"),
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
    }

    class Highlighted(Message):
        """The cursor moved to another entry (None when there are no rows)."""

        def __init__(self, results_view: ResultsView, entry: PortEntry | None) -> None:
            super().__init__()
            self.results_view = results_view
            self.entry = entry

        @property
        def control(self) -> ResultsView:
            return self.results_view

    class Selected(Message):
        """The user chose the entry under the cursor (Enter or a second click)."""

        def __init__(self, results_view: ResultsView, entry: PortEntry) -> None:
            super().__init__()
            self.results_view = results_view
            self.entry = entry

        @property
        def control(self) -> ResultsView:
            return self.results_view

    # No watcher runs at mount (init=False): the app sets the entries then, and a
    # Highlighted(None) from mount time would flip the detail pane to "No entry" and back.
    entries: reactive[Sequence[PortEntry]] = reactive((), always_update=True, repaint=False, init=False)
    """The rows, in ranked order. Setting it moves the cursor to the first row."""
    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the highlighted row in `entries`."""
    marks: reactive[Marks | None] = reactive(None, always_update=True, repaint=False, init=False)
    """Pins and listening sockets; set it again after they change to redraw the marks."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # Rendered rows keyed by index and everything else that changes how a row looks.
        self._line_cache: LRUCache[tuple[int, bool, int, bool], Strip] = LRUCache(maxsize=512)
        self._port_width = 5
        self._columns: Columns | None = None
        self._columns_width = 0  # the width `_columns` was computed for
        self._row_styles_cache: dict[tuple[int, bool, bool], dict[str, Style]] = {}

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
        self._port_width = port_column_width(entries)
        self._columns = None
        self._line_cache.clear()
        self.virtual_size = Size(0, len(entries) + 1)
        self.set_reactive(ResultsView.cursor, 0)
        if self.is_mounted:
            self.scroll_to(y=0, animate=False, immediate=True)
        elif len(entries) >= self.app.size.height:
            # Before mount (the first result): more rows than the screen has lines need the
            # scrollbar. Said now, its appearing in the first layout costs no second one.
            self.set_reactive(ResultsView.show_vertical_scrollbar, True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted))

    def watch_marks(self) -> None:
        self._columns = None
        self._line_cache.clear()
        self.refresh()

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
        width = self.scrollable_content_region.width
        if self._columns is None or self._columns_width != width:
            live = self.marks is not None and self.marks.listening is not None
            self._columns = Columns.for_width(width, self._port_width, live)
            self._columns_width = width
        return self._columns

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._render_header(width)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.entries):
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor
        key = (index, is_cursor, width, self.has_focus)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._render_row(index, is_cursor, width)
            self._line_cache[key] = strip
        return strip

    def _render_header(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("results-view--header")
        c = self.columns
        text = " " * (c.mark + c.live) + " ".join(
            fit(label, size) for label, size in zip(HEADER, (c.port, c.proto, c.service, c.title)) if size
        )
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
            for part in ("muted", "unofficial", "pinned", "listening", "port", "security"):
                styles[part] = row + get(f"results-view--{part}", partial=True)
            self._row_styles_cache[key] = styles
        return styles

    def _render_row(self, index: int, is_cursor: bool, width: int) -> Strip:
        entry = self.entries[index]
        styles = self._row_styles(index, is_cursor)
        row = styles["row"]
        c = self.columns
        marks = self.marks
        if entry.official:
            mark = Segment(" ", row)
            title_style = row
        else:
            symbol = UNKNOWN_MARK if entry.source is Source.UNKNOWN else UNOFFICIAL_MARK
            mark = Segment(symbol, styles["unofficial"])
            title_style = styles["italic"]
        pinned = marks is not None and marks.is_pinned(entry)
        segments = [
            mark,
            Segment(PIN_MARK if pinned else " ", styles["pinned"]),
            Segment(" " * (c.mark - 2), row),
        ]
        if c.live:
            listening = marks is not None and marks.is_listening(entry)
            segments.append(Segment(fit(LISTENING_MARK if listening else "", c.live), styles["listening"]))
        segments += [
            Segment(fit(entry.port_label, c.port) + " ", styles["port"]),
            Segment(fit(entry.protocol_label, c.proto) + " ", styles["muted"]),
            Segment(fit(entry.service, c.service) + " ", row),
        ]
        if c.title:
            title_width = c.title
            if entry.security:
                title_width -= 2
            segments.append(Segment(fit(entry.title, title_width), title_style))
            if entry.security:
                segments.append(Segment(" " + SECURITY_MARK, styles["security"]))
        strip = Strip(segments)
        return strip.adjust_cell_length(width, row)

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
