"""`python -m generator import stations|deputies|rota|cases|receptions FILE`: the records a district already keeps, merged in.

Districts keep their stations, deputies, reception rota and handled register in
spreadsheets. Each kind of sheet is read (`sheets`), its rows become records
(ids from pypinyin: readable, stable, collisions numbered `wang-fang-2`) and
the records are merged into `stations/`: new ones added, ones this command
made before updated where the sheet changed and the file was not edited by
hand since (a three-way merge against what the last import wrote, kept in
`stations/.import/<kind>.json`), ones gone from the sheet reported, never
deleted. A rota's rules begin when its sheet says (`rota.takes_effect`: its
title's year, else this year, said in the report); a rule an earlier rota wrote
that a later one no longer lists is given an end, the day before the later one
begins, so past years keep their sessions and the new year has none of it.
Files are edited round-trip (ruamel.yaml: comments, order and hand
edits stay) and written in the canonical layout of `fmt`.

It must never write anything private: ID numbers, birth dates and home
addresses are never read; a deputy's phone is written only where a column says
the deputy agreed; free text is scrubbed with `privacy.scrub`, and a personal
value anywhere else stops the import at its row and column, shown masked. It is
all-or-nothing: every problem of the sheet is collected first, then the whole
region is validated with the new texts (`validate_region(..., overlay=...)`),
and only then is each file replaced atomically. `--dry-run` says what would
change and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pypinyin import lazy_pinyin
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.atomic import write_atomically
from generator.data.canonical import (
    MAPPING_INDENT,
    SEQUENCE_INDENT,
    SEQUENCE_OFFSET,
    canonical_text,
    comment_lines,
    model_for,
)
from generator.data.files import MAX_DATA_BYTES, UnsafeFile, megabytes, read_file
from generator.data.load import RegionDocs, load_region
from generator.data.model import CASE_STEPS, Station
from generator.data.privacy import GUARDED, Kind, find, mask, scrub
from generator.data.values import (
    ID_RE,
    LEVEL_SPELLINGS,
    PLACEHOLDER,
    CaseStatus,
    Channel,
    DeputyRole,
    Level,
    Phone,
    Satisfaction,
    StationKind,
    TimeSpan,
    normal_levels,
)
from generator.problems import DataError, Position, Problem, one_line
from generator.region.validate import validate_region
from generator.strings.messages import ERR, IMPORT_WORDS
from generator.strings.sheets import (
    CHANNEL_WORDS,
    COMPOUND_SURNAMES,
    SATISFACTION_WORDS,
    SHEET_COLUMNS,
    SHEET_KINDS,
    SHEET_WORDS,
    STATUS_WORDS,
    SURNAME_READINGS,
)
from generator.tools import rota, sheets
from generator.tools.scaffold import station_files
from generator.tools.sheets import Sheet

KINDS = tuple(SHEET_KINDS)
STATE_DIR = ".import"  # hidden: the loader skips it; it holds only what the files already publish
STATE_VERSION = 1
MAX_ID = 40
_PHONE = TypeAdapter(Phone)
_SPAN = TypeAdapter(TimeSpan)
_NAMES_SPLIT = re.compile(r"[、，,;；/／\s]+")
MISSING = object()


# --- the report -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    kind: str
    counts: Counter[str] = field(default_factory=Counter)  # IMPORT_WORDS keys: added_station, skipped_left …
    details: list[str] = field(default_factory=list)
    removed: Counter[Kind] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)  # note rows below the table, left out
    dry_run: bool = False

    def summary(self) -> str:
        parts = []
        for key, words in IMPORT_WORDS.items():
            count = self.counts.get(key, 0)
            if not count or (key.startswith(("skipped_", "field_", "left_", "part_")) and key != "skipped_deputy"):
                continue
            text = words.format(count=count)
            if key == "skipped_deputy":
                reasons = [
                    IMPORT_WORDS[f"skipped_{reason}"].format(count=self.counts[f"skipped_{reason}"])
                    for reason in ("transferred", "deceased", "ended")
                    if self.counts.get(f"skipped_{reason}")
                ]
                text += f"（{'、'.join(reasons)}）"
            parts.append(text)
        if not parts:
            return ERR["records_nothing"]
        return ERR["records_summary"].format(parts="、".join(parts))


def print_result(result: ImportResult) -> None:
    print(one_line(result.summary()))
    if result.removed and (result.files or result.dry_run):
        kinds = "、".join(
            f"{kind.value.strip('【】')} {count}"
            for kind, count in sorted(result.removed.items(), key=lambda item: list(Kind).index(item[0]))
        )
        print(one_line(ERR["records_scrubbed"].format(count=sum(result.removed.values()), kinds=kinds)))
    if result.notes:
        print(one_line(ERR["records_notes"].format(rows="、".join(map(str, result.notes)))))
    for line in result.details:
        print(one_line(line))
    if result.dry_run:
        print(ERR["records_dry_run"])
        return
    for file in result.files:
        print(one_line(ERR["import_written"].format(file=file)))
    if result.files:
        print(ERR[f"records_review_{result.kind}"])


# --- the command ----------------------------------------------------------------------------------


def import_records(
    kind: str,
    data_dir: Path,
    project_dir: Path,
    path: Path,
    today: dt.date,
    *,
    dry_run: bool = False,
    station: str | None = None,
) -> ImportResult:
    """Merge one sheet into the region; raise DataError with every problem, writing nothing, if any."""
    docs = load_region(data_dir, project_dir)
    settings = docs.region.model.import_settings
    configured: dict[str, list[str]] = getattr(settings, kind).columns.model_dump() if settings else {}
    aliases = {key: [*configured.get(key, []), header, *more] for key, header, more, *_ in SHEET_COLUMNS[kind]}
    required = tuple(
        key for key, _, _, needed, *_ in SHEET_COLUMNS[kind] if needed and not (key == "station" and station)
    )
    display = path.as_posix()
    tables, too_long = sheets.read_tables(path, display, "records_cell_too_long")
    sheet = sheets.find_sheet(tables, display, aliases, required, f"import.{kind}.columns")
    job = Job(kind, data_dir, project_dir, docs, sheet, today, problems=too_long, dry_run=dry_run, file_name=path.stem)
    job.result.notes = sheet.skipped_notes
    if station is not None and station not in job.stations:
        raise DataError([Problem.general(ERR["unknown_station"].format(ids=station))])
    {"stations": _stations, "deputies": _deputies, "rota": _rota, "cases": _cases, "receptions": _receptions}[kind](
        job, station
    )
    if job.problems:
        raise DataError(sorted(job.problems, key=lambda p: (p.position, p.message)))
    texts = job.finish()
    overlay = {p: t.encode("utf-8") for p, t in texts.items() if p.suffix == ".yml"}
    try:
        validate_region(data_dir, project_dir, today, overlay)
    except DataError as exc:
        raise DataError([Problem.general(ERR["import_invalid"]), *exc.problems]) from None
    job.result.files = [job.display(p) for p in texts if p.suffix == ".yml"]
    if not dry_run:
        for target, text in texts.items():
            write_atomically(target, text)
    return job.result


# --- one import: the files it touches, its state, its problems ---------------------------------------


@dataclass
class Job:
    kind: str
    data_dir: Path
    project_dir: Path
    docs: RegionDocs
    sheet: Sheet
    today: dt.date
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    file_name: str = ""  # the sheet's file name without its suffix: it may say the year (rota-2026)
    result: ImportResult = field(init=False)
    data: dict[Path, CommentedMap] = field(default_factory=dict)
    originals: dict[Path, str] = field(default_factory=dict)
    created: dict[Path, str] = field(default_factory=dict)  # new files' template texts
    state: dict[str, Any] = field(init=False)
    new_state: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.result = ImportResult(self.kind, dry_run=self.dry_run)
        self.state = self._read_state()
        self.stations = {s.station.model.id: s for s in self.docs.stations}
        self.folders = {s.station.model.id: self.data_dir / s.folder for s in self.docs.stations}

    # problems at a row and column
    def problem(self, row: int, key: str | None, message_key: str, **words: Any) -> None:
        position = self.sheet.position(row, key) if key and key in self.sheet.columns else Position(row, 1)
        column = self.sheet.column_name(key) if key and key in self.sheet.columns else ""
        self.problems.append(Problem(self.sheet.display, position, ERR[message_key].format(column=column, **words)))

    def value(self, cells: list[object], key: str) -> object:
        return self.sheet.cell(cells, key)

    def text(self, row: int, cells: list[object], key: str, *, public: frozenset[Kind] = frozenset()) -> str:
        """A one-line text cell, refused at its row and column if it holds personal data (shown masked)."""
        cell = self.value(cells, key)
        if sheets.is_formula(cell):
            self.problem(row, key, "records_formula")
            return ""
        value = sheets.one_line(cell)
        for finding in find(value, kinds=GUARDED - public):
            self.problem(row, key, "records_private", kind=finding.kind.value.strip("【】"), masked=mask(finding.value))
            return ""
        return value

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.project_dir.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    # files, loaded round-trip once and written in the canonical layout at the end
    def load(self, path: Path, default: str | None = None) -> CommentedMap:
        if path not in self.data:
            if path not in self.created and not path.exists() and default is not None:
                self.created[path] = default
            if path in self.created:
                text = self.created[path]
            elif path.exists():
                try:
                    text = read_file(path, self.display(path)).decode("utf-8").removeprefix("\ufeff")
                except UnsafeFile as exc:
                    raise DataError([exc.problem]) from None
                self.originals[path] = text
            else:
                raise KeyError(path)
            loaded = _yaml().load(text)
            self.data[path] = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
        return self.data[path]

    def create(self, folder: Path, texts: dict[str, str]) -> None:
        for name, text in texts.items():
            self.created[folder / name] = text

    def finish(self) -> dict[Path, str]:
        """The new text of every file that changes, the state file too."""
        out: dict[Path, str] = {}
        for path, data in self.data.items():
            buffer = io.StringIO()
            _yaml().dump(data, buffer)
            model = model_for(path.name)
            text = canonical_text(buffer.getvalue(), model) if model else buffer.getvalue()
            before = self.originals.get(path)
            if before is not None and text == before:
                continue
            if before is not None and not comment_lines(before) <= comment_lines(text):  # never lose a comment
                raise DataError([Problem(self.display(path), Position(1, 1), ERR["records_layout"])])
            out[path] = text
        for path, text in self.created.items():
            out.setdefault(path, text)
        state_path = self.data_dir / STATE_DIR / f"{self.kind}.json"
        state = {"version": STATE_VERSION, "records": dict(sorted(self.new_state.items()))}
        text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if out or text != json.dumps(self.state, ensure_ascii=False, indent=1, sort_keys=True) + "\n":
            out[state_path] = text
        return out

    def _read_state(self) -> dict[str, Any]:
        path = self.data_dir / STATE_DIR / f"{self.kind}.json"
        empty = {"version": STATE_VERSION, "records": {}}
        if not path.exists():
            return empty
        try:
            state = json.loads(read_file(path, self.display(path)).decode("utf-8"))
        except (UnsafeFile, ValueError):
            raise DataError([Problem(self.display(path), Position(1, 1), ERR["records_state"])]) from None
        if not isinstance(state, dict) or not isinstance(state.get("records"), dict):
            raise DataError([Problem(self.display(path), Position(1, 1), ERR["records_state"])])
        return state

    @property
    def base(self) -> dict[str, Any]:
        return self.state["records"]

    # the three-way merge of one record
    def merge(self, record: CommentedMap, new: dict[str, Any], base: dict[str, Any] | None, label: str) -> bool:
        """Set each field the sheet gives, unless the file was edited by hand since the last import."""
        changed = False
        for key, value in new.items():
            value, current = _empty(value), _empty(_plain(record.get(key)))
            if value == current:
                continue
            old = _empty(base.get(key, None)) if base is not None else MISSING
            if old is not MISSING and value == old:
                continue  # the sheet did not change this: a hand edit stays
            edited = current not in (None, PLACEHOLDER, [], "") and (old is MISSING or current != old)
            if edited:
                self.result.details.append(ERR["records_kept_edit"].format(record=label, field=key))
                continue
            if value is None or value == []:
                if key in record:
                    del record[key]
            else:
                record[key] = _yaml_value(value)
            changed = True
        return changed


def _empty(value: Any) -> Any:
    """No value: a missing key, an empty list and an empty text all mean the same in a file."""
    return None if value in (None, [], "") else value


def _from_sheet(record: dict[str, Any], columns: dict[str, int], sources: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The fields of `record` the sheet has a column for: only those may change a record that exists."""
    return {k: v for k, v in record.items() if any(c in columns for c in sources.get(k, (k,)))}


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=MAPPING_INDENT, sequence=SEQUENCE_INDENT, offset=SEQUENCE_OFFSET)
    return yaml


