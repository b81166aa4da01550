"""Open data: the published disclosures as JSON and CSV files, per station and for the whole region.

One column table (`TABLES`) drives everything: each column's key, kind and value
are declared here, its Chinese title and description in `strings.py`; the JSON
keys, the CSV header and the documentation page are all read from it, so they
cannot drift apart. Only what the pages already publish goes into a file.

Files are deterministic (rows in the model's order, no clock but the build
date), so the same data and date give byte-identical downloads. CSV is written
for Excel on Windows: UTF-8 with a BOM, CRLF rows, RFC 4180 quoting by the
`csv` module, and a leading apostrophe on cells a spreadsheet would run as a
formula (CSV injection). This module never reads files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from generator.region.assemble import DeputyEntry, RegionModel, StationEntry
from generator.region.formats import weekday_cn
from generator.region.paths import DATA_INDEX, activity_path, deputy_path, station_data_path, station_path
from generator.region.schedule import describe_policy, describe_rule
from generator.render.views.plain import ViewFiles
from generator.strings.site import DATA_COLUMNS, DATA_KINDS, DATA_TABLES, SESSION_STATES, UI

# Spreadsheets run a cell starting with one of these as a formula; such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "、"

Value = str | int | dt.date | list[str] | None


@dataclass(frozen=True)
class Row:
    """One record: the station it belongs to, the thing it is about, and the deputies it names."""

    station: StationEntry
    item: Any  # a Membership, ReceptionRule, Occurrence, Activity or Case
    deputies: tuple[DeputyEntry, ...] = ()
    year: int = 0


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # a key of DATA_KINDS
    value: Callable[[Row], Value]
    region_only: bool = False  # the station columns, which a station's own file does not need


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: Callable[[RegionModel, StationEntry], list[Row]]

    @property
    def title(self) -> str:
        return DATA_TABLES[self.name][0]

    @property
    def description(self) -> str:
        return DATA_TABLES[self.name][1]

    def columns_for(self, station: StationEntry | None) -> tuple[Column, ...]:
        return self.columns if station is None else tuple(c for c in self.columns if not c.region_only)


class ColumnDoc(NamedTuple):
    key: str
    title: str
    description: str
    type: str


def column_doc(table: Table, column: Column) -> ColumnDoc:
    """A column's key, Chinese title, description and kind: the table's own wording, else the shared one."""
    title, description = DATA_COLUMNS[table.name].get(column.key) or DATA_COLUMNS["*"][column.key]
    return ColumnDoc(column.key, title, description, column.kind)


# --- the column table ---------------------------------------------------------------------


def _common(*keys: str) -> tuple[Column, ...]:
    common = {
        "station": Column("station", "text", lambda r: r.station.id, region_only=True),
        "station_name": Column("station_name", "text", lambda r: r.station.station.name, region_only=True),
        "deputies": Column("deputies", "list", lambda r: [d.id for d in r.deputies]),
        "deputy_names": Column("deputy_names", "list", lambda r: [d.deputy.name for d in r.deputies]),
    }
    return tuple(common[key] for key in keys)


def _members(model: RegionModel, entry: StationEntry) -> list[Row]:
    return [Row(entry, m, (m.deputy,)) for m in entry.members]


def _rules(model: RegionModel, entry: StationEntry) -> list[Row]:
    return [Row(entry, rule, tuple(model.deputies[d] for d in rule.deputies)) for rule in entry.schedule.rules]


def _sessions(model: RegionModel, entry: StationEntry) -> list[Row]:
    return [Row(entry, u.occurrence, tuple(u.deputies)) for u in entry.published]


def _activities(model: RegionModel, entry: StationEntry) -> list[Row]:
    return [
        Row(entry, activity, tuple(people), year)
        for year in sorted(entry.plans)
        for activity, people in model.plan_activities(entry, year)
    ]


def _cases(model: RegionModel, entry: StationEntry) -> list[Row]:
    return [Row(entry, c, (model.deputies[c.deputy],) if c.deputy else ()) for c in entry.cases]


def _records(model: RegionModel, entry: StationEntry) -> list[Row]:
    return [Row(entry, r, tuple(model.deputies[d] for d in r.deputies), r.date.year) for r in entry.records]


def _session_state(row: Row) -> str:
    occurrence = row.item
    return SESSION_STATES["cancelled" if occurrence.cancelled else "moved" if occurrence.moved_from else "held"]


def _contact(field: str) -> Callable[[Row], Value]:
    """A deputy's public phone or email; deputies without a contact have neither."""
    return lambda r: getattr(r.item.deputy.deputy.contact, field, None)


