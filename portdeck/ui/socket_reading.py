"""The app's reading of the listening sockets, and of the baseline it compares them with:
each read in a worker thread, then handed to the marks and the main screen. A base class
of `PortdeckApp`, which holds the rest of what the screens share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.worker import get_current_worker

from .tabs import LISTENING_TAB

if TYPE_CHECKING:
    from ..baseline import Baseline
    from ..listening import Listener
    from .marks import Marks
    from .screens.main import MainScreen

ListenerSource = Callable[[], Sequence["Listener"]]

# Notifications the user must have time to read (a broken file, a feature that is off).
LONG_TIMEOUT = 20


class SocketReading(App[None]):
    """Reads the sockets for the Listening tab, and a baseline to mark what is new since."""

    if TYPE_CHECKING:
        marks: Marks
        main: MainScreen
        _listener_source: ListenerSource | None

    @dataclass
    class ListeningRead(Message):
        """The listening-sockets worker finished: the sockets, or why they cannot be read."""

        listeners: tuple[Listener, ...] | None
        problem: str | None = None

    @dataclass
    class BaselineRead(Message):
        """A baseline file was read for the Listening tab: its sockets, or the one-line problem."""

        path: str
        baseline: Baseline | None
        problem: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self._listening_asked = False  # the user pressed refresh: report when done
        self._baseline_unsaid = False  # a baseline was read: say what changed once sockets are too

    # -- listening sockets --------------------------------------------------------

    @work(thread=True, exclusive=True, group="listening")
    def _read_listening(self) -> None:
        """Read the local listening sockets off the UI thread (psutil takes tens of ms)."""
        try:
            if self._listener_source is not None:
                found = self._listener_source()
            else:
                from ..listening import local_listeners

                found = local_listeners()
            message = self.ListeningRead(tuple(found))
        except Exception as error:  # noqa: BLE001 - ListeningUnavailable, or anything psutil raises
            from ..listening import ListeningUnavailable

            reason = (
                str(error) if isinstance(error, ListeningUnavailable) else f"{type(error).__name__}: {error}"
            )
            message = self.ListeningRead(None, reason or type(error).__name__)
        if not get_current_worker().is_cancelled:  # a newer refresh is on its way
            self.post_message(message)

    @on(ListeningRead)
    def _listening_read(self, message: ListeningRead) -> None:
        asked, self._listening_asked = self._listening_asked, False
        self.marks.set_listeners(message.listeners)
        if message.listeners is None:
            self.main.drop_tab(LISTENING_TAB)
            self.notify(
                f"Listening ports are not shown: {message.problem}",
                title="Listening",
                severity="warning",
                timeout=LONG_TIMEOUT,
                markup=False,
            )
        elif asked:
            count = len(self.marks.listening or ())
            self.notify(f"{count} port{'' if count == 1 else 's'} listening on this machine", timeout=3)
        self.main.marks_changed()
        self._say_baseline()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "refresh_listening":
            return self.main.has_tab(LISTENING_TAB)
        return True

    def action_refresh_listening(self) -> None:
        """Read the listening sockets again, and say how many there are."""
        self._listening_asked = True
        self._read_listening()

    def refresh_listening(self) -> None:
        """Read the listening sockets again, quietly (the Listening tab's timer)."""
        self._read_listening()

    # -- a baseline to compare with -------------------------------------------------

    @work(thread=True, exclusive=True, group="baseline")
    def compare_with_baseline(self, path: str) -> None:
        """Read a baseline file (`portdeck --listening --save FILE`) off the UI thread; the
        Listening tab then marks what is new since (`--baseline FILE`, the palette)."""
        from ..baseline import load_baseline

        try:
            message = self.BaselineRead(path, load_baseline(path))
        except Exception as error:  # noqa: BLE001 - BaselineError names the file; anything else too
            from ..baseline import BaselineError
            from ..safe_text import printable

            problem = (
                str(error) if isinstance(error, BaselineError) else f"baseline {printable(path)}: {error!r}"
            )
            message = self.BaselineRead(path, None, problem)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(BaselineRead)
    def _baseline_read(self, message: BaselineRead) -> None:
        if message.baseline is None:
            self.notify(
                f"Not compared: {message.problem}",
                title="Baseline",
                severity="warning",
                timeout=LONG_TIMEOUT,
                markup=False,
            )
            return
        if not self.main.has_tab(LISTENING_TAB):
            self.notify(
                "Not compared with a baseline: the sockets listening here cannot be read.",
                title="Baseline",
                severity="warning",
                timeout=LONG_TIMEOUT,
                markup=False,
            )
            return
        self.marks.set_baseline(message.path, message.baseline)
        self.main.marks_changed()
        self._baseline_unsaid = True
        self._say_baseline()

    def _say_baseline(self) -> None:
        """Once a new baseline is compared with the sockets: how many are new, how many gone."""
        changes, baseline = self.marks.changes, self.marks.baseline
        if not self._baseline_unsaid or changes is None or baseline is None:
            return  # the sockets are not read yet: said when they are
        self._baseline_unsaid = False
        from ..safe_text import printable

        path, saved = baseline
        said = f"Comparing the Listening tab with {printable(path)}"
        if saved.saved_at:
            said += f" (saved {printable(saved.saved_at)})"
        new, gone = changes.counts
        said += f": {new} new (marked +), {gone} gone since"
        self.notify(said, title="Baseline", timeout=8, markup=False)