def _plain(value: Any) -> Any:
    if isinstance(value, CommentedMap):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (CommentedSeq, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def _yaml_value(value: Any) -> Any:
    if isinstance(value, list):
        seq = CommentedSeq(_yaml_value(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, _yaml_value(v)) for k, v in value.items())
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


# --- ids --------------------------------------------------------------------------------------------


def _syllables(text: str) -> list[str]:
    words = lazy_pinyin(text, errors=lambda chars: [c for c in chars.lower() if c.isascii() and c.isalnum()])
    return [re.sub(r"[^a-z0-9]", "", w.lower()) for w in words if re.sub(r"[^a-z0-9]", "", w.lower())]


def person_id(name: str) -> str:
    """王秀兰 → wang-xiulan, 欧阳娜娜 → ouyang-nana, 单宏 → shan-hong; a·b names → each part joined."""
    parts = [p for p in re.split(r"[·•・.\s]+", name) if p]
    if len(parts) > 1:
        return "-".join("".join(_syllables(p)) for p in parts)[:MAX_ID].strip("-")
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[:1])
    reading = SURNAME_READINGS.get(surname) or "".join(_syllables(surname))
    given = "".join(_syllables(name[len(surname) :]))
    return "-".join(p for p in (reading, given) if p)[:MAX_ID].strip("-")


def station_id(name: str) -> str:
    """望江社区人大代表联络站 → wangjiang: the name without its generic endings, in pinyin."""
    stem = name
    for _ in range(2):
        for ending in sorted(SHEET_WORDS["station_endings"], key=len, reverse=True):
            if stem.endswith(ending) and len(stem) > len(ending):
                stem = stem[: -len(ending)]
                break
    return "".join(_syllables(stem))[:MAX_ID].strip("-")


def _free_id(base: str, taken: set[str]) -> str:
    base = base or "x"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _name_key(name: str) -> str:
    return re.sub(r"\s+", "", name)


# --- stations -------------------------------------------------------------------------------------


def _kind_word(name: str) -> StationKind | None:
    """The kind a station's name says (东湖中心站: a centre), or None when it says none (望江站)."""
    for words, kind in (
        ("kind_head", StationKind.HEAD),
        ("kind_centre", StationKind.CENTRE),
        ("kind_point", StationKind.POINT),
        ("kind_station", StationKind.STATION),
    ):
        if any(word in name for word in SHEET_WORDS[words]):
            return kind
    return None


def _kind_of(written: str, name: str) -> StationKind | None:
    """The kind a kind cell says (None when it says none), else the name's, else a 联络站."""
    if written:
        return _kind_word(written)
    return _kind_word(name) or StationKind.STATION


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


