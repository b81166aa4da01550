"""Reception calendar: rule expansion on the official holiday calendar, feeds, notices, the live next session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import vobject
from bs4 import BeautifulSoup

from generator.cli import main
from generator.data.model import ScheduleFile
from generator.region.holidays import WorkCalendar
from generator.region.schedule import occurrences
from tests.conftest import Build, build_minimal, make_project, run_build
from tests.minimal import FILES, write_region
from tests.render.test_codes import SITE_URL


def expand(rule: dict, first: str, last: str, work: WorkCalendar | None = None) -> list[tuple]:
    schedule = ScheduleFile.model_validate({"rules": [{"time": "09:00-11:30", **rule}]})
    found = occurrences(schedule, dt.date.fromisoformat(first), dt.date.fromisoformat(last), work or WorkCalendar())
    return [(o.date.isoformat(), o.moved_from and o.moved_from.isoformat(), o.cancelled, o.note) for o in found]


# 2026 official calendar: National Day 10-01..10-07 (make-up working days Sun 09-20 and Sat 10-10);
# Spring Festival 02-15..02-23 (make-up working days Sat 02-14 and Sat 02-28); Mid-Autumn 09-25..09-27.
def test_national_day_moves_to_the_next_working_day() -> None:
    assert expand({"repeat": "每月", "day": 1}, "2026-09-01", "2026-10-31") == [
        ("2026-09-01", None, False, None),
        ("2026-10-08", "2026-10-01", False, "因国庆节调整"),
    ]


def test_previous_working_day_and_cancel_policies() -> None:
    assert expand({"repeat": "每月", "day": 1, "holiday": "提前"}, "2026-10-01", "2026-10-31") == []
    assert expand({"repeat": "每月", "day": 1, "holiday": "提前"}, "2026-09-28", "2026-10-31") == [
        ("2026-09-30", "2026-10-01", False, "因国庆节调整"),
    ]
    assert expand({"repeat": "每月", "day": 1, "holiday": "取消"}, "2026-10-01", "2026-10-31") == [
        ("2026-10-01", None, True, "因国庆节取消"),
    ]
    assert expand({"repeat": "每月", "day": 1, "holiday": "照常"}, "2026-10-01", "2026-10-01") == [
        ("2026-10-01", None, False, None),
    ]


def test_spring_festival_and_its_make_up_working_day() -> None:
    assert expand({"repeat": "每月", "day": 18}, "2026-02-01", "2026-02-28") == [
        ("2026-02-24", "2026-02-18", False, "因春节调整"),
    ]
    # moving back from the 15th lands on Saturday the 14th, an official working day
    assert expand({"repeat": "每月", "day": 15, "holiday": "提前"}, "2026-02-01", "2026-02-28") == [
        ("2026-02-14", "2026-02-15", False, "因春节调整"),
    ]


def test_workdays_only_moves_weekends_but_keeps_make_up_working_days() -> None:
    rule = {"repeat": "每周", "weekday": "周六", "workdays_only": True}
    assert expand(rule, "2026-10-01", "2026-10-19") == [
        ("2026-10-08", "2026-10-03", False, "因国庆节调整"),
        ("2026-10-10", None, False, None),
        ("2026-10-19", "2026-10-17", False, "因周末调整"),
    ]
    # without workdays_only a Saturday rule is kept on ordinary Saturdays
    assert expand({"repeat": "每周", "weekday": "周六"}, "2026-10-17", "2026-10-17") == [
        ("2026-10-17", None, False, None)
    ]


def test_nth_weekday_and_odd_months() -> None:
    second_wednesday = {"repeat": "每月", "weekday": "周三", "week": 2}
    assert [d for d, *_ in expand(second_wednesday, "2026-11-01", "2026-12-31")] == ["2026-11-11", "2026-12-09"]
    fifth_wednesday = {"repeat": "每月", "weekday": "周三", "week": 5}
    assert [d for d, *_ in expand(fifth_wednesday, "2026-09-01", "2026-12-31")] == ["2026-09-30", "2026-12-30"]
    odd_months = {"repeat": "每月", "day": 15, "months": "单月", "holiday": "照常"}
    assert [d for d, *_ in expand(odd_months, "2026-01-01", "2026-06-30")] == [
        "2026-01-15",
        "2026-03-15",
        "2026-05-15",
    ]


def test_exceptions_move_or_cancel_one_day() -> None:
    rule = {
        "repeat": "每月",
        "day": 28,
        "exceptions": [
            {"date": "2026-12-28", "moved_to": "2026-12-30", "time": "14:00-16:00", "note": "代表参加区人代会"},
            {"date": "2027-01-28"},
        ],
    }
    schedule = ScheduleFile.model_validate({"rules": [{"time": "09:00-11:30", **rule}]})
    found = occurrences(schedule, dt.date(2026, 12, 1), dt.date(2027, 1, 31), WorkCalendar())
    assert [(o.date, o.time, o.moved_from, o.cancelled, o.note) for o in found] == [
        (dt.date(2026, 12, 30), "14:00-16:00", dt.date(2026, 12, 28), False, "代表参加区人代会"),
        (dt.date(2027, 1, 28), "09:00-11:30", None, True, "本次取消"),
    ]


def test_a_year_without_official_data_is_not_guessed_but_reported() -> None:
    work = WorkCalendar()
    assert expand({"repeat": "每月", "day": 1}, "2027-01-01", "2027-01-31", work) == [("2027-01-01", None, False, None)]
    assert work.missing_years == {2027}


def test_exception_on_a_day_the_rule_does_not_name_is_an_error(tmp_path: Path) -> None:
    schedule = FILES["zd/schedule.yml"].replace(
        "    deputies: [wang-li]\n", "    deputies: [wang-li]\n    exceptions:\n      - date: 2026-12-27\n", 1
    )
    project = make_project(tmp_path / "p", stations=write_region(tmp_path / "d", {"zd/schedule.yml": schedule}))
    result = run_build(project)
    assert result.returncode == 1
    assert (
        "stations/zd/schedule.yml:7:15 2026-12-27 不是这条规则的接待日；临时调整的 date 要写规则本来的接待日，请检查日期"
        in result.stderr
    )


def test_a_rule_names_days_only_between_its_start_and_end() -> None:
    rule = {"repeat": "每月", "day": 28, "start": "2026-12-01", "end": "2027-01-31"}
    assert [d for d, *_ in expand(rule, "2026-10-01", "2027-03-31")] == ["2026-12-28", "2027-01-28"]
    # 10-01 is before the rule begins: there is no day to move to 10-08 after National Day
    assert expand({"repeat": "每月", "day": 1}, "2026-10-01", "2026-11-30")[0][:2] == ("2026-10-08", "2026-10-01")
    assert expand({"repeat": "每月", "day": 1, "start": "2026-10-02"}, "2026-10-01", "2026-11-30") == [
        ("2026-11-01", None, False, None)
    ]
    weekly = {"repeat": "每周", "weekday": "周三", "start": "2026-11-05", "end": "2026-11-25"}
    assert [d for d, *_ in expand(weekly, "2026-11-01", "2026-11-30")] == ["2026-11-11", "2026-11-18", "2026-11-25"]


RULE_DATES = "    deputies: [wang-li]\n    start: 2026-12-01\n    end: 2026-12-31\n"


def test_a_rule_that_ends_before_it_starts_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backwards = RULE_DATES.replace("2026-12-31", "2026-11-30")
    write_region(
        tmp_path, {"zd/schedule.yml": FILES["zd/schedule.yml"].replace("    deputies: [wang-li]\n", backwards)}
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--today", "2026-11-24", "validate"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "stations/zd/schedule.yml:7:10 结束日期 2026-11-30 早于开始日期 2026-12-01，请检查",
        "发现 1 处问题，请逐条修改后重新检查；网站没有生成",
    ]


def test_sessions_outside_a_rules_dates_are_in_no_feed_notice_or_page(tmp_path: Path) -> None:
    """The 28th of every month, only in December 2026: November's and January's are nowhere."""
    schedule = FILES["zd/schedule.yml"].replace("    deputies: [wang-li]\n", RULE_DATES, 1)
    build = build_minimal(tmp_path, {"zd/schedule.yml": schedule})
    assert build.result.returncode == 0, build.result.stderr
    for feed in ("s/zd/calendar.ics", "calendar.ics"):
        days = sorted(e.dtstart.value.date() for e in read_feed(build.site / feed))
        assert days == [dt.date(2026, 12, 5), dt.date(2026, 12, 28)], feed
    days = [e.dtstart.value.date() for e in read_feed(build.site / "d/wang-li/calendar.ics")]
    assert days == [dt.date(2026, 12, 28)]
    notices = {
        month: BeautifulSoup(
            (build.site / f"s/zd/print/notice-{month}.html").read_text(encoding="utf-8"), "html.parser"
        ).get_text()
        for month in ("2026-11", "2026-12")
    }
    assert "11月28日" not in notices["2026-11"]
    assert "12月28日" in notices["2026-12"] and "12月5日" in notices["2026-12"]
    station = build.page("s/zd/")
    sessions = [row.select_one("td").get_text(" ", strip=True) for row in station.select("table.lz-sessions tbody tr")]
    assert len(sessions) == 2 and "11月28日" not in " ".join(sessions)
    assert "自 2026年12月1日 起，至 2026年12月31日 止" in station.get_text()


def test_a_rule_that_has_ended_is_off_the_board_but_in_the_data(tmp_path: Path) -> None:
    """Ended on 2026-10-31: the station page and the wall placard no longer tell residents of the 28th."""
    ended = "    deputies: [wang-li]\n    start: 2026-01-01\n    end: 2026-10-31\n"
    build = build_minimal(
        tmp_path, {"zd/schedule.yml": FILES["zd/schedule.yml"].replace("    deputies: [wang-li]\n", ended, 1)}
    )
    assert build.result.returncode == 0, build.result.stderr
    assert "每月28日" not in build.page("s/zd/").select_one("#schedule").get_text()
    placard = (build.site / "s/zd/print/placard-a4.html").read_text(encoding="utf-8")
    assert "每月28日" not in placard
    rules = json.loads((build.site / "data/rules.json").read_text(encoding="utf-8"))["records"]
    assert [(r["rule"][:5], r["start"], r["end"]) for r in rules if r["station"] == "zd"] == [
        ("每月28日", "2026-01-01", "2026-10-31")
    ]
    # its past sessions stay: October's 28th is in the feed
    days = [e.dtstart.value.date() for e in read_feed(build.site / "s/zd/calendar.ics")]
    assert days == [dt.date(2026, 10, 28), dt.date(2026, 12, 5)]


def read_feed(path: Path) -> list:
    return list(vobject.readOne(path.read_text(encoding="utf-8")).vevent_list)


def test_station_feed_has_every_session_with_place_deputies_and_link(example: Build, example_model) -> None:
    station = example_model.stations["liutang"]
    expected = example_model.sessions(station, dt.date(2026, 10, 25), dt.date(2027, 5, 23))
    events = read_feed(example.site / "s/liutang/calendar.ics")
    assert len(events) == len(expected) > 5
    moved = next(e for e in events if e.dtstart.value.date() == dt.date(2026, 11, 30))
    assert moved.dtstart.value.isoformat() == "2026-11-30T09:00:00+08:00"
    assert moved.dtend.value.isoformat() == "2026-11-30T11:30:00+08:00"
    assert moved.location.value == "中心站接待室（街道党群服务中心二楼）"
    assert moved.url.value == f"{SITE_URL}/s/liutang/"
    assert "许国强、赵红梅、蒋文斌" in moved.description.value and "因周末调整" in moved.description.value
    assert moved.uid.value == "liutang-2026-11-28-09:00-11:30@rd.qinghe.example.cn"
    assert len({e.uid.value for e in events}) == len(events)


def test_deputy_and_region_feeds(example: Build, example_model) -> None:
    deputy_events = read_feed(example.site / "d/xu-guoqiang/calendar.ics")
    assert deputy_events and all("许国强" in e.description.value for e in deputy_events)
    region_events = read_feed(example.site / "calendar.ics")
    station_total = sum(len(read_feed(example.site / f"s/{s}/calendar.ics")) for s in example_model.stations)
    assert len(region_events) == station_total
    cancelled = [e for e in read_feed(example.site / "s/xinghua/calendar.ics") if e.status.value == "CANCELLED"]
    december = [e.dtstart.value.date() for e in cancelled if e.dtstart.value.date() >= dt.date(2026, 12, 1)]
    assert december == [dt.date(2026, 12, 7)]


def test_pages_offer_subscribe_and_download(example: Build) -> None:
    links = [a["href"] for a in example.page("s/liutang/").select(".lz-feed a")]
    assert links == ["webcal://rd.qinghe.example.cn/s/liutang/calendar.ics", "calendar.ics"]
    links = [a["href"] for a in example.page("d/xu-guoqiang/").select(".lz-feed a")]
    assert links == ["webcal://rd.qinghe.example.cn/d/xu-guoqiang/calendar.ics", "calendar.ics"]
    links = [a["href"] for a in example.page("s/").select(".lz-feed a")]
    assert links == ["webcal://rd.qinghe.example.cn/calendar.ics", "../calendar.ics"]


def test_late_sessions_and_stale_schedules_are_warned_about_but_build(tmp_path: Path) -> None:
    data = write_region(tmp_path / "d")
    project = make_project(tmp_path / "p", stations=data)
    first = run_build(project)
    assert first.returncode == 0, first.stderr
    assert "提示：东街中心站 未来 30 天没有接待安排，请在 schedule.yml 中补充" in first.stderr.splitlines()
    assert "不足 3 天" not in first.stderr  # nothing to compare with on the first build
    schedule = project / "stations/zd/schedule.yml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8")
        + '  - date: 2026-11-26\n    time: "09:00-10:00"\n  - date: 2026-12-20\n    time: "09:00-10:00"\n',
        encoding="utf-8",
    )
    second = run_build(project)
    assert second.returncode == 0, second.stderr
    late = [line for line in second.stderr.splitlines() if "不足 3 天" in line]
    assert late == [
        "提示：杏林社区联络站 2026年11月26日 的接待离现在不足 3 天才公布或修改，按规定应至少提前 3 天公告，请尽快另行通知群众"
    ]


def next_session_at(browser, url: str, clock: str | None) -> tuple[str, list[str]]:
    context = browser.new_context(java_script_enabled=clock is not None)
    page = context.new_page()
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto(url + "s/liutang/")
    box = page.locator("[data-lz-next] [data-when]").inner_text()
    visible = page.locator("table.lz-sessions tbody tr:visible td:first-child").all_inner_texts()
    context.close()
    return box, [v.split("\n")[0] for v in visible]


def test_next_session_follows_the_readers_clock(served_site: str, browser) -> None:
    # built on 2026-11-24; read on Friday 2026-12-04, after the 11-30 and 12-03 sessions
    box, rows = next_session_at(browser, served_site, "2026-12-04T10:00:00+08:00")
    assert box == "2026年12月16日 周三 14:00-16:30"
    assert rows[0] == "2026年12月16日 周三"
    # during the 12-03 session (14:00-16:30) it is still the next one
    box, rows = next_session_at(browser, served_site, "2026-12-03T15:00:00+08:00")
    assert box == "2026年12月3日 周四 14:00-16:30"
    # late at night in UTC is already the next morning in China
    box, _ = next_session_at(browser, served_site, "2026-12-03T17:00:00Z")
    assert box == "2026年12月16日 周三 14:00-16:30"


def test_without_javascript_the_build_time_list_stays(served_site: str, browser) -> None:
    box, rows = next_session_at(browser, served_site, None)
    assert box == "2026年11月30日 周一 09:00-11:30"
    assert rows[0] == "2026年11月30日 周一"
