"""`python -m generator export stations|deputies|rota|cases|receptions FILE`: the sheets `import` reads, from the files.

Clerks who keep their rosters and rotas in WPS or Excel edit a district's data
there: `export` writes the workbook `import` reads (the columns of
`strings.sheets`, in the template's order, laid out by `render.sheetbook`:
frozen header, drop-down lists, dates as dates), one row per record; the clerk
edits it and imports it back, and only what was edited changes.

So that an edit in the sheet is told from a hand edit in the files, the export
is recorded as what "the last import" said (`stations/.import/<kind>.json`, by
`imports.sheet_state`, which reads the written sheet back as `import` does:
a sheet that would not read back is refused, nothing written). What a row
cannot say in a column is written in the words `import` understands
(每月最后一个周五, 7、8月暂停, 遇节假日提前, 起始日期 不限); a namesake deputy or
station is written by id. Fields with no column (a deputy's photo, biography,
pledge and email, a station's location, staff and rules, a rule's exceptions,
pauses and `workdays_only`, a reception's cases) are left out, and import keeps
them as they are.

Nothing private is written: only what the site publishes, no column `import`
never reads, and a deputy's phone only where `contact.phone` is published.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.atomic import write_atomically
from generator.data.load import RegionDocs, StationDocs, load_region
from generator.data.model import LAST_WEEK, CaseStatus, Deputy, HolidayPolicy, ReceptionRule, Repeat
from generator.problems import DataError, Problem
from generator.render.sheetbook import columns, csv_bytes, sheet_book, workbook_bytes
from generator.strings.messages import ERR
from generator.strings.sheets import SHEET_KINDS, SHEET_WORDS
from generator.tools.imports import sheet_state

KINDS = tuple(SHEET_KINDS)
SUFFIXES = (".xlsx", ".csv")
Row = dict[str, object]


def export_sheet(
    kind: str,
    data_dir: Path,
    project_dir: Path,
    target: Path,
    today: dt.date,
    *,
    station: str | None = None,
    year: int | None = None,
) -> int:
    """Write one kind's sheet to `target` (.xlsx or .csv) and record it as the last import; the number of rows."""
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError([Problem.general(ERR["export_format"].format(file=target.as_posix()))])
    docs = load_region(data_dir, project_dir)
    book = Book(docs, station, year)
    rows = book.rows(kind)
    data = workbook_bytes(sheet_book(kind, rows, book.station_words())) if suffix == ".xlsx" else csv_bytes(kind, rows)
    state_path, state = _state(kind, data_dir, project_dir, today, data, suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)
    write_atomically(state_path, state)
    return len(rows)


def export_all(
    data_dir: Path,
    project_dir: Path,
    folder: Path,
    today: dt.date,
    *,
    station: str | None = None,
    year: int | None = None,
) -> list[tuple[Path, int]]:
    """Every kind's workbook into `folder`, under the template's file name; (file, rows) for each."""
    if folder.exists() and not folder.is_dir():
        raise DataError([Problem.general(ERR["export_not_folder"].format(folder=folder.as_posix()))])
    docs = load_region(data_dir, project_dir)
    book = Book(docs, station, year)
    written: list[tuple[Path, bytes, Path, str, int]] = []
    for kind in KINDS:  # every sheet is made and read back before any file is written
        rows = book.rows(kind)
        data = workbook_bytes(sheet_book(kind, rows, book.station_words()))
        state_path, state = _state(kind, data_dir, project_dir, today, data, ".xlsx")
        written.append((folder / SHEET_KINDS[kind][2], data, state_path, state, len(rows)))
    folder.mkdir(parents=True, exist_ok=True)
    for target, data, state_path, state, _ in written:
        write_atomically(target, data)
        write_atomically(state_path, state)
    return [(target, count) for target, _, _, _, count in written]


def _state(kind: str, data_dir: Path, project_dir: Path, today: dt.date, data: bytes, suffix: str) -> tuple[Path, str]:
    """The sheet read back as `import` reads it: the state it leaves, or DataError saying it does not read back."""
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / f"{kind}{suffix}"
        sheet.write_bytes(data)
        try:
            return sheet_state(kind, data_dir, project_dir, sheet, today)
        except DataError as exc:
            raise DataError([Problem.general(ERR["export_unreadable"]), *exc.problems]) from None


