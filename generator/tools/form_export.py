"""Turn a form service's export (XLSX or CSV) into draft cases in a station's cases files.

Residents who scan a station's code fill in an online form (问卷星, 腾讯问卷,
金数据…). The clerk downloads its export and runs `import-cases`; each new
submission becomes a draft case (status 受理) for the clerk to review in a pull
request. The repository is public, so this module must never write anything
private: only the submission's date, category and its text with the
submitter's name, numbers and street address replaced by placeholders are kept;
the name, phone, ID, address and e-mail columns are read only to be scrubbed
out of the text, and every other column is ignored.

It must also never damage what the clerk wrote: the cases file is edited
round-trip (ruamel.yaml) so comments, key order and blank lines stay; new cases
are only ever appended (checked line by line); the whole region is validated
with the new files before anything is written; each file is replaced
atomically. A bad export raises `DataError` and leaves every file untouched.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from generator.atomic import write_atomically
from generator.data.canonical import round_trip_yaml
from generator.data.files import read_file
from generator.data.load import load_region
from generator.data.model import ImportSettings
from generator.data.privacy import Kind, find, scrub
from generator.data.values import CaseStatus
from generator.problems import DataError, Position, Problem, one_line
from generator.region.validate import validate_region
from generator.strings.messages import ERR, IMPORT_FIELDS, SAID
from generator.tools import sheets

# Column headers of typical exports, tried after those configured in region.yml.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("序号", "编号", "答卷编号", "提交序号", "数据ID"),
    "submitted": ("提交答卷时间", "提交时间", "结束答题时间", "填写时间", "创建时间", "答题时间"),
    "content": (
        "意见建议内容",
        "意见建议",
        "您的意见建议",
        "建议内容",
        "反映内容",
        "诉求内容",
        "问题描述",
        "具体内容",
        "留言内容",
        "内容",
    ),
    "category": ("问题类别", "问题类型", "意见类别", "建议类别", "诉求类型", "事项类别", "类别", "分类"),
    "name": ("姓名", "您的姓名", "联系人", "反映人", "微信昵称", "昵称", "称呼"),
    "phone": ("联系电话", "手机号码", "手机号", "手机", "电话", "联系方式"),
    "id_number": ("身份证号码", "身份证号", "证件号码"),
    "email": ("电子邮箱", "电子邮件", "邮箱", "email"),
    "address": ("家庭住址", "居住地址", "联系地址", "详细地址", "住址", "地址"),
}
REQUIRED = ("submitted", "content")
# Columns read only to be scrubbed out of the text, and the placeholder of each.
PERSONAL: dict[str, Kind] = {
    "name": Kind.NAME,
    "phone": Kind.MOBILE,
    "id_number": Kind.ID_NUMBER,
    "email": Kind.EMAIL,
    "address": Kind.ADDRESS,
}
_DATE_LIKE = re.compile(r"^[\d\s年月日/.\-:：T]{0,24}$")  # what a mistyped date may look like
_LONG_NUMBER = re.compile(r"\d{9,}")  # more digits than any date: a phone or an ID that slid into the column
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_ID = 40


@dataclass
class Submission:
    """One row of the export, reduced to what a public case may keep."""

    key: str  # the stable part of the case id: submission id, or a short content hash
    received: dt.date
    category: str
    summary: str
    removed: list[Kind]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # case ids
    skipped: int = 0  # already imported, or twice in the export
    blank_rows: list[int] = field(default_factory=list)  # rows without content
    removed: Counter[Kind] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)


def import_cases(data_dir: Path, project_dir: Path, station_id: str, export: Path, today: dt.date) -> ImportReport:
    """Append the export's new submissions to the station's cases files, or raise DataError."""
    docs = load_region(data_dir, project_dir)
    station = next((s for s in docs.stations if s.station.model.id == station_id), None)
    if station is None:
        raise DataError([Problem.general(ERR["unknown_station"].format(ids=station_id))])
    settings = docs.region.model.import_settings or ImportSettings()
    submissions, blank_rows = read_submissions(export, settings)

    report = ImportReport(blank_rows=blank_rows)
    taken = {case.id for doc in station.cases.values() for case in doc.model.cases}
    by_year: dict[int, list[CommentedMap]] = {}
    for submission in submissions:
        case_id = f"{submission.received.year}-{submission.received:%m%d}-{submission.key}"[:_MAX_ID].rstrip("-")
        if case_id in taken:
            report.skipped += 1
            continue
        taken.add(case_id)
        report.added.append(case_id)
        report.removed.update(submission.removed)
        by_year.setdefault(submission.received.year, []).append(
            CommentedMap(
                id=case_id,
                received=submission.received,
                channel=settings.channel.value,
                category=submission.category,
                summary=submission.summary,
                status=CaseStatus.ACCEPTED.value,
            )
        )
    if not by_year:
        return report

    folder = data_dir / station.folder
    texts: dict[Path, str] = {}
    for year, cases in sorted(by_year.items()):
        path = folder / f"cases-{year}.yml"
        display = station.cases[year].source.display if year in station.cases else _display(path, project_dir)
        texts[path] = _append(path, display, cases, year, station.station.model.name)
    _validate_with(data_dir, project_dir, texts, today)
    for path, text in texts.items():
        write_atomically(path, text)
        report.files.append(_display(path, project_dir))
    return report


# --- reading the export -------------------------------------------------------------------------


def read_submissions(export: Path, settings: ImportSettings) -> tuple[list[Submission], list[int]]:
    """The export's rows as scrubbed submissions, and the row numbers left out for having no content."""
    display = export.as_posix()
    rows = _read_rows(export, display)
    if not rows:
        raise DataError([Problem(display, Position(1, 1), ERR["import_empty"])])
    header_row, header = rows[0]
    columns = _map_columns(header, settings)
    _refuse_ambiguous(header, header_row, columns, display)
    for name in REQUIRED:
        if not columns.get(name):
            # scrubbed: without a header row, the first row is somebody's answers
            shown = "、".join(scrub(title).text for title in map(_text, header) if title) or "无"
            message = ERR["import_missing_column"].format(field=IMPORT_FIELDS[name], key=name, headers=shown)
            raise DataError([Problem(display, Position(header_row, 1), message)])

    submissions: list[Submission] = []
    blank: list[int] = []
    problems: list[Problem] = []
    when = columns["submitted"][0]
    for number, cells in rows[1:]:
        cells = [*cells, *[None] * (len(header) - len(cells))]
        values = {name: [_text(cells[i]) for i in indexes if _text(cells[i])] for name, indexes in columns.items()}
        if not values["content"]:
            blank.append(number)
            continue
        received = sheets.date(cells[when])
        if received is None:
            words = {"column": _text(header[when]), "letter": get_column_letter(when + 1), "value": _text(cells[when])}
            # shown only when it is a mistyped date: a shifted column may hold a name or a phone number
            shown = (
                _DATE_LIKE.match(words["value"])
                and not _LONG_NUMBER.search(words["value"])
                and not find(words["value"])
            )
            message = ERR["import_bad_date"] if shown else ERR["import_bad_date_hidden"]
            problems.append(Problem(display, Position(number, when + 1), message.format(**words)))
            continue
        submissions.append(_submission(values, received, settings))
    if problems:
        raise DataError(problems)
    if not submissions:
        raise DataError([Problem(display, Position(header_row, 1), ERR["import_no_rows"])])
    return submissions, blank


