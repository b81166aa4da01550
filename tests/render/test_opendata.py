"""Open data downloads: read back with `json` and `csv`, counted against the YAML, documented on the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
from pathlib import Path

import yaml

from generator.region.assemble import PUBLISHED_FUTURE_DAYS, PUBLISHED_PAST_DAYS
from generator.render.opendata import TABLES, open_data_views
from generator.render.views.plain import canonical
from generator.strings.site import DATA_COLUMNS
from tests.conftest import BUILD_DATE, EXAMPLE, Build, make_project, run_build
from tests.minimal import FILES, write_region
from tests.render.test_codes import SITE_URL

BOM = b"\xef\xbb\xbf"
TABLE_NAMES = [table.name for table in TABLES]


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[list[str]]:
    """The CSV's rows, header first; it must start with a UTF-8 BOM so Excel reads the Chinese."""
    raw = path.read_bytes()
    assert raw.startswith(BOM), path
    return list(csv.reader(io.StringIO(raw[len(BOM) :].decode("utf-8"), newline="")))


def spreadsheet_cell(value: object) -> str:
    """What the CSV must hold for a JSON value: lists joined by 、, formulas defused by a leading apostrophe."""
    text = "" if value is None else "、".join(value) if isinstance(value, list) else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def yaml_files(station: Path, pattern: str) -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(station.glob(pattern))]


def data_dirs(example: Build, example_model) -> dict[str | None, Path]:
    return {None: example.site / "data"} | {s: example.site / "s" / s / "data" for s in example_model.stations}


def test_every_file_parses_and_csv_says_what_json_says(example: Build, example_model) -> None:
    region = example_model.region.name
    for station_id, folder in data_dirs(example, example_model).items():
        for name in TABLE_NAMES:
            document = read_json(folder / f"{name}.json")
            assert document["table"] == name and document["region"] == region
            assert document["generated"] == BUILD_DATE
            assert document["documentation"] == f"{SITE_URL}/data/"
            if station_id is None:
                assert document["station"] is None
            else:
                entry = example_model.stations[station_id]
                assert document["station"] == {"id": station_id, "name": entry.station.name}
            keys = [c["key"] for c in document["columns"]]
            assert ("station" in keys) == (station_id is None), "only region files carry the station"
            assert all(list(record) == keys for record in document["records"])
            rows = read_csv(folder / f"{name}.csv")
            assert rows[0] == keys
            assert rows[1:] == [[spreadsheet_cell(r[k]) for k in keys] for r in document["records"]]
            assert (folder / f"{name}.csv").read_bytes().count(b"\r\n") >= len(rows), "RFC 4180 rows end in CRLF"


def test_counts_equal_what_the_yaml_holds(example: Build) -> None:
    region = {name: read_json(example.site / "data" / f"{name}.json")["records"] for name in TABLE_NAMES}
    totals = dict.fromkeys(TABLE_NAMES, 0)
    today = dt.date.fromisoformat(BUILD_DATE)
    first, last = today - dt.timedelta(days=PUBLISHED_PAST_DAYS), today + dt.timedelta(days=PUBLISHED_FUTURE_DAYS)
    deputy_ids: set[str] = set()
    for station in sorted(p for p in (EXAMPLE / "stations").iterdir() if p.is_dir()):
        files = {name: read_json(example.site / "s" / station.name / "data" / f"{name}.json") for name in TABLE_NAMES}
        deputies = (yaml_files(station, "deputies.yml") or [{}])[0]
        deputy_ids |= {d["id"] for d in deputies.get("deputies", [])}
        members = [d["id"] for d in deputies.get("deputies", []) + deputies.get("linked", [])]
        assert sorted(r["id"] for r in files["deputies"]["records"]) == sorted(members)
        cases = [c["id"] for f in yaml_files(station, "cases-*.yml") for c in f["cases"]]
        assert sorted(r["id"] for r in files["cases"]["records"]) == sorted(cases)
        activities = [a["id"] for f in yaml_files(station, "plan-*.yml") for a in f["activities"]]
        assert sorted(r["id"] for r in files["plan"]["records"]) == sorted(activities)
        schedule = (yaml_files(station, "schedule.yml") or [{}])[0]
        assert len(files["rules"]["records"]) == len(schedule.get("rules", []))
        listed = {(r["date"], r["time"], r["topic"]) for r in files["schedule"]["records"]}
        for session in schedule.get("sessions", []):
            if first <= session["date"] <= last:
                assert (session["date"].isoformat(), session["time"], session.get("topic")) in listed
        for name in TABLE_NAMES:
            totals[name] += len(files[name]["records"])
            station_rows = [r for r in region[name] if r["station"] == station.name]
            assert [{k: v for k, v in r.items() if k not in ("station", "station_name")} for r in station_rows] == (
                files[name]["records"]
            ), "a region file is its stations' files with a station column"
    assert {name: len(records) for name, records in region.items()} == totals
    assert len(region["cases"]) == 62 and totals["cases"] == 62, "the example's 62 cases"
    assert {r["id"] for r in region["deputies"]} == deputy_ids and len(deputy_ids) == 49


