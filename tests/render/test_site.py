"""The built example site, checked as a resident would see it (parsed HTML, not string fragments)."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

import yaml

from generator.region.formats import levels_cn
from tests.conftest import EXAMPLE, Build

DISCLOSURES = ["一、代表信息", "二、接待安排", "三、年度活动计划", "四、工作制度", "五、意见建议办理情况"]
SITE_HOST = urlsplit(yaml.safe_load((EXAMPLE / "mkdocs.yml").read_text())["site_url"]).netloc


def test_every_station_has_its_page_with_the_five_disclosures_in_order(example: Build, example_model) -> None:
    for station_id, entry in example_model.stations.items():
        page = example.page(f"s/{station_id}/")
        station = entry.station
        assert page.select_one(".lz-page h1").get_text() == station.name
        facts = " ".join(dl.get_text(" ") for dl in page.select(".lz-facts"))  # where, then about the station
        for value in (station.address, station.hours, station.phone, station.managed_by):
            assert value in facts
        assert page.select_one(f'.lz-facts a[href="tel:{re.sub(r"[^0-9+]", "", station.phone)}"]')
        headings = [h.get_text() for h in page.select(".lz-page section > h2")][:5]
        assert headings == DISCLOSURES
        member_links = [a["href"] for a in page.select("#deputies .lz-member")]  # cards, then folded groups
        assert member_links == [f"../../d/{m.deputy.id}/" for m in entry.members]


def test_station_page_shows_rules_as_formatted_text(example: Build) -> None:
    page = example.page("s/liutang/")
    assert page.select("#rules .lz-rules ol li, #rules .lz-rules p"), "rules are rendered from Markdown"


def test_every_deputy_has_a_profile_page(example: Build, example_model) -> None:
    for deputy_id, entry in example_model.deputies.items():
        page = example.page(f"d/{deputy_id}/")
        deputy = entry.deputy
        assert page.select_one(".lz-page h1").get_text() == deputy.name
        assert page.select_one(".lz-lead").get_text() == levels_cn(deputy.level)
        stations = [a["href"] for a in page.select_one(".lz-facts").select("dd a[href^='../../s/']")]
        assert stations == [f"../../s/{m.station.id}/" for m in entry.memberships]
        if deputy.constituency:
            assert deputy.constituency in page.select_one(".lz-facts").get_text()
        if deputy.pledge:
            assert page.select_one("blockquote").get_text() == deputy.pledge


def test_deputy_page_lists_upcoming_sessions_and_cases_taken(example: Build, example_model) -> None:
    busy = max(example_model.deputies.values(), key=lambda d: (len(d.upcoming) > 0, len(d.cases)))
    assert busy.upcoming and busy.cases
    page = example.page(f"d/{busy.id}/")
    rows = page.select("#schedule tbody tr")
    assert len(rows) == len(busy.upcoming)
    first = busy.upcoming[0].occurrence.date
    assert rows[0].select("td")[0].get_text().startswith(f"{first.year}年{first.month}月{first.day}日")
    assert [h["id"] for h in page.select("#cases article .lz-case__title")] == [f"case-{c.case.id}" for c in busy.cases]


def test_deputy_serving_at_two_stations_shows_both(example: Build, example_model) -> None:
    linked = [d for d in example_model.deputies.values() if len(d.memberships) > 1]
    assert linked, "the example should have a deputy linked into a second station"
    for deputy in linked:
        for membership in deputy.memberships:
            page = example.page(f"s/{membership.station.id}/")
            assert f"../../d/{deputy.id}/" in [a["href"] for a in page.select("#deputies .lz-member")]


def links(page, selector: str = "a[href]") -> list[str]:
    return [a["href"] for a in page.select(selector)]


def test_home_page_shows_the_head_and_centre_stations_and_finds_deputies_by_township(
    example: Build, example_model
) -> None:
    page = example.page("")
    hubs = [e for e in example_model.stations.values() if e.station.kind.value in ("总站", "中心站")]
    assert len(hubs) < len(example_model.stations)
    tree = page.select_one(".lz-section .lz-tree")
    assert links(tree) == [f"s/{e.id}/" for e in hubs]
    # nested as the hierarchy is: the centres sit inside their head station's item
    assert [a["href"] for a in tree.select(":scope > li > ul > li > a")] == [f"s/{e.id}/" for e in hubs[1:]]
    assert links(page, "#finder .lz-tree a") == [f"s/{e.id}/deputies/" for e in hubs]
    assert "搜索" in page.select_one("#finder").get_text()
    # every deputy is on the list of the township their station belongs to
    listed = set()
    for hub in hubs:
        group = example.page(f"s/{hub.id}/deputies/")
        for station in hub.group:
            names = links(group, f"#{station.id} .lz-names a")
            assert names == [f"../../../d/{m.deputy.id}/" for m in station.members], station.id
            listed |= {href.split("/")[-2] for href in names}
    assert listed == set(example_model.deputies)


def test_every_case_is_on_exactly_one_page_of_its_year(example: Build, example_model) -> None:
    for station_id, entry in example_model.stations.items():
        if not entry.cases:
            assert not (example.site / "s" / station_id / "cases").exists()
            continue
        overview = example.page(f"s/{station_id}/cases/")
        pages = links(overview, "#pages a")
        held: list[str] = []
        for href in pages:
            page = example.page(f"s/{station_id}/cases/{href}")
            held += [a["data-case"] for a in page.select("article.lz-case")]
        assert sorted(held) == sorted(case.id for case in entry.cases)
        # the overview shows the newest, newest first
        assert [a["data-case"] for a in overview.select("#recent article")] == [c.id for c in entry.cases[:10]]


def test_plan_page_lists_every_activity(example: Build, example_model) -> None:
    for station_id, entry in example_model.stations.items():
        if entry.plans:
            page = example.page(f"s/{station_id}/plan/")
            assert len(page.select("article.lz-case")) == sum(len(p.activities) for p in entry.plans.values())


def test_every_station_and_deputy_is_reached_by_following_links_from_the_home_page(
    example: Build, example_model
) -> None:
    """A resident without search gets everywhere: crawl the built pages from the home page with an HTML parser."""
    seen, queue = {"/"}, ["/"]
    while queue:
        address = queue.pop()
        html = example.site / address.lstrip("/") / "index.html"
        if not html.is_file():
            continue
        for href in links(example.page(address.lstrip("/"))):
            target = urlsplit(posixpath.join(address, href))
            if target.scheme or target.netloc or not target.path.endswith("/"):
                continue
            path = posixpath.normpath(target.path).rstrip("/") + "/"
            if path not in seen:
                seen.add(path)
                queue.append(path)
    assert {f"/s/{i}/" for i in example_model.stations} <= seen
    assert {f"/d/{i}/" for i in example_model.deputies} <= seen


def test_hand_written_pages_are_published(example: Build) -> None:
    for address, title in (
        ("five-disclosures/", "什么是“五公开”"),
        ("suggest/", "如何提意见建议"),
        ("privacy/", "隐私说明"),
    ):
        assert example.page(address).select_one("article h1").get_text().strip() == title


def test_every_internal_link_resolves(example: Build) -> None:
    broken = []
    for html in example.site.rglob("*.html"):
        page_dir = html.parent
        text = html.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]+)', text):
            if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                continue
            base = example.site if target.startswith("/") else page_dir
            resolved = (base / target.lstrip("/")).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{html.relative_to(example.site)} → {target}")
    assert broken == []


def test_no_file_loads_or_names_a_third_party_host(example: Build) -> None:
    loaded: list[str] = []
    for html in example.site.rglob("*.html"):
        page = example.page(str(html.parent.relative_to(example.site)) + "/") if html.name == "index.html" else None
        if page is None:
            continue
        for element in page.select("script[src], img[src], iframe[src], link[href]"):
            url = element.get("src") or element.get("href")
            host = urlsplit(url).netloc
            if host and host != SITE_HOST:
                loaded.append(f"{html.relative_to(example.site)}: {url}")
    assert loaded == []
    cdn = re.compile(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|cdn\.jsdelivr|cdnjs\.|api\.github\.com")
    named = [
        str(path.relative_to(example.site))
        for path in example.site.rglob("*")
        if path.suffix in {".html", ".css", ".js", ".map", ".xml", ".json"}
        and cdn.search(path.read_text(errors="ignore"))
    ]
    assert named == []


def test_pages_use_short_stable_addresses_from_ids(example: Build, example_model) -> None:
    for station_id in example_model.stations:
        assert (example.site / "s" / station_id / "index.html").is_file()
    for deputy_id in example_model.deputies:
        assert (example.site / "d" / deputy_id / "index.html").is_file()


def test_navigation_lists_only_the_fixed_sections(example: Build, example_model) -> None:
    """MkDocs renders the whole nav into every page: listing deputies there would grow every page."""
    deputy_id = next(iter(example_model.deputies))
    page = f"/d/{deputy_id}/"
    nav = example.page(page[1:]).select(".md-nav--primary a.md-nav__link")
    resolved = {posixpath.normpath(posixpath.join(page, a["href"])) for a in nav}
    assert resolved == {"/", "/s", "/d", "/five-disclosures", "/cockpit", "/suggest", "/privacy"}


def test_chinese_interface_and_large_text(example: Build) -> None:
    html = example.page("")
    assert html.html["lang"] == "zh"
    css = next(example.site.glob("assets/stylesheets/lianluo.css")).read_text()
    assert re.search(r"\.md-typeset \{ font-size: \.9rem;", css), "body text is 18px (0.9 × 20px root)"


def test_a_plan_without_activities_says_so_under_its_heading(tmp_path) -> None:
    from tests.conftest import build_minimal

    build = build_minimal(tmp_path, {"zd/plan-2026.yml": "year: 2026\nthemes:\n  - month: 11\n    theme: 平安建设\n"})
    assert build.result.returncode == 0, build.result.stderr
    section = build.page("s/zd/").select_one("#plan")
    assert "2026 年度活动计划里暂时还没有活动安排" in section.get_text()
    assert "11月主题：平安建设" in section.get_text().replace(" ", "")


def test_a_station_opens_in_the_map_apps_at_its_point_or_by_its_address(example: Build) -> None:
    """Directions in the apps residents use: links only, by coordinates when station.yml gives them."""
    from urllib.parse import parse_qs, urlsplit

    import yaml

    for station_id in ("chanyeyuan", "luxi"):
        data = yaml.safe_load((example.project / "stations" / station_id / "station.yml").read_text("utf-8"))
        links = example.page(f"s/{station_id}/").select(".lz-facts .lz-maps a")
        assert [a.get_text() for a in links] == ["高德地图", "百度地图", "腾讯地图"]
        amap, baidu, tencent = (urlsplit(a["href"]) for a in links)
        assert (amap.hostname, baidu.hostname, tencent.hostname) == (
            "uri.amap.com",
            "api.map.baidu.com",
            "apis.map.qq.com",
        )
        assert all(u.scheme == "https" for u in (amap, baidu, tencent))
        if "location" in data:
            lat, lng = data["location"]["lat"], data["location"]["lng"]
            assert parse_qs(amap.query)["position"] == [f"{lng},{lat}"]
            assert parse_qs(baidu.query)["location"] == [f"{lat},{lng}"]
            assert parse_qs(tencent.query)["marker"][0].startswith(f"coord:{lat},{lng};title:{data['name']}")
        else:
            assert amap.path == "/search" and data["address"] in parse_qs(amap.query)["keyword"][0]
            assert parse_qs(baidu.query)["address"][0].endswith(data["address"])
