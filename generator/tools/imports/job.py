"""One import: the sheet it reads, the files it touches, its state and its problems, and the stations it knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.data.load import RegionDocs
from generator.problems import Problem
from generator.strings.messages import ERR
from generator.tools.imports.merging import RegionFiles
from generator.tools.imports.names import name_key
from generator.tools.imports.reading import NAMES_SPLIT, SheetCells
from generator.tools.imports.reporting import ImportResult
from generator.tools.sheets import Sheet


@dataclass
class Job(SheetCells, RegionFiles):
    """One import under way: its sheet (`SheetCells`), its files and state (`RegionFiles`), its report."""

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
    matched: set[int] = field(default_factory=set)  # the rules rows were merged into, by identity

    def __post_init__(self) -> None:
        self.result = ImportResult(self.kind, dry_run=self.dry_run)
        self.state = self._read_state()
        self.stations = {s.station.model.id: s for s in self.docs.stations}
        self.folders = {s.station.model.id: self.data_dir / s.folder for s in self.docs.stations}


def station_lookup(job: Job) -> dict[str, str]:
    """Station names (and ids) to ids, as rows name them."""
    found: dict[str, str] = {}
    for sid, station in job.stations.items():
        found[name_key(station.station.model.name)] = sid
        found[sid] = sid
    return found


def deputies_by_name(job: Job, sid: str) -> dict[str, list[str]]:
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


def named_deputies(
    job: Job, row: int, cells: list[object], sid: str, unknown: str, elsewhere: dict[str, list[str]] | None = None
) -> list[str]:
    """The deputies a row's deputies cell names: the station's own and linked by name or id, else `elsewhere`'s.

    A name no deputy answers to (`unknown`, an `ERR` text) or several do is a problem at the cell.
    """
    station = job.stations[sid].station.model
    members = deputies_by_name(job, sid)
    deputies: list[str] = []
    for name in filter(None, NAMES_SPLIT.split(job.text(row, cells, "deputies"))):
        ids = members.get(name) or (elsewhere or {}).get(name, [])
        if len(ids) != 1:
            message = unknown if not ids else ERR["records_rota_namesake"]
            job.problem(row, "deputies", message, name=name, station=station.name, ids="、".join(ids))
            continue
        deputies.append(ids[0])
    return deputies
