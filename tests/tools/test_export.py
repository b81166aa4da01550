"""`export`: the sheets `import` reads, from the files, and back again with nothing lost.

Every kind is exported from the example district and from the real-size synthetic
one (namesakes, long names, rules with exceptions), read back by the real
`import`, and must change nothing: not with the state the export records, and
not even without it (the sheet says what the files say). One edited cell
changes exactly that field; a hand edit in the YAML since the export is kept
and reported. The workbooks are opened with openpyxl as WPS or Excel would
(drop-down lists, frozen header, date cells), a CSV has its BOM, and nothing
the site does not publish is in any exported file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from ruamel.yaml import YAML

from benchmarks.synthetic import Size, write_region
from generator.cli import main
from generator.data.model import HolidayPolicy, ReceptionRule, Weekday
from generator.render.sheetbook import headers
from generator.render.workbooks import template_workbook
from generator.strings.guide import TEMPLATE_WORDS
from generator.strings.sheets import NEVER_READ, SHEET_COLUMNS, SHEET_KINDS
from generator.tools import rota
from generator.tools.export import rule_note, rule_words
from tests.conftest import BUILD_DATE, EXAMPLE, REALSIZE, REALSIZE_SEED

KINDS = tuple(SHEET_KINDS)
KEPT_EDIT = "手工改过"


def run(project: Path, *args: str) -> tuple[int, str, str]:
    """`python -m generator --today BUILD_DATE <args>` in `project`, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--today", BUILD_DATE, *args])
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def district(root: Path, which: str) -> Path:
    """A project folder holding only a district's data: the example's, or the real-size synthetic one."""
    root.mkdir(parents=True)
    if which == "example":
        shutil.copytree(EXAMPLE / "stations", root / "stations")
    else:
        write_region(root / "stations", Size(**REALSIZE), REALSIZE_SEED)
    return root


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each district with every kind exported once into `sheets/` (and its state recorded); tests only read."""
    projects = {}
    for which in ("example", "realsize"):
        project = district(tmp_path_factory.mktemp(which) / "project", which)
        code, out, err = run(project, "export", "all", "sheets")
        assert code == 0, err
        assert out.count("已导出 sheets/") == len(KINDS)
        projects[which] = project
    return projects


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("which", ["example", "realsize"])
def test_importing_a_fresh_export_changes_nothing(exported: dict[str, Path], which: str, kind: str, tmp_path: Path):
    project = exported[which]
    sheet = project / "sheets" / SHEET_KINDS[kind][2]
    before = snapshot(project / "stations")
    assert (project / "stations/.import" / f"{kind}.json").is_file()
    code, out, err = run(project, "import", kind, str(sheet))
    assert code == 0, err
    assert out.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容", out
    assert "已写入" not in out and KEPT_EDIT not in out
    assert snapshot(project / "stations") == before

    # Without what the export recorded, the sheet alone must say what the files say: no field of a record
    # differs from its sheet cell (one would be reported as a hand edit). The one thing with no sheet form in
    # these districts: a point whose area does not extend its parent's (the synthetic 联络点 of a 联络站).
    bare = tmp_path / "bare"
    shutil.copytree(project / "stations", bare / "stations", ignore=shutil.ignore_patterns(".import"))
    code, out, err = run(bare, "import", kind, str(sheet), "--dry-run")
    assert code == 0, err
    kept = [line for line in out.splitlines() if KEPT_EDIT in line]
    kept = [line for line in kept if not (which == "realsize" and kind == "stations" and " 的 area " in line)]
    assert kept == []
    assert "按表格改了" not in out


@pytest.mark.parametrize(("which", "kind"), [("example", k) for k in KINDS] + [("realsize", "deputies")])
def test_an_export_is_the_same_bytes_every_time(exported: dict[str, Path], tmp_path: Path, which: str, kind: str):
    project = exported[which]
    code, _, err = run(project, "export", kind, str(tmp_path / f"{kind}.xlsx"))
    assert code == 0, err
    assert (tmp_path / f"{kind}.xlsx").read_bytes() == (project / "sheets" / SHEET_KINDS[kind][2]).read_bytes()


def test_the_workbooks_have_the_templates_headers_lists_and_dates(exported: dict[str, Path]) -> None:
    project = exported["example"]
    stations = {
        YAML(typ="safe").load((p / "station.yml").read_text(encoding="utf-8"))["name"]
        for p in (project / "stations").iterdir()
        if p.is_dir() and not p.name.startswith(".")
    }
    for kind in KINDS:
        book = load_workbook(project / "sheets" / SHEET_KINDS[kind][2])
        template = load_workbook(io.BytesIO(template_workbook(kind)))
        sheet = book.worksheets[0]
        assert sheet.title == template.worksheets[0].title == SHEET_KINDS[kind][0]
        header = [c.value for c in sheet[1]]
        assert header == [c.value for c in template.worksheets[0][1]] == headers(kind)
        assert sheet.freeze_panes == "A2"
        assert all(sheet.column_dimensions[c.column_letter].width >= 12 for c in sheet[1])
        lists = book[TEMPLATE_WORDS["lists_sheet"]]
        assert lists.sheet_state == "hidden"
        choices = {}
        for rule in sheet.data_validations.dataValidation:
            assert rule.type == "list"
            column = header[next(iter(rule.sqref.ranges)).min_col - 1]
            letter = rule.formula1.split("!$")[1][0]
            choices[column] = ({c.value for c in lists[letter] if c.value}, rule.showErrorMessage)
        expected = {
            "stations": {"站点类型", "上级站点"},
            "deputies": {"代表层级", "所属联络站", "站内职务", "同时进站", "是否同意公开"},
            "rota": {"站点", "接待日"},
            "cases": {"所属联络站", "来源渠道", "办理状态", "满意度"},
            "receptions": {"站点", "是否举行"},
        }[kind]
        assert set(choices) == expected
        station_column = {"stations": "上级站点", "deputies": "所属联络站"}.get(
            kind, "站点" if kind != "cases" else "所属联络站"
        )
        assert choices[station_column][0] == stations
        template_lists = {
            header[next(iter(r.sqref.ranges)).min_col - 1]
            for r in template.worksheets[0].data_validations.dataValidation
        }
        assert template_lists == expected - {station_column, "同时进站"}  # a template knows no district's stations
    deputies = load_workbook(project / "sheets/deputies.xlsx")
    levels, strict = choices_of(deputies, "代表层级")
    assert {"全国", "省", "市", "县", "乡", "市、县"} <= levels and not strict  # several levels are written together
    assert choices_of(deputies, "站内职务") == ({"站长", "副站长", "轮值站长", "驻站代表", "进站代表"}, True)
    cases = load_workbook(project / "sheets/cases.xlsx")
    assert choices_of(cases, "办理状态") == ({"受理", "交办", "办理中", "已答复", "已评价", "不予受理"}, True)
    assert choices_of(cases, "满意度")[0] == {"满意", "基本满意", "不满意", "未评价"}
    weekdays, strict = choices_of(load_workbook(project / "sheets/rota.xlsx"), "接待日")
    assert weekdays == {f"每周{d}" for d in "一二三四五六日"} and not strict  # 每月15日 is typed
    received = cases.worksheets[0]["C2"]
    assert isinstance(received.value, dt.datetime) and received.number_format == "yyyy-mm-dd"
    example = load_workbook(io.BytesIO(template_workbook("cases"))).worksheets[0]["C2"]
    assert isinstance(example.value, dt.datetime) and example.number_format == "yyyy-mm-dd"  # the template's too
    rota = load_workbook(project / "sheets/rota.xlsx").worksheets[0]
    assert rota.column_dimensions["H"].number_format == "yyyy-mm-dd"  # a start typed in a new row is a date


def choices_of(book, header: str) -> tuple[set[str], bool]:  # type: ignore[no-untyped-def]
    sheet, lists = book.worksheets[0], book[TEMPLATE_WORDS["lists_sheet"]]
    columns = [c.value for c in sheet[1]]
    for rule in sheet.data_validations.dataValidation:
        if columns[next(iter(rule.sqref.ranges)).min_col - 1] == header:
            letter = rule.formula1.split("!$")[1][0]
            return {c.value for c in lists[letter] if c.value}, bool(rule.showErrorMessage)
    raise AssertionError(header)


def cells(path: Path) -> list[dict[str, object]]:
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_nothing_the_site_does_not_publish_is_exported(exported: dict[str, Path]) -> None:
    for which, project in exported.items():
        published = {}  # deputy: the phone the site shows, if any
        phones = set()  # every phone the site shows: stations' and deputies' published ones
        for path in (project / "stations").glob("*/deputies.yml"):
            for deputy in YAML(typ="safe").load(path.read_text(encoding="utf-8")).get("deputies") or []:
                published[deputy["id"]] = (deputy.get("contact") or {}).get("phone")
                phones.add(published[deputy["id"]])
        for path in (project / "stations").glob("*/station.yml"):
            phones.add(YAML(typ="safe").load(path.read_text(encoding="utf-8"))["phone"])
        for kind in KINDS:
            rows = cells(project / "sheets" / SHEET_KINDS[kind][2])
            header = headers(kind)
            assert not set(header) & {*NEVER_READ, "反映人", "身份证号", "出生年月"}, (which, kind)
            assert {row["联系电话"] for row in rows if row.get("联系电话")} <= phones
        rows = cells(project / "sheets/deputies.xlsx")
        assert len(rows) == len(published)
        for row in rows:  # a deputy's phone only where contact.phone is published
            assert row["联系电话"] == published[row["代表编号"]], row["代表编号"]
            assert row["是否同意公开"] == ("是" if published[row["代表编号"]] else None)
        assert any(row["联系电话"] for row in rows) and any(not row["联系电话"] for row in rows)


# --- one edited cell -------------------------------------------------------------------------------

XING = "杏花社区人大代表联络站"
EDITS = [
    # (kind, row's first cell, column, new value, the file, the line it becomes)
    ("stations", {"站点编号": "xinghua"}, "开放时间", "工作日 9:00-17:00", "xinghua/station.yml", "hours: 工作日 9:00-17:00"),
    ("deputies", {"代表编号": "sun-peng"}, "工作单位及职务", "杏花社区居委会主任", "xinghua/deputies.yml", "    occupation: 杏花社区居委会主任"),
    ("rota", {"站点": XING}, "接待地点", "邻里中心二楼", "xinghua/schedule.yml", "    place: 邻里中心二楼"),
    ("cases", {"编号": "2026-002", "所属联络站": XING}, "承办部门", "柳塘街道综合执法队", "xinghua/cases-2026.yml", "    department: 柳塘街道综合执法队"),
    ("receptions", {"站点": XING}, "接待人次", 99, "xinghua/records-2026.yml", "    visitors: 99"),
]  # fmt: skip


def edit_cell(path: Path, where: dict[str, object], column: str, value: object, *, occurrence: int = 1) -> None:
    """Change one cell of the row `where` says, as a clerk would in WPS or Excel, and save."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    found = [
        row for row in sheet.iter_rows(min_row=2) if all(row[header.index(k)].value == v for k, v in where.items())
    ]
    found[occurrence - 1][header.index(column)].value = value
    book.save(path)


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name) and not name.startswith(".import/"):
            old = before.get(name, b"").decode().splitlines()
            new = after.get(name, b"").decode().splitlines()
            assert len(old) == len(new), name
            out[name] = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return out


