"""`python -m generator import stations|deputies|rota|cases|receptions FILE`: the records a district already keeps, merged in.

Districts keep their stations, deputies, reception rota and handled register in
spreadsheets. Each kind of sheet is read (`tools/sheets`, then `reading`: its
columns found, its cells read), its rows become records in the module of its
kind (`stations`, `deputies`, `rota`, `cases`, `receptions`; ids from pypinyin
in `names`: readable, stable, collisions numbered `wang-fang-2`) and the
records are merged into `stations/` (`merging`): new ones added, ones this
command made before updated where the sheet changed and the file was not
edited by hand since (a three-way merge against what the last import wrote,
kept in `stations/.import/<kind>.json`), ones gone from the sheet reported,
never deleted. A rota's rules begin when its sheet says (`tools/rota.takes_effect`:
its title's year, else this year, said in the report); a rule an earlier rota
wrote that a later one no longer lists is given an end, the day before the
later one begins, so past years keep their sessions and the new year has none
of it. Files are edited round-trip (ruamel.yaml: comments, order and hand
edits stay) and written in the canonical layout of `fmt`. What it did is
said by `reporting`.

It must never write anything private: ID numbers, birth dates and home
addresses are never read; a deputy's phone is written only where a column says
the deputy agreed; free text is scrubbed with `privacy.scrub`, and a personal
value anywhere else stops the import at its row and column, shown masked. It is
all-or-nothing: every problem of the sheet is collected first, then the whole
region is validated with the new texts (`validate_region(..., overlay=...)`),
and only then is each file replaced atomically. `--dry-run` says what would
change and writes nothing. `sheet_state` is the state an import of a sheet
would leave, without merging it: `export` records it for the sheet it writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.atomic import write_atomically
from generator.data.load import load_region
from generator.problems import DataError, Problem
from generator.region.validate import validate_region
from generator.strings.messages import ERR
from generator.strings.sheets import SHEET_KINDS
from generator.tools.imports.cases import import_cases
from generator.tools.imports.deputies import import_deputies
from generator.tools.imports.job import Job
from generator.tools.imports.merging import STATE_DIR, state_text
from generator.tools.imports.names import person_id, station_id, station_stem
from generator.tools.imports.reading import open_sheet
from generator.tools.imports.receptions import import_receptions
from generator.tools.imports.reporting import ImportResult, print_result
from generator.tools.imports.rota import import_rota
from generator.tools.imports.stations import import_stations

__all__ = [
    "KINDS",
    "ImportResult",
    "import_records",
    "person_id",
    "print_result",
    "sheet_state",
    "station_id",
    "station_stem",
]

KINDS = tuple(SHEET_KINDS)
IMPORTERS = {
    "stations": import_stations,
    "deputies": import_deputies,
    "rota": import_rota,
    "cases": import_cases,
    "receptions": import_receptions,
}


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
    job = _run(kind, data_dir, project_dir, path, today, dry_run=dry_run, station=station)
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


def sheet_state(kind: str, data_dir: Path, project_dir: Path, path: Path, today: dt.date) -> tuple[Path, str]:
    """The state file an import of `path` would leave (`stations/.import/<kind>.json`), and its text.

    `export` records it for the sheet it writes: that sheet is then what "the last import" said, so an
    edit in the sheet is told from a hand edit in the files by the same three-way merge as any import.
    Raises DataError if the sheet does not read back.
    """
    job = _run(kind, data_dir, project_dir, path, today, dry_run=True, station=None)
    return data_dir / STATE_DIR / f"{kind}.json", state_text(job.new_state)


def _run(
    kind: str, data_dir: Path, project_dir: Path, path: Path, today: dt.date, *, dry_run: bool, station: str | None
) -> Job:
    """Read one sheet and merge it into the files in memory; DataError with every problem of the sheet."""
    docs = load_region(data_dir, project_dir)
    sheet, too_long = open_sheet(kind, docs, path, station)
    job = Job(kind, data_dir, project_dir, docs, sheet, today, problems=too_long, dry_run=dry_run, file_name=path.stem)
    job.result.notes = sheet.skipped_notes
    if station is not None and station not in job.stations:
        raise DataError([Problem.general(ERR["unknown_station"].format(ids=station))])
    IMPORTERS[kind](job, station)
    if job.problems:
        raise DataError(sorted(job.problems, key=lambda p: (p.position, p.message)))
    return job
