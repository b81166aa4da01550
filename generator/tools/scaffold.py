"""`python -m generator new-station`: a new station folder with commented templates that pass validation.

Like `mkdocs new`, it never overwrites: an existing folder or id, an unknown
parent or a parent of the wrong kind is refused with a Chinese message before
anything is written. The files are written into a hidden folder (which the
loader skips) and renamed into place in one step, then the whole region is
validated again; should that ever fail, the new folder is removed, so the
data is either as before or complete and valid.

The comments are written from the model's field titles and descriptions
(`fields`), and the commented examples from `strings.SCAFFOLD_EXAMPLES`, so
a new field is explained in new files without editing this module. Files
follow the house style: keys in the model's order, two-space indentation,
block lists with `  - `.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.data.canonical import canonical_text, model_for
from generator.data.fields import FieldDoc, field_docs
from generator.data.load import load_region_file
from generator.data.model import CasesFile, DeputiesFile, PlanFile, Region, ScheduleFile, Station
from generator.data.values import ID_RE, PLACEHOLDER, StationKind
from generator.problems import DataError, Problem
from generator.region.assemble import RegionModel
from generator.region.formats import display_width
from generator.region.validate import validate_region
from generator.strings.guide import SCAFFOLD, SCAFFOLD_EXAMPLES
from generator.strings.messages import ERR

NOTE_COLUMN = 32  # where trailing comments start in example lines, so they read as a column
_NEEDS_QUOTES = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|:$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # dates stay plain, as clerks write them


def new_station(
    data_dir: Path,
    project_dir: Path,
    today: dt.date,
    station_id: str,
    parent_id: str | None,
    name: str,
    kind: str | None = None,
    *,
    with_cases: bool = False,
) -> list[Path]:
    """Create `data_dir/station_id` with its template files; return the files written.

    Without `parent_id` it creates the head station (总站) of a district that has none yet.
    """
    if parent_id is None:
        station = head_station(_region_without_stations(data_dir, project_dir), station_id, name)
    else:
        model = validate_region(data_dir, project_dir, today)
        station = _station(model, data_dir, station_id, parent_id, name, kind)
    folder = data_dir / station_id
    files = station_files(station, folder, project_dir, today.year, with_cases=with_cases)
    staging = data_dir / f".{station_id}.new"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        for file_name, text in files.items():
            (staging / file_name).write_text(text, encoding="utf-8")
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    try:
        validate_region(data_dir, project_dir, today)
    except DataError:
        shutil.rmtree(folder)
        raise
    return [folder / file_name for file_name in files]


def station_files(
    station: Station, folder: Path, project_dir: Path, year: int, *, with_cases: bool = False
) -> dict[str, str]:
    """The new station's files by name, commented, in the layout `fmt` keeps (so they pass `--check-format`)."""
    schema_dir = Path(os.path.relpath(project_dir / "schema", folder)).as_posix()
    name = station.name
    files = {
        "station.yml": _station_file(station, schema_dir),
        "deputies.yml": _file(DeputiesFile, {"deputies": []}, "deputies", schema_dir, name=name),
        "schedule.yml": _file(ScheduleFile, {"rules": [], "sessions": []}, "schedule", schema_dir, name=name),
        f"plan-{year}.yml": _file(
            PlanFile, {"year": year, "themes": [], "activities": []}, "plan", schema_dir, name=name, year=year
        ),
    }
    if with_cases:
        files[f"cases-{year}.yml"] = _file(
            CasesFile, {"year": year, "cases": []}, "cases", schema_dir, name=name, year=year
        )
    return {file_name: canonical_text(text, model_for(file_name)) for file_name, text in files.items()}


def region_file(region: Region, data_dir: Path, project_dir: Path) -> str:
    """region.yml for a new district, commented like the station files."""
    schema_dir = Path(os.path.relpath(project_dir / "schema", data_dir)).as_posix()
    values = region.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    return canonical_text(_file(Region, values, "region", schema_dir, name=region.name), Region)


