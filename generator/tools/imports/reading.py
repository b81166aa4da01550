"""Reading one sheet for an import: the columns its kind looks for, and each cell as a value or a problem.

The workbook itself is read by `tools/sheets` (defused, bounded); here the import meets its rows. The
columns are looked for under region.yml's names first, then the template's; a cell is read as one line
of text, a date or free text, and refused at its row and column when it holds what must never be
published (shown masked), so every problem of a sheet is collected before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from generator.data.load import RegionDocs
from generator.data.model import Phone, TimeSpan
from generator.data.privacy import GUARDED, Kind, find, mask, scrub
from generator.problems import Position, Problem
from generator.strings.messages import ERR
from generator.strings.sheets import SHEET_COLUMNS
from generator.tools import sheets
from generator.tools.sheets import Sheet

if TYPE_CHECKING:
    from generator.tools.imports.job import Job


PHONE = TypeAdapter(Phone)
SPAN = TypeAdapter(TimeSpan)
NAMES_SPLIT = re.compile(r"[、，,;；/／\s]+")


def open_sheet(kind: str, docs: RegionDocs, path: Path, station: str | None) -> tuple[Sheet, list[Problem]]:
    """The table of `path` with `kind`'s columns, and a problem for each cell too long to read.

    A column `--station` stands for (the station) is not required: every row is that station's.
    """
    settings = docs.region.model.import_settings
    configured: dict[str, list[str]] = getattr(settings, kind).columns.model_dump() if settings else {}
    aliases = {key: [*configured.get(key, []), header, *more] for key, header, more, *_ in SHEET_COLUMNS[kind]}
    required = tuple(
        key for key, _, _, needed, *_ in SHEET_COLUMNS[kind] if needed and not (key == "station" and station)
    )
    display = path.as_posix()
    tables, too_long = sheets.read_tables(path, display, ERR["records_cell_too_long"])
    return sheets.find_sheet(tables, display, aliases, required, f"import.{kind}.columns"), too_long


class SheetCells:
    """The cells of the sheet one import reads, each problem said at its row and column (a part of `Job`)."""

    sheet: Sheet
    problems: list[Problem]

    # problems at a row and column
    def problem(self, row: int, key: str | None, message: str, **words: Any) -> None:
        """`message` (an `ERR` text) said at the row and at `key`'s column, which fills its {column}."""
        position = self.sheet.position(row, key) if key and key in self.sheet.columns else Position(row, 1)
        column = self.sheet.column_name(key) if key and key in self.sheet.columns else ""
        self.problems.append(Problem(self.sheet.display, position, message.format(column=column, **words)))

    def value(self, cells: list[object], key: str) -> object:
        return self.sheet.cell(cells, key)

    def text(self, row: int, cells: list[object], key: str, *, public: frozenset[Kind] = frozenset()) -> str:
        """A one-line text cell, refused at its row and column if it holds personal data (shown masked)."""
        cell = self.value(cells, key)
        if sheets.is_formula(cell):
            self.problem(row, key, ERR["records_formula"])
            return ""
        value = sheets.one_line(cell)
        for finding in find(value, kinds=GUARDED - public):
            self.problem(
                row, key, ERR["records_private"], kind=finding.kind.value.strip("【】"), masked=mask(finding.value)
            )
            return ""
        return value


def shown_cell(value: str) -> str:
    """A cell's text for a message, or a mask when it may be personal (a shifted column)."""
    if find(value) or re.search(r"\d{9,}", value):
        return mask(value)
    return value if len(value) <= 40 else value[:40] + "…"


def date_cell(job: Job, row: int, cells: list[object], key: str, bad: set[str], *, past: bool = True) -> str | None:
    """A date cell as 2025-03-05, None when empty; refused (`bad`) when not a date, or after today if `past`."""
    cell = job.value(cells, key)
    if sheets.is_formula(cell):
        bad.add(key)
        job.problem(row, key, ERR["records_formula"])
        return None
    if not sheets.text(cell):
        return None
    found = sheets.date(cell)
    if found is None:
        bad.add(key)
        shown = sheets.one_line(cell)
        hidden = bool(find(shown)) or bool(re.search(r"\d{9,}", shown)) or len(shown) > 24
        job.problem(row, key, ERR["records_date_hidden"] if hidden else ERR["records_date"], value=shown)
        return None
    if past and found > job.today:
        bad.add(key)
        job.problem(row, key, ERR["records_future"], date=found.isoformat())
        return None
    return found.isoformat()


def free_text(
    job: Job, row: int, cells: list[object], key: str, names: list[str], private: list[tuple[str, Kind]]
) -> str | None:
    """A summary, reply or reason with residents' data replaced by placeholders; refused if any is left."""
    cell = job.value(cells, key)
    if sheets.is_formula(cell):
        job.problem(row, key, ERR["records_formula"])
        return None
    value = re.sub(r"[ \t]+", " ", sheets.text(cell)).strip()
    if not value:
        return None
    cleaned = scrub(value, names=names, private=private)
    job.result.removed.update(cleaned.removed)
    left = find(cleaned.text, kinds=GUARDED)
    if left:
        job.problem(row, key, ERR["records_private"], kind=left[0].kind.value.strip("【】"), masked=mask(left[0].value))
        return None
    return re.sub(r"\n\s*\n+", "\n", cleaned.text).strip()
