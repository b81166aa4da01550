"""Scale properties on small synthetic regions: complexity and determinism, never wall-clock times.

The benchmark itself (`make bench`) measures times; these tests check what must
hold at any size: the synthetic regions are valid and realistic, a page's size
does not depend on how many stations the region has, and the same input builds
byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.run import results_text
from benchmarks.synthetic import Size, write_region
from generator.data.values import CaseStatus, HolidayPolicy, Level, MonthParity, Repeat, StationKind
from generator.region.assemble import RegionModel
from generator.region.paging import CASES_PER_PAGE, case_pages
from generator.region.validate import validate_region
from tests.conftest import BUILD_DATE, Build, make_project, run_build, run_generator

# Pages for the whole region, which list head and centre stations, and what they may add for each one.
REGION_PAGES = (
    "index.html",
    "s/index.html",
    "d/index.html",
    "print/index.html",
    "cockpit/index.html",
    "score/index.html",
)
HUB_BYTES = 1200

# Few deputies and cases per station keep the builds quick; the density is the same at both sizes.
SMALL = Size(stations=10, deputies=6, cases=10)
LARGER = Size(stations=30, deputies=6, cases=10)
SEED = 7
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _region(target: Path, size: Size, seed: int = SEED) -> dict[str, bytes]:
    write_region(target, size, seed)
    return _files(target)


def _build(target: Path, size: Size) -> Build:
    write_region(target / "data", size, SEED)
    project = make_project(target / "project", target / "data")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return Build(project, result)


def _model(build: Build) -> RegionModel:
    return validate_region(build.project / "stations", build.project, dt.date.fromisoformat(BUILD_DATE))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("small"), SMALL)


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("larger"), LARGER)


def test_synthetic_region_validates_with_a_realistic_shape(tmp_path: Path) -> None:
    data = tmp_path / "stations"
    written = write_region(data, Size.parse("4"), SEED)
    result = run_generator(make_project(tmp_path / "project", data), "validate")
    assert result.returncode == 0, result.stderr
    assert (
        f"数据检查通过：{written.stations} 个站点，{written.deputies} 名代表，{written.cases} 件案例" in result.stdout
    )

    model = validate_region(data, tmp_path, dt.date.fromisoformat(BUILD_DATE))
    assert len(model.roots) == 1 and model.roots[0].station.kind is StationKind.HEAD
    assert {e.station.kind for e in model.stations.values()} == set(StationKind)
    own = Counter(d.home.id for d in model.deputies.values())
    assert all(10 <= own[station] <= 60 for station in model.stations)
    levels = Counter(min(d.deputy.level, key=list(Level).index) for d in model.deputies.values())
    assert set(levels) == set(Level)
    assert levels[Level.TOWNSHIP] + levels[Level.COUNTY] > 0.8 * len(model.deputies)  # most deputies are 乡 and 县
    assert any(len(d.deputy.level) > 1 for d in model.deputies.values())
    assert any(len(d.memberships) > 1 for d in model.deputies.values())  # deputies visiting other stations

    rules = [rule for e in model.stations.values() for rule in e.schedule.rules]
    assert {rule.repeat for rule in rules} == set(Repeat)
    assert any(rule.week for rule in rules) and any(rule.day for rule in rules)
    assert {rule.months for rule in rules} == {None, *MonthParity}
    assert {rule.holiday for rule in rules} == set(HolidayPolicy)
    exceptions = [x for rule in rules for x in rule.exceptions]
    assert {x.moved_to is None for x in exceptions} == {True, False}  # cancelled and moved days
    cases = [case for e in model.stations.values() for case in e.cases]
    assert {case.status for case in cases} == set(CaseStatus)
    assert {case.received.year for case in cases} == {2025, 2026}


def test_synthetic_regions_are_deterministic_and_grow_without_changing_stations(tmp_path: Path) -> None:
    small = _region(tmp_path / "a", SMALL)
    assert _region(tmp_path / "b", SMALL) == small
    assert _region(tmp_path / "c", SMALL, SEED + 1) != small
    larger = _region(tmp_path / "d", LARGER)
    assert len(larger) > 2 * len(small)
    assert {path: larger.get(path) for path in small} == small  # the larger region contains the smaller


def test_synthetic_generator_never_writes_into_existing_data(tmp_path: Path) -> None:
    (tmp_path / "stations").mkdir()
    (tmp_path / "stations" / "region.yml").write_text("name: 真实数据\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_region(tmp_path / "stations", SMALL, SEED)
    assert (tmp_path / "stations" / "region.yml").read_text(encoding="utf-8") == "name: 真实数据\n"


def test_a_benchmark_run_keeps_the_analysis_and_every_other_benchmarks_section() -> None:
    """`make bench` rewrites its own tables; the hand-written analysis and what `make bench-rebuild`, the portal's,
    the search's and the other benchmarks wrote after it stay as they were."""
    results = json.loads((BENCHMARKS / "results.json").read_text(encoding="utf-8"))
    own = results_text(results, "")
    others = "\n\n## Rebuilds at 22 stations\n\nmeasured by another benchmark\n\n## Portal\n\n| a | b |\n"
    previous = own.replace("<!-- analysis -->\n\n", "<!-- analysis -->\nwritten by hand\n").rstrip("\n") + others
    rewritten = results_text(results, previous)
    assert "<!-- analysis -->\nwritten by hand\n<!-- /analysis -->" in rewritten
    assert rewritten.endswith("<!-- /analysis -->" + others)
    assert results_text(results, rewritten) == rewritten


