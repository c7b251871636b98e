"""The `?` screen: every key, the query syntax and what the row marks mean."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.results import LISTENING_MARK, PIN_MARK, SECURITY_MARK, UNKNOWN_MARK, UNOFFICIAL_MARK

QUERY_HELP = (
    ("5432", "a port number: its entries, or whether it is unassigned"),
    ("8000-8100", "every entry in a range"),
    ("postgress", "a name; typos are forgiven"),
    ("udp 53", "only one protocol (also udp:53)"),
)


class HelpScreen(ModalScreen[None]):
    """A key reference built from the bindings themselves, so it never goes stale."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        """`keys` is (keys, description) pairs, in the order to show them."""
        super().__init__()
        self.keys = tuple(keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "portdeck help"
            body.border_subtitle = "Esc closes"
            yield Static(self._keys_content(), id="help-keys")
            yield Static(self._query_content(), id="help-query")
            yield Static(self._legend_content(), id="help-legend")

    def _keys_content(self) -> Content:
        width = max((len(keys) for keys, _ in self.keys), default=0)
        lines = [Content.from_markup("[b]Keys[/b]")]
        for keys, description in self.keys:
            lines.append(Content.from_markup("  [b]$keys[/b]  $description", keys=keys.ljust(width), description=description))
        return Content("\n").join(lines)

    def _query_content(self) -> Content:
        lines = [Content.from_markup("[b]What to type[/b]")]
        for example, meaning in QUERY_HELP:
            lines.append(Content.from_markup("  [b]$example[/b]  $meaning", example=example.ljust(10), meaning=meaning))
        return Content("\n").join(lines)

    def _legend_content(self) -> Content:
        return Content.from_markup(
            "[b]Marks in the list[/b]\n"
            "  $unofficial  unofficial: a common use IANA does not list for this port\n"
            "  $pin  pinned (f pins and unpins; the Pinned tab lists them)\n"
            "  $listening  listening on this machine (the detail pane shows who; Ctrl+R reads again)\n"
            "  $unknown  listening here, but no registry entry knows the port\n"
            "  $security  has a security note (read it in the detail pane)",
            unofficial=UNOFFICIAL_MARK,
            pin=PIN_MARK,
            listening=LISTENING_MARK,
            unknown=UNKNOWN_MARK,
            security=SECURITY_MARK,
        )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