def _region_without_stations(data_dir: Path, project_dir: Path) -> Region:
    """The district's region.yml when it has no station yet; a district that has one needs `--parent`."""
    if data_dir.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in data_dir.iterdir()):
        model = validate_region(data_dir, project_dir, dt.date.today())
        heads = "、".join(f"{e.id}（{e.station.name}）" for e in model.roots)
        raise DataError([Problem.general(ERR["new_station_need_parent"].format(heads=heads))])
    return load_region_file(data_dir, project_dir)


def head_station(region: Region, station_id: str, name: str) -> Station:
    """A district's first station, the head (总站): what the clerk must still write is 待填写."""
    if len(station_id) > 40 or not ID_RE.match(station_id):
        raise DataError([Problem.general(ERR["new_station_id"].format(id=station_id))])
    try:
        return Station(
            id=station_id,
            name=name,
            kind=StationKind.HEAD,
            area=[region.name],
            address=PLACEHOLDER,
            hours=PLACEHOLDER,
            phone=PLACEHOLDER,
            managed_by=region.organizer,
        )
    except ValidationError:
        raise DataError([Problem.general(ERR["new_station_name"].format(name=name))]) from None


def _station(
    model: RegionModel, data_dir: Path, station_id: str, parent_id: str, name: str, kind: str | None
) -> Station:
    """The new station's record, or DataError saying why it cannot be made."""

    def refuse(message: str, **words: Any) -> DataError:
        return DataError([Problem.general(message.format(**words))])

    if len(station_id) > 40 or not ID_RE.match(station_id):
        raise refuse(ERR["new_station_id"], id=station_id)
    if station_id in model.stations:
        raise refuse(ERR["new_station_taken"], id=station_id)
    if (data_dir / station_id).exists():
        raise refuse(ERR["new_station_exists"], path=(data_dir / station_id).as_posix())
    parent = model.stations.get(parent_id)
    if parent is None:
        raise refuse(ERR["new_station_parent"], id=parent_id, known="、".join(model.stations))
    parent_kind = parent.station.kind
    if kind is None:
        if parent_kind is StationKind.POINT:
            raise refuse(ERR["new_station_leaf"], parent=parent_id)
        new_kind = list(StationKind)[parent_kind.depth + 1]
    else:
        new_kind = StationKind(kind)
        if new_kind.depth <= parent_kind.depth:
            raise refuse(ERR["new_station_kind"], parent=parent_id, parent_kind=parent_kind.value, kind=new_kind.value)
    try:
        return Station(
            id=station_id,
            name=name,
            kind=new_kind,
            parent=parent_id,
            area=parent.station.area,
            address=PLACEHOLDER,
            hours=PLACEHOLDER,
            phone=PLACEHOLDER,
            managed_by=PLACEHOLDER,
        )
    except ValidationError:
        raise refuse(ERR["new_station_name"], name=name) from None


def _station_file(station: Station, schema_dir: str) -> str:
    """station.yml: what the command knows filled in, the rest explained and shown commented out."""
    values = station.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    values["staff"] = []
    notes = {"area": SCAFFOLD["area_note"]}
    notes |= {key: SCAFFOLD["todo_note"] for key in ("address", "hours", "phone", "managed_by")}
    return _file(Station, values, "station", schema_dir, notes=notes, name=station.name)


# --- writing commented YAML ------------------------------------------------------------------


