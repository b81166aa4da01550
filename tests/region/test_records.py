"""履职档案: reception records matched to sessions, figures against hand-computed values, messages, pages, data.

A crafted region whose sessions are all explicit (no holiday moves to reckon
with), a record for each kind of case: held with a deputy absent, not held,
not recorded, two sessions on one day, a deputy standing in who was not on the
schedule, a session that was not planned, a deputy linked into two stations.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.problems import DataError
from generator.region.records import deputy_year, station_year
from generator.region.validate import validate_region
from tests.conftest import Build, build_minimal
from tests.minimal import write_region

TODAY = dt.date(2026, 11, 24)
SCHEDULE = """\
sessions:
  - date: 2026-03-05
    time: "09:00-11:30"
    deputies: [wang-li, zhao-gang]
  - date: 2026-04-09
    time: "09:00-11:30"
    deputies: [wang-li]
  - date: 2026-05-14
    time: "09:00-11:30"
    deputies: [wang-li]
  - date: 2026-06-11
    time: "09:00-11:30"
    deputies: [wang-li]
  - date: 2026-06-11
    time: "14:00-16:00"
    deputies: [zhao-gang]
  - date: 2026-12-05
    time: "14:00-16:00"
    deputies: [zhao-gang]
"""
RECORDS = """\
year: 2026
records:
  - date: 2026-03-05
    deputies: [wang-li]
    visitors: 10
    matters: 4
    cases: [2026-001]
    note: 群众反映路灯损坏。
  - date: 2026-04-09
    held: false
    reason: 台风预警，接待暂停
  - date: 2026-06-11
    time: "09:00-11:30"
    deputies: [wang-li]
    visitors: 5
  - date: 2026-06-11
    time: "14:00-16:00"
    deputies: [zhao-gang, sun-hong]
    visitors: 7
    matters: 2
  - date: 2026-07-20
    deputies: [wang-li]
    visitors: 3
"""
CZ_SCHEDULE = 'sessions:\n  - date: 2026-09-10\n    time: "09:00-11:30"\n    deputies: [wang-li, sun-hong]\n'
CZ_RECORDS = "year: 2026\nrecords:\n  - date: 2026-09-10\n    deputies: [wang-li]\n    visitors: 4\n"
REGION = {
    "zd/schedule.yml": SCHEDULE,
    "zd/records-2026.yml": RECORDS,
    "cz/schedule.yml": CZ_SCHEDULE,
    "cz/records-2026.yml": CZ_RECORDS,
}


@pytest.fixture
def model(tmp_path: Path):
    return validate_region(write_region(tmp_path, REGION), tmp_path, TODAY)


def test_a_stations_year_counts_only_what_happened_and_what_is_known(model) -> None:
    zd = station_year(model, [model.stations["zd"]], 2026)
    assert (zd.planned, zd.recorded, zd.unrecorded) == (5, 4, 1)  # 12-05 is still ahead; 05-14 not recorded
    assert (zd.held, zd.not_held, zd.extra) == (4, 1, 1)  # 07-20 was held without being planned
    assert (zd.visitors, zd.matters) == (25, 6)
    assert (zd.seats, zd.present, zd.attendance_rate) == (4, 3, "75%")  # zhao-gang missed 03-05
    assert (zd.activities_done, zd.activities_planned, zd.completion_rate) == (1, 2, "50%")
    assert (zd.cases_received, zd.cases_closed) == (2, 1)
    assert zd.by_month[2:7] == [(3, 1, 10), (4, 0, 0), (5, 0, 0), (6, 2, 12), (7, 1, 3)]
    assert len(zd.by_month) == 11, "months up to the build date"
    both = station_year(model, [model.stations["cz"], model.stations["zd"]], 2026)
    assert (both.visitors, both.held, both.seats, both.present) == (29, 5, 6, 4)


def test_a_deputys_record_across_the_stations_they_serve(model) -> None:
    wang = deputy_year(model, model.deputies["wang-li"], 2026)  # based at zd, linked into cz
    assert (wang.scheduled, wang.attended, wang.extra, wang.unrecorded) == (3, 3, 1, 1)
    assert (wang.visitors, wang.attendance_rate) == (10 + 5 + 3 + 4, "100%")
    assert wang.activities == [("调研视察", 1)]
    assert (wang.cases_taken, wang.cases_closed, wang.cases_content) == (1, 1, 1)
    zhao = deputy_year(model, model.deputies["zhao-gang"], 2026)
    assert (zhao.scheduled, zhao.attended, zhao.visitors, zhao.attendance_rate) == (2, 1, 7, "50%")
    sun = deputy_year(model, model.deputies["sun-hong"], 2026)  # stood in at zd, missed cz's session
    assert (sun.scheduled, sun.attended, sun.extra, sun.visitors) == (1, 0, 1, 7)


def test_a_moved_session_is_matched_on_its_new_day_and_a_cancelled_one_is_not_planned(tmp_path: Path) -> None:
    rule = """\
rules:
  - repeat: 每月
    day: 10
    time: "09:00-11:30"
    deputies: [wang-li]
    start: 2026-07-01
    end: 2026-09-30
    exceptions:
      - date: 2026-08-10
        moved_to: 2026-08-12
      - date: 2026-09-10