@pytest.mark.parametrize(("kind", "first", "column", "value", "file", "line"), EDITS, ids=[e[0] for e in EDITS])
def test_one_edited_cell_changes_that_field_alone(
    tmp_path: Path, kind: str, first: dict[str, object], column: str, value: object, file: str, line: str
) -> None:
    project = district(tmp_path / "project", "example")
    sheet = tmp_path / f"{kind}.xlsx"
    assert run(project, "export", kind, str(sheet))[0] == 0
    edit_cell(sheet, first, column, value)
    before = snapshot(project / "stations")
    code, out, err = run(project, "import", kind, str(sheet), "--dry-run")
    assert code == 0, err
    assert f"的 {column} 按表格改了" in out
    assert snapshot(project / "stations") == before
    code, out, err = run(project, "import", kind, str(sheet))
    assert code == 0, err
    assert f"的 {column} 按表格改了" in out and KEPT_EDIT not in out
    changes = changed_lines(before, snapshot(project / "stations"))
    assert list(changes) == [file]
    assert [new for _, new in changes[file]] == [line]
    assert run(project, "validate", "--check-format")[0] == 0
    code, out, _ = run(project, "import", kind, str(sheet))
    assert out.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容"


def test_a_hand_edit_since_the_export_is_kept_and_comments_and_order_stay(tmp_path: Path) -> None:
    project = district(tmp_path / "project", "example")
    sheet = tmp_path / "代表名单.xlsx"
    assert run(project, "export", "deputies", str(sheet))[0] == 0
    path = project / "stations/xinghua/deputies.yml"
    text = path.read_text(encoding="utf-8")
    hand = text.replace("  - id: sun-peng\n", "  # 2026年换届后连任\n  - id: sun-peng\n")
    hand = hand.replace("    name: 黄美玲\n", "    name: 黄美玲\n    # 选区按区人大公告\n")
    occupation = next(line for line in text.splitlines() if line.startswith("    occupation:") and "黄" not in line)
    path.write_text(hand, encoding="utf-8")
    huang = YAML(typ="safe").load(hand)["deputies"][2]
    assert huang["id"] == "huang-meiling"
    path.write_text(hand.replace(f"occupation: {huang['occupation']}", "occupation: 手工改的职务"), encoding="utf-8")
    edit_cell(sheet, {"代表编号": "huang-meiling"}, "工作单位及职务", "表格里改的职务")
    edit_cell(sheet, {"代表编号": "sun-peng"}, "选区", "第99选区")
    code, out, err = run(project, "import", "deputies", str(sheet))
    assert code == 0, err
    assert out.splitlines()[0] == "更新代表 1 名"
    assert "黄美玲（huang-meiling） 的 occupation 手工改过，表格里的新内容没有覆盖它；请核对" in out
    assert "孙鹏（sun-peng） 的 选区 按表格改了" in out
    after = path.read_text(encoding="utf-8")
    assert "occupation: 手工改的职务" in after and "表格里改的职务" not in after
    assert "    constituency: 第99选区\n" in after
    assert "  # 2026年换届后连任\n  - id: sun-peng\n" in after and "    # 选区按区人大公告\n" in after
    assert occupation in after
    ids = [line for line in after.splitlines() if line.startswith("  - id: ")]
    assert ids == [line for line in text.splitlines() if line.startswith("  - id: ")]


