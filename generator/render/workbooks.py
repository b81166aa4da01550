"""The template workbooks clerks download from the guide (`guide/templates/<kind>.xlsx`): one per kind of sheet.

Each is written from the column table `import` reads (`strings.sheets`), so a
template always has exactly the headers the importer recognises, in the same
words: the header row, one example row, and a second sheet explaining every
column (its other accepted headers, whether it is needed, what goes in it).

Bytes are the same on every build: openpyxl stamps the time it saves into the
document properties and into every zip entry, so both are fixed here. This
module never reads data files and writes nothing; it returns bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.region.paths import GUIDE
from generator.strings.guide import TEMPLATE_WORDS
from generator.strings.sheets import SHEET_COLUMNS, SHEET_KINDS

TEMPLATES = f"{GUIDE}templates/"
FIXED_TIME = dt.datetime(2026, 1, 1)  # no build time in a template: it would change its bytes every day
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
# Columns the template leaves out: read only to scrub text, a clerk should not collect them for the site
_PRIVATE = {"name", "phone", "id_number", "address"}


def template_path(kind: str) -> str:
    return f"{TEMPLATES}{SHEET_KINDS[kind][2]}"


def _columns(kind: str) -> list[tuple[str, str, tuple[str, ...], bool, str, str]]:
    return [c for c in SHEET_COLUMNS[kind] if not (kind == "cases" and c[0] in _PRIVATE)]


def template_workbook(kind: str) -> bytes:
    """The template of one kind of sheet, as a deterministic .xlsx file."""
    title, about, _ = SHEET_KINDS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = title
    columns = _columns(kind)
    bold = Font(bold=True)
    needed = PatternFill("solid", fgColor="FFF2CC")
    for index, (_, header, _, required, _, example) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        if required:
            cell.fill = needed
        sheet.cell(row=2, column=index, value=example or None)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, 2 * len(header) + 4))
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(TEMPLATE_WORDS["notes_sheet"])
    notes.append([TEMPLATE_WORDS["about"].format(title=title, about=about)])
    notes.append([TEMPLATE_WORDS["how"]])
    notes.append([])
    notes.append([TEMPLATE_WORDS[key] for key in ("column", "required", "aliases", "description")])
    for cell in notes[4]:
        cell.font = bold
    for _, header, aliases, required, description, _ in columns:
        notes.append([header, TEMPLATE_WORDS["yes" if required else "no"], "、".join(aliases), description or ""])
    for letter, width in zip("ABCD", (16, 8, 40, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    book.properties.creator = TEMPLATE_WORDS["creator"]
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated `_ZIP_TIME` and the document's own time stamps fixed."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def template_files() -> Iterator[tuple[str, bytes]]:
    """Every template with its site path."""
    for kind in SHEET_KINDS:
        yield template_path(kind), template_workbook(kind)
