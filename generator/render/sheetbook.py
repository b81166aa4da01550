"""Workbooks clerks fill in and edit in WPS or Excel: the sheets `import` reads, laid out to prevent mistakes.

Shared by the template workbooks (`workbooks`) and `export` (`tools/export.py`), so a template and an
exported sheet look and behave the same: the columns of `strings.sheets` in its order, the header row
bold and frozen (needed columns yellow), columns as wide as what they hold, dates typed as dates, and
drop-down lists (openpyxl `DataValidation`) where a column takes one of a few words: station kinds,
deputies' levels and roles, statuses, satisfaction, channels, yes or no, weekdays, and the stations
of the district when the caller knows them. A list that must be kept to is enforced (a typed word
outside it is refused by the program); one that only suggests (levels, weekdays, several stations)
accepts other words. The lists live on a hidden sheet, since a list written into the rule is limited
to 255 characters.

Bytes are the same on every run: openpyxl stamps the time it saves into the document properties and
into every zip entry, so both are fixed here. A CSV is UTF-8 with a BOM, so Excel and WPS open it as
Chinese. This module never reads data files and writes nothing; it returns bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.data.model import CaseStatus, Channel, DeputyRole, Level, Satisfaction, StationKind, Weekday
from generator.strings.guide import TEMPLATE_WORDS
from generator.strings.sheets import SHEET_COLUMNS, SHEET_KINDS, Column

FIXED_TIME = dt.datetime(2026, 1, 1)  # no build time in a workbook: it would change its bytes every day
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
# Columns a workbook leaves out: read only to scrub a register's text, a clerk should not collect them for the site
PRIVATE = {"name", "phone", "id_number", "address"}
DATE_COLUMNS = {
    "rota": ("start", "end"),
    "cases": ("received", "assigned", "processing", "replied", "rated"),
    "receptions": ("date",),
}
DATE_FORMAT = "yyyy-mm-dd"
SPARE_ROWS = 1000  # rows below the data that keep the lists and the date format, for rows a clerk adds
STATIONS = "stations"  # a list of the district's stations, given by the caller

_YES_NO = (TEMPLATE_WORDS["yes"], TEMPLATE_WORDS["no"])
# Several levels are written together (市、县): the five and the pairs districts have most
LEVELS = (*(level.value for level in Level), "市、县", "县、乡", "省、市", "全国、省")
WEEKDAYS = tuple(f"每{day.value}" for day in Weekday)
# (kind, key): (the words, or STATIONS; whether a word outside them is refused)
LISTS: dict[tuple[str, str], tuple[tuple[str, ...] | str, bool]] = {
    ("stations", "kind"): (tuple(k.value for k in StationKind), True),
    ("stations", "parent"): (STATIONS, False),
    ("deputies", "level"): (LEVELS, False),
    ("deputies", "station"): (STATIONS, True),
    ("deputies", "role"): (tuple(r.value for r in DeputyRole), True),
    ("deputies", "also"): (STATIONS, False),
    ("deputies", "consent"): (_YES_NO, True),
    ("rota", "station"): (STATIONS, True),
    ("rota", "when"): (WEEKDAYS, False),
    ("cases", "station"): (STATIONS, True),
    ("cases", "channel"): (tuple(c.value for c in Channel), True),
    ("cases", "status"): (tuple(s.value for s in CaseStatus), True),
    ("cases", "satisfaction"): (tuple(s.value for s in Satisfaction), True),
    ("receptions", "station"): (STATIONS, True),
    ("receptions", "held"): (_YES_NO, True),
}


def columns(kind: str) -> list[Column]:
    """The columns of a kind's workbook, in the order of the column table, without the private ones."""
    return [c for c in SHEET_COLUMNS[kind] if not (kind == "cases" and c[0] in PRIVATE)]


def headers(kind: str) -> list[str]:
    return [header for _, header, *_ in columns(kind)]


def _width(value: object) -> int:
    """How many narrow characters a value takes on screen: a Chinese character is two."""
    text = value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def sheet_book(kind: str, rows: Sequence[Sequence[object]], stations: Sequence[str] = ()) -> Workbook:
    """A workbook of one kind: the header row and `rows` (a value per column, dates as `date`), laid out."""
    title = SHEET_KINDS[kind][0]
    book = Workbook()
    sheet = book.active
    sheet.title = title
    cols = columns(kind)
    bold = Font(bold=True)
    needed = PatternFill("solid", fgColor="FFF2CC")
    dated = {index for index, c in enumerate(cols, start=1) if c[0] in DATE_COLUMNS.get(kind, ())}
    for index, (_, header, _, required, _, _) in enumerate(cols, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        if required:
            cell.fill = needed
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=number, column=index, value=value)
            if index in dated and isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    last = len(rows) + 1 + SPARE_ROWS
    for index, (_, header, *_) in enumerate(cols, start=1):
        widest = max([2 * len(header) + 4, *(_width(row[index - 1]) + 2 for row in rows if len(row) >= index)])
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = max(12, min(40, widest))
        if index in dated:  # a date a clerk types in a new row is a date too
            dimension.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    _add_lists(book, sheet, kind, cols, last, stations)
    return book


def _add_lists(book: Workbook, sheet, kind: str, cols: list[Column], last: int, stations: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    """Drop-down lists on the columns that take one of a few words, their words on a hidden sheet."""
    wanted = []
    for index, (key, *_) in enumerate(cols, start=1):
        words, strict = LISTS.get((kind, key), ((), False))
        values = tuple(stations) if words == STATIONS else words
        if values:
            wanted.append((index, values, strict))
    if not wanted:
        return
    lists = book.create_sheet(TEMPLATE_WORDS["lists_sheet"])
    lists.sheet_state = "hidden"
    for number, (index, values, strict) in enumerate(wanted, start=1):
        letter = get_column_letter(number)
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=number, value=value)
        rule = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle=TEMPLATE_WORDS["list_error_title"],
            error=TEMPLATE_WORDS["list_error"],
        )
        column = get_column_letter(index)
        rule.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(rule)


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as a deterministic .xlsx file: no save time anywhere in it."""
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


def csv_bytes(kind: str, rows: Sequence[Sequence[object]]) -> bytes:
    """The header row and `rows` as CSV: UTF-8 with a BOM, dates as 2026-03-05."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(kind))
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