def test_a_published_phone_is_edited_and_the_rest_of_contact_stays(tmp_path: Path) -> None:
    project = district(tmp_path / "project", "example")
    path = project / "stations/liutang/deputies.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('      phone: "0571-8621 3402"\n', '      phone: "0571-8621 3402"\n      email: xu@example.cn\n')
    )
    sheet = tmp_path / "代表名单.xlsx"
    assert run(project, "export", "deputies", str(sheet))[0] == 0
    assert "xu@example.cn" not in str(cells(sheet))  # no column for it: kept in the file
    edit_cell(sheet, {"代表编号": "xu-guoqiang"}, "联系电话", "0571-8621 3409")
    code, _, err = run(project, "import", "deputies", str(sheet))
    assert code == 0, err
    deputy = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["deputies"][0]
    assert deputy["contact"] == {"phone": "0571-8621 3409", "email": "xu@example.cn"}
    edit_cell(sheet, {"代表编号": "xu-guoqiang"}, "是否同意公开", "否")
    code, _, err = run(project, "import", "deputies", str(sheet))
    assert code == 0, err
    deputy = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["deputies"][0]
    assert deputy["contact"] == {"email": "xu@example.cn"}
    assert deputy["bio"] and deputy["pledge"] and deputy["photo"]  # no column: left as they are