def _submission(values: dict[str, list[str]], received: dt.date, settings: ImportSettings) -> Submission:
    """One row's public part: the content and category scrubbed of everything its personal columns hold."""
    names = values.get("name", [])
    private = [
        (value, _kind_of(value, kind))
        for name, kind in PERSONAL.items()
        if name != "name"
        for value in values.get(name, [])
    ]
    content = " ".join(values["content"])
    summary = scrub(content, names=names, private=private)
    answer = " ".join(values.get("category", []))
    category = scrub(settings.categories.get(answer) or answer or settings.category, names=names, private=private)
    key = _slug(" ".join(values.get("id", [])))
    key = key or hashlib.sha256(f"{received}|{_collapse(content)}".encode()).hexdigest()[:8]
    return Submission(
        key=key,
        received=received,
        category=_collapse(category.text)[:40],
        summary=_collapse(summary.text),
        removed=summary.removed + category.removed,
    )


def _read_rows(export: Path, display: str) -> list[tuple[int, list[object]]]:
    """Non-empty rows of the first sheet with their 1-based row numbers, from an XLSX or CSV file."""
    tables, too_long = sheets.read_tables(export, display)
    if too_long:
        raise DataError(too_long)
    return [(number, cells) for number, cells in tables[0][1] if any(_text(c) for c in cells)]


