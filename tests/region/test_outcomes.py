"""Public outcomes of handled cases: figures against hand-computed values, charts, cockpit, filters."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.data.model import Case
from generator.region.cases import case_figures
from tests.conftest import Build, build_minimal, serve
from tests.minimal import FILES

TODAY = dt.date(2026, 11, 24)
SVG = "{http://www.w3.org/2000/svg}"

# Four more cases at the centre station cz, beside zd's two (A: rated 满意 after 9 days;
# B: accepted 2026-03-01 and still open, long past the 30-day deadline):
# C rejected; D replied after 40 days (late); E rated 不满意 after 20 days; F in progress, not yet due.
CZ_CASES = """\
year: 2026
cases:
  - id: c
    received: 2026-05-01
    channel: 来访
    category: 城市建设
    summary: 反映与邻居的房屋买卖合同纠纷。
    status: 不予受理
    reason: 已进入诉讼程序，请按司法途径办理。
  - id: d
    received: 2026-06-01
    channel: 电话
    category: 交通出行
    summary: 建议延长公交末班车时间。
    status: 已答复
    assigned: 2026-06-02
    processing: 2026-06-05
    replied: 2026-07-11
    reply: 已将末班车延后30分钟。
  - id: e
    received: 2026-07-01
    channel: 扫码
    category: 交通出行
    summary: 反映路口信号灯配时过短。
    status: 已评价
    assigned: 2026-07-02
    processing: 2026-07-03
    replied: 2026-07-21
    rated: 2026-07-25
    reply: 已延长行人绿灯5秒。
    satisfaction: 不满意
  - id: f
    received: 2026-11-10
    channel: 来访
    category: 民生保障
    summary: 建议增设社区助餐点。
    status: 办理中
    assigned: 2026-11-11
    processing: 2026-11-12
