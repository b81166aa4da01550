"""Problems found in the data, and the exception that carries them to the CLI.

Validation collects every problem and reports them all at once (as MkDocs'
config validation does), so a clerk fixes a whole file in one pass. A problem
is tied to a file and a 1-based line and column, except problems of the
machine itself (a missing browser or font), which have no place in the data.
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

    @classmethod
    def general(cls, message: str) -> Problem:
        """A problem of the machine, not of any file."""
        return cls("", Position(0, 0), message)

    def render(self) -> str:
        if not self.file:
            return self.message
        return f"{self.file}:{self.position.line}:{self.position.column} {self.message}"


class DataError(Exception):
    """The region's data is invalid: nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.render() for p in self.problems))

    def __reduce__(self) -> tuple:
        """Rebuilt from its problems when it crosses a process boundary (see `build.build_site`)."""
        return (DataError, (self.problems,))
