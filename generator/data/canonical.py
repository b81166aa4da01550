"""Rewrite data files in one canonical layout without losing a comment (`python -m generator fmt`).

Clerks edit by hand, so the same data can be written many ways; a canonical
layout keeps pull-request diffs down to real changes (as congress-legislators
checks its YAML in CI). The layout:

- keys in the order of the model's fields (`model.py`), nested records too;
  keys the model does not know go last, in the order written (validation flags them);
- two spaces per level, list items as `  - ` under their key;
- lists of plain values inline (`deputies: [wang-li, zhao-gang]`), records as
  blocks, monthly themes inline one per line (`- {month: 1, theme: 安全生产}`);
  a list with a comment inside keeps its block form, so the comment stays put;
- in the list files (deputies, schedule, plan, cases) one blank line between the
  top-level sections, and between deputies, activities and cases; in a holidays
  file one blank line between holidays; no other blank lines;
- dates unquoted; other quoting as written (quotes can matter to YAML);
- no trailing spaces, one final newline.

Comments stay beside what they describe: a comment on the line of a value
stays with that value, comment lines before a key or list item move with it.
ruamel.yaml keeps comments only loosely (as text after the previous value), so
this module moves them explicitly. A rewrite is accepted only when the data
(as `source.py` reads it) and every comment are unchanged; otherwise the file
is left alone and reported. Nothing here writes unless asked, and never
half a file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from generator.atomic import write_atomically
from generator.data.fields import unwrap
from generator.data.files import DataTree, UnsafeFile, root_problem
from generator.data.load import FIXED_FILES, HOLIDAYS_FILE_RE, REGION_FILE, YEAR_FILE_RE, YEAR_FILES
from generator.data.model import (
    CasesFile,
    DeputiesFile,
    HolidaysFile,
    PlanFile,
    RecordsFile,
    Region,
    ScheduleFile,
    Theme,
)
from generator.data.source import SourceError, parse_source, read_source
from generator.data.values import Level, normal_levels
from generator.problems import Position, Problem
from generator.strings.messages import ERR

MAPPING_INDENT = 2
SEQUENCE_INDENT = 4  # the key's column + 4 for an item's keys ...
SEQUENCE_OFFSET = 2  # ... and + 2 for its dash
SECTIONED_FILES: tuple[type[BaseModel], ...] = (DeputiesFile, ScheduleFile, PlanFile, CasesFile, RecordsFile)
SPACED_LISTS: set[tuple[type[BaseModel], str]] = {
    (DeputiesFile, "deputies"),
    (PlanFile, "activities"),
    (CasesFile, "cases"),
    (HolidaysFile, "holidays"),  # one holiday a paragraph, as the notice has them
    (RecordsFile, "records"),
}
INLINE_RECORDS: tuple[type[BaseModel], ...] = (Theme,)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COMMENT = re.compile(r"(?:^|(?<=[ \t]))(#[^\n]*)", re.MULTILINE)
BLANK = "\n"


def model_for(name: str, *, region: bool = False) -> type[BaseModel] | None:
    """The model of a data file, by its name (as `load` finds them), or None for other files."""
    if region:
        if name == REGION_FILE:
            return Region
        return HolidaysFile if HOLIDAYS_FILE_RE.match(name) else None
    if name in FIXED_FILES:
        return FIXED_FILES[name]
    match = YEAR_FILE_RE.match(name)
    return YEAR_FILES[match.group(1)] if match else None


def round_trip_yaml(
    mapping: int = MAPPING_INDENT, sequence: int = SEQUENCE_INDENT, offset: int = SEQUENCE_OFFSET
) -> YAML:
    """The one ruamel.yaml set-up for every rewrite of a clerk's file: `fmt`, `import`, `import-cases`, `photos`.

    Round trip keeps comments, quotes and literal blocks, and a long sentence is never folded over
    lines. The indents are the canonical layout's; `import-cases` passes those it found in the file
    it appends to, so the clerk's own lines stay exactly as they were.
    """
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 1_000_000
    return yaml


def canonical_text(text: str, model: type[BaseModel]) -> str:
    """`text` in the canonical layout; text that is not a mapping comes back unchanged."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap) or not data:
        return text
    for token_holder, index, token in list(_tokens(data)):
        _clean(token_holder, index, token)
    _mapping(data, model, column=0, sectioned=model in SECTIONED_FILES)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().rstrip("\n") + "\n"