def _stations(job: Job, _: str | None) -> None:
    region = job.docs.region.model
    by_name = {_name_key(s.station.model.name): sid for sid, s in job.stations.items()}
    remembered = {_name_key(record["name"]): sid for sid, record in job.base.items() if "name" in record}
    taken = set(job.stations) | set(job.base)
    rows: list[StationRow] = []
    seen: dict[str, int] = {}
    existing_heads = [sid for sid, s in job.stations.items() if s.station.model.kind is StationKind.HEAD]
    for row, cells in job.sheet.rows:
        name = job.text(row, cells, "name")
        if not name:
            if any(sheets.text(c) for c in cells):
                job.problem(row, "name", "records_blank", what=IMPORT_WORDS["station"])
            continue
        key = _name_key(name)
        if key in seen:
            job.problem(row, "name", "records_twice", name=name, other=seen[key])
            continue
        seen[key] = row
        written_kind = job.text(row, cells, "kind")
        kind = _kind_of(written_kind, name)
        if kind is None:
            job.problem(row, "kind", "records_station_kind", value=written_kind)
            continue
        written_id = job.text(row, cells, "id").lower()
        if written_id and (len(written_id) > MAX_ID or not ID_RE.match(written_id)):
            job.problem(row, "id", "records_bad_id", value=written_id)
            continue
        sid = written_id or remembered.get(key) or by_name.get(key)
        first_head = kind is StationKind.HEAD and not any(r.kind is StationKind.HEAD for r in rows)
        if sid is None and first_head and len(existing_heads) == 1:
            sid = existing_heads[0]  # the head station `init` made, under its real name now
        if sid is None:
            sid = _free_id(station_id(name), taken)
        taken.add(sid)
        values = {
            field_key: job.text(
                row, cells, field_key, public=frozenset({Kind.ADDRESS}) if field_key == "address" else frozenset()
            )
            for field_key in ("address", "hours", "managed_by", "intro")
        }
        phone_cell = sheets.plain(job.value(cells, "phone"))
        if phone_cell:
            try:
                values["phone"] = _PHONE.validate_python(phone_cell)
            except ValidationError:
                job.problem(row, "phone", "records_phone", masked=mask(phone_cell))
                continue
        else:
            values["phone"] = ""
        rows.append(
            StationRow(
                row,
                sid,
                name,
                kind,
                job.text(row, cells, "parent"),
                job.text(row, cells, "township"),
                job.text(row, cells, "community"),
                values,
            )
        )

    names = {_name_key(r.name): r for r in rows} | {_name_key(r.id): r for r in rows}
    known = {sid: s.station.model for sid, s in job.stations.items()}
    heads = [r.id for r in rows if r.kind is StationKind.HEAD] or existing_heads
    parents: dict[str, str | None] = {}
    for r in rows:
        if r.kind is StationKind.HEAD:
            parents[r.id] = None
            continue
        wanted = _name_key(r.parent_name)
        parent = (
            (names[wanted].id if wanted in names else by_name.get(wanted) or (wanted if wanted in known else None))
            if wanted
            else None
        )
        if wanted and parent is None:
            job.problem(r.row, "parent", "records_unknown_station", name=r.parent_name)
            continue
        if parent is None and r.kind is StationKind.CENTRE and len(heads) == 1:
            parent = heads[0]
        if parent is None and r.township:
            centres = [x.id for x in rows if x.kind is StationKind.CENTRE and r.township in (x.township, x.name)]
            centres += [
                sid for sid, st in known.items() if st.kind is StationKind.CENTRE and r.township in (*st.area, st.name)
            ]
            parent = centres[0] if len(set(centres)) == 1 else None
        if parent is None:
            job.problem(r.row, "parent", "records_no_parent", name=r.name)
            continue
        parents[r.id] = parent

    kinds = {sid: st.kind for sid, st in known.items()} | {r.id: r.kind for r in rows}
    areas: dict[str, list[str]] = {sid: list(st.area) for sid, st in known.items()}

    def area_of(r: StationRow, depth: int = 0) -> list[str]:
        parent = parents.get(r.id)
        if r.kind is StationKind.HEAD or parent is None or depth > 8:
            above = [region.name]
        elif parent in names and names[parent].id == parent and parent in {x.id for x in rows}:
            above = area_of(next(x for x in rows if x.id == parent), depth + 1)
        else:
            above = areas.get(parent, [region.name])
        return list(dict.fromkeys([*above, *(p for p in (r.township, r.community) if p)]))

    settings = region.import_settings
    default_unit = settings.stations.managed_by if settings else None  # type: ignore[attr-defined]
    in_sheet = {r.id: r for r in rows}

    def unit_of(r: StationRow, depth: int = 0) -> tuple[str, str]:
        """The managing unit of a station the sheet gives none for, and where it came from: the parent's (its cell, or
        its file's), else as the parent got it, else region.yml's default, else the organizer."""
        if r.values["managed_by"]:
            return r.values["managed_by"], "sheet"
        parent = parents.get(r.id)
        if parent is not None and parent != r.id and depth < 8:
            if parent in in_sheet:
                unit, source = unit_of(in_sheet[parent], depth + 1)
                return unit, "parent" if source == "sheet" else source
            if parent in known and known[parent].managed_by != PLACEHOLDER:
                return known[parent].managed_by, "parent"
        return (default_unit, "setting") if default_unit else (region.organizer, "organizer")

    derived: Counter[str] = Counter()
    for r in rows:
        if r.id not in parents:
            continue
        parent = parents[r.id]
        unit, unit_source = unit_of(r)
        if parent is not None and kinds.get(parent) and kinds[parent].depth >= r.kind.depth:
            job.problem(r.row, "parent", "records_parent_kind", name=r.name, parent=r.parent_name, kind=r.kind.value)
            continue
        record = {
            "name": r.name,
            "kind": r.kind.value,
            "parent": parent,
            "area": area_of(r),
            **{k: (v or PLACEHOLDER) if k != "intro" else (v or None) for k, v in r.values.items()},
            "managed_by": unit,
        }
        if unit_source != "sheet":
            derived[unit_source] += 1
        job.new_state[r.id] = {k: v for k, v in record.items() if v is not None}
        if r.id in job.stations:
            path = job.folders[r.id] / "station.yml"
            sources = {"name": ("name",), "area": ("township", "community", "parent"), "parent": ("parent", "township")}
            fields = _from_sheet(record, job.sheet.columns, sources)
            if unit_source != "sheet":
                fields["managed_by"] = unit  # a default fills what the sheet leaves out, where no hand wrote it
            if job.merge(job.load(path), fields, job.base.get(r.id), r.name):
                job.result.counts["updated_station"] += 1
            continue
        if r.id in job.base:
            job.result.details.append(ERR["records_deleted_by_hand"].format(record=f"{r.name}（{r.id}）"))
            continue
        folder = job.data_dir / r.id
        if folder.exists():
            job.problem(r.row, "name", "records_folder_exists", id=r.id)
            continue
        try:
            station = Station(id=r.id, **{k: v for k, v in record.items() if v is not None})
        except ValidationError:
            job.problem(r.row, "name", "records_station_invalid", name=r.name)
            continue
        job.create(folder, station_files(station, folder, job.project_dir, job.today.year))
        job.result.counts["added_station"] += 1
        if PLACEHOLDER in record.values():
            job.result.counts["placeholder_station"] += 1
    if sum(derived.values()):
        units = {"parent": "", "setting": default_unit or "", "organizer": region.organizer}
        sources = "、".join(
            ERR[f"records_unit_{source}"].format(count=derived[source], unit=units[source])
            for source in ("parent", "setting", "organizer")
            if derived[source]
        )
        job.result.details.append(ERR["records_unit_default"].format(count=sum(derived.values()), sources=sources))
    _report_missing(job, {r.id for r in rows}, lambda sid, rec: f"{rec.get('name', sid)}（{sid}）", "station")


def _report_missing(job: Job, present: set[str], label: Callable[[str, dict], str], noun: str) -> None:
    for key, record in job.base.items():
        if key not in present:
            job.new_state[key] = record  # still what the files hold; reported again next time
            job.result.counts[f"missing_{noun}"] += 1
            job.result.details.append(ERR["records_missing"].format(record=label(key, record)))


# --- deputies -------------------------------------------------------------------------------------


def _station_lookup(job: Job) -> dict[str, str]:
    """Station names (and ids) to ids, as rows name them."""
    found: dict[str, str] = {}
    for sid, station in job.stations.items():
        found[_name_key(station.station.model.name)] = sid
        found[sid] = sid
    return found


def _levels(written: str) -> list[str] | None:
    levels = normal_levels(written)
    values = {level.value for level in Level}
    if isinstance(levels, list) and levels and all(level in values for level in levels):
        return levels
    return None


def _role(written: str) -> DeputyRole | None:
    if not written or written in ("代表", "成员", "人大代表", "驻站", "驻站代表"):
        return DeputyRole.RESIDENT
    for role in sorted(DeputyRole, key=lambda r: -len(r.value)):
        if role.value in written:
            return role
    if "进站" in written:
        return DeputyRole.VISITING
    return None


def _left(written: str) -> str | None:
    for reason in ("transferred", "deceased", "ended"):
        if any(word in written for word in SHEET_WORDS[f"left_{reason}"]):
            return reason
    return None