TABLES: tuple[Table, ...] = (
    Table(
        "deputies",
        (
            *_common("station", "station_name"),
            Column("id", "text", lambda r: r.item.deputy.id),
            Column("name", "text", lambda r: r.item.deputy.deputy.name),
            Column("level", "list", lambda r: [level.value for level in r.item.deputy.deputy.level]),
            Column("role", "text", lambda r: r.item.role.value),
            Column("gender", "text", lambda r: r.item.deputy.deputy.gender),
            Column("ethnicity", "text", lambda r: r.item.deputy.deputy.ethnicity),
            Column("party", "text", lambda r: r.item.deputy.deputy.party),
            Column("constituency", "text", lambda r: r.item.deputy.deputy.constituency),
            Column("occupation", "text", lambda r: r.item.deputy.deputy.occupation),
            Column("phone", "text", _contact("phone")),
            Column("email", "text", _contact("email")),
            Column("bio", "text", lambda r: r.item.deputy.deputy.bio),
            Column("pledge", "text", lambda r: r.item.deputy.deputy.pledge),
            Column("page", "url", lambda r: deputy_path(r.item.deputy.id)),
        ),
        _members,
    ),
    Table(
        "rules",
        (
            *_common("station", "station_name"),
            Column("rule", "text", lambda r: describe_rule(r.item)),
            Column("holiday", "text", lambda r: describe_policy(r.item) or None),
            Column("start", "date", lambda r: r.item.start),
            Column("end", "date", lambda r: r.item.end),
            Column("place", "text", lambda r: r.item.place or r.station.station.address or UI["to_be_announced"]),
            *_common("deputies", "deputy_names"),
            Column("topic", "text", lambda r: r.item.topic),
        ),
        _rules,
    ),
    Table(
        "schedule",
        (
            *_common("station", "station_name"),
            Column("date", "date", lambda r: r.item.date),
            Column("weekday", "text", lambda r: weekday_cn(r.item.date)),
            Column("time", "text", lambda r: r.item.time),
            Column("place", "text", lambda r: r.item.place or r.station.station.address or UI["to_be_announced"]),
            *_common("deputies", "deputy_names"),
            Column("topic", "text", lambda r: r.item.topic),
            Column("state", "text", _session_state),
            Column("moved_from", "date", lambda r: r.item.moved_from),
            Column("note", "text", lambda r: r.item.note),
        ),
        _sessions,
    ),
    Table(
        "plan",
        (
            *_common("station", "station_name"),
            Column("year", "integer", lambda r: r.year),
            Column("id", "text", lambda r: r.item.id),
            Column("title", "text", lambda r: r.item.title),
            Column("type", "text", lambda r: r.item.type.value),
            Column("date", "date", lambda r: r.item.date),
            Column("month", "integer", lambda r: r.item.date.month if r.item.date else r.item.month),
            Column("status", "text", lambda r: r.item.status.value),
            Column("place", "text", lambda r: r.item.place or r.station.station.address or UI["to_be_announced"]),
            *_common("deputies", "deputy_names"),
            Column("record", "text", lambda r: r.item.record),
            Column("page", "url", lambda r: activity_path(r.station.id, r.item.id)),
        ),
        _activities,
    ),
    Table(
        "cases",
        (
            *_common("station", "station_name"),
            Column("id", "text", lambda r: r.item.id),
            Column("received", "date", lambda r: r.item.received),
            Column("channel", "text", lambda r: r.item.channel.value),
            Column("category", "text", lambda r: r.item.category),
            Column("summary", "text", lambda r: r.item.summary),
            Column("deputy", "text", lambda r: r.item.deputy),
            Column("deputy_name", "text", lambda r: r.deputies[0].deputy.name if r.deputies else None),
            Column("department", "text", lambda r: r.item.department),
            Column("status", "text", lambda r: r.item.status.value),
            Column("assigned", "date", lambda r: r.item.assigned),
            Column("processing", "date", lambda r: r.item.processing),
            Column("replied", "date", lambda r: r.item.replied),
            Column("rated", "date", lambda r: r.item.rated),
            Column("reply", "text", lambda r: r.item.reply),
            Column("satisfaction", "text", lambda r: r.item.satisfaction.value),
            Column("reason", "text", lambda r: r.item.reason),
            Column("page", "url", lambda r: f"{station_path(r.station.id)}cases/#case-{r.item.id}"),
        ),
        _cases,
    ),
    Table(
        "records",
        (
            *_common("station", "station_name"),
            Column("date", "date", lambda r: r.item.date),
            Column("time", "text", lambda r: r.item.time),
            Column("held", "text", lambda r: UI["record_held"] if r.item.held else UI["record_not_held"]),
            *_common("deputies", "deputy_names"),
            Column("visitors", "integer", lambda r: r.item.visitors),
            Column("matters", "integer", lambda r: r.item.matters),
            Column("cases", "list", lambda r: list(r.item.cases)),
            Column("note", "text", lambda r: r.item.note),
            Column("reason", "text", lambda r: r.item.reason),
        ),
        _records,
    ),
)