# --- the walk over records ----------------------------------------------------------------


def _mapping(node: CommentedMap, model: type[BaseModel], column: int, *, sectioned: bool = False) -> None:
    fields = model.model_fields
    if not node:
        return
    written = list(node)
    order = [k for k in fields if k in node] + [k for k in written if k not in fields]
    # comment lines before each key travel with it; those after the last key stay last
    leads = {key: _take(node, previous) for previous, key in pairwise(written)}
    tail = _take(node, written[-1])
    for key in written:  # with the comments between entries out of the way
        if key in fields:
            _field(node, key, fields[key].annotation, column, spaced=(model, key) in SPACED_LISTS)
    for key in order:
        node.move_to_end(key)
    carried = leads.pop(order[0], [])
    if carried and column == 0:  # before the first key of a file: with the comments at its top
        node.ca.comment = node.ca.comment or [None, None]
        node.ca.comment[1] = (node.ca.comment[1] or []) + [
            CommentToken(line, CommentMark(0), None) for line in _indent(carried, 0)
        ]
        carried = []
    # inside a record there is no slot before the first key: those lines follow it instead
    if len(order) > 1:
        leads[order[1]] = carried + leads.get(order[1], [])
    else:
        tail = carried + tail
    for previous, key in pairwise(order):
        _put(node, previous, ([BLANK] if sectioned else []) + _indent(leads.get(key, []), column))
    _put(node, order[-1], tail)


def _field(node: CommentedMap, key: str, annotation: Any, column: int, *, spaced: bool) -> None:
    kinds = unwrap(annotation)
    record = next((t for t in kinds if isinstance(t, type) and issubclass(t, BaseModel)), None)
    value = node[key]
    if Level in kinds:  # a district's spelling (区人大代表, 市、区) as the five values: 县, [市, 县]
        levels = normal_levels(list(value) if isinstance(value, list) else value)
        if isinstance(levels, list) and levels and all(level in LEVEL_VALUES for level in levels):
            value = node[key] = levels[0] if len(levels) == 1 else CommentedSeq(levels)
    if isinstance(value, CommentedMap) and record:
        _record(value, record, column + MAPPING_INDENT)
    elif isinstance(value, CommentedSeq):
        if dt.date in kinds:  # a list of dates (make-up working days): each written plain
            for index, item in enumerate(value):
                value[index] = _date(item)
        _sequence(value, record, column + SEQUENCE_OFFSET, spaced=spaced)
    elif dt.date in kinds:
        node[key] = _date(value)


LEVEL_VALUES = {level.value for level in Level}


def _same_meaning(before: Any, after: Any, model: type[BaseModel]) -> bool:
    """Whether a rewrite keeps the data: the same values, or (spellings normalised) the same valid records."""
    if before == after:
        return True
    try:
        return model.model_validate(before) == model.model_validate(after)
    except ValidationError:
        return False


def _date(value: Any) -> Any:
    """A date written as a quoted ISO string, as a plain date; anything else as written."""
    if isinstance(value, str) and ISO_DATE.match(value):
        with suppress(ValueError):  # not a real date: validation says so; keep it as written
            return dt.date.fromisoformat(value)
    return value


