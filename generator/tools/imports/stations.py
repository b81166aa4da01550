"""`import stations`: a district's list of stations as station folders, each placed under its parent.

A row names a station; its kind comes from its kind cell or its name (东湖中心站), its id from the
sheet, the last import or its name in pinyin. Its parent is the one the row names, else the only head
station for a centre, else the centre of its township; its area is its parents' with its own township
and community; the unit that manages it is its own, else its parent's, else region.yml's, else the
organizer. New stations get their folder from `scaffold`; known ones are merged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pydantic import ValidationError

from generator.data.model import Station, StationKind
from generator.data.privacy import Kind, mask
from generator.data.values import ID_RE, PLACEHOLDER
from generator.strings.messages import ERR, IMPORT_WORDS, SAID
from generator.tools import sheets
from generator.tools.imports.job import Job
from generator.tools.imports.merging import from_sheet, report_missing
from generator.tools.imports.names import MAX_ID, free_id, kind_word, name_key, station_id
from generator.tools.imports.reading import PHONE
from generator.tools.scaffold import station_files

# Where a station's managing unit came from when its row gave none, in the order the report names them.
UNIT_SOURCES = {
    "parent": ERR["records_unit_parent"],
    "setting": ERR["records_unit_setting"],
    "organizer": ERR["records_unit_organizer"],
}


def _kind_of(written: str, name: str) -> StationKind | None:
    """The kind a kind cell says (None when it says none), else the name's, else a 联络站."""
    if written:
        return kind_word(written)
    return kind_word(name) or StationKind.STATION


@dataclass
class StationRow:
    row: int
    id: str
    name: str
    kind: StationKind
    parent_name: str
    township: str
    community: str
    values: dict[str, str]


def import_stations(job: Job, _: str | None) -> None:
    """Read every row first, then place each station in the tree, then add or merge it.

    A row's parent may be a station further down the sheet, so the tree is known only once every row is read.
    """
    by_name = {name_key(s.station.model.name): sid for sid, s in job.stations.items()}
    existing_heads = [sid for sid, s in job.stations.items() if s.station.model.kind is StationKind.HEAD]
    rows = _read_rows(job, by_name, existing_heads)
    tree = _Tree(job, rows, by_name, existing_heads)
    derived: Counter[str] = Counter()
    for r in rows:
        if r.id in tree.parents:
            _write_station(job, tree, r, derived)
    _report_units(job, derived, tree.default_unit)
    report_missing(job, {r.id for r in rows}, lambda sid, rec: f"{rec.get('name', sid)}（{sid}）", "station")


def _read_rows(job: Job, by_name: dict[str, str], existing_heads: list[str]) -> list[StationRow]:
    """Each row as a station with its id: the one written, the one the last import gave its name, the one of a
    station of that name, the head station `init` made for the first head, else a new one from its name."""
    remembered = {name_key(record["name"]): sid for sid, record in job.base.items() if "name" in record}
    taken = set(job.stations) | set(job.base)
    rows: list[StationRow] = []
    seen: dict[str, int] = {}
    for row, cells in job.sheet.rows:
        name = job.text(row, cells, "name")
        if not name:
            if any(sheets.text(c) for c in cells):
                job.problem(row, "name", ERR["records_blank"], what=IMPORT_WORDS["station"])
            continue
        key = name_key(name)
        if key in seen:
            job.problem(row, "name", ERR["records_twice"], name=name, other=seen[key])
            continue
        seen[key] = row
        written_kind = job.text(row, cells, "kind")
        kind = _kind_of(written_kind, name)
        if kind is None:
            job.problem(row, "kind", ERR["records_station_kind"], value=written_kind)
            continue
        written_id = job.text(row, cells, "id").lower()
        if written_id and (len(written_id) > MAX_ID or not ID_RE.match(written_id)):
            job.problem(row, "id", ERR["records_bad_id"], value=written_id)
            continue
        sid = written_id or remembered.get(key) or by_name.get(key)
        first_head = kind is StationKind.HEAD and not any(r.kind is StationKind.HEAD for r in rows)
        if sid is None and first_head and len(existing_heads) == 1:
            sid = existing_heads[0]  # the head station `init` made, under its real name now
        if sid is None:
            sid = free_id(station_id(name), taken)
        taken.add(sid)
        values = _values(job, row, cells)
        if values is None:
            continue
        parent, township, community = (job.text(row, cells, key) for key in ("parent", "township", "community"))
        rows.append(StationRow(row, sid, name, kind, parent, township, community, values))
    return rows


