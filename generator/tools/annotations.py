"""Problems as GitHub Actions workflow commands, so a pull request shows them on the lines they concern.

`validate --format github` prints `::error file=…,line=…,col=…::message`; GitHub
turns each into an annotation on the file in the pull request's diff, where a
clerk who edited in the web editor sees it. Escaping follows GitHub's rules for
workflow commands: `%`, CR and LF in the message, and also `:` and `,` in
property values; any other control character is written out (`one_line`). This module only formats text; it decides nothing.
"""

from __future__ import annotations

from generator.problems import Problem, one_line
from generator.strings.messages import ERR


def escape_data(text: str) -> str:
    """GitHub's escaping, after `one_line` wrote out every other control character (ANSI escapes, NUL)."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int) -> str:
    """One workflow command line, e.g. `::warning::message`."""
    shown = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items())
    return f"::{kind}{' ' + shown if shown else ''}::{escape_data(message)}"


def error(problem: Problem) -> str:
    """A problem in a file as an annotation on its line; a machine problem as a plain error."""
    if not problem.file:
        return command("error", problem.message)
    return command("error", problem.message, file=problem.file, line=problem.position.line, col=problem.position.column)


def warning(message: str, problem: Problem | None = None) -> str:
    """A warning annotation, on its line when it is about one."""
    if problem is None or not problem.file:
        return command("warning", message)
    return command("warning", message, file=problem.file, line=problem.position.line, col=problem.position.column)


def report_problems(problems: list[Problem]) -> None:
    """On stdout, where the runner reads workflow commands (the usual lines go to stderr)."""
    for problem in problems:
        print(error(problem))


def report_warnings(warnings: list[Problem]) -> None:
    """The schedule warnings of `notices`, as warning annotations."""
    for problem in warnings:
        print(warning(ERR["warning"].format(message=problem.message), problem))
