"""The main screen's live check: `t` asks for a host, checks the highlighted port in a worker
thread, and shows the progress and then the result in the detail pane. Esc cancels.

A mixin of `MainScreen`. The check code (`portdeck.check`) is imported on the first
`t`, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.worker import Worker, get_current_worker

from ...dataset import Protocol

if TYPE_CHECKING:
    from ...check.probe import CheckResult, Plan
    from ...check.target import Target
    from .main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class CheckFinished(Message):
    """A check's worker is done (with a result, or cancelled: None)."""

    def __init__(self, target: Target, result: CheckResult | None) -> None:
        super().__init__()
        self.target, self.result = target, result


class Checking(_Base):
    """Live checks of the highlighted port, one at a time; results are kept per port and protocol."""

    check_worker: Worker[None] | None = None
    # The last check's state for each (port, protocol): what the detail pane shows.
    check_results: dict[tuple[int, Protocol], Content]

    def checked(self, port: int | None, protocols: tuple[Protocol, ...]) -> Content | None:
        """What the detail pane shows of a check of this port (running, or its result)."""
        results = self.check_results
        for protocol in protocols or (Protocol.TCP,):
            if (port, protocol) in results:
                return results[(port, protocol)]
        return None

    def action_check(self) -> None:
        """Ask for a host, then check the highlighted port (or the number typed) on it."""
        from .host_prompt import HostPrompt  # imported when first needed: not on the first frame's path

        entry, vacancy = self.highlighted_entry, self.vacancy
        if entry is not None:
            port = entry.port
            protocol = Protocol.TCP if Protocol.TCP in entry.protocols or not entry.protocols else Protocol.UDP
        elif vacancy is not None:
            port, protocol = vacancy.port, Protocol.TCP
        else:
            self.app.bell()
            return
        host = self.portdeck.settings.values.get("check_host", "")
        self.app.push_screen(
            HostPrompt(f"{port}/{protocol.value}", host if isinstance(host, str) else ""),
            lambda chosen: self._start_check(chosen, port, protocol),
        )

    def _start_check(self, host: str | None, port: int, protocol: Protocol) -> None:
        if host is None:
            return
        from ...check.probe import plan_for
        from ...check.target import Target

        self.portdeck.settings.update(check_host=host)
        self.portdeck.show_store_warnings()
        target = Target(host, port, protocol)
        entries = [e for e in self.portdeck.catalog.at(port) if protocol in e.protocols or not e.protocols]
        self._show_check(target, Content.from_markup(
            "[b]Checking $target…[/b] [dim](Esc cancels)[/dim]", target=target.label
        ))
        self.check_worker = self.run_worker(
            lambda: self._run_check(target, plan_for(entries)), thread=True, exclusive=True, group="check"
        )

    def _run_check(self, target: Target, plan: Plan) -> None:
        from ...check.probe import check

        worker = get_current_worker()
        result = check(target, plan, cancelled=lambda: worker.is_cancelled)
        self.post_message(CheckFinished(target, None if worker.is_cancelled else result))

    def cancel_check(self) -> bool:
        """Stop a running check (its socket calls end at their timeout; the result is dropped)."""
        worker = self.check_worker
        if worker is None or worker.is_finished:
            return False
        worker.cancel()
        self.check_worker = None
        return True

    def on_check_finished(self, message: CheckFinished) -> None:
        from ...check import report

        target, result = message.target, message.result
        if result is None:
            self._show_check(target, Content(f"Check of {target.label} cancelled."))
            return
        lines = report.lines(result)
        content = Content("\n").join(
            [Content.assemble(("Checked: ", "bold"), (lines[0], "bold")), *(Content(line) for line in lines[1:])]
        )
        self._show_check(target, content)

    def _show_check(self, target: Target, content: Content) -> None:
        self.check_results[(target.port, target.protocol)] = content
        self.show_detail(self.highlighted_entry)