def _values(job: Job, row: int, cells: list[object]) -> dict[str, str] | None:
    """The station's own fields as the row writes them (an address may be one), or None for a phone that is none."""
    values = {
        field_key: job.text(
            row, cells, field_key, public=frozenset({Kind.ADDRESS}) if field_key == "address" else frozenset()
        )
        for field_key in ("address", "hours", "managed_by", "intro")
    }
    phone_cell = sheets.plain(job.value(cells, "phone"))
    if phone_cell:
        try:
            values["phone"] = PHONE.validate_python(phone_cell)
        except ValidationError:
            job.problem(row, "phone", ERR["records_phone"], masked=mask(phone_cell))
            return None
    else:
        values["phone"] = ""
    return values


class _Tree:
    """Where each station of the sheet sits: its parent, the area it covers and the unit that manages it.

    The sheet's stations and those already in `stations/` together: a row may name either as its parent.
    """

    def __init__(self, job: Job, rows: list[StationRow], by_name: dict[str, str], existing_heads: list[str]) -> None:
        self.region = job.docs.region.model
        self.rows = rows
        self.by_name = by_name
        self.names = {name_key(r.name): r for r in rows} | {name_key(r.id): r for r in rows}
        self.known = {sid: s.station.model for sid, s in job.stations.items()}
        self.heads = [r.id for r in rows if r.kind is StationKind.HEAD] or existing_heads
        self.parents: dict[str, str | None] = {}
        for r in rows:
            if r.kind is StationKind.HEAD:
                self.parents[r.id] = None
            else:
                parent = self._parent(job, r)
                if parent is not None:
                    self.parents[r.id] = parent
        self.kinds = {sid: st.kind for sid, st in self.known.items()} | {r.id: r.kind for r in rows}
        self.areas: dict[str, list[str]] = {sid: list(st.area) for sid, st in self.known.items()}
        settings = self.region.import_settings
        self.default_unit = settings.stations.managed_by if settings else None  # type: ignore[attr-defined]
        self.in_sheet = {r.id: r for r in rows}

    def _parent(self, job: Job, r: StationRow) -> str | None:
        """The station a row sits under: the one it names, else the only head for a centre, else its township's
        only centre; None after saying what is wrong."""
        rows, known = self.rows, self.known
        wanted = name_key(r.parent_name)
        parent = (
            (
                self.names[wanted].id
                if wanted in self.names
                else self.by_name.get(wanted) or (wanted if wanted in known else None)
            )
            if wanted
            else None
        )
        if wanted and parent is None:
            job.problem(r.row, "parent", ERR["records_unknown_station"], name=r.parent_name)
            return None
        if parent is None and r.kind is StationKind.CENTRE and len(self.heads) == 1:
            parent = self.heads[0]
        if parent is None and r.township:
            centres = [x.id for x in rows if x.kind is StationKind.CENTRE and r.township in (x.township, x.name)]
            centres += [
                sid for sid, st in known.items() if st.kind is StationKind.CENTRE and r.township in (*st.area, st.name)
            ]
            parent = centres[0] if len(set(centres)) == 1 else None
        if parent is None:
            job.problem(r.row, "parent", ERR["records_no_parent"], name=r.name)
        return parent

    def area_of(self, r: StationRow, depth: int = 0) -> list[str]:
        """The region and the townships and communities above the station, then its own."""
        parent = self.parents.get(r.id)
        if r.kind is StationKind.HEAD or parent is None or depth > 8:
            above = [self.region.name]
        elif parent in self.names and self.names[parent].id == parent and parent in {x.id for x in self.rows}:
            above = self.area_of(next(x for x in self.rows if x.id == parent), depth + 1)
        else:
            above = self.areas.get(parent, [self.region.name])
        return list(dict.fromkeys([*above, *(p for p in (r.township, r.community) if p)]))

    def unit_of(self, r: StationRow, depth: int = 0) -> tuple[str, str]:
        """The managing unit of a station the sheet gives none for, and where it came from: the parent's (its cell, or
        its file's), else as the parent got it, else region.yml's default, else the organizer."""
        if r.values["managed_by"]:
            return r.values["managed_by"], "sheet"
        parent = self.parents.get(r.id)
        if parent is not None and parent != r.id and depth < 8:
            if parent in self.in_sheet:
                unit, source = self.unit_of(self.in_sheet[parent], depth + 1)
                return unit, "parent" if source == "sheet" else source
            if parent in self.known and self.known[parent].managed_by != PLACEHOLDER:
                return self.known[parent].managed_by, "parent"
        return (self.default_unit, "setting") if self.default_unit else (self.region.organizer, "organizer")


