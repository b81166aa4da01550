"""Read one YAML file into plain data plus the source position of every value.

Clerks edit these files by hand, so everything that can go wrong while reading
(bad encoding, tabs, bad indentation, duplicate keys) becomes a `Problem` with
file, line and column instead of an exception. This module only reads: it never
interprets the data (that is the model's job) and never writes.

Plain (unquoted) scalars are kept as strings, except the YAML null forms. YAML
1.1 would turn `08:30` into 510 and `no` into False; leaving the conversion to
the typed model means each field gets the type it declares and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Position, Problem
from generator.strings.messages import ERR

try:  # the C parser is much faster on large regions; the pure one behaves the same
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # YAML 1.1's plain null forms


class _Loader(_SafeLoader):
    """Resolves only what `_convert` asks of a tag: whether a plain scalar is null.

    PyYAML's resolver tries every implicit type's pattern on every scalar, which
    was a tenth of reading a city's data; the other types are never used here.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return NULL_TAG if implicit[0] and value in _NULLS else self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


DataPath = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A parsed file: its data and where each value and key stands in the text."""

    path: Path
    display: str  # the path shown to clerks, relative to the project
    data: Any
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def position(self, path: DataPath, *, key: bool = False) -> Position:
        """The position of the value (or key) at `path`, or of its nearest parent."""
        table = self.keys if key else self.values
        if key and path in table:
            return table[path]
        probe = tuple(path)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))

    def problem(self, path: DataPath, message: str, *, key: bool = False) -> Problem:
        return Problem(self.display, self.position(path, key=key), message)


class SourceError(Exception):
    """The file cannot be read as YAML; carries the problems found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


def _mark(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def read_source(path: Path, display: str) -> SourceFile:
    """Parse `path`; raise SourceError with Chinese, line-precise problems."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError([Problem(display, Position(line, column), ERR["not_utf8"])]) from None
    return parse_source(text, path, display)


def parse_source(text: str, path: Path, display: str) -> SourceFile:
    """Parse YAML text already decoded; raise SourceError as `read_source` does."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise SourceError([_yaml_problem(display, text, exc)]) from None
    except yaml.YAMLError as exc:  # errors without a mark, e.g. reader errors
        raise SourceError([Problem(display, Position(1, 1), ERR["yaml_other"].format(detail=exc))]) from None
    source = SourceFile(path=path, display=display, data=None)
    problems: list[Problem] = []
    if root is None:
        source.data = None
        source.values[()] = Position(1, 1)
    else:
        source.data = _convert(root, (), source, problems)
    if problems:
        raise SourceError(problems)
    return source


def _convert(node: yaml.Node, path: DataPath, source: SourceFile, problems: list[Problem]) -> Any:
    source.values[path] = _mark(node)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.tag == NULL_TAG:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), source, problems) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(source.display, _mark(key_node), ERR["key_not_text"]))
            continue
        key = key_node.value
        if key in result:
            first = source.keys[(*path, key)]
            problems.append(
                Problem(source.display, _mark(key_node), ERR["duplicate_key"].format(key=key, line=first.line))
            )
            continue
        source.keys[(*path, key)] = _mark(key_node)
        result[key] = _convert(value_node, (*path, key), source, problems)
    return result


def _yaml_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Translate a PyYAML error into one Chinese line a clerk can act on."""
    mark = exc.problem_mark or exc.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    problem = (exc.problem or "").lower()
    line_text = text.splitlines()[position.line - 1] if mark and position.line <= len(text.splitlines()) else ""
    if "\t" in line_text or "tab" in problem:
        tab_line = position.line
        if "\t" not in line_text:  # PyYAML sometimes reports the line after the tab
            for number, candidate in enumerate(text.splitlines(), start=1):
                if "\t" in candidate:
                    tab_line = number
                    break
        column = text.splitlines()[tab_line - 1].index("\t") + 1
        return Problem(display, Position(tab_line, column), ERR["yaml_tab"])
    if "mapping values are not allowed" in problem:
        return Problem(display, position, ERR["yaml_colon"])
    if "found unexpected end of stream" in problem and exc.context_mark:
        start = exc.context_mark  # where the unclosed quoted value began
        return Problem(display, Position(start.line + 1, start.column + 1), ERR["yaml_quote"])
    if "could not find expected ':'" in problem:
        return Problem(display, position, ERR["yaml_missing_colon"])
    if "found character" in problem and "cannot start any token" in problem:
        return Problem(display, position, ERR["yaml_bad_char"])
    if (
        "expected <block end>" in problem
        or "expected <document start>" in problem
        or "did not find expected" in problem
    ):
        return Problem(display, position, ERR["yaml_indent"])
    return Problem(display, position, ERR["yaml_other"].format(detail=exc.problem or exc))
