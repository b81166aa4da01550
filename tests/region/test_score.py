"""The completeness score on crafted stations: each check flips when its data is removed or added."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from generator.region.formats import display_width
from generator.region.score import CHECKS, Gap, StationScore, station_score
from generator.region.validate import validate_region
from generator.render.scores import check_missing, check_title, station_missing
from tests.conftest import Build, make_project, run_generator
from tests.minimal import FILES, write_region

TODAY = dt.date(2026, 11, 24)


def score_of(tmp_path: Path, changes: dict[str, str | None] | None = None, station: str = "zd") -> StationScore:
    model = validate_region(write_region(tmp_path, changes), tmp_path, TODAY)
    return station_score(model.stations[station], model.today)


def checks(score: StationScore) -> dict[str, tuple[str, ...] | None]:
    """Each check's missing items, or None when it passed."""
    return {c.key: None if c.passed else tuple(check_missing(c)) for c in score.checks}


def edit(name: str, old: str, new: str) -> dict[str, str]:
    assert old in FILES[name], old
    return {name: FILES[name].replace(old, new, 1)}


RECENT_CASE = """\
  - id: 2026-003
    received: {date}
    channel: 来访
    category: 民生保障
    summary: 建议增设休息座椅。
    status: 受理
"""


def jpeg_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (120, 150, 180)).save(out, "JPEG")
    return out.getvalue()


PHOTO = jpeg_photo()  # a real photo: validation reads its header (a few bytes of JPEG marker no longer pass)
PHOTOS = {
    "zd/deputies.yml": FILES["zd/deputies.yml"]
    .replace("    role: 站长\n", "    role: 站长\n    photo: a.jpg\n")
    .replace("    level: 乡\n", "    level: 乡\n    constituency: 第4选区\n    photo: b.jpg\n")
}


def with_recent_case(date: str) -> dict[str, str]:
    return {"zd/cases-2026.yml": FILES["zd/cases-2026.yml"] + RECENT_CASE.format(date=date)}


def test_the_minimal_station_lacks_recent_cases_and_deputy_details(tmp_path: Path) -> None:
    score = score_of(tmp_path)
    assert checks(score) == {
        "disclosures": None,
        "schedule": None,
        "plan": None,
        "cases": ("案例和接待记录最近一次更新是 2026年3月1日，已超过 90 天",),
        "deputies": ("缺少选区：赵刚", "缺少照片：王丽、赵刚"),
    }
    assert (score.points, score.total, score.stars) == (3, 5, "★★★☆☆")


def test_a_station_with_nothing_published_scores_zero(tmp_path: Path) -> None:
    score = score_of(tmp_path, station="zz")
    assert checks(score) == {
        "disclosures": ("未公开：代表信息、接待安排、年度活动计划、工作制度、意见建议办理情况",),
        "schedule": ("未来 30 天内没有接待",),
        "plan": ("没有 2026 年度活动计划（plan-2026.yml）",),
        "cases": ("没有公开的办理案例",),
        "deputies": ("本站还没有登记代表",),
    }
    assert score.points == 0


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        (
            edit(
                "zd/station.yml", "rules: |\n  1. 每月28日为代表接待日。\n  2. 群众意见建议在15个工作日内答复。\n", ""
            ),
            "工作制度",
        ),
        ({"zd/cases-2026.yml": None}, "意见建议办理情况"),
        ({"zd/plan-2026.yml": None}, "年度活动计划"),
        ({"zd/schedule.yml": "rules: []\n"}, "接待安排"),
        ({"zd/plan-2026.yml": "year: 2026\nthemes:\n  - month: 11\n    theme: 平安建设\n"}, "年度活动计划"),
    ],
    ids=["rules", "cases", "plan", "schedule", "plan-without-activities"],
)
def test_each_missing_disclosure_is_named(tmp_path: Path, changes: dict[str, str | None], missing: str) -> None:
    assert checks(score_of(tmp_path, changes))["disclosures"] == (f"未公开：{missing}",)


def test_a_station_with_only_linked_deputies_has_its_deputies_disclosed(tmp_path: Path) -> None:
    score = score_of(tmp_path, {"cz/deputies.yml": "linked:\n  - id: wang-li\n"}, station="cz")
    assert "代表信息" not in " ".join(checks(score)["disclosures"] or ())
    assert checks(score)["deputies"] is None, "linked deputies are scored at their home station"


