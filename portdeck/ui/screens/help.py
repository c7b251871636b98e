"""The `?` screen: every key, the query syntax and what the row marks mean.

The keys come from the bindings themselves (their `tooltip`, else their
`description`), so adding a key is one `Binding` and the help follows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.columns import (
    EXPOSED_MARK,
    LISTENING_MARK,
    NEW_MARK,
    PIN_MARK,
    SECURITY_MARK,
    UNEXPECTED_MARK,
    UNKNOWN_MARK,
    UNOFFICIAL_MARK,
)

QUERY_HELP = (
    ("5432", "a port number: its entries, or whether it is unassigned"),
    ("8000-8100", "every entry in a range"),
    ("postgress", "a name; typos are forgiven"),
    ("udp 53", "only one protocol (also udp:53)"),
    ("tag:database", "entries with a tag (tag words work too: ics, scada, active directory)"),
)

# (heading, bindings) in the order the help shows them.
KeyGroups = Sequence[tuple[str, Iterable[BindingType]]]


class HelpScreen(ModalScreen[None]):
    """A key reference built from the bindings, so it never goes stale; it scrolls by keyboard."""

    AUTO_FOCUS = "#help-body"
    BINDINGS = [
        Binding(
            "escape,q,question_mark,f1", "dismiss", "Close", tooltip="close this window", id="help.close"
        ),
    ]

    def __init__(self, groups: KeyGroups) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "portdeck help"
            body.border_subtitle = "↓ PgDn scroll · Esc closes"
            body.can_focus = True
            yield Static(id="help-keys")
            yield Static(id="help-query")
            yield Static(id="help-legend")

    def on_mount(self) -> None:
        self.call_after_refresh(self.on_resize)

    def on_resize(self) -> None:
        # Long lines wrap under their text, not under their key: wrapped here, for the width.
        width = max(20, self.query_one("#help-body").scrollable_content_region.width)
        self.query_one("#help-keys", Static).update(self._keys_content(width))
        self.query_one("#help-query", Static).update(self._query_content(width))
        self.query_one("#help-legend", Static).update(self._legend_content(width))

    def key_rows(self) -> list[tuple[str, str, str]]:
        """(heading, keys, what they do): bindings sharing a text share a row."""
        rows: list[tuple[str, str, str]] = []
        for heading, bindings in self.groups:
            texts: dict[str, list[str]] = {}
            for binding in bindings:
                if not isinstance(binding, Binding):
                    continue
                text = binding.tooltip or (binding.description if binding.show else "")
                if not text:
                    continue
                keys = texts.setdefault(text, [])
                for key in binding.key.split(","):
                    display = self.app.get_key_display(Binding(key.strip(), binding.action))
                    if display not in keys:
                        keys.append(display)
            rows += [(heading, " ".join(keys), text) for text, keys in texts.items()]
        return rows

    def _keys_content(self, width: int = 80) -> Content:
        rows = self.key_rows()
        key_width = max((len(keys) for _, keys, _ in rows), default=0)
        lines: list[Content] = []
        heading = None
        for group, keys, text in rows:
            if group != heading:
                heading = group
                lines += (
                    [Content(""), Content.assemble((group, "bold"))]
                    if lines
                    else [Content.assemble((group, "bold"))]
                )
            lines += _hanging(keys, key_width, text, width)
        return Content("\n").join(lines)

    def _query_content(self, width: int = 80) -> Content:
        lines = [Content.assemble(("What to type", "bold"))]
        for example, meaning in QUERY_HELP:
            lines += _hanging(example, 12, meaning, width)
        return Content("\n").join(lines)

    def _legend_content(self, width: int = 80) -> Content:
        lines = [Content.assemble(("Marks in the list", "bold"))]
        for mark, meaning in (
            (UNOFFICIAL_MARK, "unofficial: a common use IANA does not list for this port"),
            (PIN_MARK, "pinned (f pins and unpins; the Pinned tab lists them)"),
            (LISTENING_MARK, "listening on this machine (the detail pane shows who; Ctrl+R reads again)"),
            (
                NEW_MARK,
                "listening, and new since the baseline the Listening tab compares with (portdeck --baseline FILE)",
            ),
            (UNKNOWN_MARK, "listening here, but no registry entry knows the port"),
            (
                UNEXPECTED_MARK,
                "unexpected: another program than the port's entries name listens there (the detail says which)",
            ),
            (SECURITY_MARK, "has a security note (read it in the detail pane)"),
            (
                EXPOSED_MARK,
                "exposed: listening on every interface here, and its security note says why that is risky",
            ),
        ):
            lines += _hanging(mark, 1, meaning, width)
        return Content("\n").join(lines)


def _hanging(label: str, label_width: int, text: str, width: int) -> list[Content]:
    """'  label  text', the text wrapped to `width` and indented under itself."""
    indent = 2 + label_width + 2
    wrapped = textwrap.wrap(text, max(10, width - indent)) or [""]
    first = Content.assemble("  ", (label.ljust(label_width), "bold"), "  ", wrapped[0])
    return [first, *(Content(" " * indent + line) for line in wrapped[1:])]