def _write_station(job: Job, tree: _Tree, r: StationRow, derived: Counter[str]) -> None:
    """Merge a placed station into its station.yml, or make its folder; count a unit the sheet did not give."""
    parent = tree.parents[r.id]
    unit, unit_source = tree.unit_of(r)
    if parent is not None and tree.kinds.get(parent) and tree.kinds[parent].depth >= r.kind.depth:
        job.problem(r.row, "parent", ERR["records_parent_kind"], name=r.name, parent=r.parent_name, kind=r.kind.value)
        return
    record = {
        "name": r.name,
        "kind": r.kind.value,
        "parent": parent,
        "area": tree.area_of(r),
        **{k: (v or PLACEHOLDER) if k != "intro" else (v or None) for k, v in r.values.items()},
        "managed_by": unit,
    }
    if unit_source != "sheet":
        derived[unit_source] += 1
    job.new_state[r.id] = {k: v for k, v in record.items() if v is not None}
    if r.id in job.stations:
        path = job.folders[r.id] / "station.yml"
        sources = {"name": ("name",), "area": ("township", "community", "parent"), "parent": ("parent", "township")}
        fields = from_sheet(record, job.sheet.columns, sources)
        if unit_source != "sheet":
            fields["managed_by"] = unit  # a default fills what the sheet leaves out, where no hand wrote it
        if job.merge(job.load(path), fields, job.base.get(r.id), r.name):
            job.result.counts["updated_station"] += 1
        return
    if r.id in job.base:
        job.result.details.append(SAID["records_deleted_by_hand"].format(record=f"{r.name}（{r.id}）"))
        return
    folder = job.data_dir / r.id
    if folder.exists():
        job.problem(r.row, "name", ERR["records_folder_exists"], id=r.id)
        return
    try:
        station = Station(id=r.id, **{k: v for k, v in record.items() if v is not None})
    except ValidationError:
        job.problem(r.row, "name", ERR["records_station_invalid"], name=r.name)
        return
    job.create(folder, station_files(station, folder, job.project_dir, job.today.year))
    job.result.counts["added_station"] += 1
    if PLACEHOLDER in record.values():
        job.result.counts["placeholder_station"] += 1


def _report_units(job: Job, derived: Counter[str], default_unit: str | None) -> None:
    """Say how many stations took a managing unit the sheet did not give, and from where."""
    if sum(derived.values()):
        organizer = job.docs.region.model.organizer
        units = {"parent": "", "setting": default_unit or "", "organizer": organizer}
        sources = "、".join(
            UNIT_SOURCES[source].format(count=derived[source], unit=units[source])
            for source in UNIT_SOURCES
            if derived[source]
        )
        job.result.details.append(ERR["records_unit_default"].format(count=sum(derived.values()), sources=sources))