# 同时进望江站, 同时编入东湖中心站, 另进…, 兼河口联络点: the words before another station's name
_ALSO_SAID = re.compile(
    "|".join(
        [
            f"(?:{'|'.join(SHEET_WORDS['also_lead'])})(?:{'|'.join(sorted(SHEET_WORDS['also_verb'], key=len, reverse=True))})",
            *sorted(SHEET_WORDS["also_alone"], key=len, reverse=True),
        ]
    )
)
_ALSO_SPLIT = re.compile(r"[、/／，,;；]+")
_ALSO_RUN = re.compile(r"[^，,;；。：:\s（()）]*")
_ALSO_JOIN = re.compile(r"^(?:以及|和|及|与|、)")
_NAME_END = re.compile("|".join(SHEET_WORDS["also_name_end"]))
# the words every station's name may have: a piece of a remark with nothing else names no place (兼任本站站长)
_GENERIC = re.compile(
    "|".join(
        sorted(
            (*SHEET_WORDS["station_endings"], "人大代表", "代表", "人大", "联络", "联系", "本", "该", "此", "站", "点"),
            key=len,
            reverse=True,
        )
    )
)
_ROLE_TAIL = re.compile(f"(?:{'|'.join(sorted(SHEET_WORDS['also_role_tail'], key=len, reverse=True))})$")


def _also_said(remark: str) -> list[str]:
    """What follows each 同时进/兼… of a remark, up to the end of its clause: the stations named there."""
    pieces: list[str] = []
    for match in _ALSO_SAID.finditer(remark):
        run = _ALSO_RUN.match(remark, match.end())
        pieces += [p for p in re.split(r"[、/／]", run.group() if run else "") if p]
    return pieces


def station_stem(name: str) -> str:
    """A station's name without its generic words, for matching what remarks write: 望江社区人大代表联络站, 望江站 → 望江."""
    stem = _name_key(name)
    endings = sorted((*SHEET_WORDS["station_endings"], "站", "点"), key=len, reverse=True)
    for _ in range(3):
        ending = next((e for e in endings if stem.endswith(e) and len(stem) > len(e)), None)
        if ending is None:
            break
        stem = stem[: -len(ending)]
    return stem


class _StationFinder:
    """The stations a roster names beside a deputy's own: by id, by full name, else by a short name (望江站,
    东湖中心站) that only one station answers to. Two stations of the same name are told apart by id only."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.names = {sid: s.station.model.name for sid, s in job.stations.items()}
        self.kinds = {sid: {s.station.model.kind, _kind_word(s.station.model.name)} for sid, s in job.stations.items()}
        self.by_name: dict[str, list[str]] = {}
        self.stems: dict[str, list[str]] = {}
        for sid, name in self.names.items():
            self.by_name.setdefault(_name_key(name), []).append(sid)
            self.stems.setdefault(station_stem(name), []).append(sid)

    def candidates(self, written: str) -> list[str]:
        key = _name_key(written)
        if key in self.names:
            return [key]
        if key in self.by_name:
            return self.by_name[key]
        found = self.stems.get(station_stem(key), [])
        kind = _kind_word(key)
        if kind is not None:  # 东湖中心站: the centre of the two stations named 东湖
            found = [sid for sid in found if kind in self.kinds[sid]]
            if not found and kind is StationKind.HEAD:
                found = [sid for sid, kinds in self.kinds.items() if StationKind.HEAD in kinds]
        return found

    def shown(self, ids: list[str]) -> str:
        return "、".join(f"{self.names[sid]}（{sid}）" for sid in ids)

    def stations(self, row: int, column: str, pieces: list[str], *, every: bool = False) -> list[str]:
        """The stations each piece names (望江站和东湖中心站 is two); a name no station or several answer to is a
        problem. A remark's piece that names no place (兼任站长, 同时进行走访) is not about a station, unless
        `every` piece is (a column of stations)."""
        found: list[str] = []
        for piece in pieces:
            rest = _ROLE_TAIL.sub("", _name_key(piece))
            while rest:
                ends = [len(rest)] if every or rest in self.names or rest in self.by_name else []
                ends += sorted({m.end() for m in _NAME_END.finditer(rest)}, reverse=True)
                ends = [
                    e for e in dict.fromkeys(ends) if _GENERIC.sub("", rest[:e]) or rest[:e] in SHEET_WORDS["also_head"]
                ]
                if not ends:
                    break
                # the longest name any station answers to: 望江站站 is no station, 望江站 is
                tried = [(rest[:end], self.candidates(rest[:end])) for end in ends]
                name, ids = next(((name, ids) for name, ids in tried if ids), tried[0])
                if len(ids) != 1:
                    key = "records_also_ambiguous" if ids else "records_also_unknown"
                    self.job.problem(row, column, key, name=name, candidates=self.shown(ids))
                    break
                found.append(ids[0])
                rest = _ALSO_JOIN.sub("", rest[len(name) :])  # 望江站和东湖中心站
        return found


def _deputies(job: Job, _: str | None) -> None:
    lookup = _station_lookup(job)
    finder = _StationFinder(job)
    heads = [sid for sid, s in job.stations.items() if s.station.model.kind is StationKind.HEAD]
    existing: dict[str, tuple[str, Any]] = {}  # id: (station, deputy) as the files hold them now
    for sid, station in job.stations.items():
        for deputy in station.deputies.model.deputies if station.deputies else []:
            existing[deputy.id] = (sid, deputy)
    taken = set(existing) | set(job.base)
    claimed: set[str] = set()
    rows: list[dict[str, Any]] = []
    for row, cells in job.sheet.rows:
        name = sheets.compact(job.value(cells, "name"))
        if find(name, kinds=GUARDED):
            job.problem(row, "name", "records_private", kind=IMPORT_WORDS["private_value"], masked=mask(name))
            continue
        if not name:
            if any(sheets.text(c) for c in cells):
                job.problem(row, "name", "records_blank", what=IMPORT_WORDS["deputy"])
            continue
        problems_before = len(job.problems)
        status = job.text(row, cells, "status")
        reason = _left(status)
        if reason:
            job.result.counts[f"skipped_{reason}"] += 1
            job.result.counts["skipped_deputy"] += 1
            where = [sid for sid, (_, d) in existing.items() if d.name == name]
            key = "records_left_still_there" if where else "records_left"
            job.result.details.append(
                ERR[key].format(row=row, name=name, reason=IMPORT_WORDS[f"left_{reason}"], ids="、".join(where))
            )
            continue
        station_name = job.text(row, cells, "station")
        sid = lookup.get(_name_key(station_name))
        if sid is None:
            job.problem(row, "station", "records_unknown_station", name=station_name)
            continue
        level_text = job.text(row, cells, "level")
        levels = _levels(level_text)
        if levels is None:
            job.problem(
                row, "level", "records_level", value=level_text, known="、".join(dict.fromkeys(LEVEL_SPELLINGS))
            )
            continue
        role_text = job.text(row, cells, "role")
        role = _role(role_text)
        if role is None:
            job.problem(row, "role", "records_role", value=role_text)
            continue
        also_text = job.text(row, cells, "also")
        also: list[str] = []
        if also_text and also_text.lower() not in ("否", "无", "no", "n", "0"):
            if also_text in SHEET_WORDS["also_head"] and len(heads) == 1:
                also = [heads[0]]
            else:
                also = finder.stations(row, "also", _ALSO_SPLIT.split(_ALSO_SAID.sub("、", also_text)), every=True)
        also += finder.stations(row, "status", _also_said(status))  # 同时进望江站 in the remarks
        if len(job.problems) > problems_before:
            continue
        also = [s for s in dict.fromkeys(also) if s != sid]
        phone = None
        if sheets.yes(job.value(cells, "consent")):
            written = sheets.plain(job.value(cells, "phone"))
            if written:
                try:
                    phone = _PHONE.validate_python(written)
                except ValidationError:
                    job.problem(row, "phone", "records_phone", masked=mask(written))
                    continue
        fields = {
            "name": name,
            "gender": job.text(row, cells, "gender") or None,
            "ethnicity": job.text(row, cells, "ethnicity") or None,
            "party": job.text(row, cells, "party") or None,
            "level": levels[0] if len(levels) == 1 else levels,
            "constituency": job.text(row, cells, "constituency") or None,
            "occupation": job.text(row, cells, "occupation") or None,
            "role": role.value,
            "contact": {"phone": phone} if phone else None,
        }
        written_id = job.text(row, cells, "id").lower()
        if written_id and (len(written_id) > MAX_ID or not ID_RE.match(written_id)):
            job.problem(row, "id", "records_bad_id", value=written_id)
            continue
        rows.append({"row": row, "station": sid, "also": also, "fields": fields, "written_id": written_id})

    def score(record: dict[str, Any], fields: dict[str, Any], sid: str) -> int:
        return sum(record.get(k) == fields[k] and fields[k] is not None for k in ("constituency", "occupation")) * 2 + (
            record.get("station") == sid
        )

    for r in rows:  # ids: the one written, the one this person had, else a new one
        name, fields = r["fields"]["name"], r["fields"]
        did = r["written_id"] or None
        if did is None:
            remembered = [
                (score(rec, fields, r["station"]), i, key)
                for i, (key, rec) in enumerate(job.base.items())
                if rec.get("name") == name and key not in claimed
            ]
            if remembered:
                did = max(remembered, key=lambda t: (t[0], -t[1]))[2]
        if did is None:
            here = [
                key
                for key, (sid, d) in existing.items()
                if d.name == name and sid == r["station"] and key not in claimed
            ]
            did = here[0] if here else None
        if did is None:
            did = _free_id(person_id(name) or "x", taken | claimed)
        if did in claimed:
            job.problem(r["row"], "id" if r["written_id"] else "name", "records_twice", name=name, other="")
            continue
        claimed.add(did)
        taken.add(did)
        r["id"] = did

    rows = [r for r in rows if "id" in r]
    names = Counter(r["fields"]["name"] for r in rows) + Counter(
        d.name for key, (_, d) in existing.items() if key not in claimed
    )
    for r in rows:
        if names[r["fields"]["name"]] > 1:
            r["namesake"] = _namesakes(r, rows, existing, claimed)
            job.result.details.append(ERR["records_namesake"].format(row=r["row"], namesakes=r["namesake"]))

    linked: dict[str, list[str]] = {}
    for r in rows:
        did, sid, fields = r["id"], r["station"], r["fields"]
        label = f"{fields['name']}（{did}）"
        base = job.base.get(did)
        job.new_state[did] = {"station": sid, "also": r["also"], **{k: v for k, v in fields.items() if v is not None}}
        for other in r["also"]:
            linked.setdefault(other, []).append(did)
        record_fields = dict(fields)
        if did in existing:
            record_fields = _from_sheet(fields, job.sheet.columns, {"contact": ("consent",)})
            where = existing[did][0]
            path = job.folders[where] / "deputies.yml"
            records = job.load(path).setdefault("deputies", CommentedSeq())
            record = next(d for d in records if d.get("id") == did)
            if where != sid and (base is None or base.get("station") == where):  # moved to another station
                records.remove(record)
                _append(job, sid, "deputies", record)
                job.result.details.append(ERR["records_moved"].format(record=label, old=where, new=sid))
            if job.merge(record, record_fields, base, label) or where != sid:
                job.result.counts["updated_deputy"] += 1
            continue
        if base is not None:
            job.result.details.append(ERR["records_deleted_by_hand"].format(record=label))
            continue
        record = CommentedMap(id=did)
        for k, v in record_fields.items():
            if v is not None:
                record[k] = _yaml_value(v)
        _append(
            job,
            sid,
            "deputies",
            record,
            comment=r.get("namesake") and ERR["records_namesake_note"].format(namesakes=r["namesake"]),
        )
        job.result.counts["added_deputy"] += 1

    # `linked:` in the other station's file: added where the sheet says so, removed where it no longer does
    before: dict[str, set[str]] = {}
    for did, record in job.base.items():
        for other in record.get("also", []):
            before.setdefault(other, set()).add(did)
    for other in sorted(set(linked) | set(before)):
        if other not in job.stations and not any(other == r["station"] for r in rows):
            continue
        wanted = linked.get(other, [])
        path = job.folders.get(other, job.data_dir / other) / "deputies.yml"
        data = job.load(path, "deputies: []\n")
        items = data.setdefault("linked", CommentedSeq())
        present = {item.get("id") for item in items}
        own = {d.get("id") for d in data.get("deputies", [])}
        for did in wanted:
            if did not in present and did not in own:
                items.append(CommentedMap(id=did, role=DeputyRole.VISITING.value))
                job.result.counts["added_linked"] += 1
        for did in before.get(other, set()) - set(wanted):
            if did in {r["id"] for r in rows}:
                for item in [i for i in items if i.get("id") == did]:
                    items.remove(item)
                    job.result.counts["removed_linked"] += 1
    _report_missing(
        job, claimed, lambda did, rec: f"{rec.get('name', did)}（{did}，{rec.get('station', '')}）", "deputy"
    )


def _namesakes(r: dict[str, Any], rows: list[dict[str, Any]], existing: dict, claimed: set[str]) -> str:
    name = r["fields"]["name"]
    people = [
        (x["id"], x["fields"].get("constituency"), x["fields"].get("occupation"), x["station"])
        for x in rows
        if x["fields"]["name"] == name
    ]
    people += [
        (key, d.constituency, d.occupation, sid)
        for key, (sid, d) in existing.items()
        if d.name == name and key not in claimed
    ]
    return "；".join(
        f"{pid}（{'，'.join(str(p) for p in (constituency, occupation, station) if p)}）"
        for pid, constituency, occupation, station in sorted(set(people))
    )


def _append(job: Job, sid: str, key: str, record: CommentedMap, comment: str | None = None) -> None:
    path = job.folders.get(sid, job.data_dir / sid) / "deputies.yml"
    data = job.load(path, "deputies: []\n")
    items = data.get(key)
    if not isinstance(items, CommentedSeq) or (items.fa.flow_style() and not items):
        items = data[key] = CommentedSeq(items or [])
    items.append(record)
    if comment:
        items.yaml_set_comment_before_after_key(len(items) - 1, before=comment, indent=SEQUENCE_OFFSET)


# --- rota -------------------------------------------------------------------------------------------

_SHAPE = ("repeat", "day", "weekday", "week", "months", "time")


def _rule_shape(rule: dict) -> tuple:
    """What makes a rule the same rule from one rota to the next: its day and time, not its deputies or dates."""
    return tuple(_plain(rule.get(k)) for k in _SHAPE)


def _rota_start(job: Job) -> dt.date:
    """The day the sheet's rules take effect: as its title or file name says, else 1 January of this year."""
    said = rota.takes_effect(job.sheet.title, job.file_name)
    if said is not None:
        start, words = said
        job.result.details.append(ERR["records_rota_start"].format(date=start.isoformat(), words=words))
        return start
    start = dt.date(job.today.year, 1, 1)
    job.result.details.append(ERR["records_rota_no_year"].format(date=start.isoformat(), year=start.year))
    return start