def test_schedule_must_have_a_session_soon_and_reach_beyond_30_days(tmp_path: Path) -> None:
    ending = edit("zd/schedule.yml", "    day: 28\n", "    day: 28\n    end: 2026-12-10\n")
    assert checks(score_of(tmp_path / "a", ending))["schedule"] == ("接待安排只排到 2026年12月10日",)

    later = {"zd/schedule.yml": ending["zd/schedule.yml"] + '  - date: 2027-01-06\n    time: "09:00-11:00"\n'}
    assert checks(score_of(tmp_path / "b", later))["schedule"] is None, "a session after the horizon extends it"

    not_soon = {
        "zd/schedule.yml": 'rules:\n  - repeat: 每月\n    day: 28\n    start: 2027-01-01\n    time: "09:00-11:30"\n'
    }
    assert checks(score_of(tmp_path / "c", not_soon))["schedule"] == ("未来 30 天内没有接待",)

    cancelled = edit(
        "zd/schedule.yml",
        "    deputies: [wang-li]\n",
        "    deputies: [wang-li]\n    exceptions:\n      - date: 2026-11-28\n",
    )
    assert checks(score_of(tmp_path / "d", cancelled))["schedule"] is None, "the session on December 5 is soon"
    cancelled["zd/schedule.yml"] = cancelled["zd/schedule.yml"].replace("2026-12-05", "2027-02-05")
    assert checks(score_of(tmp_path / "e", cancelled))["schedule"] == ("未来 30 天内没有接待",), (
        "cancelled do not count"
    )


def test_plan_must_be_for_the_current_year_with_activities(tmp_path: Path) -> None:
    last_year = {
        "zd/plan-2026.yml": None,
        "zd/plan-2025.yml": "year: 2025\nactivities:\n  - id: x\n    title: 走访\n    type: 走访选民\n    month: 5\n",
    }
    assert checks(score_of(tmp_path / "a", last_year))["plan"] == ("没有 2026 年度活动计划（plan-2026.yml）",)
    empty = {"zd/plan-2026.yml": "year: 2026\nthemes:\n  - month: 11\n    theme: 平安建设\n"}
    assert checks(score_of(tmp_path / "b", empty))["plan"] == ("2026 年度活动计划里还没有活动",)


@pytest.mark.parametrize(("date", "passed"), [("2026-08-26", True), ("2026-08-25", False), ("2026-11-20", True)])
def test_cases_count_when_a_step_is_within_90_days(tmp_path: Path, date: str, passed: bool) -> None:
    assert (checks(score_of(tmp_path, with_recent_case(date)))["cases"] is None) is passed


def test_a_later_step_of_an_old_case_counts_as_an_update(tmp_path: Path) -> None:
    replied = edit("zd/cases-2026.yml", "    status: 受理\n", "    status: 交办\n    assigned: 2026-10-30\n")
    assert checks(score_of(tmp_path, replied))["cases"] is None


def test_deputies_need_constituency_and_photo(tmp_path: Path) -> None:
    (tmp_path / "stations/zd").mkdir(parents=True)
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / "stations/zd" / name).write_bytes(PHOTO)
    assert checks(score_of(tmp_path, PHOTOS))["deputies"] is None
    without = {"zd/deputies.yml": PHOTOS["zd/deputies.yml"].replace("    constituency: 第4选区\n", "")}
    score = score_of(tmp_path, without)
    assert checks(score)["deputies"] == ("缺少选区：赵刚",)
    (deputies,) = [c for c in score.checks if c.key == "deputies"]
    assert deputies.gaps == (Gap("deputy_field", (("field", "constituency"), ("names", ("赵刚",)))),), (
        "the score holds facts; its words are the pages' and the report's"
    )


def test_a_complete_station_scores_five(tmp_path: Path) -> None:
    (tmp_path / "stations/zd").mkdir(parents=True)
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / "stations/zd" / name).write_bytes(PHOTO)
    score = score_of(tmp_path, {**PHOTOS, **with_recent_case("2026-11-02")})
    assert [c.key for c in score.checks] == list(CHECKS)
    assert (score.points, score.stars, station_missing(score)) == (5, "★★★★★", [])