def _refuse_ambiguous(header: list[object], row: int, columns: dict[str, list[int]], display: str) -> None:
    """Two columns with the same header for a field that takes one: which is meant cannot be guessed."""
    normal = [_normal_header(title) for title in header]
    for name, indexes in columns.items():
        if name in PERSONAL:
            continue  # every such column is scrubbed out, whichever is meant
        twins = [i for i, title in enumerate(normal) if title and title == normal[indexes[0]]]
        if len(twins) > 1:
            letters = "、".join(get_column_letter(i + 1) for i in twins)
            message = ERR["import_duplicate_header"].format(header=_text(header[indexes[0]]), letters=letters)
            raise DataError([Problem(display, Position(row, twins[1] + 1), message)])


def _normal_header(value: object) -> str:
    return sheets.normal_header(value)


def _map_columns(header: list[object], settings: ImportSettings) -> dict[str, list[int]]:
    """Which column holds which field: exact header matches first, then headers that contain an alias.

    The personal fields take every matching column (an export may have 联系电话 and
    备用电话); the others take the first. A column serves one field only.
    """
    configured = settings.columns.model_dump()
    aliases = {name: [*configured[name], *defaults] for name, defaults in DEFAULT_COLUMNS.items()}
    return sheets.map_columns(header, aliases, many=frozenset(PERSONAL))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, sheets.Formula):
        return ""
    return _CONTROL.sub("", str(value)).strip()


def _collapse(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _kind_of(value: str, column_kind: Kind) -> Kind:
    """The placeholder for a value from a personal column: what it looks like, else its column's."""
    found = find(value)
    return found[0].kind if len(found) == 1 and found[0].value == value else column_kind


# --- writing the cases files ----------------------------------------------------------------------


def _append(path: Path, display: str, cases: list[CommentedMap], year: int, station_name: str) -> str:
    """The new text of a cases file: the old text, unchanged, with `cases` appended."""
    if path.exists():
        raw = read_file(path, display)
        original = raw.decode("utf-8").removeprefix("\ufeff")
    else:
        raw, original = b"", SAID["import_cases_header"].format(station=station_name, year=year)
    try:
        data, indent, block_offset = load_yaml_guess_indent(original.replace("\r\n", "\n"))
    except YAMLError:
        raise DataError([Problem(display, Position(1, 1), ERR["import_unreadable"])]) from None
    yaml = (
        round_trip_yaml()
        if indent is None
        else round_trip_yaml(mapping=max(indent - block_offset, 2), sequence=indent, offset=block_offset)
    )
    existing = data.get("cases")
    if not isinstance(existing, CommentedSeq) or existing.fa.flow_style():
        existing = data["cases"] = CommentedSeq(existing or [])
    for case in cases:
        existing.append(case)
        if len(existing) > 1:  # a blank line between cases, as the clerks' files have
            existing.yaml_set_comment_before_after_key(len(existing) - 1, before="\n")
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    _check_only_appended(original.replace("\r\n", "\n"), text, display)
    if "\r\n" in original:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "") + text


def _check_only_appended(before: str, after: str, display: str) -> None:
    """Refuse any edit other than inserted lines: the clerk's text must stay as it was.

    The one line allowed to change is an empty `cases: []`, which becomes `cases:`.
    """
    before = re.sub(r"(?m)^cases:[ \t]*\[[ \t]*\][ \t]*$", "cases:", before)
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, _, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag not in ("equal", "insert"):
            raise DataError([Problem(display, Position(i1 + 1, 1), ERR["import_layout"])])


def _validate_with(data_dir: Path, project_dir: Path, texts: dict[Path, str], today: dt.date) -> None:
    """Validate the region as it would be with `texts` written, without touching `data_dir`."""
    overlay = {path: text.encode("utf-8") for path, text in texts.items()}
    try:
        validate_region(data_dir, project_dir, today, overlay)
    except DataError as exc:
        raise DataError([Problem.general(ERR["import_invalid"]), *exc.problems]) from None


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def print_report(report: ImportReport) -> None:
    """The clerk's summary: what was added and removed, and the reminder to review before the pull request."""
    if report.blank_rows:
        print(ERR["import_blank_rows"].format(rows="、".join(str(r) for r in report.blank_rows)))
    if not report.added:
        print(SAID["import_nothing"].format(skipped=report.skipped))
        return
    kinds = "、".join(
        f"{kind.value.strip('【】')} {count}"
        for kind, count in sorted(report.removed.items(), key=lambda item: list(Kind).index(item[0]))
    )
    removed = sum(report.removed.values())
    print(
        SAID["import_done"].format(
            added=len(report.added), skipped=report.skipped, removed=removed, kinds=f"（{kinds}）" if kinds else ""
        )
    )
    for file in report.files:
        print(one_line(SAID["import_written"].format(file=file)))
    print(SAID["import_review"])
