"""Declared holiday years (`stations/holidays-<year>.yml`): expansion, validation messages, warnings, a real build.

The 2027 arrangement below is FICTIONAL (none was published when these tests were
written): 元旦 2027-01-01..01-03, 春节 2027-02-06..02-12 with the Saturdays 2027-01-30
and 2027-02-20 worked. It only has to be a plausible shape. The 2026 files copy the
real 2026 notice, which chinesecalendar 1.11.0 carries.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import vobject

from generator.data.canonical import canonical_text
from generator.data.model import HolidaysFile, ScheduleFile
from generator.problems import DataError
from generator.region.holidays import WorkCalendar
from generator.region.schedule import occurrences
from generator.region.validate import validate_region
from tests.conftest import ROOT, make_project, run_build, run_generator
from tests.minimal import FILES, write_region

TODAY = dt.date(2026, 11, 24)

# Fictional (see the module docstring).
HOLIDAYS_2027 = """\
# yaml-language-server: $schema=../schema/holidays.schema.json
year: 2027
holidays:
  - name: 元旦
    start: 2027-01-01
    end: 2027-01-03

  - name: 春节
    start: 2027-02-06
    end: 2027-02-12
    workdays: [2027-01-30, 2027-02-20]
"""

GUIDE_PAGE = (ROOT / "generator/site/content/guide/index.md").read_text(encoding="utf-8")
# The guide's worked example: the real 2026 notice, the whole file.
HOLIDAYS_2026 = next(
    block for block in re.findall(r"```yaml\n(.*?)```", GUIDE_PAGE, re.DOTALL) if block.startswith("# yaml-language")
)


def declared(text: str = HOLIDAYS_2027) -> WorkCalendar:
    import yaml

    model = HolidaysFile.model_validate(yaml.safe_load(text))
    return WorkCalendar(declared={model.year: model})


def expand(rule: dict, first: str, last: str, work: WorkCalendar) -> list[tuple]:
    schedule = ScheduleFile.model_validate({"rules": [{"time": "09:00-11:30", **rule}]})
    found = occurrences(schedule, dt.date.fromisoformat(first), dt.date.fromisoformat(last), work)
    return [(o.date.isoformat(), o.moved_from and o.moved_from.isoformat(), o.cancelled, o.note) for o in found]


# --- expansion on a declared year ------------------------------------------------------------------


def test_a_rule_day_on_a_declared_holiday_moves_by_its_policy() -> None:
    work = declared()
    assert expand({"repeat": "每月", "day": 1}, "2027-01-01", "2027-01-31", work) == [
        ("2027-01-04", "2027-01-01", False, "因元旦调整"),
    ]
    assert expand({"repeat": "每月", "day": 1, "holiday": "提前"}, "2026-12-28", "2027-01-31", work) == [
        ("2026-12-31", "2027-01-01", False, "因元旦调整"),
    ]
    assert expand({"repeat": "每月", "day": 1, "holiday": "取消"}, "2027-01-01", "2027-01-31", work) == [
        ("2027-01-01", None, True, "因元旦取消"),
    ]
    assert expand({"repeat": "每月", "day": 1, "holiday": "照常"}, "2027-01-01", "2027-01-31", work) == [
        ("2027-01-01", None, False, None),
    ]
    # 春节 from Saturday 02-06 to Friday 02-12: the 8th moves past the holiday to Saturday 02-13 (no workdays_only)
    assert expand({"repeat": "每月", "day": 8}, "2027-02-01", "2027-02-28", work) == [
        ("2027-02-13", "2027-02-08", False, "因春节调整"),
    ]
    assert work.missing_years == set()


def test_a_declared_make_up_saturday_is_a_working_day_for_workdays_only_rules() -> None:
    rule = {"repeat": "每周", "weekday": "周六", "workdays_only": True}
    assert expand(rule, "2027-01-23", "2027-02-20", declared()) == [
        ("2027-01-25", "2027-01-23", False, "因周末调整"),
        ("2027-01-30", None, False, None),  # declared 调休上班
        ("2027-02-15", "2027-02-06", False, "因春节调整"),
        ("2027-02-15", "2027-02-13", False, "因周末调整"),
        ("2027-02-20", None, False, None),  # declared 调休上班
    ]


def test_without_the_declaration_nothing_moves_and_the_year_is_missing() -> None:
    work = WorkCalendar()
    assert expand({"repeat": "每月", "day": 1}, "2027-01-01", "2027-01-31", work) == [("2027-01-01", None, False, None)]
    assert work.missing_years == {2027}


def test_the_package_wins_for_a_year_it_knows() -> None:
    # a wrong copy of 2026: 国庆节 only one day, and no make-up days
    work = declared("year: 2026\nholidays:\n  - name: 国庆节\n    start: 2026-10-01\n")
    assert work.declared_years == []
    assert expand({"repeat": "每月", "day": 2}, "2026-10-01", "2026-10-31", work) == [
        ("2026-10-08", "2026-10-02", False, "因国庆节调整"),
    ]
    assert work.day_off(dt.date(2026, 10, 10), weekends=True) is None  # the package's make-up Saturday


def test_a_new_years_holiday_may_begin_in_the_december_before() -> None:
    # fictional, shaped like the 2019 notice (2018-12-30 to 2019-01-01 off, Saturday 2018-12-29 worked)
    work = declared(
        "year: 2027\nholidays:\n  - name: 元旦\n    start: 2026-12-31\n    end: 2027-01-02\n"
        "    workdays: [2026-12-26]\n"
    )
    assert work.day_off(dt.date(2026, 12, 31), weekends=False) == "元旦"
    assert work.day_off(dt.date(2026, 12, 26), weekends=True) is None
    assert work.day_off(dt.date(2026, 12, 30), weekends=True) is None  # the package's ordinary Wednesday


# --- validation messages -------------------------------------------------------------------------------


def problems_for(tmp_path: Path, changes: dict[str, str | None]) -> list[str]:
    data = write_region(tmp_path, changes)
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    return [p.render() for p in caught.value.problems]


def holidays(old: str, new: str) -> dict[str, str]:
    assert old in HOLIDAYS_2027, old
    return {"holidays-2027.yml": HOLIDAYS_2027.replace(old, new, 1)}


CASES = [
    (
        "date outside the year",
        holidays("start: 2027-02-06", "start: 2026-02-06"),
        "stations/holidays-2027.yml:9:12 春节的日期 2026-02-06 不在 2027 年内；这个文件只写 2027 年的放假安排"
        "（只有元旦的放假和调休可以在上一年 12 月），请检查年份",
    ),
    (
        "make-up day outside the year",
        holidays("[2027-01-30, 2027-02-20]", "[2027-01-30, 2028-02-20]"),
        "stations/holidays-2027.yml:11:28 春节的日期 2028-02-20 不在 2027 年内；这个文件只写 2027 年的放假安排"
        "（只有元旦的放假和调休可以在上一年 12 月），请检查年份",
    ),
    (
        "end before start",
        holidays("end: 2027-02-12", "end: 2027-01-12"),
        "stations/holidays-2027.yml:10:10 春节的放假最后一天 2027-01-12 早于第一天 2027-02-06，请检查 start 和 end",
    ),
    (
        "a range far too long",
        holidays("end: 2027-02-12", "end: 2027-12-02"),
        "stations/holidays-2027.yml:10:10 春节从 2027-02-06 到 2027-12-02 共放假 300 天，比通知中任何一次放假都长，"
        "请检查 end 的月份和日",
    ),
    (
        "overlapping ranges",
        holidays("start: 2027-01-01\n    end: 2027-01-03", "start: 2027-02-01\n    end: 2027-02-07"),
        "stations/holidays-2027.yml:9:12 春节的放假日期与元旦（第 4 行）重叠，同一天只能属于一个节日；"
        "请对照通知检查日期，两个节日连在一起放假时写成一项（name 写 元旦、春节）",
    ),
    (
        "a day both off and worked",
        holidays("[2027-01-30, 2027-02-20]", "[2027-01-30, 2027-02-07]"),
        "stations/holidays-2027.yml:11:28 2027-02-07 写成了调休上班日，但它在春节的放假日期内，一天不能既放假又上班；"
        "请对照通知改正其中一处",
    ),
    (
        "a make-up day on a weekday",
        holidays("[2027-01-30, 2027-02-20]", "[2027-01-29, 2027-02-20]"),
        "stations/holidays-2027.yml:11:16 调休上班日 2027-01-29 是周五，本来就要上班；通知里的调休上班日都是周六或周日，"
        "请检查日期",
    ),
    (
        "year differs from the file name",
        holidays("year: 2027", "year: 2028"),
        "stations/holidays-2027.yml:2:7 年度 2028 与文件名中的年份 2027 不一致，请修改其中一处",
    ),
    (
        "no holidays",
        {"holidays-2027.yml": "year: 2027\nholidays: []\n"},
        "stations/holidays-2027.yml:2:11 放假安排的 holidays 至少要填 1 项",
    ),
    (
        "holiday without its first day",
        holidays("    start: 2027-02-06\n", ""),
        "stations/holidays-2027.yml:8:5 节日“春节”缺少必填项 start（放假第一天），请补上",
    ),
    (
        "misnamed file beside region.yml",
        {"holiday-2027.yml": HOLIDAYS_2027},
        "stations/holiday-2027.yml:1:1 无法识别的文件 holiday-2027.yml，stations 文件夹里只能有 region.yml、"
        "holidays-年份.yml（如 holidays-2027.yml）和各站点的文件夹",
    ),
    (
        ".yaml beside region.yml",
        {"holidays-2027.yaml": HOLIDAYS_2027},
        "stations/holidays-2027.yaml:1:1 文件扩展名应为 .yml，请把 holidays-2027.yaml 改名为 holidays-2027.yml",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_message(tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    assert expected in problems_for(tmp_path, changes)


def test_a_new_years_holiday_in_the_december_before_is_accepted(tmp_path: Path) -> None:
    changes = holidays("start: 2027-01-01\n    end: 2027-01-03", "start: 2026-12-31\n    end: 2027-01-02")
    model = validate_region(write_region(tmp_path, changes), tmp_path, TODAY)
    assert model.work.declared_years == [2027]


# --- warnings -------------------------------------------------------------------------------------------------

MISSING_2027 = (
    "提示：2027 年的法定节假日安排还没有收录，这一年的接待日暂时没有按节假日调整；国务院公布后（通常在上一年 11 月），"
    "可在 stations/holidays-2027.yml 中填写 2027 年放假安排（写法见联络员指南“法定节假日安排”一节）"
)


def validate(tmp_path: Path, changes: dict[str, str | None] | None = None) -> list[str]:
    project = make_project(tmp_path / "p", stations=write_region(tmp_path / "d", changes))
    result = run_generator(project, "validate")
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def test_the_missing_year_warning_says_what_to_do_and_goes_once_declared(tmp_path: Path) -> None:
    assert MISSING_2027 in validate(tmp_path / "before")
    after = validate(tmp_path / "after", {"holidays-2027.yml": HOLIDAYS_2027})
    assert not [line for line in after if "节假日" in line or "holidays" in line], after


def test_a_declared_year_the_package_knows_is_compared_and_each_difference_warned_at_its_line(tmp_path: Path) -> None:
    # the real 2026 arrangement with two mistakes: 国庆节 one day too long, and 2026-02-28 not written as worked
    wrong = HOLIDAYS_2026.replace("end: 2026-10-07", "end: 2026-10-08").replace(
        "[2026-02-14, 2026-02-28]", "[2026-02-14]"
    )
    assert wrong.count("2026-10-08") == 1 and "2026-02-28" not in wrong
    lines = validate(tmp_path, {"holidays-2026.yml": wrong})
    tail = (
        "，生成网站时以 chinesecalendar 为准；请对照国务院通知核对：这个文件写错了请改正或删除"
        "（chinesecalendar 已收录这一年，不再需要它），chinesecalendar 有误请告诉网站维护人员"
    )
    assert [line for line in lines if "holidays-2026" in line] == [
        "stations/holidays-2026.yml:4:1 提示：2026-02-28 在这个文件中是“没有调整（周末休息、工作日上班）”，"
        "chinesecalendar 收录的 2026 年安排是“调休上班”" + tail,
        "stations/holidays-2026.yml:34:10 提示：2026-10-08 在这个文件中是“放假”，"
        "chinesecalendar 收录的 2026 年安排是“没有调整（周末休息、工作日上班）”" + tail,
    ]


def test_differences_become_warning_annotations_on_their_lines(tmp_path: Path) -> None:
    wrong = HOLIDAYS_2026.replace("end: 2026-10-07", "end: 2026-10-08")
    project = make_project(tmp_path / "p", stations=write_region(tmp_path / "d", {"holidays-2026.yml": wrong}))
    result = run_generator(project, "validate", "--format", "github")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(
        "::warning file=stations/holidays-2026.yml,line=34,col=10::提示：2026-10-08 在这个文件中是“放假”"
    )


def test_the_guides_worked_example_is_the_official_2026_calendar_and_canonical(tmp_path: Path) -> None:
    lines = validate(tmp_path, {"holidays-2026.yml": HOLIDAYS_2026})
    assert not [line for line in lines if "holidays-2026" in line], lines  # identical to chinesecalendar: no warning
    assert canonical_text(HOLIDAYS_2026, HolidaysFile) == HOLIDAYS_2026
    snippet = "  - name: 春节\n    start: 2026-02-15\n    end: 2026-02-23\n    workdays: [2026-02-14, 2026-02-28]\n"
    assert snippet in HOLIDAYS_2026 and f"```yaml\n{snippet}```" in GUIDE_PAGE


def test_fmt_rewrites_a_holidays_file_in_the_canonical_layout(tmp_path: Path) -> None:
    written = (
        "holidays:\n- workdays: ['2027-01-30', 2027-02-20]\n  name: 春节  # 二、春节\n  end: 2027-02-12\n"
        "  start: 2027-02-06\n- start: 2027-01-01\n  name: 元旦\nyear: 2027\n"
    )
    project = make_project(tmp_path / "p", stations=write_region(tmp_path / "d", {"holidays-2027.yml": written}))
    checked = run_generator(project, "validate", "--check-format")
    assert checked.returncode == 1
    assert (
        "stations/holidays-2027.yml:1:1 文件格式不规范（从第 1 行起与统一格式不同），请运行 python -m generator fmt 自动整理后再提交"
        in checked.stderr.splitlines()
    )
    assert run_generator(project, "fmt").returncode == 0
    assert "holidays-2027" not in run_generator(project, "validate", "--check-format").stderr
    assert (project / "stations/holidays-2027.yml").read_text(encoding="utf-8") == (
        "year: 2027\nholidays:\n  - name: 春节 # 二、春节\n    start: 2027-02-06\n    end: 2027-02-12\n"
        "    workdays: [2027-01-30, 2027-02-20]\n\n  - name: 元旦\n    start: 2027-01-01\n"
    )


# --- a real build: pages, feeds and the month's notice use the declared days ---------------------------------


def test_a_build_in_december_moves_januarys_session_off_new_years_day(tmp_path: Path) -> None:
    schedule = FILES["zd/schedule.yml"].replace("    day: 28\n", "    day: 1\n", 1)
    data = write_region(tmp_path / "d", {"zd/schedule.yml": schedule, "holidays-2027.yml": HOLIDAYS_2027})
    project = make_project(tmp_path / "p", stations=data)
    result = run_build(project, "--today", "2026-12-20")  # the last --today wins
    assert result.returncode == 0, result.stderr
    assert "2027 年的法定节假日安排" not in result.stderr

    events = vobject.readOne((project / "site/s/zd/calendar.ics").read_text(encoding="utf-8")).vevent_list
    january = [e for e in events if e.uid.value.startswith("zd-2027-01-01-")]
    assert [e.dtstart.value.date() for e in january] == [dt.date(2027, 1, 4)]
    assert "因元旦调整" in january[0].description.value

    notice = (project / "site/s/zd/print/notice-2027-01.html").read_text(encoding="utf-8")
    assert "1月4日" in notice and "原定 2027年1月1日，因元旦调整" in notice
    page = (project / "site/s/zd/index.html").read_text(encoding="utf-8")
    assert "2027年1月4日" in page and "2027年1月1日 周五" not in page