# --- what a row cannot say in a column ----------------------------------------------------------------

RULES = """\
  - repeat: 每月
    weekday: 周五
    week: 最后
    time: "09:00-11:00"
    deputies: [sun-peng]
    skip_months: [7, 8]
    pause_holidays: [春节, 国庆节]
    holiday: 提前
    pauses:
      - start: 2026-10-01
        end: 2026-10-31
        note: 场地改造
    workdays_only: true
  - repeat: 每月
    day: 5
    months: 单月
    start: 2026-03-01
    time: "14:00-16:00"
    deputies: [sun-peng]
  - repeat: 每月
    day: 5
    months: 单月
    start: 2026-03-01
    time: "14:00-16:00"
    deputies: [huang-meiling]

sessions:
"""
UNDATED = """\
  - id: 2026-099
    received: 2026-03-02
    channel: 来访
    category: 城市建设
    summary: 建议在杏花路口增设路灯。
    department: 柳塘街道城管科
    status: 已答复
    replied: 2026-03-20
    reply: 已增设路灯两盏。
    undated: [交办, 办理中]
"""


def test_rules_and_cases_a_row_cannot_say_in_columns_are_written_in_words_import_reads(tmp_path: Path) -> None:
    project = district(tmp_path / "project", "example")
    schedule = project / "stations/xinghua/schedule.yml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("\nsessions:\n", "\n" + RULES), encoding="utf-8")
    cases = project / "stations/xinghua/cases-2026.yml"
    cases.write_text(cases.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + UNDATED, encoding="utf-8")
    assert run(project, "validate")[0] == 0
    assert run(project, "fmt")[0] == 0
    before = snapshot(project / "stations")
    code, _, err = run(project, "export", "all", "sheets")
    assert code == 0, err
    rows = [r for r in cells(project / "sheets/rota.xlsx") if r["站点"] == "杏花社区人大代表联络站"]
    assert [(r["接待日"], r["时段"], r["备注"], r["起始日期"]) for r in rows] == [
        ("每周一", "14:30-17:00", "遇节假日取消", dt.datetime(2026, 1, 1)),
        ("每月最后一个周五", "09:00-11:00", "7、8月暂停，春节期间暂停，国庆节期间暂停，遇节假日提前", "不限"),
        ("单月5日", "14:00-16:00", None, dt.datetime(2026, 3, 1)),
        ("单月5日", "14:00-16:00", None, dt.datetime(2026, 3, 1)),
    ]
    case = next(r for r in cells(project / "sheets/cases.xlsx") if r["编号"] == "2026-099")
    assert case["交办日期"] is None and case["开始办理日期"] is None and case["办理状态"] == "已答复"
    for kind in KINDS:
        code, out, err = run(project, "import", kind, str(project / "sheets" / SHEET_KINDS[kind][2]))
        assert code == 0, err
        assert out.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容", (kind, out)
    assert {k: v for k, v in snapshot(project / "stations").items() if not k.startswith(".import/")} == before

    # the second of two rules of the same day is that rule, not the first one again
    edit_cell(project / "sheets/rota.xlsx", {"站点": XING}, "主题", "夜间专场", occurrence=4)
    code, out, err = run(project, "import", "rota", str(project / "sheets/rota.xlsx"))
    assert code == 0, err
    rules = YAML(typ="safe").load(schedule.read_text(encoding="utf-8"))["rules"]
    assert [r.get("topic") for r in rules] == [None, None, None, "夜间专场"]
    assert rules[1]["pauses"] and rules[1]["workdays_only"] and "start" not in rules[1]
    assert rules[0]["exceptions"]