def _file(
    model: type[BaseModel],
    values: dict[str, Any],
    kind: str,
    schema_dir: str,
    *,
    notes: dict[str, str] | None = None,
    **words: Any,
) -> str:
    """A whole file: schema line, what the file is, then each field with its explanation above it."""
    lines = [
        f"# yaml-language-server: $schema={schema_dir}/{kind}.schema.json",
        f"# {SCAFFOLD['schema_note']}",
        f"# {SCAFFOLD[f'{kind}_head'].format(**words)}",
    ]
    examples = SCAFFOLD_EXAMPLES.get(model.__name__, {})
    for doc in field_docs(model):
        lines.append("")
        lines.append(f"# {_explain(doc, (notes or {}).get(doc.key))}")
        if doc.record and doc.is_list:  # a list of records: show a commented example of one
            example = {doc.key: [SCAFFOLD_EXAMPLES[doc.record.__name__]]}
            how = SCAFFOLD["example"].format(key=doc.key) if doc.key in values else SCAFFOLD["example_optional"]
            lines.append(f"# {how}")
            lines += ["# " + line for line in _lines(model, example, 0, with_notes=True)]
        if doc.key in values:
            lines += _lines(model, {doc.key: values[doc.key]}, 0, with_notes=False)
        elif not doc.is_list or not doc.record:
            example = {doc.key: examples[doc.key]} if doc.key in examples else {doc.key: None}
            lines += ["# " + line for line in _lines(model, example, 0, with_notes=doc.record is not None)]
    return "\n".join(lines) + "\n"


def _explain(doc: FieldDoc, extra: str | None = None) -> str:
    """One field in words: 来源渠道（必填）：可填 来访、扫码、…"""
    details = [doc.description] if doc.description else []
    if doc.choices and not all(choice in (doc.description or "") for choice in doc.choices):
        details.append(SCAFFOLD["choices"].format(choices="、".join(doc.choices)))
    if doc.default is not None:
        details.append(SCAFFOLD["default"].format(default=doc.default))
    if extra:
        details.append(extra)
    text = f"{doc.title}（{SCAFFOLD['required'] if doc.required else SCAFFOLD['optional']}）"
    return f"{text}：{'；'.join(details)}" if details else text


def _lines(model: type[BaseModel], data: dict[str, Any], indent: int, *, with_notes: bool) -> list[str]:
    """`data` (keys of `model`) as block YAML, keys in the model's order; notes trail each key when asked."""
    pad = " " * indent

    def noted(line: str, doc: FieldDoc) -> str:  # top-level keys are explained above them instead
        return _noted(line, doc) if with_notes and indent else line

    lines: list[str] = []
    for doc in field_docs(model):
        if doc.key not in data:
            if with_notes and indent:  # inside an example: show every key a record can have
                lines.append(noted(f"{pad}{doc.key}:", doc))
            continue
        value = data[doc.key]
        head = f"{pad}{doc.key}:"
        if isinstance(value, dict) and doc.record:
            lines.append(noted(head, doc))
            lines += _lines(doc.record, value, indent + 2, with_notes=with_notes)
        elif isinstance(value, list) and value:
            lines.append(noted(head, doc))
            for item in value:
                if isinstance(item, dict) and doc.record:
                    item_lines = _lines(doc.record, item, indent + 4, with_notes=with_notes)
                    first = item_lines[0]
                    lines.append(f"{pad}  - {first[indent + 4 :]}")
                    lines += item_lines[1:]
                else:
                    lines.append(f"{pad}  - {_scalar(item)}")
        elif isinstance(value, list):  # empty: `key: []` keeps the key there to fill in
            lines.append(noted(f"{head} []", doc))
        elif isinstance(value, str) and "\n" in value:
            lines.append(noted(f"{head} |", doc))
            lines += [f"{pad}  {line}" for line in value.rstrip("\n").split("\n")]
        else:
            text = f"{head} {_scalar(value)}".rstrip() if value is not None else head
            lines.append(noted(text, doc))
    return lines


def _noted(line: str, doc: FieldDoc) -> str:
    return f"{line}{' ' * (NOTE_COLUMN - display_width(line))} # {_explain(doc)}"


def _scalar(value: Any) -> str:
    """A scalar as YAML: plain when it reads back as the same text, else double-quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value.value if isinstance(value, Enum) else value)
    if _DATE.match(text):
        return text
    try:
        plain = yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    if plain and text == text.strip() and not _NEEDS_QUOTES.search(text):
        return text
    return json.dumps(text, ensure_ascii=False)