def test_every_column_is_documented_on_the_data_page(example: Build) -> None:
    page = example.page("data/")
    assert page.select_one(".lz-page h1").get_text() == "开放数据"
    for name in TABLE_NAMES:
        section = page.select_one(f"#table-{name}")
        documented = {
            row.select_one("code").get_text(): [td.get_text() for td in row.select("td")]
            for row in section.select("tbody tr")
        }
        document = read_json(example.site / "data" / f"{name}.json")
        assert list(documented) == [c["key"] for c in document["columns"]]
        for column in document["columns"]:
            assert documented[column["key"]][1] == column["title"] and column["title"]
            assert documented[column["key"]][2], "every column says its type"
        for record in document["records"]:
            assert set(record) <= set(documented), "no key outside the documented columns"


def test_every_wording_belongs_to_a_column() -> None:
    """A column dropped from the code must not stay documented in strings.py."""
    used = {table.name: {c.key for c in table.columns} for table in TABLES}
    for name, columns in DATA_COLUMNS.items():
        if name == "*":
            assert all(any(key in keys for keys in used.values()) for key in columns)
        else:
            assert set(columns) <= used[name], name


def test_every_data_file_is_linked_from_the_data_page_or_its_station_page(example: Build, example_model) -> None:
    page = example.page("data/")
    linked = {posixpath.normpath(posixpath.join("data", a["href"])) for a in page.select("a[download]")}
    published = {
        path.relative_to(example.site).as_posix()
        for folder in data_dirs(example, example_model).values()
        for path in folder.iterdir()
        if path.suffix in (".json", ".csv")
    }
    # the region's files here; each station's on its own page (a list of every station would grow with the region)
    on_stations = {
        posixpath.normpath(posixpath.join(f"s/{station_id}", a["href"]))
        for station_id in example_model.stations
        for a in example.page(f"s/{station_id}/").select("#data a[download]")
    }
    assert linked == {path for path in published if path.startswith("data/")}
    assert linked | on_stations == published
    assert len(published) == 2 * len(TABLE_NAMES) * (1 + len(example_model.stations))
    assert "data/" in [a["href"] for a in example.page("").select(".lz-generated a")]


def test_station_page_downloads_resolve_to_its_own_data(example: Build, example_model) -> None:
    for station_id in example_model.stations:
        section = example.page(f"s/{station_id}/").select_one("#data")
        assert section.select_one("h2").get_text() == "下载本站数据"
        links = [a["href"] for a in section.select("a[download]")]
        assert len(links) == 2 * len(TABLE_NAMES)
        for href in links:
            target = example.site / "s" / station_id / href
            if target.suffix == ".json":
                assert read_json(target)["station"]["id"] == station_id
            else:
                assert len(read_csv(target)) >= 1
        about = section.select_one("p a")["href"]
        assert (example.site / "s" / station_id / about / "index.html").resolve().is_file()


def test_same_data_and_date_give_byte_identical_files(example: Build, example_model) -> None:
    again = {
        path: make(canonical(view()))
        for view, files in open_data_views(example_model, SITE_URL)
        for path, make in files
    }
    published = {path: (example.site / path).read_bytes() for path in again}
    assert again == published


HOSTILE = '=HYPERLINK("https://evil.example/","点我"),\n<script>alert(1)</script> "引号"'


def test_hostile_text_round_trips_and_never_becomes_a_formula(tmp_path: Path) -> None:
    cases = FILES["zd/cases-2026.yml"].replace("summary: 建议增设公交站台。", f"summary: {json.dumps(HOSTILE)}")
    cases = cases.replace("category: 交通出行", "category: '+1'").replace("category: 城市建设", "category: '@SUM(A1)'")
    deputies = FILES["zd/deputies.yml"].replace("name: 赵刚", "name: '-赵刚'")
    data = write_region(tmp_path / "data", {"zd/cases-2026.yml": cases, "zd/deputies.yml": deputies})
    project = make_project(tmp_path / "project", stations=data)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"

    for folder in (site / "data", site / "s" / "zd" / "data"):
        records = read_json(folder / "cases.json")["records"]
        assert [(r["id"], r["category"], r["summary"]) for r in records] == [
            ("2026-002", "+1", HOSTILE),
            ("2026-001", "@SUM(A1)", "群众反映某小区路灯损坏。"),
        ]
        rows = read_csv(folder / "cases.csv")
        assert len(rows) == 3, "the newline stays inside its quoted cell"
        header = rows[0]
        assert rows[1][header.index("summary")] == "'" + HOSTILE
        assert [row[header.index("category")] for row in rows[1:]] == ["'+1", "'@SUM(A1)"]
        listed = read_csv(folder / "deputies.csv")
        assert "'-赵刚" in [row[listed[0].index("name")] for row in listed[1:]]
        for row in read_csv(folder / "cases.csv")[1:] + read_csv(folder / "deputies.csv")[1:]:
            assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@")]
    for page in ("data/", "s/zd/"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html