def _record(node: CommentedMap, model: type[BaseModel], column: int) -> None:
    _mapping(node, model, column)
    if model in INLINE_RECORDS:
        if not _has_comments(node):
            node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _sequence(node: CommentedSeq, record: type[BaseModel] | None, dash: int, *, spaced: bool) -> None:
    for item in node:
        if isinstance(item, CommentedMap) and record:
            _record(item, record, dash + SEQUENCE_OFFSET)
    plain = all(not isinstance(item, CommentedBase) for item in node)
    if plain and not _has_comments(node):
        node.ca.items.clear()  # only line ends are left: a flow list has none
        node.fa.set_flow_style()
        return
    if node.fa.flow_style():
        return  # a flow list holding records: leave its form alone
    for index in range(1, len(node)):
        lines = _indent(_take(node, index - 1), dash)
        _put(node, index - 1, ([BLANK] if spaced else []) + lines)


# --- comments: ruamel keeps the lines after a value in that value's slot -----------------------


def _is_block(value: Any) -> bool:
    return isinstance(value, CommentedBase) and len(value) > 0 and not value.fa.flow_style()  # type: ignore[arg-type]


def _last(node: CommentedMap | CommentedSeq) -> Any:
    return next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1


def _slot(node: CommentedMap | CommentedSeq, key: Any) -> tuple[list[Any], int]:
    """Where the comment after the entry `key` of `node` lives, descending into block values."""
    value = node[key]
    if _is_block(value):
        return _slot(value, _last(value))
    items = node.ca.items.setdefault(key, [None, None, None, None])
    return items, (2 if isinstance(node, CommentedMap) else 0)


def _take(node: CommentedMap | CommentedSeq, key: Any) -> list[str]:
    """Remove and return the comment lines that follow the entry `key` (not the one on its line)."""
    lines: list[str] = []
    value, ends = node[key], []
    while _is_block(value):  # comments after a block's last item may sit in its `end`
        ends.append(value)
        value = value[_last(value)]
    items, index = _slot(node, key)
    token = items[index]
    if isinstance(token, CommentToken):
        eol, *rest = token.value.splitlines(keepends=True) or [BLANK]
        token.value = eol
        lines.extend(rest)
    for block in reversed(ends):
        lines.extend(line for t in block.ca.end or [] for line in t.value.splitlines(keepends=True))
        block.ca.end = []
    return [line for line in lines if line.strip()]


def _put(node: CommentedMap | CommentedSeq, key: Any, lines: list[str]) -> None:
    """Write `lines` (each ending in a newline) right after the entry `key`, after its own comment."""
    items, index = _slot(node, key)
    token = items[index]
    if isinstance(token, CommentToken):
        token.value = (token.value.splitlines(keepends=True) or [BLANK])[0] + "".join(lines)
    elif lines:
        items[index] = CommentToken(BLANK + "".join(lines), CommentMark(0), None)


def _indent(lines: list[str], column: int) -> list[str]:
    return [" " * column + line.strip() + "\n" for line in lines]


def _tokens(node: Any) -> Iterator[tuple[list[Any], int, CommentToken]]:
    """Every comment token under `node`, once, with the list that holds it."""
    seen: set[int] = set()

    def walk(item: Any) -> Iterator[tuple[list[Any], int, CommentToken]]:
        if not isinstance(item, CommentedBase):
            return
        ca = item.ca
        holders = [ca.comment or [], ca.end or [], *ca.items.values()]
        for holder in holders:
            for index, token in enumerate(holder):
                for each in token if isinstance(token, list) else [token]:
                    if isinstance(each, CommentToken) and id(each) not in seen:
                        seen.add(id(each))
                        yield holder, index, each
        for child in item.values() if isinstance(item, CommentedMap) else item:
            yield from walk(child)

    return walk(node)


def _clean(holder: list[Any], index: int, token: CommentToken) -> None:
    """Drop blank lines and trailing spaces from a comment; the first line of a slot ends its value's line."""
    lines = token.value.splitlines(keepends=True)
    post = holder[index] is token  # a slot after a value: its first line is that line's end
    head = [lines[0].rstrip() + "\n"] if post and lines else []
    body = [line.rstrip() + "\n" for line in lines[len(head) :] if line.strip()]
    token.value = "".join(head + body)
    if not post and not body:  # a blank line standing alone: drop it
        holder[index] = [t for t in holder[index] if t is not token]


