"""Problems found in the data, and the exception that carries them to the CLI.

Validation collects every problem and reports them all at once (as MkDocs'
config validation does), so a clerk fixes a whole file in one pass. A problem
is always tied to a file and a 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Position(NamedTuple):
    line: int
    column: int


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    position: Position
    message: str

    def render(self) -> str:
        return f"{self.file}:{self.position.line}:{self.position.column} {self.message}"


class DataError(Exception):
    """The region's data is invalid: nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.render() for p in self.problems))