"""
    records = "year: 2026\nrecords:\n  - date: 2026-08-12\n    deputies: [wang-li]\n    visitors: 2\n"
    data = write_region(tmp_path, {"zd/schedule.yml": rule, "zd/records-2026.yml": records})
    model = validate_region(data, tmp_path, TODAY)
    zd = station_year(model, [model.stations["zd"]], 2026)
    assert (zd.planned, zd.recorded, zd.extra, zd.present, zd.seats) == (2, 1, 0, 1, 1)
    assert not [w for w in model.warnings if "接待记录" in w.message], "the moved day is the session's day"


def test_records_that_are_allowed_but_unusual_are_said_at_their_lines(model) -> None:
    said = [w.render() for w in model.warnings if "接待记录" in w.message]
    assert said == [
        "stations/zd/records-2026.yml:18:15 杏林社区联络站 的接待记录 2026年6月11日：孙红 不在这场接待的安排里；如果是临时替换的，可以保留",
        "stations/zd/records-2026.yml:21:11 杏林社区联络站 的接待记录 2026年7月20日 当天没有安排接待；如果是临时加的一场，可以保留，否则请检查日期",
    ]


def test_records_left_off_a_changed_rota_are_said_once_with_the_fix(tmp_path: Path) -> None:
    """A clerk who moves the monthly day without start/end leaves every past record off the rota."""
    rule = 'rules:\n  - repeat: 每月\n    day: 16\n    time: "09:00-11:30"\n'
    dated = "".join(f"  - date: 2026-{month:02d}-15\n    visitors: 1\n" for month in range(1, 6))
    data = write_region(tmp_path, {"zd/schedule.yml": rule, "zd/records-2026.yml": f"year: 2026\nrecords:\n{dated}"})
    said = [w.render() for w in validate_region(data, tmp_path, TODAY).warnings if "接待记录" in w.message]
    assert len(said) == 1
    assert said[0].startswith("stations/zd/records-2026.yml:3:11 杏林社区联络站 有 5 条接待记录当天没有安排接待")
    assert "2026年1月15日、2026年2月15日、2026年3月15日 等" in said[0] and "写上 end" in said[0]


SINCE_2026 = """\
rules:
  - repeat: 每月
    day: 28
    time: "09:00-11:30"
    deputies: [wang-li]
    start: 2026-01-01
sessions:
  - date: 2025-06-10
    time: "09:00-11:30"
    deputies: [wang-li]
