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

import re
from collections.abc import Callable
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
MAX_DEPTH = 24  # clerks' files nest about six levels; far deeper is a mistake or an attack
# Control characters YAML refuses (all but tab, line feed and carriage return), and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")


DataPath = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A parsed file: its data and where each value and key stands in the text."""

    path: Path
    display: str  # the path shown to clerks, relative to the project
    data: Any
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    # What later checks worked out from this file's data alone, kept with it: a file live preview
    # reads again unchanged (`load.keep_typed_files`) is not worked through again, and a build keeps it
    # with the file's entry in `sourcecache` (so plain data only: str, int, bool, None, lists, dicts).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # Where each value and key stands (see `values`, `keys`), or how to get them when first asked.
    _tables: tuple[dict[DataPath, Position], dict[DataPath, Position]] = field(
        default_factory=lambda: ({}, {}), repr=False, compare=False
    )
    _unpack: Callable[[], tuple[dict[DataPath, Position], dict[DataPath, Position]]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def values(self) -> dict[DataPath, Position]:
        """The position of every value, by its path in the data."""
        return self._positions()[0]

    @property
    def keys(self) -> dict[DataPath, Position]:
        """The position of every mapping key, by the path of its value."""
        return self._positions()[1]

    def unpack_later(self, unpack: Callable[[], tuple[dict[DataPath, Position], dict[DataPath, Position]]]) -> None:
        """Take the positions from `unpack` when first asked for (a cached file rarely needs them)."""
        self._unpack = unpack

    def _positions(self) -> tuple[dict[DataPath, Position], dict[DataPath, Position]]:
        if self._unpack is not None:
            self._tables, self._unpack = self._unpack(), None
        return self._tables

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

    def fail(self, position: Position, message: str) -> None:
        """Record a problem found while reading (the reader stops at those it cannot read past)."""
        self.problems.append(Problem(self.display, position, message))


class SourceError(Exception):
    """The file cannot be read as YAML; carries the problems found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


def _mark(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def read_source(raw: bytes, path: Path, display: str) -> SourceFile:
    """Decode and parse a file's bytes (read safely by `files`); raise SourceError with line-precise problems."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError([Problem(display, Position(line, column), ERR["not_utf8"])]) from None
    return parse_source(text, path, display)


def parse_source(text: str, path: Path, display: str) -> SourceFile:
    """Parse YAML text already decoded; raise SourceError as `read_source` does.

    The file is read as a stream of events, not composed into a node graph, so
    work is bounded by the file's length: anchors and aliases (which could
    expand a small file into gigabytes, or into itself) are refused where they
    stand, and so is nesting deeper than `MAX_DEPTH`, before any recursion.
    """
    text = text.removeprefix("\ufeff")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        code = f"U+{ord(control.group()):04X}"
        raise SourceError([Problem(display, Position(line, column), ERR["yaml_control"].format(code=code))])
    source = SourceFile(path=path, display=display, data=None, text=text)
    try:
        source.data = _build(_events(text), source)
    except yaml.MarkedYAMLError as exc:
        raise SourceError([_yaml_problem(display, text, exc)]) from None
    except yaml.YAMLError as exc:  # errors without a mark, e.g. reader errors
        raise SourceError([Problem(display, Position(1, 1), ERR["yaml_other"].format(detail=exc))]) from None
    if source.problems:
        raise SourceError(source.problems)
    return source


class _Skip:
    """Stands for a value that is not kept (under a duplicate or non-text key), so its events are consumed."""


def _scalar(event: yaml.ScalarEvent) -> str | None:
    plain = event.style in (None, "")
    if plain and ((event.tag is None and event.implicit[0] and event.value in _NULLS) or event.tag == NULL_TAG):
        return None
    return event.value


_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_SKIPPED = (yaml.StreamStartEvent, yaml.DocumentEndEvent)


def _events(text: str):
    """The parser's events, taken straight from the loader (half the calls of `yaml.parse`)."""
    loader = _SafeLoader(text)
    try:
        get = loader.get_event
        while True:
            event = get()
            if type(event) is yaml.StreamEndEvent:
                return
            yield event
    finally:
        loader.dispose()


