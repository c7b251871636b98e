"""The one error the data layer raises: it names the file, line and entry at fault."""

from __future__ import annotations

import os

from ..typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    StrPath = str | os.PathLike[str]


class DatasetError(Exception):
    """A dataset file that cannot be used, with where and why."""

    def __init__(
        self,
        path: StrPath,
        problem: str,
        *,
        line: int | None = None,
        entry: str | None = None,
    ) -> None:
        self.path = os.fspath(path)  # a str: pathlib costs a CLI start ~4 ms
        self.problem = problem
        self.line = line
        self.entry = entry
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f" {self.entry}:" if self.entry else ""
        return f"{where}:{what} {self.problem}"
