"""A portal over three small synthetic districts, every one built for real and served over HTTP.

The districts are published at `http://127.0.0.2:<port>/<key>/` by one local server
(same origin, as a city's intranet proxy would serve them), the portal reads them
from their built folders (a monorepo) and once over HTTP; a member gone, one
malformed and one of another tool version are each built against. Search runs in
headless Chromium: a deputy of each district is found from the portal's page.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from generator.data.members import TABLES
from generator.region.validate import validate_region
from tests.conftest import BUILD_DATE, _QuietHandler, copy_project, run_generator
from tests.federation import PORTAL_NAV, District, build_districts, portal_file, run_portal, write_portal

HOST = "127.0.0.2"  # not 127.0.0.1, which a district may not publish at (its QR codes would point nowhere)


@dataclass
class Monorepo:
    root: Path  # the portal's project, with the districts in districts/<key>/
    web: Path  # what the local server serves: <key>/ → each district's site, portal/ → the portal's
    address: str  # http://127.0.0.2:<port>/
    districts: list[District]

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, address: str = "") -> BeautifulSoup:
        return BeautifulSoup((self.site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Monorepo]:
    root = tmp_path_factory.mktemp("monorepo")
    web = root.parent / f"{root.name}-web"
    web.mkdir()
    server = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(_QuietHandler, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://{HOST}:{server.server_address[1]}/"
    try:
        districts = build_districts(root, address + "{key}/")
        for d in districts:
            (web / d.key).symlink_to(d.site)
        write_portal(root, districts, address + "portal/")
        with (root / "portal.yml").open("a", encoding="utf-8") as portal:  # the province's portal above it
            portal.write("parent:\n  name: 某某省人大代表联络站\n  url: https://rd.province.example.cn/\n")
        (web / "portal").symlink_to(root / "site")
        result = run_portal(root)
        assert result.returncode == 0, result.stderr
        assert "门户已生成" in result.stdout
        yield Monorepo(root, web, address, districts)
    finally:
        server.shutdown()


def _open_data(site: Path, table: str) -> dict:
    return json.loads((site / "data" / f"{table}.json").read_text(encoding="utf-8"))


def test_every_district_publishes_what_a_portal_reads(monorepo: Monorepo) -> None:
    for d in monorepo.districts:
        facts = json.loads((d.site / "lz-site.json").read_text(encoding="utf-8"))
        assert facts["region"] == d.name and facts["site_url"] == d.url
        assert facts["version"] and facts["schema"] == 1


def test_directory_lists_every_district_and_its_head_and_centre_stations(monorepo: Monorepo) -> None:
    home = monorepo.page()
    sections = {s["data-member"]: s for s in home.select("section.lz-member")}
    assert list(sections) == [d.name for d in monorepo.districts]
    parent = home.find("a", string="某某省人大代表联络站")
    assert parent and parent["href"] == "https://rd.province.example.cn/"
    for d in monorepo.districts:
        model = validate_region(d.project / "stations", d.project, dt.date.fromisoformat(BUILD_DATE))
        links = {a.get_text(strip=True): a["href"] for a in sections[d.name].select("a")}
        assert links[d.name] == d.url
        assert model.hubs and {h.station.kind.value for h in model.hubs} == {"总站", "中心站"}
        for hub in model.hubs:
            assert links[hub.station.name] == f"{d.url}s/{hub.id}/"
        assert len(links) == len(model.hubs) + 1  # the district and its hubs, nothing else


def test_figures_add_up_to_each_districts_own_open_data(monorepo: Monorepo) -> None:
    table = monorepo.page("cockpit").select_one("table.lz-portal-figures")
    rows = {
        tr["data-member"]: {td["data-key"]: int(td.get_text()) for td in tr.select("td")}
        for tr in table.select("tr[data-member]")
    }
    for d in monorepo.districts:
        cases = _open_data(d.site, "cases")["records"]
        own = rows[d.name]
        assert own["cases"] == len(cases) > 0
        for status, count in Counter(c["status"] for c in cases).items():
            assert own[f"status-{status}"] == count
        assert own["deputies"] == len({r["id"] for r in _open_data(d.site, "deputies")["records"]})
        assert own["sessions"] == len(_open_data(d.site, "schedule")["records"])
        model = validate_region(d.project / "stations", d.project, dt.date.fromisoformat(BUILD_DATE))
        assert own["stations"] == len(model.stations)
        assert own["cases"] == sum(len(s.cases) for s in model.stations.values())
    total = rows[""]
    for key in total:
        assert total[key] == sum(rows[d.name][key] for d in monorepo.districts), key


def _uids(feed: bytes) -> set[str]:
    return {str(e["uid"]) for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_the_calendar_merges_every_districts_feed(monorepo: Monorepo) -> None:
    merged = Calendar.from_ical((monorepo.site / "calendar.ics").read_bytes())
    events = merged.walk("VEVENT")
    own = [_uids((d.site / "calendar.ics").read_bytes()) for d in monorepo.districts]
    uids = {str(e["uid"]) for e in events}
    assert len(events) == len(uids) == sum(len(u) for u in own) > 0
    # districts served from one host share station ids: an event another district has too is told apart
    for found in own:
        assert all(any(u == uid or u.startswith(uid + ".") for u in uids) for uid in found)
    shown = Counter((e.decoded("dtstart"), str(e["summary"]), str(e["url"])) for e in events)
    published = Counter(
        (e.decoded("dtstart"), str(e["summary"]), str(e["url"]))
        for d in monorepo.districts
        for e in Calendar.from_ical((d.site / "calendar.ics").read_bytes()).walk("VEVENT")
    )
    assert shown == published
    assert merged.walk("VTIMEZONE"), "the events name China time"


def test_open_data_is_merged_with_a_district_column(monorepo: Monorepo) -> None:
    for table in TABLES:
        merged = _open_data(monorepo.site, table)
        assert merged["columns"][0]["key"] == "district"
        own = {d.name: _open_data(d.site, table)["records"] for d in monorepo.districts}
        assert len(merged["records"]) == sum(len(rows) for rows in own.values())
        assert Counter(r["district"] for r in merged["records"]) == Counter(
            {name: len(rows) for name, rows in own.items() if rows}
        )
        for name, rows in own.items():
            assert [
                {k: v for k, v in r.items() if k != "district"} for r in merged["records"] if r["district"] == name
            ] == rows
        csv = (monorepo.site / "data" / f"{table}.csv").read_bytes()
        assert csv.startswith(b"\xef\xbb\xbfdistrict,")
        assert csv.count(b"\r\n") == len(merged["records"]) + 1 or table in ("cases", "deputies", "records")


def test_the_portal_reads_its_members_over_http_alike(monorepo: Monorepo, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "portal")
    config = (
        f"INHERIT: generator/site/mkdocs.base.yml\nsite_name: 青岚市人大代表联络站\nsite_url: {monorepo.address}p2/\n"
    )
    (project / "mkdocs.yml").write_text(config + PORTAL_NAV, encoding="utf-8")
    (project / "portal.yml").write_text(portal_file(monorepo.districts, local=False), encoding="utf-8")
    result = run_portal(project)
    assert result.returncode == 0, result.stderr
    for page, part in (("", "section.lz-member"), ("cockpit/", "table")):
        over_http = BeautifulSoup((project / "site" / page / "index.html").read_text("utf-8"), "html.parser")
        read = [element.get_text() for element in over_http.select(part)]
        assert read and read == [element.get_text() for element in monorepo.page(page).select(part)]
    assert (project / "site" / "calendar.ics").read_bytes() == (monorepo.site / "calendar.ics").read_bytes()

    # The member goes away: the portal still builds, with its last-known data, their date and a note.
    (monorepo.web / "yi").rename(monorepo.web / "yi-gone")
    try:
        result = run_generator(project, "--today", "2026-11-30", "portal")
    finally:
        (monorepo.web / "yi-gone").rename(monorepo.web / "yi")
    assert result.returncode == 0, result.stderr
    assert "乙水区" in result.stderr and "2026-11-24" in result.stderr
    home = BeautifulSoup((project / "site" / "index.html").read_text("utf-8"), "html.parser")
    member = home.select_one('section[data-member="乙水区"]')
    note = member.select_one(".lz-member-note").get_text()
    assert "2026年11月24日" in note and "404" in note
    assert member.select("li"), "the directory keeps the member's stations"
    assert _uids((project / "site" / "calendar.ics").read_bytes()) == _uids(
        (monorepo.site / "calendar.ics").read_bytes()
    )
    merged = _open_data(project / "site", "cases")["records"]
    assert len(merged) == len(_open_data(monorepo.site, "cases")["records"])


def _member_copy(monorepo: Monorepo, project: Path, key: str) -> Path:
    site = project / "districts" / key / "site"
    shutil.copytree(monorepo.districts[0].site, site)
    return site


def _portal_over(monorepo: Monorepo, tmp_path: Path, members: list[tuple[str, str]]) -> Path:
    project = copy_project(tmp_path / "portal")
    config = "INHERIT: generator/site/mkdocs.base.yml\nsite_name: 青岚市人大代表联络站\nsite_url: https://rd.qinglan-shi.example.cn/\n"
    (project / "mkdocs.yml").write_text(config + PORTAL_NAV, encoding="utf-8")
    lines = ["name: 青岚市", "organizer: 青岚市人大常委会", "members:"]
    for key, name in members:
        lines += [f"  - name: {name}", f"    url: https://rd.{key}.example.cn/", f"    folder: districts/{key}/site"]
    (project / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


def test_a_member_of_another_tool_version_is_refused_by_name(monorepo: Monorepo, tmp_path: Path) -> None:
    project = _portal_over(monorepo, tmp_path, [("jia", "甲山区"), ("old", "旧版区")])
    shutil.copytree(monorepo.districts[0].site, project / "districts" / "jia" / "site")
    site = _member_copy(monorepo, project, "old")
    facts = json.loads((site / "lz-site.json").read_text(encoding="utf-8"))
    (site / "lz-site.json").write_text(json.dumps({**facts, "version": "9.0.0", "schema": 7}), encoding="utf-8")
    result = run_portal(project)
    assert result.returncode == 1
    assert "portal.yml:7:" in result.stderr  # the member's entry
    assert (
        "旧版区" in result.stderr
        and "9.0.0" in result.stderr
        and "0.1.0" in result.stderr
        and "不兼容" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists(), "nothing is written"


def test_a_malformed_or_hostile_member_never_breaks_the_portal(monorepo: Monorepo, tmp_path: Path) -> None:
    project = _portal_over(monorepo, tmp_path, [("jia", "甲山区"), ("bad", "坏数据区"), ("none", "未发布区")])
    jia = _member_copy(monorepo, project, "jia")
    facts = json.loads((jia / "lz-site.json").read_text(encoding="utf-8"))
    facts["hubs"][0]["name"] = '<img src=x onerror="alert(1)">总站'
    (jia / "lz-site.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    bad = _member_copy(monorepo, project, "bad")
    (bad / "data" / "cases.json").write_text('{"table": "cases", "records": [', encoding="utf-8")
    result = run_portal(project)
    assert result.returncode == 0, result.stderr
    assert "districts/bad/site/data/cases.json" in result.stderr
    assert "districts/none/site/lz-site.json" in result.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x" in html
    home = BeautifulSoup(html, "html.parser")
    for name in ("坏数据区", "未发布区"):
        note = home.select_one(f'section[data-member="{name}"] .lz-member-note').get_text()
        assert "还没有可以显示的数据" in note


def test_a_broken_portal_file_names_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "portal")
    (project / "portal.yml").write_text(
        "name: 青岚市\norganizer: 青岚市人大常委会\nmembers:\n  - name: 甲山区\n    adress: https://rd.jia.example.cn/\n",
        encoding="utf-8",
    )
    result = run_portal(project)
    assert result.returncode == 1
    assert "portal.yml:5:" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()


def _deputy_names(monorepo: Monorepo) -> dict[str, str]:
    """A deputy of each district whose name no other district has."""
    names = {d.name: [r["name"] for r in _open_data(d.site, "deputies")["records"]] for d in monorepo.districts}
    everyone = Counter(n for found in names.values() for n in set(found))
    return {district: next(n for n in found if everyone[n] == 1) for district, found in names.items()}


def test_search_from_the_portal_finds_a_deputy_of_every_district(monorepo: Monorepo, browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(monorepo.address + "portal/", wait_until="networkidle")
    page.locator("[data-lz-search-open]").click()
    by_url = {d.name: d.url for d in monorepo.districts}
    for district, name in _deputy_names(monorepo).items():
        page.locator("#lz-search-ui input").fill(name)
        page.wait_for_function(
            """(name) => [...document.querySelectorAll('.pagefind-ui__result')].some(
                   r => r.querySelector('.pagefind-ui__result-title')?.textContent.includes(name))""",
            arg=name,
            timeout=60_000,
        )
        hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")
        assert any(h.startswith(by_url[district] + "d/") for h in hrefs), (name, hrefs)
    for d in monorepo.districts:
        assert any(u.startswith(d.url + "pagefind/") for u in requests), f"{d.name}'s own index is searched"
    assert all(u.startswith(monorepo.address) for u in requests), "nothing is fetched from another host"
    page.close()


def test_a_portal_configured_as_a_district_is_told_what_to_write(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "portal")  # the example district's mkdocs.yml: its nav, its watched folders
    (project / "portal.yml").write_text(
        "name: 青岚市\norganizer: 青岚市人大常委会\nmembers:\n  - name: 甲山区\n    url: https://rd.jia.example.cn/\n",
        encoding="utf-8",
    )
    result = run_portal(project)
    assert result.returncode == 1, result.stdout
    assert "s/index.md" in result.stderr and "cockpit/index.md" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


def test_the_same_members_build_a_byte_identical_portal(monorepo: Monorepo) -> None:
    def files() -> dict[str, bytes]:
        return {
            p.relative_to(monorepo.site).as_posix(): p.read_bytes() for p in monorepo.site.rglob("*") if p.is_file()
        }

    before = files()
    result = run_portal(monorepo.root)
    assert result.returncode == 0, result.stderr
    assert files() == before


def test_a_province_portal_over_a_city_portal_reads_the_citys_districts(monorepo: Monorepo, tmp_path: Path) -> None:
    facts = json.loads((monorepo.site / "lz-site.json").read_text(encoding="utf-8"))
    assert facts["kind"] == "portal" and [m["url"] for m in facts["members"]] == [d.url for d in monorepo.districts]
    project = copy_project(tmp_path / "province")
    config = f"INHERIT: generator/site/mkdocs.base.yml\nsite_name: 某某省人大代表联络站\nsite_url: {monorepo.address}province/\n"
    (project / "mkdocs.yml").write_text(config + PORTAL_NAV, encoding="utf-8")
    members = f"members:\n  - name: 青岚市\n    url: {monorepo.address}portal/\n"
    (project / "portal.yml").write_text("name: 某某省\norganizer: 某某省人大常委会\n" + members, encoding="utf-8")
    result = run_portal(project)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((project / "site" / "index.html").read_text("utf-8"), "html.parser")
    sections = home.select("section.lz-member")
    assert [s["data-member"] for s in sections] == [d.name for d in monorepo.districts]
    assert all(s.select_one(".lz-member-group").get_text(strip=True).startswith("青岚市") for s in sections)
    assert [s.select("a")[1:] for s in sections] == [
        s.select("a")[1:] for s in monorepo.page().select("section.lz-member")
    ]
    cockpit = BeautifulSoup((project / "site" / "cockpit" / "index.html").read_text("utf-8"), "html.parser")
    assert cockpit.select_one("tfoot").get_text() == monorepo.page("cockpit").select_one("tfoot").get_text()
    options = json.loads(home.select_one("#lz-search-options").get_text())
    assert [m["baseUrl"] for m in options["mergeIndex"]] == [d.url for d in monorepo.districts]


def test_silent_members_are_waited_for_together_by_one_deadline(tmp_path: Path) -> None:
    """Sixteen members that never answer cost the portal one wait, not sixteen: all are asked at once."""
    from generator.data.members import Unreadable
    from generator.data.portal import Member
    from generator.site.portal import _read_all
    from tests.federation import HostileMembers

    hostile = HostileMembers()
    try:
        members = [Member(name=f"静默{i}区", url=f"{hostile.address}silent/{i}/") for i in range(16)]
        results = _read_all(members, tmp_path, seconds=2)
    finally:
        hostile.close()
    assert hostile.peak == 16
    assert all(isinstance(r, Unreadable) and "没有传完" in r.reason for r in results)