def _rota(job: Job, _: str | None) -> None:
    lookup = _station_lookup(job)
    present: set[str] = set()
    listed: set[str] = set()  # stations with a row in the sheet: only their rules can have ended
    start = _rota_start(job) if job.sheet.rows else job.today
    for row, cells in job.sheet.rows:
        station_name = job.text(row, cells, "station")
        when = job.text(row, cells, "when")
        if not station_name and not when:
            continue
        sid = lookup.get(_name_key(station_name))
        if sid is None:
            job.problem(row, "station", "records_unknown_station", name=station_name)
            continue
        listed.add(sid)
        dates = {key: _case_date(job, row, cells, key, set(), past=False) for key in ("start", "end")}
        rule_start, rule_end = dates["start"] or start.isoformat(), dates["end"]
        if rule_end and rule_end < rule_start:
            job.problem(row, "end", "records_rota_dates", start=rule_start, end=rule_end)
            continue
        time_cell = sheets.plain(job.text(row, cells, "time"))
        note = job.text(row, cells, "note")
        parsed = rota.parse(when, time_cell, note)
        if parsed.unknown or not parsed.rules:
            job.problem(row, "when", "records_rota_unknown", words="、".join(parsed.unknown) or when)
            continue
        if parsed.school_pause:
            job.problem(
                row, "note" if parsed.school_pause in note else "when", "records_rota_school", words=parsed.school_pause
            )
            continue
        station = job.stations[sid].station.model
        time = parsed.time
        if time is None:
            time = rota.hours_for(station.hours, parsed.part or "all_day")
            if time is None:
                job.problem(row, "time" if "time" in job.sheet.columns else "when", "records_rota_hours",
                            station=station.name, hours=station.hours, part=IMPORT_WORDS[f"part_{parsed.part or 'all_day'}"])  # fmt: skip
                continue
        try:
            time = _SPAN.validate_python(time)
        except ValidationError:
            job.problem(row, "time", "records_rota_time", value=time)
            continue
        members = _members(job, sid)
        deputies: list[str] = []
        for name in filter(None, _NAMES_SPLIT.split(job.text(row, cells, "deputies"))):
            ids = members.get(name, [])
            if len(ids) != 1:
                key = "records_rota_deputy" if not ids else "records_rota_namesake"
                job.problem(row, "deputies", key, name=name, station=station.name, ids="、".join(ids))
                continue
            deputies.append(ids[0])
        place = job.text(row, cells, "place", public=frozenset({Kind.ADDRESS})) or None
        topic = job.text(row, cells, "topic") or None
        for index, shape in enumerate(parsed.rules):
            key = f"{sid}|{_name_key(when)}|{time_cell}|{_name_key(note)}|{index}"
            present.add(key)
            record = {
                "repeat": shape["repeat"],
                "day": shape.get("day"),
                "weekday": shape.get("weekday"),
                "week": shape.get("week"),
                "months": shape.get("months"),
                "skip_months": parsed.extra.get("skip_months", []),
                "time": time,
                "place": place,
                "deputies": list(dict.fromkeys(deputies)),
                "topic": topic,
                "holiday": parsed.extra.get("holiday"),
                "pause_holidays": parsed.extra.get("pause_holidays", []),
                "start": rule_start,
                "end": rule_end,
            }
            record = {k: v for k, v in record.items() if v not in (None, [])} | {
                k: record[k]
                for k in (
                    "deputies",
                    "skip_months",
                    "pause_holidays",
                    "place",
                    "topic",
                    "day",
                    "week",
                    "weekday",
                    "months",
                    "holiday",
                    "end",
                )
            }
            _merge_rule(job, sid, key, record, f"{station.name} {when}")
            job.new_state[key] = {"station": sid, **{k: v for k, v in record.items() if v not in (None, [])}}
    _end_gone_rules(job, present, listed, start)
    _report_missing(job, present, _rule_label, "rule")