# --- where the files are ---------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    table: Table
    directory: str  # DATA_INDEX for the region, a station's data folder otherwise

    def path(self, form: str) -> str:
        return f"{self.directory}{self.table.name}.{form}"


def downloads(station_id: str | None = None) -> list[Download]:
    """The files of the region (no station) or of one station, one per table."""
    directory = DATA_INDEX if station_id is None else station_data_path(station_id)
    return [Download(table, directory) for table in TABLES]


def page_context(model: RegionModel) -> dict[str, Any]:
    """What the open data page lists: every download, and every column of every table."""
    return {
        "region_files": downloads(),
        "tables": [(table, [(column_doc(table, c), c.region_only) for c in table.columns]) for table in TABLES],
        "kinds": DATA_KINDS,
        "window": model.published_window,
    }


# --- writing ---------------------------------------------------------------------------------


def _json_value(kind: str, value: Value, site_url: str) -> Any:
    if value is None:
        return None
    if kind == "url":
        return f"{site_url}{value}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _csv_cell(value: Any) -> str:
    """A cell of the CSV file from the JSON file's value: lists joined, formulas defused."""
    if value is None:
        return ""
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _records(table: Table, model: RegionModel, station: StationEntry | None) -> list[Row]:
    entries = model.stations.values() if station is None else [station]
    return [row for entry in entries for row in table.rows(model, entry)]


def table_view(table: Table, model: RegionModel, station: StationEntry | None, site_url: str) -> dict[str, Any]:
    """A table of the region (no station) or of one station, as its JSON file holds it: its view (`views/`), from
    which both its files are made."""
    columns = table.columns_for(station)
    return {
        "table": table.name,
        "title": table.title,
        "region": model.region.name,
        "station": {"id": station.id, "name": station.station.name} if station else None,
        "generated": model.today.isoformat(),
        "documentation": f"{site_url}{DATA_INDEX}",
        "columns": [column_doc(table, c)._asdict() for c in columns],
        "records": [
            {c.key: _json_value(c.kind, c.value(row), site_url) for c in columns}
            for row in _records(table, model, station)
        ],
    }


def make_json(text: str) -> bytes:
    """The JSON file: the view's canonical text itself, which is compact JSON (half the bytes of indented)."""
    return (text + "\n").encode("utf-8")


def make_csv(text: str) -> bytes:
    view = json.loads(text)
    keys = [column["key"] for column in view["columns"]]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180: CRLF, quotes only where needed
    writer.writerow(keys)
    for record in view["records"]:
        writer.writerow([_csv_cell(record[key]) for key in keys])
    return buffer.getvalue().encode("utf-8-sig")


WRITERS: dict[str, Callable[[str], bytes]] = {"json": make_json, "csv": make_csv}


def open_data_views(model: RegionModel, site_url: str) -> list[ViewFiles]:
    """Every table's view and its files (JSON and CSV): the region's tables, then each station's."""
    site_url = f"{site_url.rstrip('/')}/"
    stations: Sequence[StationEntry | None] = [None, *model.stations.values()]
    return [
        (
            partial(table_view, download.table, model, station, site_url),
            [(download.path(form), write) for form, write in WRITERS.items()],
        )
        for station in stations
        for download in downloads(station.id if station else None)
    ]