class Book:
    """The rows of each kind from a region's files: names where they are unique, ids where they are not."""

    def __init__(self, docs: RegionDocs, station: str | None, year: int | None) -> None:
        self.docs = docs
        self.year = year
        self.stations = {s.station.model.id: s for s in docs.stations}
        if station is not None and station not in self.stations:
            raise DataError([Problem.general(ERR["unknown_station"].format(ids=station))])
        self.only = station
        names = Counter(_key(s.station.model.name) for s in docs.stations)
        self.station_name: dict[str, str] = {}  # as the station columns write it: the name, or the id of a namesake
        for sid, s in self.stations.items():
            key = _key(s.station.model.name)
            unique = names[key] == 1 and (key not in self.stations or key == sid)
            self.station_name[sid] = s.station.model.name if unique else sid
        self.deputies: dict[str, tuple[str, Deputy]] = {
            d.id: (sid, d) for sid, s in self.stations.items() if s.deputies for d in s.deputies.model.deputies
        }
        self.everyone = Counter(d.name for _, d in self.deputies.values())
        self.linked: dict[str, list[str]] = {}  # deputy: the other stations that list them under `linked`
        for sid, s in self.stations.items():
            for link in s.deputies.model.linked if s.deputies else []:
                if self.deputies.get(link.id, (sid,))[0] != sid:
                    self.linked.setdefault(link.id, []).append(sid)

    def station_words(self) -> list[str]:
        """The stations as the sheet's station columns write them, for their drop-down list."""
        return [self.station_name[sid] for sid in self.stations]

    def chosen(self) -> Iterable[tuple[str, StationDocs]]:
        return ((sid, s) for sid, s in self.stations.items() if self.only in (None, sid))

    def rows(self, kind: str) -> list[list[object]]:
        make: Callable[[], Iterable[Row]] = getattr(self, f"_{kind}")
        keys = [key for key, *_ in columns(kind)]
        return [[row.get(key) for key in keys] for row in make()]

    # --- names as `import` reads them back -----------------------------------------------------------

    def members(self, sid: str) -> Counter[str]:
        """Names of a station's own and linked deputies, counted: a name twice there is written by id."""
        s = self.stations[sid]
        ids = [d.id for d in s.deputies.model.deputies] if s.deputies else []
        ids += [link.id for link in s.deputies.model.linked] if s.deputies else []
        return Counter(self.deputies[did][1].name for did in dict.fromkeys(ids) if did in self.deputies)

    def deputy(self, sid: str, did: str) -> str:
        if did not in self.deputies:
            return did
        name = self.deputies[did][1].name
        members = self.members(sid)
        if members[name] == 1 or (not members[name] and self.everyone[name] == 1):
            return name
        return did

    def deputy_list(self, sid: str, ids: Iterable[str]) -> str:
        return "、".join(self.deputy(sid, did) for did in ids)

    def in_year(self, years: Iterable[int]) -> list[int]:
        return sorted(y for y in years if self.year in (None, y))

    # --- each kind ----------------------------------------------------------------------------------

    def _stations(self) -> Iterable[Row]:
        for sid, s in self.chosen():
            st = s.station.model
            parent = self.stations[st.parent].station.model if st.parent in self.stations else None
            township, community = _places(list(st.area), list(parent.area) if parent else [self.region_name])
            yield {
                "id": sid,
                "name": st.name,
                "kind": st.kind.value,
                "parent": self.station_name[st.parent] if st.parent in self.stations else st.parent,
                "township": township,
                "community": community,
                "address": st.address,
                "phone": st.phone,
                "hours": st.hours,
                "managed_by": st.managed_by,
                "intro": st.intro,
            }

    @property
    def region_name(self) -> str:
        return self.docs.region.model.name

    def _deputies(self) -> Iterable[Row]:
        for sid, s in self.chosen():
            for d in s.deputies.model.deputies if s.deputies else []:
                phone = d.contact.phone if d.contact else None
                also = [self.also_word(other) for other in self.linked.get(d.id, [])]
                yield {
                    "id": d.id,
                    "name": d.name,
                    "gender": d.gender,
                    "ethnicity": d.ethnicity,
                    "party": d.party,
                    "level": "、".join(level.value for level in d.level),
                    "constituency": d.constituency,
                    "occupation": d.occupation,
                    "station": self.station_name[sid],
                    "role": d.role.value,
                    "also": "、".join(also),
                    "phone": phone,  # published on the site: only a number the deputy agreed to
                    "consent": SHEET_WORDS["yes"][0] if phone else None,
                }

    def also_word(self, sid: str) -> str:
        """A station in 同时进站: its name, or its id where the name holds words that column reads otherwise."""
        name = self.station_name[sid]
        risky = (*SHEET_WORDS["also_alone"], *SHEET_WORDS["also_lead"], "、", "/", "，", ",", ";", "；")
        if name in SHEET_WORDS["also_head"] or any(word in name for word in risky):
            return sid
        if name.endswith(SHEET_WORDS["also_role_tail"]):
            return sid
        return name

    def _rota(self) -> Iterable[Row]:
        for sid, s in self.chosen():
            for rule in s.schedule.model.rules if s.schedule else []:
                if not _rule_in_year(rule, self.year):
                    continue
                yield {
                    "station": self.station_name[sid],
                    "when": rule_words(rule),
                    "time": rule.time,
                    "deputies": self.deputy_list(sid, rule.deputies),
                    "place": rule.place,
                    "topic": rule.topic,
                    "note": rule_note(rule),
                    "start": rule.start or SHEET_WORDS["always"][0],
                    "end": rule.end,
                }

    def _cases(self) -> Iterable[Row]:
        for sid, s in self.chosen():
            for year in self.in_year(s.cases):
                for case in s.cases[year].model.cases:
                    deputy = self.deputy(sid, case.deputy) if case.deputy else None
                    yield {
                        "id": case.id,
                        "station": self.station_name[sid],
                        "received": case.received,
                        "channel": case.channel.value,
                        "category": case.category,
                        "summary": case.summary,
                        "deputy": deputy,
                        "department": case.department,
                        "status": case.status.value,
                        "assigned": case.assigned,
                        "processing": case.processing,
                        "replied": case.replied,
                        "rated": case.rated,
                        "reply": case.reply,
                        "satisfaction": case.satisfaction.value if case.status is CaseStatus.RATED else None,
                        "reason": case.reason if case.status is CaseStatus.REJECTED else None,
                    }

    def _receptions(self) -> Iterable[Row]:
        for sid, s in self.chosen():
            for year in self.in_year(s.records):
                for record in s.records[year].model.records:
                    yield {
                        "station": self.station_name[sid],
                        "date": record.date,
                        "time": record.time,
                        "deputies": self.deputy_list(sid, record.deputies),
                        "visitors": record.visitors,
                        "matters": record.matters,
                        "held": None if record.held else SHEET_WORDS["no"][0],
                        "reason": record.reason,
                        "note": record.note,
                    }


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _places(area: list[str], above: list[str]) -> tuple[str, str]:
    """The 所属镇街 and 所在村社区 cells of a station's `area`: below the region, or below its parent's area when
    that is longer (import's `area_of` puts them after the parent's)."""
    if len(area) <= 3:
        return (area[1] if len(area) > 1 else "", area[2] if len(area) > 2 else "")
    rest = area[len(above) :] if area[: len(above)] == above else area[-2:]
    return (rest[0] if rest else "", rest[1] if len(rest) > 1 else "")