def _rule_label(key: str, _: dict) -> str:
    return f"{key.split('|')[0]} {key.split('|')[1]}"


def _end_gone_rules(job: Job, present: set[str], listed: set[str], start: dt.date) -> None:
    """The rules an earlier rota wrote that this later one no longer lists end the day before it starts.

    Only at stations the sheet lists (a sheet of some stations says nothing of the others), only
    rules that began before it and have no end yet, and never one changed by hand since (it is
    reported as missing, as before): the rule stays in the file, with its sessions up to that day.
    """
    last = (start - dt.timedelta(days=1)).isoformat()
    # a row written differently (its remarks changed) that still names the same day is the same rule going on
    listed_again = {(rule["station"], _rule_shape(rule)) for key, rule in job.new_state.items() if key in present}
    for key, base in sorted(job.base.items()):
        if key in present or base.get("station") not in listed:
            continue
        if (base["station"], _rule_shape(base)) in listed_again:
            present.add(key)  # merged into its new row above: neither gone nor ended
            continue
        if base.get("end") and base["end"] <= last:  # it had ended before this rota began: nothing to say
            job.new_state[key] = base
            present.add(key)
            continue
        if base.get("end"):
            continue
        if not base.get("start") or base["start"] > last:
            continue  # a rule of no known start, or of this very rota: reported, never guessed
        rules = job.load(job.folders[base["station"]] / "schedule.yml", "rules: []\nsessions: []\n").get("rules")
        found = next(
            (r for r in rules or [] if isinstance(r, CommentedMap) and _rule_shape(r) == _rule_shape(base)), None
        )
        if found is None or found.get("end") or _plain(found.get("start")) != base["start"]:
            continue
        found["end"] = _yaml_value(last)
        present.add(key)
        job.new_state[key] = {**base, "end": last}
        job.result.counts["ended_rule"] += 1
        job.result.details.append(ERR["records_rota_ended"].format(record=_rule_label(key, base), date=last))


def _members(job: Job, sid: str) -> dict[str, list[str]]:
    """Deputies of a station (its own and linked) by name, from the files as they are now."""
    station = job.stations[sid]
    found: dict[str, list[str]] = {}
    everyone = {d.id: d for s in job.stations.values() if s.deputies for d in s.deputies.model.deputies}
    if station.deputies:
        for d in station.deputies.model.deputies:
            found.setdefault(d.name, []).append(d.id)
        for link in station.deputies.model.linked:
            if link.id in everyone:
                found.setdefault(everyone[link.id].name, []).append(link.id)
    for ids in list(found.values()):
        for did in ids:
            found.setdefault(did, [did])  # a namesake is written by id
    return found


def _merge_rule(job: Job, sid: str, key: str, record: dict[str, Any], label: str) -> None:
    data = job.load(job.folders[sid] / "schedule.yml", "rules: []\nsessions: []\n")
    rules = data.get("rules")
    if not isinstance(rules, CommentedSeq):
        rules = data["rules"] = CommentedSeq(rules or [])
    base = job.base.get(key)
    targets = [_rule_shape(base)] if base else []
    targets.append(_rule_shape(record))
    found = next((r for t in targets for r in rules if isinstance(r, CommentedMap) and _rule_shape(r) == t), None)
    if found is not None:
        _keep_earlier_start(found, record)
        if job.merge(found, record, {k: v for k, v in base.items() if k != "station"} if base else None, label):
            job.result.counts["updated_rule"] += 1
        return
    if base is not None:
        job.result.details.append(ERR["records_deleted_by_hand"].format(record=label))
        return
    rule = CommentedMap()
    for k, v in record.items():
        if v not in (None, []):
            rule[k] = _yaml_value(v)
    if rules.fa.flow_style():
        rules = data["rules"] = CommentedSeq(rules)
    rules.append(rule)
    job.result.counts["added_rule"] += 1


def _keep_earlier_start(found: CommentedMap, record: dict[str, Any]) -> None:
    """A rule a later year's rota lists again goes on: it keeps the start it had, so past years keep their sessions.

    Only when it began in an earlier year and runs on without a break (no end, or an end that
    reaches the new start); within the same year the sheet's start is a correction and is merged.
    """
    had, new = _plain(found.get("start")), record.get("start")
    if not had or not new or had[:4] >= new[:4]:
        return
    end = _plain(found.get("end"))
    if end is None or dt.date.fromisoformat(end) >= dt.date.fromisoformat(new) - dt.timedelta(days=1):
        record["start"] = had


# --- the handled register -----------------------------------------------------------------------------


def _word(written: str, words: dict[str, tuple[str, ...]]) -> str | None:
    """The value whose words `written` holds; the longest word wins (基本满意 before 满意)."""
    pairs = sorted(((w, value) for value, ws in words.items() for w in ws), key=lambda p: -len(p[0]))
    return next((value for w, value in pairs if w in written), None)


@dataclass
class _Register:
    """What every row of a register shares: where stations are, the defaults of region.yml."""

    lookup: dict[str, str]
    channel: str
    categories: dict[str, str]
    category: str
    station: str | None
    reasonless: list[int] = field(default_factory=list)  # rows 不予受理 in a sheet without a column for the reason


