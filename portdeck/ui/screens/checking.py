"""The main screen's live check: `t` asks for a host, checks the highlighted port in a worker
thread, and shows the progress and then the result in the detail pane. Esc cancels.

The screen owns one `Checks` and routes its key and message here. The check code
(`portdeck.check`) is imported on the first `t`, never at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.worker import Worker, get_current_worker

from ...dataset import Protocol

if TYPE_CHECKING:
    from ...check.probe import CheckResult, Plan
    from ...check.target import Target
    from .main import MainScreen


@dataclass
class CheckFinished(Message):
    """A check's worker is done (with a result, or cancelled: None)."""

    target: Target
    result: CheckResult | None


class Checks:
    """Live checks of the highlighted port, one at a time; the last state is kept per port and protocol."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.worker: Worker[None] | None = None
        self.running: Target | None = None  # what the running worker checks
        self.results: dict[tuple[int, Protocol], Content] = {}

    def shown_for(self, port: int | None, protocols: tuple[Protocol, ...]) -> Content | None:
        """What the detail pane shows of a check of this port (running, or its result)."""
        if port is None:
            return None
        for protocol in protocols or (Protocol.TCP,):
            found = self.results.get((port, protocol))
            if found is not None:
                return found
        return None

    def ask(self) -> None:
        """Ask for a host, then check the highlighted port (or the number typed) on it."""
        from .host_prompt import HostPrompt  # imported when first needed: not on the first frame's path

        screen = self.screen
        entry, vacancy = screen.highlighted_entry, screen.vacancy
        if entry is not None:
            port = entry.port
            protocol = (
                Protocol.TCP if Protocol.TCP in entry.protocols or not entry.protocols else Protocol.UDP
            )
        elif vacancy is not None:
            port, protocol = vacancy.port, Protocol.TCP
        else:
            screen.app.bell()
            return
        host = screen.portdeck.settings.values.get("check_host", "")

        def chosen(host: str | None) -> None:
            if host is not None:
                self.start(host, port, protocol)

        screen.app.push_screen(
            HostPrompt(f"{port}/{protocol.value}", host if isinstance(host, str) else ""), chosen
        )

    def start(self, host: str, port: int, protocol: Protocol) -> None:
        from ...check.probe import plan_for
        from ...check.target import Target

        app = self.screen.portdeck
        app.settings.update(check_host=host)
        app.show_store_warnings()
        target = Target(host, port, protocol)
        entries = app.catalog.at_on(port, (protocol,))
        progress = Content.from_markup(
            "[b]Checking $target…[/b] [dim](Esc cancels)[/dim]", target=target.label
        )
        self._show(target, progress)
        plan = plan_for(entries)
        self.running = target
        self.worker = self.screen.run_worker(
            lambda: self._run(target, plan), thread=True, exclusive=True, group="check"
        )

    def _run(self, target: Target, plan: Plan) -> None:
        from ...check.probe import check

        worker = get_current_worker()
        result = check(target, plan, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:  # a cancelled check was said so at Esc; a newer one may be running
            self.screen.post_message(CheckFinished(target, result))

    def cancel(self) -> bool:
        """Stop a running check, and say so at once: its socket calls end only at their timeout
        (up to 3× it), and its result is dropped."""
        worker, target = self.worker, self.running
        if worker is None or worker.is_finished:
            return False
        worker.cancel()
        self.worker = self.running = None
        if target is not None:
            self._show(target, Content(f"Check of {target.label} cancelled."))
        return True

    def finished(self, message: CheckFinished) -> None:
        from ...check import report

        target, result = message.target, message.result
        if result is None:
            self._show(target, Content(f"Check of {target.label} cancelled."))
            return
        lines = report.lines(result)
        first = Content.assemble(("Checked: ", "bold"), (lines[0], "bold"))
        self._show(target, Content("\n").join([first, *(Content(line) for line in lines[1:])]))

    def _show(self, target: Target, content: Content) -> None:
        self.results[(target.port, target.protocol)] = content
        self.screen.show_detail(self.screen.highlighted_entry)
