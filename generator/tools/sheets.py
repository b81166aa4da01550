"""Read a spreadsheet as districts really keep it (XLSX or CSV) into rows of plain cells under known columns.

Sheets kept by hand have a title merged above the headers, the header row
somewhere in the first five rows, notes and signatures below the table, blank
rows, dates as Excel serials or typed as text (2025.3.5, 2025/3/5, 2025年3月5日),
numbers stored as text, full-width digits and spaces, HTML pasted from web
systems, formulas. This module finds the header row by the column table of
the sheet's kind (`strings.sheets`, plus the headers `region.yml` adds), maps
each known column, and hands back the data rows with their real row numbers,
so every message can name the file, the row and the column.

It only reads: it never writes, never keeps a cell of a column it does not
know (ID numbers, birth dates and home addresses are dropped by name), and
never prints a cell's value; what is shown to clerks is chosen by the caller.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.data.files import UnsafeFile, megabytes, read_file
from generator.problems import DataError, Position, Problem
from generator.strings.messages import ERR
from generator.strings.sheets import NEVER_READ, SHEET_WORDS

MAX_SHEET_BYTES = 50 * 1024 * 1024
MAX_SHEET_UNPACKED = 200 * 1024 * 1024
MAX_CELL_CHARS = 10_000  # no cell of these sheets is a document
MAX_SHEET_ROWS = 200_000  # rows with something in them, per sheet: a city's register of several years
MAX_SHEET_CELLS = 5_000_000  # cells as written, per sheet: 200,000 rows of 25 columns
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .xls and of encrypted .xlsx
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .xlsx keeps its package in
HEADER_ROWS = 5  # the header is on one of the first five rows with something in them

# Question numbers and marks around a header: "1、", "Q2.", "（必填）", "*", "："
_HEADER_NOISE = re.compile(
    r"^\s*(?:[qQ]?\d+\s*[、.．:：)）]\s*)?|[（(]\s*(?:必填|选填|单选|多选)\s*[)）]|[*＊：:\s\u3000]+$|[\s\u3000]+"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BREAK_TAG = re.compile(r"<(?:br|/p|/div|/li)\s*/?>", re.IGNORECASE)
# full-width digits, letters and the ideographic space, as Chinese keyboards type them
_WIDE = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
    | {"\u3000": " ", "\u00a0": " "}
)
# and the signs dates, times and numbers are written with
_WIDE_SIGNS = str.maketrans({"．": ".", "／": "/", "－": "-", "：": ":", "～": "~", "—": "-", "–": "-", "，": ","})
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s|T|$|\d{1,2}:)")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(20_000, 80_000)  # 1954 to 2119: a number in a date column in this range is an Excel date


class Formula:
    """A formula cell the file holds no computed value for (saved by a program that does not compute)."""

    def __str__(self) -> str:
        return ""


FORMULA = Formula()


@dataclass
class Sheet:
    """The table of one sheet: where its header is, which column holds which key, and its data rows."""

    display: str
    header_row: int
    header: list[str]
    columns: dict[str, int]  # key: 0-based column
    rows: list[tuple[int, list[object]]]  # (row number, cells), data rows only
    skipped_notes: list[int] = field(default_factory=list)
    title: str = ""  # the sheet's tab name and the rows above its header (2026年接待安排表), for what they say

    def position(self, row: int, key: str) -> Position:
        return Position(row, self.columns[key] + 1)

    def column_name(self, key: str) -> str:
        index = self.columns[key]
        return ERR["sheet_column"].format(header=self.header[index], letter=get_column_letter(index + 1))

    def cell(self, cells: list[object], key: str) -> object:
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None


# --- reading the file --------------------------------------------------------------------------


def read_tables(
    path: Path, display: str, too_long: str = ERR["import_cell_too_long"]
) -> tuple[list[tuple[str, list[tuple[int, list[object]]]]], list[Problem]]:
    """Every sheet of the file as (name, rows with their 1-based numbers), and the cells over the size limit.

    A cell over it is told `too_long`, the `ERR` text of the command reading the sheet (`import-cases`, `import`).
    """
    if not path.is_file() and not path.is_symlink():
        raise DataError([Problem.general(ERR["import_no_file"].format(path=display))])
    try:
        raw = read_file(path, display, MAX_SHEET_BYTES)
    except UnsafeFile as exc:
        raise DataError([exc.problem]) from None
    if not raw.strip():
        raise DataError([Problem(display, Position(1, 1), ERR["import_empty"])])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        tables = _read_xlsx(raw, display)
    elif suffix in (".csv", ".txt"):
        csv.field_size_limit(MAX_SHEET_BYTES)  # a cell as big as the file is read, then refused below
        try:
            rows = list(csv.reader(io.StringIO(decode(raw, display)), delimiter=_delimiter(raw)))
        except csv.Error:
            raise DataError([Problem(display, Position(1, 1), ERR["import_bad_csv"])]) from None
        tables = [("", [list(r) for r in rows])]
    else:
        raise DataError([Problem(display, Position(1, 1), ERR["import_format"].format(suffix=suffix or "无"))])
    problems = [
        Problem(
            display,
            Position(number, column),
            too_long.format(letter=get_column_letter(column), length=len(str(cell)), limit=MAX_CELL_CHARS),
        )
        for _, rows in tables
        for number, cells in enumerate(rows, start=1)
        for column, cell in enumerate(cells, start=1)
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS
    ]
    return [(name, list(enumerate(rows, start=1))) for name, rows in tables], problems


def _read_xlsx(raw: bytes, display: str) -> list[tuple[str, list[list[object]]]]:
    """Every sheet's rows, read within bounds whatever the file declares.

    The XML is parsed by defusedxml (openpyxl uses it when it is installed): no entity
    expansion, no external entity. The sheet's declared dimension is ignored (a 5 KB file
    may declare A1:XFD1048576 and be padded to billions of cells); rows are read as they
    are and counted, and a sheet past the bounds is refused before it fills the memory.
    """
    if raw.startswith(OLE_SIGNATURE):  # an old .xls, or an .xlsx encrypted with a password
        message = ERR["import_encrypted_xlsx"] if ENCRYPTED_STREAM in raw else ERR["import_bad_xlsx"]
        raise DataError([Problem(display, Position(1, 1), message)])
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # refuse a decompression bomb before opening it
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_SHEET_UNPACKED:
            limit = megabytes(MAX_SHEET_UNPACKED)
            raise DataError([Problem(display, Position(1, 1), ERR["import_too_big"].format(limit=limit))])
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        written = [_bounded_rows(sheet, display) for sheet in book.worksheets]
        names = [sheet.title for sheet in book.worksheets]
        book.close()
        if any(_is_formula(c) for rows in written for r in rows for c in r):
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            computed = [_bounded_rows(sheet, display) for sheet in book.worksheets]
            book.close()
            written = [
                [
                    [
                        (FORMULA if _is_formula(w) and (c is None or _is_formula(c)) else c if _is_formula(w) else w)
                        for w, c in zip(wr, cr + [None] * (len(wr) - len(cr)), strict=False)
                    ]
                    for wr, cr in zip(rows, crows + [[]] * (len(rows) - len(crows)), strict=False)
                ]
                for rows, crows in zip(written, computed, strict=True)
            ]
    except DataError:
        raise
    except Exception as exc:  # whatever a damaged archive or cut XML raises: the file's fault, not ours
        message = ERR["import_unsafe_xlsx"] if _caused_by(exc, DefusedXmlException) else ERR["import_bad_xlsx"]
        raise DataError([Problem(display, Position(1, 1), message)]) from None
    if not names:
        raise DataError([Problem(display, Position(1, 1), ERR["import_bad_xlsx"])])
    return list(zip(names, written, strict=True))


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    """Whether `exc` or what it was raised from is a `kind` (openpyxl rewraps the parser's errors)."""
    while exc is not None:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _bounded_rows(sheet, display: str) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """A sheet's rows as written (its declared dimension ignored), refused past MAX_SHEET_ROWS or MAX_SHEET_CELLS."""
    sheet.reset_dimensions()
    rows: list[list[object]] = []
    cells = filled = 0
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
        filled += any(value is not None for value in row)
        if filled > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
            message = ERR["import_too_many_cells"].format(max_rows=MAX_SHEET_ROWS, max_cells=MAX_SHEET_CELLS)
            raise DataError([Problem(display, Position(len(rows) + 1, 1), message)])
        rows.append(list(row))
    return rows


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=") and len(value) > 1
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def decode(raw: bytes, display: str) -> str:
    """UTF-8 (with or without BOM) as online systems export, else GB18030 (a superset of GBK) as Excel saves."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError([Problem(display, Position(1, 1), ERR["import_encoding"])])


def _delimiter(raw: bytes) -> str:
    first_lines = b"\n".join(raw.split(b"\n", 6)[:6])
    return max((",", "\t", ";"), key=lambda d: first_lines.count(d.encode()))


# --- headers -----------------------------------------------------------------------------------


def normal_header(value: object) -> str:
    return _HEADER_NOISE.sub("", text(value)).lower()


def map_columns(
    header: list[object], aliases: dict[str, list[str]], many: frozenset[str] = frozenset()
) -> dict[str, list[int]]:
    """Which columns hold which key: exact header matches first, then headers that contain an alias.

    Keys in `many` take every matching column (an export may have 联系电话 and 备用电话);
    the others take the first. A column serves one key only; columns never to be read are skipped.
    """
    normal = [normal_header(h) for h in header]
    never = {normal_header(word) for word in NEVER_READ}
    wanted = {name: [normal_header(a) for a in names] for name, names in aliases.items()}
    columns: dict[str, list[int]] = {}
    exact = {alias for names in wanted.values() for alias in names}
    used = {i for i, title in enumerate(normal) if title in never and title not in exact}  # read only when asked
    for whole in (True, False):
        for name, names in wanted.items():
            if columns.get(name) and name not in many:
                continue
            for alias in names:
                for index, title in enumerate(normal):
                    hit = title == alias if whole else (alias in title and len(alias) > 1)
                    if title and alias and index not in used and hit:
                        columns.setdefault(name, []).append(index)
                        used.add(index)
                        if name not in many:
                            break
                if columns.get(name) and name not in many:
                    break
    return columns


def find_sheet(
    tables: list[tuple[str, list[tuple[int, list[object]]]]],
    display: str,
    aliases: dict[str, list[str]],
    required: tuple[str, ...],
    setting: str,
) -> Sheet:
    """The sheet and header row that name the most known columns; DataError naming what is missing."""
    best: tuple[int, str, int, list[tuple[int, list[object]]], dict[str, list[int]]] | None = None
    for name, rows in tables:
        filled = [(number, cells) for number, cells in rows if any(text(c) for c in cells)]
        for position, (number, cells) in enumerate(filled[:HEADER_ROWS]):
            columns = map_columns(cells, aliases)
            score = len(columns) + 10 * sum(1 for key in required if key in columns)
            if best is None or score > best[0]:
                best = (score, name, number, filled[position + 1 :], columns)
    if best is None:
        raise DataError([Problem(display, Position(1, 1), ERR["import_empty"])])
    _, name, header_row, rest, found = best
    shown = display if len(tables) == 1 or not name else ERR["sheet_in_book"].format(file=display, sheet=name)
    header_cells = next(cells for number, cells in dict(tables)[name] if number == header_row)
    header = [text(c) for c in header_cells]
    missing = [key for key in required if key not in found]
    if missing:
        headers = "、".join(h for h in header if h) or "无"
        problems = [
            Problem(
                shown,
                Position(header_row, 1),
                ERR["sheet_missing_column"].format(column=aliases[key][0], headers=headers, setting=f"{setting}.{key}"),
            )
            for key in missing
        ]
        raise DataError(problems)
    _refuse_ambiguous(header, header_row, found, shown)
    columns = {key: indexes[0] for key, indexes in found.items()}
    above = [one_line(c) for number, cells in dict(tables)[name] if number < header_row for c in cells]
    sheet = Sheet(shown, header_row, header, columns, [], title=" ".join(v for v in (name, *above) if v))
    normal = [normal_header(h) for h in header]
    for number, cells in rest:
        values = [text(c) for c in cells]
        if [normal_header(v) for v in values[: len(normal)]] == normal:
            continue  # the header repeated (a sheet printed over several pages)
        filled = [v for v in values if v]
        used = [values[i] for i in columns.values() if i < len(values) and values[i]]
        if len(filled) <= 2 and filled[0].startswith(SHEET_WORDS["notes"]) and len(used) <= 1:
            sheet.skipped_notes.append(number)
            continue
        sheet.rows.append((number, [*cells, *[None] * (len(header) - len(cells))]))
    return sheet


def _refuse_ambiguous(header: list[str], row: int, columns: dict[str, list[int]], display: str) -> None:
    """Two columns with the same header for one key: which is meant cannot be guessed."""
    normal = [normal_header(title) for title in header]
    for indexes in columns.values():
        twins = [i for i, title in enumerate(normal) if title and title == normal[indexes[0]]]
        if len(twins) > 1:
            letters = "、".join(get_column_letter(i + 1) for i in twins)
            message = ERR["import_duplicate_header"].format(header=header[indexes[0]], letters=letters)
            raise DataError([Problem(display, Position(row, twins[1] + 1), message)])


# --- cells -------------------------------------------------------------------------------------


def text(value: object) -> str:
    """A cell as one clean text: numbers without .0, HTML tags dropped, full-width digits and spaces made plain."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    result = str(value)
    if "<" in result and _TAG.search(result):
        result = html.unescape(_TAG.sub("", _BREAK_TAG.sub("\n", result)))
    result = _CONTROL.sub("", result).translate(_WIDE)
    return result.strip()


def one_line(value: object) -> str:
    return re.sub(r"\s+", " ", text(value)).strip()


def compact(value: object) -> str:
    """A name: no spaces (clerks align names with them: 王  芳)."""
    return re.sub(r"\s+", "", text(value))


def plain(value: object) -> str:
    """Dates, times and numbers: the signs made plain too (２０２５．３．５, 9：00－11：30)."""
    return text(value).translate(_WIDE_SIGNS)


def is_formula(value: object) -> bool:
    return isinstance(value, Formula)


def date(value: object) -> dt.date | None:
    """A date as Excel keeps it, as a serial, or typed as text; None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return EXCEL_EPOCH + dt.timedelta(days=int(value)) if int(value) in SERIALS else None
    written = plain(value)
    if _SERIAL.match(written) and int(float(written)) in SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(written)))
    match = _DATE.match(written + " ") or _COMPACT_DATE.match(written)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def yes(value: object) -> bool:
    return text(value).lower() in SHEET_WORDS["yes"]