def _cases(job: Job, station: str | None) -> None:
    settings = job.docs.region.model.import_settings
    register = _Register(
        _station_lookup(job),
        settings.cases.channel.value if settings else Channel.VISIT.value,  # type: ignore[attr-defined]
        settings.categories if settings else {},
        settings.category if settings else "其他",
        station,
    )
    existing = {
        (sid, case.id): year
        for sid, s in job.stations.items()
        for year, doc in s.cases.items()
        for case in doc.model.cases
    }
    present: set[str] = set()
    by_file: dict[tuple[str, int], list[tuple[str, dict[str, Any]]]] = {}
    seen: dict[str, int] = {}
    for row, cells in job.sheet.rows:
        found = _case_row(job, register, row, cells)
        if found is None:
            continue
        sid, case_id, record, written_id = found
        key = f"{sid}|{case_id}"
        if key in seen:
            job.problem(row, "id" if written_id else "summary", "records_twice", name=case_id, other=seen[key])
            continue
        seen[key] = row
        present.add(key)
        job.new_state[key] = {k: v for k, v in record.items() if v not in (None, [])}
        if (sid, case_id) in existing:
            sources = {
                "status": ("status", "satisfaction", "replied", "reply", "assigned", "department"),
                "undated": ("received",),
            }
            record = _from_sheet(record, job.sheet.columns, sources)
        by_file.setdefault((sid, int(case_id[:4])), []).append((case_id, record))
    if register.reasonless:
        rows = register.reasonless
        shown = "、".join(map(str, rows[:10])) + (
            IMPORT_WORDS["more_rows"].format(count=len(rows)) if len(rows) > 10 else ""
        )
        _, header, aliases, *_ = next(c for c in SHEET_COLUMNS["cases"] if c[0] == "reason")
        job.problem(rows[0], "status", "records_reason_column", rows=shown, headers="、".join((header, *aliases)),
                    setting="import.cases.columns.reason")  # fmt: skip
    _refuse_oversize(
        job, {job.folders[sid] / f"cases-{year}.yml": [r for _, r in c] for (sid, year), c in by_file.items()}
    )
    if job.problems:
        return
    for (sid, year), cases in sorted(by_file.items()):
        path = job.folders[sid] / f"cases-{year}.yml"
        header = ERR["import_cases_header"].format(station=job.stations[sid].station.model.name, year=year)
        items = _year_list(job, path, header, "cases")
        by_id = {c.get("id"): c for c in items if isinstance(c, CommentedMap)}  # a register holds thousands
        for case_id, record in cases:
            key = f"{sid}|{case_id}"
            label = f"{job.stations[sid].station.model.name} {case_id}"
            old = existing.get((sid, case_id))
            if old is not None and old != year:
                job.result.details.append(ERR["records_kept_edit"].format(record=label, field="received"))
                continue
            found = by_id.get(case_id)
            added = _merge_or_add(job, items, found, key, record, label, "case", CommentedMap(id=case_id))
            if added:
                by_id[case_id] = items[-1]
            if added and record.get("undated"):
                job.result.counts["undated_case"] += 1
    _report_missing(job, present, lambda key, rec: key.replace("|", " "), "case")


def _case_row(
    job: Job, register: _Register, row: int, cells: list[object]
) -> tuple[str, str, dict[str, Any], str] | None:
    """One register row as (station, case id, case fields, written id), or None after saying what is wrong."""
    summary_cell = job.value(cells, "summary")
    if not sheets.text(summary_cell):
        if any(sheets.text(c) for c in cells):
            job.problem(row, "summary", "records_blank", what=IMPORT_WORDS["case"])
        return None
    if register.station is not None and "station" not in job.sheet.columns:
        sid: str | None = register.station
    else:
        written = job.text(row, cells, "station")
        sid = register.lookup.get(_name_key(written)) if written else register.station
        if sid is None:
            job.problem(row, "station", "records_unknown_station", name=written)
            return None
    problems_before = len(job.problems)
    bad: set[str] = set()
    dates = {
        key: _case_date(job, row, cells, key, bad) for key in ("received", "assigned", "processing", "replied", "rated")
    }
    if dates["received"] is None and "received" not in bad:
        job.problem(row, "received", "records_received_missing")
    names = [n for n in [sheets.one_line(job.value(cells, "name"))] if n] if "name" in job.sheet.columns else []
    private = [
        (sheets.one_line(job.value(cells, k)), kind)
        for k, kind in (("phone", Kind.MOBILE), ("id_number", Kind.ID_NUMBER), ("address", Kind.ADDRESS))
        if k in job.sheet.columns and sheets.one_line(job.value(cells, k))
    ]
    summary, reply = (_free_text(job, row, cells, key, names, private) for key in ("summary", "reply"))
    status_text = job.text(row, cells, "status")
    satisfaction_text = job.text(row, cells, "satisfaction")
    satisfaction = _word(satisfaction_text, SATISFACTION_WORDS) if satisfaction_text else None
    if satisfaction_text and satisfaction is None:
        known = "、".join(s.value for s in Satisfaction)
        job.problem(row, "satisfaction", "records_choice", value=_shown(satisfaction_text), known=known)
    status = _word(status_text, STATUS_WORDS) if status_text else None
    if status_text and status is None:
        job.problem(
            row, "status", "records_choice", value=_shown(status_text), known="、".join(s.value for s in CaseStatus)
        )
    department = job.text(row, cells, "department") or None
    if status is None:
        status = (
            "已评价" if satisfaction not in (None, "未评价")
            else "已答复" if dates["replied"] or reply
            else "交办" if dates["assigned"] or department
            else "受理"
        )  # fmt: skip
    if status == "已答复" and satisfaction not in (None, "未评价"):
        status = "已评价"  # a reply the resident rated
    if status == "已评价" and satisfaction in (None, "未评价"):
        job.problem(row, "satisfaction", "records_need", what=IMPORT_WORDS["field_satisfaction"], status=status)
    if status in ("已答复", "已评价"):
        if dates["replied"] is None and "replied" not in bad:
            job.problem(row, _or_status(job, "replied"), "records_need_date", status=status)
        if not reply and "reply" not in bad:
            job.problem(row, _or_status(job, "reply"), "records_need", what=IMPORT_WORDS["field_reply"], status=status)
    reason = None
    if status == "不予受理":  # only then: a 备注 column read as the reason may say anything on other rows
        if "reason" not in job.sheet.columns:
            register.reasonless.append(row)  # one problem for the sheet, after every row
        else:
            before = len(job.problems)
            reason = _free_text(job, row, cells, "reason", names, private)
            if not reason and len(job.problems) == before:
                job.problem(row, "reason", "records_need", what=IMPORT_WORDS["field_reason"], status=status)
    channel_text = job.text(row, cells, "channel")
    channel = _word(channel_text, CHANNEL_WORDS) if channel_text else register.channel
    if channel is None:
        job.problem(
            row, "channel", "records_choice", value=_shown(channel_text), known="、".join(c.value for c in Channel)
        )
    category_text = job.text(row, cells, "category")
    category = register.categories.get(category_text) or category_text or register.category
    deputy_name = sheets.compact(job.value(cells, "deputy"))
    deputy = None
    if deputy_name:
        ids = _members(job, sid).get(deputy_name) or [
            d.id
            for s in job.stations.values()
            if s.deputies
            for d in s.deputies.model.deputies
            if d.name == deputy_name
        ]
        if len(ids) == 1:
            deputy = ids[0]
        else:
            key = "records_rota_deputy" if not ids else "records_rota_namesake"
            name = _shown(deputy_name)
            job.problem(row, "deputy", key, name=name, station=job.stations[sid].station.model.name, ids="、".join(ids))
    if len(job.problems) > problems_before or dates["received"] is None or summary is None:
        return None
    order = [s for s, _ in CASE_STEPS]
    reached = 0 if status == "不予受理" else order.index(CaseStatus(status))
    known = [dates[key] for _, key in CASE_STEPS[: reached + 1] if dates[key]]
    if known != sorted(known):
        job.problem(row, None, "records_date_order")
        return None
    for step, key in CASE_STEPS[reached + 1 :]:
        if dates[key]:
            job.problem(row, key, "records_step_extra", status=status, step=step.value)
    if len(job.problems) > problems_before:
        return None
    undated = [
        step.value for step, key in CASE_STEPS[1 : reached + 1] if not dates[key] and step is not CaseStatus.REPLIED
    ]
    written_id = re.sub(r"[^a-z0-9]+", "-", job.text(row, cells, "id").lower()).strip("-")
    received = dt.date.fromisoformat(dates["received"])  # type: ignore[arg-type]
    content = re.sub(r"\s+", "", sheets.text(summary_cell))
    digest = hashlib.sha256(f"{received}|{content}".encode()).hexdigest()
    # never all digits: 2025-0806-12345678 would read as a bank card number to the privacy guard
    tail = written_id or (digest[:8] if not digest[:8].isdigit() else "c" + digest[:7])
    case_id = f"{received.year}-{received:%m%d}-{tail}"[:MAX_ID].rstrip("-")
    record = {
        "received": dates["received"],
        "channel": channel,
        "category": re.sub(r"\s+", " ", category)[:40],
        "summary": summary,
        "deputy": deputy,
        "department": department,
        "status": status,
        "assigned": dates["assigned"],
        "processing": dates["processing"],
        "replied": dates["replied"],
        "rated": dates["rated"],
        "reply": reply,
        "satisfaction": satisfaction if status == "已评价" else None,
        "reason": reason if status == "不予受理" else None,
        "undated": undated,
    }
    return sid, case_id, record, written_id  # type: ignore[return-value]