# --- CSV, a part of the district, bad requests -----------------------------------------------------------


def test_a_csv_export_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    project = district(tmp_path / "project", "example")
    before = snapshot(project / "stations")
    for kind in KINDS:
        target = tmp_path / f"{SHEET_KINDS[kind][0]}.csv"
        code, _, err = run(project, "export", kind, str(target))
        assert code == 0, err
        data = target.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data[3:].decode("utf-8").splitlines()[0] == ",".join(headers(kind))
        code, out, err = run(project, "import", kind, str(target))
        assert code == 0, err
        assert out.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容", (kind, out)
    assert "2026-01-19" in (tmp_path / "办理登记册.csv").read_text(encoding="utf-8-sig")  # dates as dates read
    assert {k: v for k, v in snapshot(project / "stations").items() if not k.startswith(".import/")} == before


def test_one_station_or_one_year_is_exported_alone(exported: dict[str, Path], tmp_path: Path) -> None:
    project = exported["example"]
    target = tmp_path / "xinghua.xlsx"
    assert run(project, "export", "cases", str(target), "--station", "xinghua", "--year", "2026")[0] == 0
    rows = cells(target)
    assert rows and {r["所属联络站"] for r in rows} == {"杏花社区人大代表联络站"}
    assert {r["受理日期"].year for r in rows} == {2026}
    all_rows = cells(project / "sheets/cases.xlsx")
    assert len(rows) < len(all_rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deputies", "代表名单.txt"], "导出的文件名要以 .xlsx 或 .csv 结尾：代表名单.txt"),
        (["deputies", "d.xlsx", "--station", "nowhere"], "没有这些站点：nowhere"),
        (["all", "stations/region.yml"], "stations/region.yml 是一个文件，不是文件夹"),
    ],
)
def test_a_bad_request_is_refused_in_chinese_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    project = district(tmp_path / "project", "example")
    before = snapshot(project)
    code, _, err = run(project, "export", *args)
    assert code == 1
    assert message in err and "没有导出任何文件" in err and "Traceback" not in err
    assert snapshot(project) == before