def _build(events, source: SourceFile) -> Any:
    """Plain data from YAML events, recording every value's and key's position in `source`.

    The stack holds open collections as [container, its path, the key awaiting
    its value]; a mapping's key events and value events alternate. Written for
    speed: a 2 MB file is some two million events.
    """
    stack: list[list[Any]] = []
    values, keys = source.values, source.keys
    root: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind in _ENDS:
            stack.pop()
            continue
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                source.fail(_mark(event.start_mark), ERR["yaml_documents"])
                return root
            continue
        if kind in _SKIPPED:
            continue
        if kind is yaml.AliasEvent or event.anchor:
            source.fail(_mark(event.start_mark), ERR["yaml_alias"])
            return root
        mark = event.start_mark
        top = stack[-1] if stack else None
        # a scalar, or the start of a sequence or mapping: a key, or a value to place
        if top is not None and top[2] is None and type(top[0]) is dict:
            container, path = top[0], top[1]
            if kind is not _SCALAR:
                source.fail(_mark(mark), ERR["key_not_text"])
                top[2] = _Skip
                stack.append([_Skip, path, None])  # consume the key's own events
                continue
            key = event.value
            if key in container:
                message = ERR["duplicate_key"].format(key=key, line=keys[(*path, key)].line)
                source.fail(_mark(mark), message)
                top[2] = _Skip
            else:
                keys[(*path, key)] = Position(mark.line + 1, mark.column + 1)
                top[2] = key
            continue
        value: Any = _scalar(event) if kind is _SCALAR else ([] if kind is _SEQUENCE else {})
        if top is None:
            here: DataPath = ()
            root = value
        else:
            container, path, key = top
            if container is _Skip or key is _Skip:
                if type(container) is dict:
                    top[2] = None
                if kind is not _SCALAR:
                    stack.append([_Skip, path, None])
                continue
            if type(container) is list:
                here = (*path, len(container))
                container.append(value)
            else:
                here = (*path, key)
                container[key] = value
                top[2] = None
        values[here] = Position(mark.line + 1, mark.column + 1)
        if kind is not _SCALAR:
            if len(stack) >= MAX_DEPTH:
                source.fail(_mark(mark), ERR["yaml_depth"].format(depth=MAX_DEPTH))
                return root
            stack.append([value, here, None])
    if not values:
        values[()] = Position(1, 1)
    return root


# A key typed with a full-width colon (name：王丽), and indentation typed with full-width spaces.
_WIDE_COLON = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*[ ]*(：)")
_WIDE_INDENT = re.compile(r"^[ ]*(?:-[ ]+)?(\u3000)")
_KEY_LINE = re.compile(r"^([ ]*(?:-[ ]+)?)[A-Za-z_][A-Za-z0-9_]*:(?:[ ]|$)")  # group 1: up to the key
LOOK_BACK = 2  # lines above an error where its cause is sought: PyYAML often notices a line late


def _typing_slip(lines: list[str], line: int) -> Problem | None:
    """A full-width colon or space near an error's line, which PyYAML reports as a colon or indent problem."""
    for number in range(max(line - LOOK_BACK, 1), min(line, len(lines)) + 1):
        for pattern, message in ((_WIDE_COLON, ERR["yaml_wide_colon"]), (_WIDE_INDENT, ERR["yaml_wide_space"])):
            match = pattern.match(lines[number - 1])
            if match:
                return Problem("", Position(number, match.start(1) + 1), message)
    return None


def _over_indented(lines: list[str], line: int) -> int:
    """How many spaces a key line is indented past the key line above it when that one holds a value, else 0.

    `name: 甲` followed by `     level: 市` (one space more) is PyYAML's "mapping
    values are not allowed here": the clerk needs to hear it is the indentation.
    """
    if not 1 < line <= len(lines):
        return 0
    here = _KEY_LINE.match(lines[line - 1])
    above = next(
        (text for text in reversed(lines[: line - 1]) if text.strip() and not text.lstrip().startswith("#")), ""
    )
    before = _KEY_LINE.match(above)
    if not here or not before or not above[before.end() :].strip():
        return 0
    return max(len(here.group(1)) - len(before.group(1)), 0)


def _yaml_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Translate a PyYAML error into one Chinese line a clerk can act on."""
    mark = exc.problem_mark or exc.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    problem = (exc.problem or "").lower()
    lines = text.splitlines()
    slip = _typing_slip(lines, position.line) if mark else None
    if slip:
        return Problem(display, slip.position, slip.message)
    line_text = lines[position.line - 1] if mark and position.line <= len(lines) else ""
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
        extra = _over_indented(lines, position.line)
        if extra:
            return Problem(display, Position(position.line, 1), ERR["yaml_indent_more"].format(spaces=extra))
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