def _year_list(job: Job, path: Path, header: str, key: str) -> CommentedSeq:
    """The list under `key` of a station's year file (cases-, records-<year>.yml), the file made from `header`."""
    data = job.load(path, header)
    items = data.get(key)
    if not isinstance(items, CommentedSeq) or items.fa.flow_style():
        items = data[key] = CommentedSeq(items or [])
    return items


def _refuse_oversize(job: Job, records: dict[Path, list[dict[str, Any]]]) -> None:
    """Refuse, before any YAML is written, a file the sheet would take past the size limit `validate` reads.

    A register of 100,000 rows for one station would make a file of tens of megabytes, and writing it
    (comments kept, in the canonical layout) takes minutes: its size is estimated from the records as
    JSON, which is about as long as their YAML. Files near the limit are caught exactly by validation.
    """
    for path, new in sorted(records.items()):
        size = (path.stat().st_size if path.is_file() else 0) + sum(
            len(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")) for record in new
        )
        if size > MAX_DATA_BYTES:
            message = ERR["records_too_big"].format(
                file=job.display(path), count=len(new), size=megabytes(size), limit=megabytes(MAX_DATA_BYTES)
            )
            job.problems.append(Problem(job.sheet.display, Position(1, 1), message))


def _merge_or_add(
    job: Job, items: CommentedSeq, found: CommentedMap | None, key: str, record: dict[str, Any], label: str,
    noun: str, new: CommentedMap,
) -> bool:  # fmt: skip
    """Merge the sheet's `record` into the item it matched, or append it as `new` unless it was deleted by
    hand since the last import; True when appended."""
    if found is not None:
        if job.merge(found, record, job.base.get(key), label):
            job.result.counts[f"updated_{noun}"] += 1
        return False
    if key in job.base:
        job.result.details.append(ERR["records_deleted_by_hand"].format(record=label))
        return False
    for k, v in record.items():
        if v not in (None, []):
            new[k] = _yaml_value(v)
    items.append(new)
    job.result.counts[f"added_{noun}"] += 1
    return True


def _or_status(job: Job, key: str) -> str:
    return key if key in job.sheet.columns else "status"


def _shown(value: str) -> str:
    """A cell's text for a message, or a mask when it may be personal (a shifted column)."""
    if find(value) or re.search(r"\d{9,}", value):
        return mask(value)
    return value if len(value) <= 40 else value[:40] + "…"


def _case_date(job: Job, row: int, cells: list[object], key: str, bad: set[str], *, past: bool = True) -> str | None:
    """A date cell as 2025-03-05, None when empty; refused (`bad`) when not a date, or after today if `past`."""
    cell = job.value(cells, key)
    if sheets.is_formula(cell):
        bad.add(key)
        job.problem(row, key, "records_formula")
        return None
    if not sheets.text(cell):
        return None
    found = sheets.date(cell)
    if found is None:
        bad.add(key)
        shown = sheets.one_line(cell)
        hidden = bool(find(shown)) or bool(re.search(r"\d{9,}", shown)) or len(shown) > 24
        job.problem(row, key, "records_date_hidden" if hidden else "records_date", value=shown)
        return None
    if past and found > job.today:
        bad.add(key)
        job.problem(row, key, "records_future", date=found.isoformat())
        return None
    return found.isoformat()


def _free_text(
    job: Job, row: int, cells: list[object], key: str, names: list[str], private: list[tuple[str, Kind]]
) -> str | None:
    """A summary, reply or reason with residents' data replaced by placeholders; refused if any is left."""
    cell = job.value(cells, key)
    if sheets.is_formula(cell):
        job.problem(row, key, "records_formula")
        return None
    value = re.sub(r"[ \t]+", " ", sheets.text(cell)).strip()
    if not value:
        return None
    cleaned = scrub(value, names=names, private=private)
    job.result.removed.update(cleaned.removed)
    left = find(cleaned.text, kinds=GUARDED)
    if left:
        job.problem(row, key, "records_private", kind=left[0].kind.value.strip("【】"), masked=mask(left[0].value))
        return None
    return re.sub(r"\n\s*\n+", "\n", cleaned.text).strip()


# --- the reception register -------------------------------------------------------------------------


def _receptions(job: Job, _: str | None) -> None:
    """接待登记表 into each station's records-<year>.yml: one record a row, matched by date (and time)."""
    lookup = _station_lookup(job)
    everyone: dict[str, list[str]] = {}  # deputies of the whole region by name, for one who stood in elsewhere
    for s in job.stations.values():
        for d in s.deputies.model.deputies if s.deputies else []:
            everyone.setdefault(d.name, []).append(d.id)
    seen: dict[str, int] = {}
    by_file: dict[tuple[str, int], list[tuple[str, dict[str, Any]]]] = {}
    for row, cells in job.sheet.rows:
        written = job.text(row, cells, "station")
        when_cell = job.value(cells, "date")
        if not written and not sheets.text(when_cell):
            continue
        sid = lookup.get(_name_key(written))
        if sid is None:
            job.problem(row, "station", "records_unknown_station", name=written)
            continue
        problems_before = len(job.problems)
        date = _case_date(job, row, cells, "date", set())
        if date is None and len(job.problems) == problems_before:
            job.problem(row, "date", "records_received_missing")
        time = sheets.plain(job.text(row, cells, "time")) or None
        if time is not None:
            try:
                time = _SPAN.validate_python(time)
            except ValidationError:
                job.problem(row, "time", "records_rota_time", value=time)
        held_text = job.text(row, cells, "held")
        held = not held_text or sheets.yes(held_text)
        unknown_held = bool(held_text) and not held and held_text.lower() not in SHEET_WORDS["no"]
        if unknown_held:
            job.problem(row, "held", "records_held", value=_shown(held_text))
        station = job.stations[sid].station.model
        members = _members(job, sid)
        deputies: list[str] = []
        for name in filter(None, _NAMES_SPLIT.split(job.text(row, cells, "deputies"))):
            ids = members.get(name) or everyone.get(name, [])
            if len(ids) != 1:
                key = "records_reception_deputy" if not ids else "records_rota_namesake"
                job.problem(row, "deputies", key, name=name, station=station.name, ids="、".join(ids))
                continue
            deputies.append(ids[0])
        counts = {key: _count(job, row, cells, key) for key in ("visitors", "matters")}
        reason = _free_text(job, row, cells, "reason", [], []) if "reason" in job.sheet.columns else None
        note = _free_text(job, row, cells, "note", [], []) if "note" in job.sheet.columns else None
        if not held and not unknown_held and not reason:
            job.problem(row, "reason" if "reason" in job.sheet.columns else "held", "records_not_held_reason")
        if len(job.problems) > problems_before or date is None:
            continue
        key = f"{sid}|{date}|{time or ''}"
        if key in seen:
            job.problem(row, "date", "records_reception_twice", date=date, other=seen[key])
            continue
        seen[key] = row
        record = {
            "date": date,
            "time": time,
            "held": None if held else False,
            "deputies": list(dict.fromkeys(deputies)),
            "visitors": counts["visitors"],
            "matters": counts["matters"],
            "note": note,
            "reason": reason,
        }
        job.new_state[key] = {k: v for k, v in record.items() if v not in (None, [])}
        by_file.setdefault((sid, int(date[:4])), []).append((key, record))
    if job.problems:
        return
    for (sid, year), records in sorted(by_file.items()):
        name = job.stations[sid].station.model.name
        header = ERR["import_receptions_header"].format(station=name, year=year)
        items = _year_list(job, job.folders[sid] / f"records-{year}.yml", header, "records")
        for key, record in records:
            label = f"{name} {record['date']}"
            found = next(
                (
                    r
                    for r in items
                    if isinstance(r, CommentedMap)
                    and str(_plain(r.get("date"))) == record["date"]
                    and (_plain(r.get("time")) or None) == record["time"]
                ),
                None,
            )
            _merge_or_add(job, items, found, key, record, label, "reception", CommentedMap())
    _report_missing(job, set(seen), lambda key, rec: " ".join(filter(None, key.split("|"))), "reception")


def _count(job: Job, row: int, cells: list[object], key: str) -> int | None:
    """A count of people or matters: a whole number from 0 to 10000, or None when the cell is empty."""
    written = sheets.plain(job.text(row, cells, key)).removesuffix("人次").removesuffix("人").removesuffix("件")
    if not written:
        return None
    try:
        number = float(written)
    except ValueError:
        number = -1.0
    if number != int(number) or not 0 <= number <= 10000:
        job.problem(row, key, "records_number", value=_shown(written))
        return None
    return int(number)