def test_the_column_table_and_the_exports_agree() -> None:
    for kind in KINDS:
        table = [
            header
            for key, header, *_ in SHEET_COLUMNS[kind]
            if not (kind == "cases" and key in {"name", "phone", "id_number", "address"})
        ]
        assert headers(kind) == table


# --- properties --------------------------------------------------------------------------------------

HOLIDAYS = ("春节", "元旦", "清明节", "劳动节", "端午节", "中秋节", "国庆节")  # the festivals a rota's remarks name
MONTHS = st.lists(st.integers(1, 12), unique=True, max_size=3).map(sorted)


@st.composite
def reception_rules(draw: st.DrawFn) -> ReceptionRule:
    shape = draw(st.sampled_from(("weekly", "day", "nth")))
    rule: dict[str, object] = {"time": draw(st.sampled_from(("09:00-11:30", "14:30-17:00", "18:30-20:00")))}
    if shape == "weekly":
        rule |= {"repeat": "每周", "weekday": draw(st.sampled_from(list(Weekday))).value}
    else:
        rule |= {"repeat": "每月", "months": draw(st.sampled_from((None, "单月", "双月")))}
        if shape == "day":
            rule["day"] = draw(st.integers(1, 31))
        else:
            rule |= {
                "weekday": draw(st.sampled_from(list(Weekday))).value,
                "week": draw(st.sampled_from((1, 2, 3, 4, 5, "最后"))),
            }
    rule["skip_months"] = draw(MONTHS)
    rule["pause_holidays"] = draw(st.lists(st.sampled_from(HOLIDAYS), unique=True, max_size=3))
    if draw(st.booleans()):
        rule["holiday"] = draw(st.sampled_from(list(HolidayPolicy))).value
    return ReceptionRule.model_validate(rule)


@given(reception_rules())
def test_every_rule_is_written_in_words_the_rota_reader_reads_back(rule: ReceptionRule) -> None:
    parsed = rota.parse(rule_words(rule), rule.time, rule_note(rule))
    assert parsed.unknown == [] and parsed.school_pause is None
    assert parsed.time == rule.time
    wanted = {"repeat": rule.repeat.value, "day": rule.day, "weekday": rule.weekday, "week": rule.week}
    wanted["months"] = rule.months.value if rule.months else None
    assert [{k: r.get(k) for k in wanted} for r in parsed.rules] == [wanted]
    assert parsed.extra.get("skip_months", []) == rule.skip_months
    assert parsed.extra.get("pause_holidays", []) == rule.pause_holidays
    assert parsed.extra.get("holiday") == (rule.holiday.value if "holiday" in rule.model_fields_set else None)


@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(3, 8))
def test_a_generated_district_exports_and_imports_back_as_no_change(seed: int, stations: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        project.mkdir()
        write_region(project / "stations", Size(stations, 8.0, 6.0), seed)
        code, _, err = run(project, "export", "all", "sheets")
        assert code == 0, err
        before = snapshot(project / "stations")
        for kind in KINDS:
            code, out, err = run(project, "import", kind, str(project / "sheets" / SHEET_KINDS[kind][2]))
            assert code == 0, err
            assert out.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容", (kind, out)
        assert snapshot(project / "stations") == before