def _has_comments(node: CommentedBase) -> bool:
    return any(t.value.strip() for _, _, t in _tokens(node))


def comment_lines(text: str) -> Counter[str]:
    """Every comment in `text`, as a count of its stripped lines: what a rewrite must keep.

    Found independently of ruamel (which silently drops comments inside `[...]` and `{...}`):
    a `#` at the start of a line or after a space, outside every scalar PyYAML reads.
    """
    spans = []
    nodes = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            nodes.extend(part for pair in node.value for part in pair)
    found: Counter[str] = Counter()
    for match in COMMENT.finditer(text):
        start = match.start(1)
        if not any(first <= start < last for first, last in spans):
            found[match.group(1).strip()] += 1
    return found


# --- files -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reformat:
    """A data file whose canonical form differs from what is written."""

    path: Path
    display: str
    line: int  # the first line that differs
    text: str  # the canonical text

    def problem(self) -> Problem:
        return Problem(self.display, Position(self.line, 1), ERR["not_canonical"].format(line=self.line))


def data_files(tree: DataTree) -> tuple[list[tuple[Path, type[BaseModel]]], list[Problem]]:
    """The region's data files that have a model, as `load` finds them, and the links and special files met."""
    unreadable = root_problem(tree.root, tree.display(tree.root))
    if unreadable:
        return [], [unreadable]
    top = tree.scan(tree.root)
    found = [(path, model) for path in top.files if (model := model_for(path.name, region=True))]
    problems = list(top.problems)
    for folder in top.folders:
        listing = tree.scan(folder)
        problems += listing.problems
        found += [(path, model) for path in listing.files if (model := model_for(path.name))]
    return found, problems


def check_region(data_dir: Path, project_dir: Path) -> tuple[list[Reformat], list[Problem]]:
    """The files that are not canonical, and problems of files that cannot be read or rewritten safely."""
    reformats: list[Reformat] = []
    tree = DataTree(data_dir, project_dir)
    files, problems = data_files(tree)
    for path, model in files:
        display = tree.display(path)
        try:
            raw = tree.read(path)
            before = read_source(raw, path, display)
            text = raw.decode("utf-8")  # as written, with a byte-order mark if it has one
        except UnsafeFile as exc:
            problems.append(exc.problem)
            continue
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        try:
            new = canonical_text(text, model)
            if new == text:
                continue
            after = parse_source(new, path, display).data
            safe = _same_meaning(before.data, after, model) and comment_lines(new) == comment_lines(text)
        except (YAMLError, SourceError):
            safe = False
        if not safe:
            problems.append(Problem(display, Position(1, 1), ERR["fmt_unsafe"]))
            continue
        reformats.append(Reformat(path, display, _first_difference(text, new), new))
    return reformats, problems


def write(reformat: Reformat) -> None:
    """Replace the file whole: a reader sees the old or the new text, never half."""
    write_atomically(reformat.path, reformat.text)


def _first_difference(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, first, _, _, _ in matcher.get_opcodes():
        if tag != "equal":
            return first + 1
    return 1


def format_problems(data_dir: Path, project_dir: Path) -> list[Problem]:
    """`validate --check-format`: each file not in the canonical layout, at its first differing line.

    Files that cannot be read are left to validation, which reports them anyway."""
    return [reformat.problem() for reformat in check_region(data_dir, project_dir)[0]]


def format_files(data_dir: Path, project_dir: Path) -> tuple[list[str], list[Problem]]:
    """`fmt`: rewrite the files that are not canonical; the files rewritten (as shown), and the problems of those
    left alone, for the command to report."""
    reformats, problems = check_region(data_dir, project_dir)
    for reformat in reformats:
        write(reformat)
    return [reformat.display for reformat in reformats], problems