"""
RECORDS_2025 = "year: 2025\nrecords:\n  - date: 2025-06-10\n    deputies: [wang-li]\n    visitors: 3\n"
SINCE = {"zd/schedule.yml": SINCE_2026, "zd/records-2025.yml": RECORDS_2025}


def test_a_rule_counts_only_from_its_start_and_without_one_it_always_applied(tmp_path: Path) -> None:
    model = validate_region(write_region(tmp_path / "since", SINCE), tmp_path / "since", TODAY)
    wang = deputy_year(model, model.deputies["wang-li"], 2025)
    assert (wang.scheduled, wang.attended, wang.unrecorded) == (1, 1, 0)  # 2025 had only its one session
    zd = station_year(model, [model.stations["zd"]], 2025)
    assert (zd.planned, zd.recorded, zd.unrecorded, zd.extra) == (1, 1, 0, 0)
    assert deputy_year(model, model.deputies["wang-li"], 2026).unrecorded == 10  # the 28ths of January to October
    assert not [w for w in model.warnings if "接待记录" in w.message]
    # the same rule as written before start existed: in force always, so 2025 has its twelve 28ths too
    always = {**SINCE, "zd/schedule.yml": SINCE_2026.replace("    start: 2026-01-01\n", "")}
    model = validate_region(write_region(tmp_path / "always", always), tmp_path / "always", TODAY)
    assert deputy_year(model, model.deputies["wang-li"], 2025).unrecorded == 12


BAD = [
    ("in the future", "  - date: 2026-11-30\n    visitors: 1\n", "stations/zd/records-2026.yml:3:11 接待记录的日期 2026-11-30 还没到；接待结束后再登记"),
    ("outside its year", "  - date: 2025-12-30\n    visitors: 1\n", "stations/zd/records-2026.yml:3:11 接待记录的日期 2025-12-30 不在 2026 年，请放到对应年份的 records-年份.yml 中"),
    ("not held without a reason", "  - date: 2026-03-05\n    held: false\n", "stations/zd/records-2026.yml:4:11 2026-03-05 的接待写了没有举行（held: false），请在 reason 中写明原因"),
    ("held with a reason", "  - date: 2026-03-05\n    reason: 下雨\n", "stations/zd/records-2026.yml:4:13 2026-03-05 的接待已举行，不用写 reason；没有举行时请写 held: false"),
    ("not held but with visitors", "  - date: 2026-03-05\n    held: false\n    reason: 下雨\n    visitors: 3\n", "stations/zd/records-2026.yml:4:11 2026-03-05 的接待没有举行，不能有到场代表、人次、问题或案例；请删掉这些，或把 held 改为 true"),
    ("an unknown deputy", "  - date: 2026-03-05\n    deputies: [nobody]\n", "stations/zd/records-2026.yml:4:16 代表编号 nobody 不存在，请填写已在某个站点 deputies.yml 中登记的代表编号"),
    ("an unknown case", "  - date: 2026-03-05\n    cases: [2026-999]\n", "stations/zd/records-2026.yml:4:13 案例编号 2026-999 不在本站的 cases-年份.yml 中，请检查编号"),
    ("negative visitors", "  - date: 2026-03-05\n    visitors: -2\n", "stations/zd/records-2026.yml:4:15 第 1 条接待记录的 visitors 取值“-2”超出范围，应在 0 到 10000 之间"),
    ("the same session twice", "  - date: 2026-03-05\n  - date: 2026-03-05\n", "stations/zd/records-2026.yml:4:11 2026-03-05 这场接待登记了两次（stations/zd/records-2026.yml:3 已有），请合并成一条；同一天有两场时写明 time"),
]  # fmt: skip


@pytest.mark.parametrize(("records", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_a_record_that_cannot_be_true_is_refused_at_its_line(tmp_path: Path, records: str, expected: str) -> None:
    data = write_region(
        tmp_path, {"zd/schedule.yml": SCHEDULE, "zd/records-2026.yml": "year: 2026\nrecords:\n" + records}
    )
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    assert expected in [p.render() for p in caught.value.problems]


def test_resident_names_in_a_records_note_are_refused(tmp_path: Path) -> None:
    records = "year: 2026\nrecords:\n  - date: 2026-03-05\n    note: 张大爷反映路灯坏了\n"
    data = write_region(tmp_path, {"zd/schedule.yml": SCHEDULE, "zd/records-2026.yml": records})
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    assert caught.value.problems[0].message.startswith("这里有姓名 *大爷")


# --- in the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_minimal(tmp_path_factory.mktemp("records"), REGION)
    assert build.result.returncode == 0, build.result.stderr
    return build


def test_the_deputy_page_carries_the_record_in_words(built: Build) -> None:
    record = built.page("d/wang-li/").select_one("#record")
    items = [li.get_text(" ", strip=True) for li in record.select("h3 + ul li")]
    assert items[:4] == [
        "已登记的接待中，安排本人的 3 场，到场 3 场（100%）；另外临时参加接待 1 场",
        "在到场的接待中，共接待群众 22 人次",
        "还有 1 场安排的接待没有登记记录",
        "参加已完成的活动：调研视察 1 次",
    ]
    assert record.select_one("details.lz-notes li"), "how each number is counted"


def test_the_station_page_and_its_annual_report(built: Build) -> None:
    year = built.page("s/zd/").select_one("#year")
    assert "举行 4 场（安排 5 场，未举行 1 场，未登记 1 场）" in year.get_text()
    assert "75%（安排到场 4 人次，实际到场 3 人次）" in year.get_text()
    report_link = year.select_one("a")
    assert report_link.get_text() == "2026 年度工作报告"
    report = BeautifulSoup((built.site / "s/zd/print/report-2026.html").read_text(encoding="utf-8"), "html.parser")
    assert report.select_one("h1").get_text() == "2026 年度工作报告"
    months = {
        row.select("td")[0].get_text(): row.select("td")[2].get_text()
        for row in report.select(".report__months tbody tr")
    }
    assert months["6月"] == "12" and months["7月"] == "3"
    assert "走访辖区企业" in report.get_text(), "done activities are listed"


def test_open_data_has_every_record(built: Build) -> None:
    written = sum(len(yaml.safe_load(text)["records"]) for name, text in REGION.items() if "records" in name)
    data = json.loads((built.site / "data/records.json").read_text(encoding="utf-8"))
    assert len(data["records"]) == written
    rows = list(csv.DictReader(io.StringIO((built.site / "data/records.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == written
    not_held = [r for r in rows if r["held"] == "未举行"]
    assert [(r["date"], r["reason"], r["visitors"]) for r in not_held] == [("2026-04-09", "台风预警，接待暂停", "")]


def test_last_years_record_says_nothing_of_a_rota_that_began_this_year(tmp_path: Path) -> None:
    build = build_minimal(tmp_path, SINCE)
    assert build.result.returncode == 0, build.result.stderr
    years = {h.get_text(strip=True): h for h in build.page("d/wang-li/").select("#record h3")}
    assert list(years) == ["2026 年", "2025 年"]
    assert [li.get_text(" ", strip=True) for li in years["2025 年"].find_next_sibling("ul").select("li")] == [
        "已登记的接待中，安排本人的 1 场，到场 1 场（100%）",
        "在到场的接待中，共接待群众 3 人次",
        "这一年没有参加已完成的活动",
        "受理群众意见建议 0 件，已办结 0 件，群众满意或基本满意 0 件",
    ]
    this_year = [li.get_text(" ", strip=True) for li in years["2026 年"].find_next_sibling("ul").select("li")]
    assert "还有 10 场安排的接待没有登记记录" in this_year
