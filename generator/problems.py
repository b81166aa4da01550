"""Problems found in the data, and the exception that carries them to the CLI.

Validation collects every problem and reports them all at once (as MkDocs'
config validation does), so a clerk fixes a whole file in one pass. A problem
is tied to a file and a 1-based line and column, except problems of the
machine itself (a missing browser or font), which have no place in the data.
"""

from __future__ import annotations

import os
import re
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# Line breaks and other control characters, as YAML and Unicode know them: in a log line they would
# start a line of their own (a CI workflow command such as ::error::, an ANSI escape, a section marker).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` as one printable line: each control character written out as an escape (\\n, \\x1b).

    Every message quotes what clerks wrote, and a value can be anything until it
    is validated; so whatever is printed for a terminal or a CI log goes through here.
    """
    return _UNPRINTABLE.sub(
        lambda m: _NAMED.get(
            m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


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
        """The problem as one line for a terminal or a CI log (see `one_line`)."""
        if not self.file:
            return one_line(self.message)
        return one_line(f"{self.file}:{self.position.line}:{self.position.column} {self.message}")


class DataError(Exception):
    """The region's data is invalid: nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.render() for p in self.problems))

    def __reduce__(self) -> tuple:
        """Rebuilt from its problems when it crosses a process boundary (see `build.build_site`)."""
        return (DataError, (self.problems,))


CRASH_LOG = "build/last-error.log"  # relative to the project


def write_crash_log(exc: BaseException, log: Path) -> Path:
    """Keep the traceback of an unexpected error (a bug, not bad data) in `log` for whoever maintains the site.

    Clerks see one Chinese sentence naming this file, never the trace itself;
    an error raised in the generator's child process carries the child's
    trace as its cause, so both are kept.
    """
    text = "".join(traceback.format_exception(exc))
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(text, encoding="utf-8")
        return log
    except OSError:  # the project's build folder is what failed: the system's temporary folder, then
        handle, name = tempfile.mkstemp(prefix="lianluo-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return Path(name)
