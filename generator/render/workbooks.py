"""The template workbooks clerks download from the guide (`guide/templates/<kind>.xlsx`): one per kind of sheet.

Each is written from the column table `import` reads (`strings.sheets`), so a
template always has exactly the headers the importer recognises, in the same
words: the header row, one example row, and a second sheet explaining every
column (its other accepted headers, whether it is needed, what goes in it).

The layout (frozen header, widths, date cells, drop-down lists) and the fixed
bytes are `sheetbook`'s, shared with `export`. This module never reads data
files and writes nothing; it returns bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partial

from openpyxl.styles import Alignment, Font

from generator.region.paths import GUIDE
from generator.render.sheetbook import DATE_COLUMNS, columns, sheet_book, workbook_bytes
from generator.render.views.plain import ViewFiles
from generator.strings.guide import TEMPLATE_WORDS
from generator.strings.sheets import SHEET_KINDS

TEMPLATES = f"{GUIDE}templates/"


def template_path(kind: str) -> str:
    return f"{TEMPLATES}{SHEET_KINDS[kind][2]}"


def template_workbook(kind: str) -> bytes:
    """The template of one kind of sheet, as a deterministic .xlsx file."""
    title, about, _ = SHEET_KINDS[kind]
    cols = columns(kind)
    dated = DATE_COLUMNS.get(kind, ())
    example = [(dt.date.fromisoformat(value) if key in dated and value else value or None) for key, *_, value in cols]
    book = sheet_book(kind, [example])
    bold = Font(bold=True)

    notes = book.create_sheet(TEMPLATE_WORDS["notes_sheet"], 1)
    notes.append([TEMPLATE_WORDS["about"].format(title=title, about=about)])
    notes.append([TEMPLATE_WORDS["how"]])
    notes.append([])
    notes.append([TEMPLATE_WORDS[key] for key in ("column", "required", "aliases", "description")])
    for cell in notes[4]:
        cell.font = bold
    for _, header, aliases, required, description, _ in cols:
        notes.append([header, TEMPLATE_WORDS["yes" if required else "no"], "、".join(aliases), description or ""])
    for letter, width in zip("ABCD", (16, 8, 40, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(book)


def template_views() -> list[ViewFiles]:
    """Every template with its site path. A template's view is its kind: its bytes are the tool's alone, so the
    memo (keyed on the tool) makes it once, not on every edit (openpyxl writes one in some 25 ms)."""
    return [(partial(str, kind), [(template_path(kind), _template)]) for kind in SHEET_KINDS]


def _template(text: str) -> bytes:
    return template_workbook(json.loads(text))