def rule_words(rule: ReceptionRule) -> str:
    """A rule's days as a wall board writes them, and `rota.parse` reads: 每月15日, 双月第2个周三, 每周一."""
    if rule.repeat is Repeat.WEEKLY:
        return f"每{rule.weekday.value}" if rule.weekday else "每周"
    months = rule.months.value if rule.months else "每月"
    if rule.day is not None:
        return f"{months}{rule.day}日"
    week = "最后一个" if rule.week == LAST_WEEK else f"第{rule.week}个"
    return f"{months}{week}{rule.weekday.value if rule.weekday else ''}"


def rule_note(rule: ReceptionRule) -> str:
    """What a rule's remarks say: 7、8月暂停，春节期间暂停，遇节假日提前."""
    parts = []
    if rule.skip_months:
        parts.append(f"{'、'.join(str(m) for m in rule.skip_months)}月暂停")
    parts += [f"{holiday}期间暂停" for holiday in rule.pause_holidays]
    if rule.holiday is not HolidayPolicy.NEXT or "holiday" in rule.model_fields_set:
        parts.append(f"遇节假日{rule.holiday.value}")
    return "，".join(parts)


def _rule_in_year(rule: ReceptionRule, year: int | None) -> bool:
    if year is None:
        return True
    return (rule.start is None or rule.start.year <= year) and (rule.end is None or rule.end.year >= year)
