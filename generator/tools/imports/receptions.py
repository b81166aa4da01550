"""`import receptions`: a reception register (接待登记表) into each station's records-<year>.yml.

A row is one reception day: its date and time, the deputies who came (a station's own, linked, or
any deputy of the region standing in), how many residents and matters, or why it was not held. It
is matched to the file's record of the same date and time.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from generator.strings.messages import ERR, SAID
from generator.strings.sheets import SHEET_WORDS
from generator.tools import sheets
from generator.tools.imports.job import Job, named_deputies, station_lookup
from generator.tools.imports.merging import merge_or_add, plain, report_missing, year_list
from generator.tools.imports.names import name_key
from generator.tools.imports.reading import SPAN, date_cell, free_text, shown_cell


def import_receptions(job: Job, _: str | None) -> None:
    """接待登记表 into each station's records-<year>.yml: one record a row, matched by date (and time)."""
    lookup = station_lookup(job)
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
        sid = lookup.get(name_key(written))
        if sid is None:
            job.problem(row, "station", ERR["records_unknown_station"], name=written)
            continue
        record = _read_row(job, row, cells, sid, everyone)
        if record is None:
            continue
        key = f"{sid}|{record['date']}|{record['time'] or ''}"
        if key in seen:
            job.problem(row, "date", ERR["records_reception_twice"], date=record["date"], other=seen[key])
            continue
        seen[key] = row
        job.new_state[key] = {k: v for k, v in record.items() if v not in (None, [])}
        by_file.setdefault((sid, int(record["date"][:4])), []).append((key, record))
    if job.problems:
        return
    _write_records(job, by_file)
    report_missing(job, set(seen), lambda key, rec: " ".join(filter(None, key.split("|"))), "reception")


def _read_row(
    job: Job, row: int, cells: list[object], sid: str, everyone: dict[str, list[str]]
) -> dict[str, Any] | None:
    """One row as a reception record, or None after saying what is wrong (every problem of the row, not the first)."""
    problems_before = len(job.problems)
    date = date_cell(job, row, cells, "date", set())
    if date is None and len(job.problems) == problems_before:
        job.problem(row, "date", ERR["records_received_missing"])
    time = sheets.plain(job.text(row, cells, "time")) or None
    if time is not None:
        try:
            time = SPAN.validate_python(time)
        except ValidationError:
            job.problem(row, "time", ERR["records_rota_time"], value=time)
    held_text = job.text(row, cells, "held")
    held = not held_text or sheets.yes(held_text)
    unknown_held = bool(held_text) and not held and held_text.lower() not in SHEET_WORDS["no"]
    if unknown_held:
        job.problem(row, "held", ERR["records_held"], value=shown_cell(held_text))
    deputies = named_deputies(job, row, cells, sid, ERR["records_reception_deputy"], everyone)
    counts = {key: _count(job, row, cells, key) for key in ("visitors", "matters")}
    reason = free_text(job, row, cells, "reason", [], []) if "reason" in job.sheet.columns else None
    note = free_text(job, row, cells, "note", [], []) if "note" in job.sheet.columns else None
    if not held and not unknown_held and not reason:
        job.problem(row, "reason" if "reason" in job.sheet.columns else "held", ERR["records_not_held_reason"])
    if len(job.problems) > problems_before or date is None:
        return None
    return {
        "date": date,
        "time": time,
        "held": None if held else False,
        "deputies": list(dict.fromkeys(deputies)),
        "visitors": counts["visitors"],
        "matters": counts["matters"],
        "note": note,
        "reason": reason,
    }


def _write_records(job: Job, by_file: dict[tuple[str, int], list[tuple[str, dict[str, Any]]]]) -> None:
    """Each record merged into the one of its date and time in its station's year file, else added there."""
    for (sid, year), records in sorted(by_file.items()):
        name = job.stations[sid].station.model.name
        header = SAID["import_receptions_header"].format(station=name, year=year)
        items = year_list(job, job.folders[sid] / f"records-{year}.yml", header, "records")
        for key, record in records:
            label = f"{name} {record['date']}"
            found = next(
                (
                    r
                    for r in items
                    if isinstance(r, CommentedMap)
                    and str(plain(r.get("date"))) == record["date"]
                    and (plain(r.get("time")) or None) == record["time"]
                ),
                None,
            )
            merge_or_add(job, items, found, key, record, label, "reception", CommentedMap())


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
        job.problem(row, key, ERR["records_number"], value=shown_cell(written))
        return None
    return int(number)
