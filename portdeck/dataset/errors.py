"""The one error the data layer raises: it names the file, line and entry at fault."""

from __future__ import annotations

from pathlib import Path


class DatasetError(Exception):
    """A dataset file that cannot be used, with where and why."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        entry: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.entry = entry
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        what = f" {self.entry}:" if self.entry else ""
        return f"{where}:{what} {self.problem}"
