"""Scale properties on small synthetic regions: complexity and determinism, never wall-clock times.

The benchmark itself (`make bench`) measures times; these tests check what must
hold at any size: the synthetic regions are valid and realistic, a page's size
does not depend on how many stations the region has, and the same input builds
byte-identical output.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synthetic import Size, write_region
from generator.model import CaseStatus, HolidayPolicy, Level, MonthParity, Repeat, StationKind
from generator.region import RegionModel
from generator.validate import validate_region
from tests.conftest import BUILD_DATE, Build, make_project, run_build, run_generator

# Few deputies and cases per station keep the builds quick; the density is the same at both sizes.
SMALL = Size(stations=10, deputies=6, cases=10)
LARGER = Size(stations=30, deputies=6, cases=10)
SEED = 7


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


def test_page_size_does_not_grow_with_the_number_of_stations(small: Build, larger: Build) -> None:
    small_pages = {p.relative_to(small.site).as_posix(): p for p in small.site.rglob("index.html")}
    larger_pages = {p.relative_to(larger.site).as_posix(): p for p in larger.site.rglob("index.html")}
    assert len(larger_pages) > 2.5 * len(small_pages)
    # Every page about one station, deputy or activity, except where the data itself grew with the region:
    # a station with more children, a deputy visiting more stations. The region's indexes list everything.
    before, after = (_model(build) for build in (small, larger))
    grew = {"s/index.html", "d/index.html"}
    grew |= {
        f"s/{i}/index.html" for i, e in before.stations.items() if len(e.children) != len(after.stations[i].children)
    }
    grew |= {
        f"d/{i}/index.html"
        for i, d in before.deputies.items()
        if len(d.memberships) != len(after.deputies[i].memberships)
    }
    compared = [path for path in small_pages if path.startswith(("s/", "d/", "a/")) and path not in grew]
    assert len(compared) > 0.8 * len(small_pages)
    grown = {
        path: (small_pages[path].stat().st_size, larger_pages[path].stat().st_size)
        for path in compared
        if larger_pages[path].stat().st_size > small_pages[path].stat().st_size * 1.01
    }
    assert grown == {}


def test_same_input_builds_byte_identical_output(small: Build, tmp_path: Path) -> None:
    again = _build(tmp_path, SMALL)
    first, second = _files(small.site), _files(again.site)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
