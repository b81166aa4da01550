"""Find the data files of a region, read them and check each against its typed model.

The result keeps every typed file beside its source positions, so later rules
(`lint`) can still point at lines. Problems are collected across all files and
raised together as one `DataError`; nothing here writes anything.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.data.fields import enum_choices, record_type
from generator.data.files import DataTree, UnsafeFile, root_problem
from generator.data.model import (
    CasesFile,
    DeputiesFile,
    HolidaysFile,
    PlanFile,
    Record,
    RecordsFile,
    Region,
    ScheduleFile,
    Station,
)
from generator.data.source import SourceError, SourceFile, read_source
from generator.data.sourcecache import SourceCache
from generator.problems import DataError, Position, Problem
from generator.strings.messages import ERR, FILE_NOUNS, RECORD_NOUNS

M = TypeVar("M", bound=BaseModel)
# Problems listed per file: a clerk fixes the first ones and checks again; a broken file can have
# hundreds of thousands, and listing them all took minutes.
MAX_PROBLEMS_PER_FILE = 50

YEAR_FILE_RE = re.compile(r"^(plan|cases|records)-(\d{4})\.yml$")
# Beside region.yml: a year's official holiday arrangement, declared until chinesecalendar carries it.
HOLIDAYS_FILE_RE = re.compile(r"^holidays-(\d{4})\.yml$")
REGION_FILE = "region.yml"
# The files written once a year, by the word their name starts with (plan-2026.yml).
YEAR_FILES: dict[str, type[BaseModel]] = {"plan": PlanFile, "cases": CasesFile, "records": RecordsFile}
FIXED_FILES: dict[str, type[BaseModel]] = {
    "station.yml": Station,
    "deputies.yml": DeputiesFile,
    "schedule.yml": ScheduleFile,
}


# Under live preview (`keep_typed_files`): each typed file read, by its path and model, with its bytes.
_kept: dict[tuple[str, type[BaseModel]], tuple[bytes, Doc]] | None = None


def keep_typed_files() -> None:
    """From now on in this process, a file read again with the same bytes is not parsed and checked again.

    For live preview's child, which reads the whole region on every edit. A build reads each file
    once: keeping the files (with every value's position) would only hold memory while it renders.
    Safe because a typed file depends on its bytes alone and nothing changes one once it is read.
    """
    global _kept
    if _kept is None:
        _kept = {}


@dataclass
class Doc(Generic[M]):
    """A typed file and the positions of its values."""

    model: M
    source: SourceFile


@dataclass
class StationDocs:
    folder: str
    station: Doc[Station]
    deputies: Doc[DeputiesFile] | None = None
    schedule: Doc[ScheduleFile] | None = None
    plans: dict[int, Doc[PlanFile]] = field(default_factory=dict)
    cases: dict[int, Doc[CasesFile]] = field(default_factory=dict)
    records: dict[int, Doc[RecordsFile]] = field(default_factory=dict)


@dataclass
class RegionDocs:
    region: Doc[Region]
    stations: list[StationDocs]
    holidays: dict[int, Doc[HolidaysFile]] = field(default_factory=dict)  # by year


def load_region(
    data_dir: Path,
    project_dir: Path,
    overlay: Mapping[Path, bytes] | None = None,
    *,
    sources: SourceCache | None = None,
) -> RegionDocs:
    """Read and type-check every file under `data_dir`, or raise DataError with all problems.

    `overlay` holds texts a command is about to write, read instead of the disk
    (see `files.DataTree`). Links and special files are refused, never followed.
    With `sources`, a file whose bytes were parsed by an earlier build is taken from its entry
    (`sourcecache`) instead of being parsed; it is type-checked all the same.
    """
    tree = DataTree(data_dir, project_dir, overlay or {})
    cache = sources or SourceCache(None)
    problems: list[Problem] = []
    kept = _kept if _kept is not None else {}  # in a build: this read's alone, dropped with it
    read_now: set[tuple[str, type[BaseModel]]] = set()

    def read(path: Path, model: type[M], kind: str) -> Doc[M] | None:
        display = tree.display(path)
        try:
            raw = tree.read(path)
        except UnsafeFile as exc:
            problems.append(exc.problem)
            return None
        read_now.add((display, model))
        key = cache.key(raw, model.__name__)
        known = kept.get((display, model))
        if known is not None and known[0] == raw:
            return known[1]
        source = cache.load(key, raw, path, display)
        parsed = source is None
        if source is None:
            try:
                source = read_source(raw, path, display)
            except SourceError as exc:
                problems.extend(exc.problems)
                return None
        before = len(problems)
        typed = check(source, model, kind, problems)
        doc = Doc(typed, source) if typed is not None else None
        if doc is not None and len(problems) == before:
            kept[(display, model)] = (raw, doc)
            if parsed:
                cache.keep(key, source)
        return doc

    unreadable = root_problem(data_dir, tree.display(data_dir))
    if unreadable:
        raise DataError([unreadable])
    top = tree.scan(data_dir)
    problems += top.problems
    region_path = data_dir / REGION_FILE
    region = read(region_path, Region, "region") if region_path in top.files else None
    if region_path not in top.files and not any(p.file == tree.display(region_path) for p in problems):
        problems.append(Problem(tree.display(region_path), Position(1, 1), ERR["missing_region_file"]))
    holidays = _load_holidays(top.files, tree, read, problems)

    stations: list[StationDocs] = []
    for folder in top.folders:
        docs = _load_station(folder, tree, read, problems)
        if docs is not None:
            stations.append(docs)
    if not top.folders:
        problems.append(Problem(tree.display(data_dir), Position(1, 1), ERR["no_stations"]))

    for gone in set(kept) - read_now:  # files removed or renamed since
        del kept[gone]
    if problems or region is None:
        raise DataError(problems)
    return RegionDocs(region=region, stations=stations, holidays=holidays)


def load_region_file(data_dir: Path, project_dir: Path) -> Region:
    """Only region.yml, read and checked as `load_region` would: for a district that has no station yet."""
    tree = DataTree(data_dir, project_dir)
    path = data_dir / REGION_FILE
    problems: list[Problem] = []
    unreadable = root_problem(data_dir, tree.display(data_dir))
    if unreadable:
        raise DataError([unreadable])
    if path not in tree.scan(data_dir).files:
        raise DataError([Problem(tree.display(path), Position(1, 1), ERR["missing_region_file"])])
    try:
        region = check(read_source(tree.read(path), path, tree.display(path)), Region, "region", problems)
    except UnsafeFile as exc:
        raise DataError([exc.problem]) from None
    except SourceError as exc:
        raise DataError(exc.problems) from None
    if region is None:
        raise DataError(problems)
    return region


def _load_holidays(files: list[Path], tree: DataTree, read, problems: list[Problem]) -> dict[int, Doc[HolidaysFile]]:
    """The declared holiday years beside region.yml; any other data file there is a mistake, not ignored."""
    found: dict[int, Doc[HolidaysFile]] = {}
    for path in files:
        name = path.name
        if path.suffix.lower() not in (".yml", ".yaml") or name == REGION_FILE:
            continue
        if path.suffix != ".yml":
            suggest = path.stem + ".yml"
            problems.append(
                Problem(tree.display(path), Position(1, 1), ERR["yaml_extension"].format(name=name, suggest=suggest))
            )
            continue
        match = HOLIDAYS_FILE_RE.match(name)
        if not match:  # e.g. holiday-2027.yml: silently skipped, the clerk would wonder why nothing moved
            problems.append(Problem(tree.display(path), Position(1, 1), ERR["unknown_region_file"].format(name=name)))
            continue
        doc = read(path, HolidaysFile, "holidays")
        if doc is None:
            continue
        file_year = int(match.group(1))
        if doc.model.year != file_year:
            problems.append(
                doc.source.problem(("year",), ERR["year_mismatch"].format(year=doc.model.year, file_year=file_year))
            )
        found[file_year] = doc
    return found


def _load_station(folder: Path, tree: DataTree, read, problems: list[Problem]) -> StationDocs | None:
    listing = tree.scan(folder)
    problems += listing.problems
    station_path = folder / "station.yml"
    if station_path in listing.files:
        station = read(station_path, Station, "station")
    else:
        station = None
        if not any(p.file == tree.display(station_path) for p in listing.problems):  # this folder's only
            message = ERR["missing_station_file"].format(folder=folder.name)
            problems.append(Problem(tree.display(folder), Position(1, 1), message))
    docs = StationDocs(folder=folder.name, station=station) if station else None

    for path in listing.files:
        if path.suffix.lower() not in (".yml", ".yaml"):
            continue  # photos and other attachments
        name = path.name
        if path.suffix != ".yml":
            suggest = path.stem + ".yml"
            problems.append(
                Problem(tree.display(path), Position(1, 1), ERR["yaml_extension"].format(name=name, suggest=suggest))
            )
            continue
        if name == "station.yml":
            continue
        if name in FIXED_FILES:
            kind = name.removesuffix(".yml")
            doc = read(path, FIXED_FILES[name], kind)
            if docs and doc:
                setattr(docs, kind, doc)
            continue
        match = YEAR_FILE_RE.match(name)
        if not match:
            problems.append(Problem(tree.display(path), Position(1, 1), ERR["unknown_file"].format(name=name)))
            continue
        kind, file_year = match.group(1), int(match.group(2))
        doc = read(path, YEAR_FILES[kind], kind)
        if doc is None:
            continue
        if doc.model.year != file_year:
            problems.append(
                doc.source.problem(("year",), ERR["year_mismatch"].format(year=doc.model.year, file_year=file_year))
            )
        if docs:
            {"plan": docs.plans, "cases": docs.cases, "records": docs.records}[kind][file_year] = doc
    return docs


# --- turning pydantic errors into clerk-readable problems --------------------------------


def check(source: SourceFile, model: type[M], kind: str, problems: list[Problem]) -> M | None:
    """Validate one file's data against its model, appending Chinese problems."""
    if source.data is None:
        problems.append(source.problem((), ERR["file_empty"]))
        return None
    if not isinstance(source.data, dict):
        problems.append(source.problem((), ERR["file_root"]))
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors[:MAX_PROBLEMS_PER_FILE]:
            problems.append(_translate(error, source, model, kind))
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            more = ERR["more_problems"].format(count=len(errors) - MAX_PROBLEMS_PER_FILE)
            problems.append(Problem(source.display, Position(len(source.text.splitlines()) or 1, 1), more))
        return None


# The message for each kind of mistake `_translate` names: pydantic's types as it groups them, then the model's
# own (each `PydanticCustomError` in model.py). Any other is said with `value`.
TYPE_MESSAGES: dict[str, str] = {
    "choice": ERR["choice"],
    "date": ERR["date"],
    "date_range": ERR["date_range"],
    "int": ERR["int"],
    "float": ERR["float"],
    "text": ERR["text"],
    "list": ERR["list"],
    "mapping": ERR["mapping"],
    "list_short": ERR["list_short"],
    "bool": ERR["bool"],
    "empty_text": ERR["empty_text"],
    "range": ERR["range"],
    "min": ERR["min"],
    "max": ERR["max"],
    # the model's own checks
    "bidi_control": ERR["bidi_control"],
    "control_char": ERR["control_char"],
    "email_format": ERR["email_format"],
    "form_variable": ERR["form_variable"],
    "id_format": ERR["id_format"],
    "invisible_char": ERR["invisible_char"],
    "line_break": ERR["line_break"],
    "name_space": ERR["name_space"],
    "phone_format": ERR["phone_format"],
    "phone_full_width": ERR["phone_full_width"],
    "photo_path": ERR["photo_path"],
    "time_order": ERR["time_order"],
    "time_span": ERR["time_span"],
    "url_scheme": ERR["url_scheme"],
}


def _translate(error: Any, source: SourceFile, model: type[BaseModel], kind: str) -> Problem:
    loc = _data_path(source.data, error["loc"])
    record = _record_label(source.data, loc, kind)
    info, annotation = _field_at(model, loc)
    # the keys after the record are what a clerk sees as the field; an item of a plain list is named by number
    index = _record_index(source.data, loc)
    after = loc[index + 1 :] if index is not None else loc
    field_name = ".".join(str(part) for part in after if isinstance(part, str) and part) or kind
    if after and isinstance(after[-1], int):
        field_name = ERR["list_item"].format(field=field_name, number=after[-1] + 1)
    value = error.get("input")
    shown = value if isinstance(value, str) else ("" if value is None else str(value))
    if len(shown) > 40:
        shown = shown[:40] + "…"
    ctx = error.get("ctx") or {}
    etype = error["type"]
    words: dict[str, Any] = {"record": record, "field": field_name, "value": shown}

    if etype == "missing":
        title = info.title if info and info.title else field_name
        return source.problem(loc[:-1], ERR["missing"].format(**words, title=title))
    if etype == "extra_forbidden":
        key = str(loc[-1])
        parent_model = _model_at(model, loc[:-1])
        fields = _fields_by_key(parent_model) if parent_model else {}
        nested = [
            name for name, info in fields.items() if key in _fields_by_key(record_type(info.annotation) or Record)
        ]
        close = difflib.get_close_matches(key, list(fields), n=1)
        words["field"] = key
        if nested:  # `phone:` on a deputy belongs under `contact:`
            return source.problem(loc, ERR["extra_nested"].format(**words, under=nested[0]), key=True)
        hint = ERR["extra_hint"].format(suggest=close[0]) if close else ""
        return source.problem(loc, ERR["extra"].format(**words, hint=hint), key=True)

    template = {
        "enum": "choice",
        "date_from_datetime_parsing": "date",
        "date_parsing": "date",
        "date_type": "date",
        "date_from_datetime_inexact": "date",
        "int_parsing": "int",
        "int_type": "int",
        "int_from_float": "int",
        "float_parsing": "float",
        "float_type": "float",
        "string_type": "text",
        "list_type": "list",
        "model_type": "mapping",
        "model_attributes_type": "mapping",
        "dict_type": "mapping",
        "too_short": "list_short",
        "bool_parsing": "bool",
        "bool_type": "bool",
    }.get(etype, etype)
    if value is None and template in ("text", "list", "mapping", "int", "float", "date", "choice", "bool"):
        template = "empty_text"  # `key:` with nothing after it
    if template == "date" and "range" in str(error.get("msg", "")):
        template = "date_range"
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(info)
        template = "range" if low is not None and high is not None else ("min" if low is not None else "max")
        words.update(low=low, high=high)
    if template == "list_short":
        words["low"] = ctx.get("min_length", 1)
    if template == "choice":
        words["choices"] = "/".join(enum_choices(annotation) or [str(ctx.get("expected", ""))])
    message = TYPE_MESSAGES.get(template, ERR["value"])
    return source.problem(loc, message.format(**words))


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop the parts of a pydantic location that are not keys or indexes in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif node is None and isinstance(part, str):
            path.append(part)  # a key inside a value that is missing
    return tuple(path)


def _record_index(data: Any, loc: tuple[str | int, ...]) -> int | None:
    """The index in `loc` of the innermost list item that is a record (a mapping) under a list of records."""
    node, found = data, None
    for i, part in enumerate(loc):
        node = node.get(part) if isinstance(node, dict) else (node[part] if isinstance(node, list) else None)
        if isinstance(part, int) and i and loc[i - 1] in RECORD_NOUNS and isinstance(node, dict):
            found = i
    return found


def _record_label(data: Any, loc: tuple[str | int, ...], kind: str) -> str:
    index = _record_index(data, loc)
    if index is not None:
        item: Any = data
        for part in loc[: index + 1]:
            item = item[part]
        noun = RECORD_NOUNS[str(loc[index - 1])]
        name = next((item[k] for k in ("name", "title", "id") if isinstance(item.get(k), str)), None)
        return f"{noun}“{name}”" if name else f"第 {loc[index] + 1} 条{noun}"  # type: ignore[operator]
    if kind == "station" and isinstance(data, dict) and isinstance(data.get("name"), str):
        return f"站点“{data['name']}”"
    return FILE_NOUNS.get(kind, kind)


def _fields_by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """Fields by the key clerks write (`import` for `import_settings`)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _field_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[FieldInfo | None, Any]:
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = _fields_by_key(current) if current else {}
        if part not in fields:
            return None, None
        info = fields[part]
        current = record_type(info.annotation)
    return info, (info.annotation if info else None)


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    if not [p for p in loc if isinstance(p, str)]:
        return model
    _, annotation = _field_at(model, loc)
    return record_type(annotation)


def _bounds(info: FieldInfo | None) -> tuple[Any, Any]:
    low = high = None
    for item in info.metadata if info else []:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high