def test_report_prints_an_aligned_chinese_table_and_markdown(tmp_path: Path) -> None:
    data = write_region(tmp_path / "data", edit("cz/station.yml", "name: 东街中心站", "name: 东街|中心站"))
    project = make_project(tmp_path / "project", stations=data)
    result = run_generator(project, "report")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "五公开完成度（按 2026年11月24日 的数据计算）"
    table = lines[2:6]
    assert [line.split()[0] for line in table] == ["站点", "测试区人大代表联络总站", "东街|中心站", "杏林社区联络站"]
    columns = {
        display_width(line[: line.index(mark)]) for line, mark in zip(table, ["得分", "☆", "☆", "★"], strict=True)
    }
    assert len(columns) == 1, "the score column lines up under its header"
    assert (
        "★★★☆☆ 3/5  案例和接待记录最近一次更新是 2026年3月1日，已超过 90 天；缺少选区：赵刚；缺少照片：王丽、赵刚"
        in table[3]
    )
    assert "共 3 个站点，满分 0 个" in result.stdout
    for number, key in enumerate(CHECKS, 1):
        assert any(line.startswith(f"{number}. ") for line in lines), key

    markdown = run_generator(project, "report", "--format", "markdown").stdout.splitlines()
    assert markdown[0].startswith("## 五公开完成度")
    assert "| 站点 | 得分 | 待补充 |" in markdown
    assert "| 东街\\|中心站 | ☆☆☆☆☆ 0/5 |" in "\n".join(markdown)


def test_report_refuses_invalid_data(tmp_path: Path) -> None:
    data = write_region(tmp_path / "data", edit("zd/deputies.yml", "level: 乡", "level: 议员"))
    result = run_generator(make_project(tmp_path / "project", stations=data), "report")
    assert result.returncode == 1 and result.stdout == ""
    assert "代表“赵刚”的 level 取值“议员”无效" in result.stderr


# --- on the built example site ----------------------------------------------------------------


def test_score_page_lists_head_and_centre_stations_and_explains_each_check(example: Build, example_model) -> None:
    page = example.page("score/")
    rows = page.select("table.lz-score-table tbody tr")
    scores = {e.id: station_score(e, example_model.today) for e in example_model.stations.values()}
    assert [r["id"] for r in rows] == [hub.id for hub in example_model.hubs]
    for row, hub in zip(rows, example_model.hubs, strict=True):
        cells = row.select("td")
        score = scores[hub.id]
        assert cells[0].select_one("a")["href"] == f"../s/{hub.id}/#score"
        assert cells[1].get_text(" ", strip=True) == f"{score.stars} {score.points}/5"
        tree = [scores[e.id] for e in [hub, *hub.descendants]]
        full = sum(s.points == 5 for s in tree)
        average = sum(s.points for s in tree) / len(tree)
        assert cells[2].get_text() == f"共 {len(tree)} 个站点，满分 {full} 个，平均 {average:.1f} 分（满分 5 分）"
    how = page.select("#how ol > li")
    assert [li.select_one("strong").get_text() for li in how] == [check_title(c) for c in scores["zongzhan"].checks]
    assert all(len(li.get_text()) > 30 for li in how), "each point is explained, not just named"


def test_station_page_has_its_score_collapsed_with_what_is_missing(example: Build, example_model) -> None:
    for station_id, entry in example_model.stations.items():
        score = station_score(entry, example_model.today)
        details = example.page(f"s/{station_id}/").select_one("details#score")
        assert details is not None and not details.has_attr("open")
        assert details.select_one("summary").get_text() == f"五公开完成度：{score.stars}（{score.points}/5）"
        items = details.select("li[data-check]")
        assert [(li["data-check"], li["data-passed"]) for li in items] == [
            (c.key, "yes" if c.passed else "no") for c in score.checks
        ]
        missing = [span.get_text() for li in items for span in li.select(".lz-muted")]
        assert missing == station_missing(score)
        assert details.select_one('a[href="../../score/"]')
        # a station with children shows theirs, which the score page leaves out
        children = [(a["href"], a.parent.get_text(" ", strip=True)) for a in details.select("h3 + ul li a")]
        expected = []
        for child in entry.children:
            c = station_score(child, example_model.today)
            expected.append((f"../{child.id}/#score", f"{child.station.name} {c.stars} {c.points}/5"))
        assert children == expected


def test_score_page_is_reached_from_existing_pages(example: Build) -> None:
    assert example.page("s/").select_one('a[href="../score/"]')
    assert example.page("print/").select_one('a[href="../score/"]')
    assert example.page("five-disclosures/").select_one('a[href="../score/"]')