def _html(site: Path) -> dict[str, int]:
    """Every HTML page of a built site (placard sheets included), with its size in bytes."""
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


def _ids(entries: list) -> list[str]:
    return [e.id for e in entries]


def test_page_size_does_not_grow_with_the_number_of_stations(small: Build, larger: Build) -> None:
    small_pages, larger_pages = _html(small.site), _html(larger.site)
    assert len(larger_pages) > 2.5 * len(small_pages)
    # Every page, except where the data it shows grew with the region: a station with more children
    # (its page lists them; a head or centre station's lists show its group and the centres below),
    # a deputy visiting more stations.
    before, after = (_model(build) for build in (small, larger))
    grew = set()
    for i, old in before.stations.items():
        new = after.stations[i]
        if _ids(old.children) != _ids(new.children):
            grew.add(f"s/{i}/index.html")
        if old.is_hub and (_ids(old.group), _ids(old.hubs_below)) != (_ids(new.group), _ids(new.hubs_below)):
            grew |= {f"s/{i}/deputies/index.html", f"s/{i}/print/index.html", f"s/{i}/stations/index.html"}
    grew |= {
        f"d/{i}/index.html"
        for i, d in before.deputies.items()
        if len(d.memberships) != len(after.deputies[i].memberships)
    }
    assert len(grew) < 0.1 * len(small_pages)
    # Region-wide pages list head and centre stations only: they grow with the townships, not the stations.
    added_hubs = len(after.hubs) - len(before.hubs)
    assert 0 < added_hubs < (len(after.stations) - len(before.stations)) / 4
    allowed = {path: size * 1.01 for path, size in small_pages.items() if path not in grew}
    for path in REGION_PAGES:
        allowed[path] += added_hubs * HUB_BYTES
    grown = {path: (small_pages[path], larger_pages[path]) for path in allowed if larger_pages[path] > allowed[path]}
    assert grown == {}
    hubs = set(_ids(after.hubs))
    for path in REGION_PAGES:
        html = (larger.site / path).read_text(encoding="utf-8")
        assert set(re.findall(r'href="(?:\.\./)*s/([^/"]+)/', html)) <= hubs, path


def test_no_page_grows_with_the_number_of_cases_beyond_a_page_of_cases(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Twice the cases per station: more pages of cases, none larger than before (beyond case texts varying)."""
    builds = [_build(tmp_path_factory.mktemp(f"cases{n}"), Size(4, 6, n)) for n in (150, 300)]
    largest: list[dict[str, int]] = []
    for build in builds:
        kinds: dict[str, int] = {}
        for path, size in _html(build.site).items():
            kinds[_kind(path)] = max(kinds.get(_kind(path), 0), size)
        largest.append(kinds)
    fewer, more = largest
    assert "s/*/cases/*/*/" in fewer, "years already run over a page of cases"
    assert {kind: (fewer[kind], size) for kind, size in more.items() if size > fewer[kind] * 1.1} == {}
    assert len(_html(builds[1].site)) > len(_html(builds[0].site))

    # Each station's pages of cases, followed by their "next" links, hold every case once, a page at most each.
    site, model = builds[1].site, _model(builds[1])
    for entry in model.stations.values():
        address, seen = f"s/{entry.id}/cases/{entry.cases[0].received.year}/", []
        while address:
            page = BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")
            held = [a["data-case"] for a in page.select("article.lz-case")]
            assert 0 < len(held) <= CASES_PER_PAGE
            seen += held
            following = page.select_one('.lz-pager a[rel="next"]')
            address = posixpath.normpath(posixpath.join(address, following["href"])) + "/" if following else None
        assert sorted(seen) == sorted(case.id for case in entry.cases) and len(set(seen)) == len(seen)

    # A new case goes on the last page of its year: every case already published keeps its page.
    entry = next(iter(model.stations.values()))
    newest = entry.cases[0]
    added = newest.model_copy(update={"id": "new", "received": newest.received + dt.timedelta(days=1)})
    before = {case.id: part.path for part in case_pages(entry.id, entry.cases) for case in part.cases}
    after = {case.id: part.path for part in case_pages(entry.id, [added, *entry.cases]) for case in part.cases}
    assert {case: after[case] for case in before} == before


def _kind(path: str) -> str:
    """A page's address with its ids and numbers left out: `s/*/cases/*/`, `d/*/`."""
    path = re.sub(r"^(s|d)/[^/]+/", r"\1/*/", path)
    path = re.sub(r"^a/[^/]+/[^/]+/", "a/*/*/", path)
    return re.sub(r"/\d+/", "/*/", re.sub(r"/\d+/", "/*/", path)).removesuffix("index.html")


def test_same_input_builds_byte_identical_output(small: Build, tmp_path: Path) -> None:
    again = _build(tmp_path, SMALL)
    first, second = _files(small.site), _files(again.site)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