"""


# The six cases by status, in the order of the closed loop (rejected last).
STATUS_COUNTS = [("受理", 1), ("交办", 0), ("办理中", 1), ("已答复", 1), ("已评价", 2), ("不予受理", 1)]


def rates(figures) -> tuple:
    return (
        figures.received,
        figures.closure_rate,
        figures.on_time_rate,
        figures.reply_rate,
        figures.satisfaction_rate,
        figures.median_text,
    )


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> Build:
    region = FILES["region.yml"] + "reply_deadline_days: 30\n"
    build = build_minimal(tmp_path_factory.mktemp("outcomes"), {"region.yml": region, "cz/cases-2026.yml": CZ_CASES})
    assert build.result.returncode == 0, build.result.stderr
    return build


def test_figures_against_hand_computed_values() -> None:
    import yaml

    cases = [Case.model_validate(c) for c in yaml.safe_load(CZ_CASES)["cases"]]
    cases += [Case.model_validate(c) for c in yaml.safe_load(FILES["zd/cases-2026.yml"])["cases"]]
    figures = case_figures(cases, TODAY, 30)
    # 6 received, 5 accepted (C rejected), 3 closed (A, D, E): 3/5
    # due = 3 closed + B (open past 30 days); F is within its deadline: on time A(9), E(20) of 4
    # answered = 3 closed + 1 rejected of 6; content = A of rated A, E; median of 9, 40, 20 days
    assert rates(figures) == (6, "60%", "50%", "67%", "50%", "20")
    assert (figures.accepted, figures.closed, figures.due, figures.on_time, figures.answered) == (5, 3, 4, 2, 4)
    assert case_figures(cases[1:3], TODAY, 30).median_text == "30"  # even count: the mean of 40 and 20
    assert rates(case_figures(cases, TODAY, 45)) == (6, "60%", "75%", "67%", "50%", "20")  # D is now on time
    assert rates(case_figures([], TODAY, 30)) == (0, "—", "—", "—", "—", "—")
    assert [(m.isoformat(), n) for m, n in figures.by_month][-7:] == [
        ("2026-05-01", 1),
        ("2026-06-01", 1),
        ("2026-07-01", 1),
        ("2026-08-01", 0),
        ("2026-09-01", 0),
        ("2026-10-01", 0),
        ("2026-11-01", 1),
    ]
    assert figures.by_month[0][0] == dt.date(2025, 12, 1) and len(figures.by_month) == 12
    assert [(s.value, n) for s, n in figures.by_status] == STATUS_COUNTS
    assert figures.by_category == [("交通出行", 3), ("城市建设", 2), ("民生保障", 1)]


def cockpit_rows(build: Build) -> list[list[str]]:
    rows = build.page("cockpit/").select(".lz-cockpit table:not(.lz-year-table) tbody tr")  # the case figures
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in rows]


def test_cockpit_shows_region_station_and_parent_figures(crafted: Build) -> None:
    page = crafted.page("cockpit/")
    tiles = [li.select_one("strong").get_text() for li in page.select(".lz-cockpit > ul.lz-figures > li")]
    assert tiles == ["6", "60%", "50%", "67%", "50%", "20"]
    # one row per head and centre station, for it and every station below it
    assert cockpit_rows(crafted) == [
        ["测试区人大代表联络总站 含下属 2 个站点", "6", "60%", "50%", "67%", "50%", "20"],
        ["东街中心站 含下属 1 个站点", "6", "60%", "50%", "67%", "50%", "20"],
    ]
    assert [a["href"] for a in page.select(".lz-cockpit table:not(.lz-year-table) tbody a")] == [
        "../s/zz/#cases",
        "../s/cz/#cases",
    ]
    # the deadline the figures use is stated with the definitions
    assert "受理后 30 天内答复的件数" in page.select_one(".lz-notes").get_text()
    # the page is in the site's navigation
    assert page.select_one('.md-tabs a[href="./"], .md-nav--primary a[href="./"]') is not None


def test_parent_station_page_shows_its_own_and_its_subtree_figures(crafted: Build) -> None:
    section = crafted.page("s/cz/").select_one("#cases")
    lists = section.select("ul.lz-figures")
    own, tree = ([li.select_one("strong").get_text() for li in ul.select("li")] for ul in lists)
    assert own == ["4", "67%", "50%", "75%", "0%", "30"]
    assert tree == ["6", "60%", "50%", "67%", "50%", "20"]
    assert section.select_one('a[href="../../cockpit/"]').get_text() == "全区的办理情况"
    # the rows of its children, which the cockpit leaves out
    rows = section.select("table tbody tr")
    assert [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in rows] == [
        ["杏林社区联络站", "2", "50%", "50%", "50%", "100%", "9"]
    ]
    head = crafted.page("s/zz/").select("#cases table tbody tr")
    assert [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in head] == [
        ["东街中心站", "6", "60%", "50%", "67%", "50%", "20"]
    ]


def read_chart(path: Path) -> tuple[str, list[tuple[str, int, float]]]:
    """The title and (label, value, bar width) of each bar, read back from the SVG."""
    root = ET.parse(path).getroot()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    bars = [float(r.get("width")) for r in list(root.iter(f"{SVG}rect"))[1:]]  # the first is the background
    labels, values = texts[1::2], [int(v) for v in texts[2::2]]
    return texts[0], list(zip(labels, values, bars, strict=True))


def test_charts_are_static_svg_with_the_same_numbers_as_words(crafted: Build) -> None:
    charts = crafted.site / "cockpit" / "charts"
    title, bars = read_chart(charts / "status.svg")
    assert title == "按办理状态（件）"
    assert [(label, value) for label, value, _ in bars] == STATUS_COUNTS
    widths = {value: width for _, value, width in bars}
    assert widths[0] == 0 and widths[2] == pytest.approx(2 * widths[1], abs=1)
    _, bars = read_chart(charts / "month.svg")
    assert [label for label, _, _ in bars][:3] == ["2025年12月", "2026年1月", "2月"]
    _, bars = read_chart(charts / "satisfaction.svg")
    assert [(label, value) for label, value, _ in bars] == [("满意", 1), ("基本满意", 0), ("不满意", 1)]
    for svg in charts.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text and "href" not in text, "a chart is a picture, never a program or a link"
    images = crafted.page("cockpit/").select(".lz-chart img")
    assert [img["src"] for img in images] == [
        f"charts/{n}.svg" for n in ("month", "category", "status", "satisfaction")
    ]
    assert images[2]["alt"] == "按办理状态（件）：受理 1，交办 0，办理中 1，已答复 1，已评价 2，不予受理 1"
    # a station's cases page has its own charts
    _, bars = read_chart(crafted.site / "s" / "zd" / "cases" / "charts" / "category.svg")
    assert [(label, value) for label, value, _ in bars] == [("交通出行", 1), ("城市建设", 1)]


def test_case_entries_show_steps_dates_and_days_taken(crafted: Build) -> None:
    page = crafted.page("s/cz/cases/2026/")
    late = page.select_one('article[data-case="d"]')
    assert [li.get_text(" ", strip=True) for li in late.select(".lz-steps li")] == [
        "受理 2026年6月1日",
        "交办 2026年6月2日",
        "办理中 2026年6月5日",
        "已答复 2026年7月11日",
        "用时 40 天",
    ]
    assert page.select_one('article[data-case="c"]').get_text().count("已进入诉讼程序") == 1
    assert page.select_one("#case-c").get_text(strip=True) == "城市建设（编号 c）", "each case has an anchor"


@pytest.fixture(scope="module")
def crafted_site(crafted: Build):
    yield from serve(crafted.site)


def visible_cases(page) -> list[str]:
    return page.locator("article.lz-case:visible").evaluate_all("e => e.map(x => x.dataset.case)")


def test_cases_page_filters_by_status_and_category(crafted_site: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(crafted_site + "s/cz/cases/2026/")
    assert visible_cases(page) == ["f", "e", "d", "c"]
    page.select_option("select[name=category]", "交通出行")
    assert visible_cases(page) == ["e", "d"]
    assert page.locator("[data-lz-count]").inner_text() == "显示 2 件，共 4 件"
    page.select_option("select[name=status]", "已评价")
    assert visible_cases(page) == ["e"]
    assert "status=%E5%B7%B2%E8%AF%84%E4%BB%B7" in page.url and "category=" in page.url
    # a shared address opens with the same filter
    page.goto(crafted_site + "s/cz/cases/2026/?status=不予受理")
    assert visible_cases(page) == ["c"]
    assert page.locator("select[name=status]").input_value() == "不予受理"
    context.close()


def test_cases_are_chosen_by_year_from_the_overview(crafted: Build) -> None:
    overview = crafted.page("s/cz/cases/")
    assert [(a["href"], a.get_text()) for a in overview.select("#pages a")] == [("2026/", "2026 年（4 件）")]
    assert [a["data-case"] for a in overview.select("#recent article")] == ["f", "e", "d", "c"]
    assert overview.select_one("form[data-lz-filter]") is None  # the filter is on the year's pages
    year = crafted.page("s/cz/cases/2026/")
    assert year.select_one('nav a[aria-current="page"]')["href"] == "./"
    assert year.select_one(".lz-pager") is None  # one page: nothing to turn


def test_cases_page_reads_fully_without_javascript(crafted_site: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(crafted_site + "s/cz/cases/2026/?status=不予受理")
    assert visible_cases(page) == ["f", "e", "d", "c"]
    assert not page.locator("form[data-lz-filter]").is_visible()
    assert page.locator("section#y2026 h2").inner_text() == "2026 年（4 件）"
    context.close()
