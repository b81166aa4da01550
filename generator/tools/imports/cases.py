"""`import cases`: a handled register into each station's cases-<year>.yml, one case a row.

A row's status is read, or inferred from the dates and texts it has; its steps' dates must be in
order and none past its status. Summaries and replies are scrubbed of the resident's name, phone,
ID number and address (their own columns, read only for that). A case's id is the sheet's, else a
hash of its date and text, so a re-import finds it again; a register too large for one file is
refused before any YAML is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.data.files import MAX_DATA_BYTES, megabytes
from generator.data.model import CASE_STEPS, CaseStatus, Channel, Satisfaction
from generator.data.privacy import Kind
from generator.problems import Position, Problem
from generator.strings.messages import ERR, IMPORT_WORDS, SAID
from generator.strings.sheets import CHANNEL_WORDS, SATISFACTION_WORDS, SHEET_COLUMNS, STATUS_WORDS
from generator.tools import sheets
from generator.tools.imports.job import Job, deputies_by_name, station_lookup
from generator.tools.imports.merging import from_sheet, merge_or_add, report_missing, year_list
from generator.tools.imports.names import MAX_ID, name_key
from generator.tools.imports.reading import date_cell, free_text, shown_cell


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
    known: set[tuple[str, str]] = field(default_factory=set)  # (station, case id) of the cases in the files


def import_cases(job: Job, station: str | None) -> None:
    settings = job.docs.region.model.import_settings
    register = _Register(
        station_lookup(job),
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
    register.known = set(existing)
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
            job.problem(row, "id" if written_id else "summary", ERR["records_twice"], name=case_id, other=seen[key])
            continue
        seen[key] = row
        present.add(key)
        job.new_state[key] = {k: v for k, v in record.items() if v not in (None, [])}
        if (sid, case_id) in existing:
            sources = {
                "status": ("status", "satisfaction", "replied", "reply", "assigned", "department"),
                "undated": ("received",),
            }
            record = from_sheet(record, job.sheet.columns, sources)
        by_file.setdefault((sid, int(record["received"][:4])), []).append((case_id, record))
    if register.reasonless:
        rows = register.reasonless
        shown = "、".join(map(str, rows[:10])) + (
            IMPORT_WORDS["more_rows"].format(count=len(rows)) if len(rows) > 10 else ""
        )
        _, header, aliases, *_ = next(c for c in SHEET_COLUMNS["cases"] if c[0] == "reason")
        job.problem(rows[0], "status", ERR["records_reason_column"], rows=shown, headers="、".join((header, *aliases)),
                    setting="import.cases.columns.reason")  # fmt: skip
    _refuse_oversize(
        job, {job.folders[sid] / f"cases-{year}.yml": [r for _, r in c] for (sid, year), c in by_file.items()}
    )
    if job.problems:
        return
    for (sid, year), cases in sorted(by_file.items()):
        path = job.folders[sid] / f"cases-{year}.yml"
        header = SAID["import_cases_header"].format(station=job.stations[sid].station.model.name, year=year)
        items = year_list(job, path, header, "cases")
        by_id = {c.get("id"): c for c in items if isinstance(c, CommentedMap)}  # a register holds thousands
        for case_id, record in cases:
            key = f"{sid}|{case_id}"
            label = f"{job.stations[sid].station.model.name} {case_id}"
            old = existing.get((sid, case_id))
            if old is not None and old != year:
                job.result.details.append(ERR["records_kept_edit"].format(record=label, field="received"))
                continue
            found = by_id.get(case_id)
            added = merge_or_add(job, items, found, key, record, label, "case", CommentedMap(id=case_id))
            if added:
                by_id[case_id] = items[-1]
            if added and record.get("undated"):
                job.result.counts["undated_case"] += 1
    report_missing(job, present, lambda key, rec: key.replace("|", " "), "case")


def _case_row(
    job: Job, register: _Register, row: int, cells: list[object]
) -> tuple[str, str, dict[str, Any], str] | None:
    """One register row as (station, case id, case fields, written id), or None after saying what is wrong.

    Every cell of the row is read before it is refused, so a clerk sees all of a row's problems at once.
    """
    summary_cell = job.value(cells, "summary")
    if not sheets.text(summary_cell):
        if any(sheets.text(c) for c in cells):
            job.problem(row, "summary", ERR["records_blank"], what=IMPORT_WORDS["case"])
        return None
    sid = _station(job, register, row, cells)
    if sid is None:
        return None
    problems_before = len(job.problems)
    bad: set[str] = set()
    dates = {
        key: date_cell(job, row, cells, key, bad) for key in ("received", "assigned", "processing", "replied", "rated")
    }
    if dates["received"] is None and "received" not in bad:
        job.problem(row, "received", ERR["records_received_missing"])
    names, private = _resident(job, cells)
    summary, reply = (free_text(job, row, cells, key, names, private) for key in ("summary", "reply"))
    status, satisfaction, department = _status(job, row, cells, dates, bad, reply)
    reason = _reason(job, register, row, cells, status, names, private)
    channel_text = job.text(row, cells, "channel")
    channel = _word(channel_text, CHANNEL_WORDS) if channel_text else register.channel
    if channel is None:
        _not_a_choice(job, row, "channel", channel_text, Channel)
    category_text = job.text(row, cells, "category")
    category = register.categories.get(category_text) or category_text or register.category
    deputy = _deputy(job, row, cells, sid)
    if len(job.problems) > problems_before or dates["received"] is None or summary is None:
        return None
    undated = _undated(job, row, status, dates)
    if undated is None or len(job.problems) > problems_before:
        return None
    case_id, written_id = _case_id(job, row, cells, dates["received"], summary_cell)
    if (sid, written_id) in register.known:  # the case's own id, as `export` writes it: 2026-001
        case_id = written_id
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
    return sid, case_id, record, written_id


def _station(job: Job, register: _Register, row: int, cells: list[object]) -> str | None:
    """The row's station: `--station` for a sheet without the column, else the one the row names (or `--station`
    when it names none); None after saying no station answers."""
    if register.station is not None and "station" not in job.sheet.columns:
        return register.station
    written = job.text(row, cells, "station")
    sid = register.lookup.get(name_key(written)) if written else register.station
    if sid is None:
        job.problem(row, "station", ERR["records_unknown_station"], name=written)
    return sid


def _resident(job: Job, cells: list[object]) -> tuple[list[str], list[tuple[str, Kind]]]:
    """The resident's name, phone, ID number and address from their own columns: read only to be scrubbed out."""
    names = [n for n in [sheets.one_line(job.value(cells, "name"))] if n] if "name" in job.sheet.columns else []
    private = [
        (sheets.one_line(job.value(cells, k)), kind)
        for k, kind in (("phone", Kind.MOBILE), ("id_number", Kind.ID_NUMBER), ("address", Kind.ADDRESS))
        if k in job.sheet.columns and sheets.one_line(job.value(cells, k))
    ]
    return names, private


def _not_a_choice(job: Job, row: int, key: str, text: str | None, choices: type[Enum]) -> None:
    """A cell that names none of the values its column may take: the problem lists them, so the clerk can pick."""
    known = "、".join(choice.value for choice in choices)
    job.problem(row, key, ERR["records_choice"], value=shown_cell(text), known=known)


def _status(
    job: Job, row: int, cells: list[object], dates: dict[str, str | None], bad: set[str], reply: str | None
) -> tuple[str, str | None, str | None]:
    """The case's status, satisfaction and department: the status as written, else as far as the row's dates and
    texts show the case went; a status that needs a reply, its date or a rating the row lacks is a problem."""
    status_text = job.text(row, cells, "status")
    satisfaction_text = job.text(row, cells, "satisfaction")
    satisfaction = _word(satisfaction_text, SATISFACTION_WORDS) if satisfaction_text else None
    if satisfaction_text and satisfaction is None:
        _not_a_choice(job, row, "satisfaction", satisfaction_text, Satisfaction)
    status = _word(status_text, STATUS_WORDS) if status_text else None
    if status_text and status is None:
        _not_a_choice(job, row, "status", status_text, CaseStatus)
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
        job.problem(row, "satisfaction", ERR["records_need"], what=IMPORT_WORDS["field_satisfaction"], status=status)
    if status in ("已答复", "已评价"):
        if dates["replied"] is None and "replied" not in bad:
            job.problem(row, _or_status(job, "replied"), ERR["records_need_date"], status=status)
        if not reply and "reply" not in bad:
            job.problem(
                row, _or_status(job, "reply"), ERR["records_need"], what=IMPORT_WORDS["field_reply"], status=status
            )
    return status, satisfaction, department


def _reason(
    job: Job,
    register: _Register,
    row: int,
    cells: list[object],
    status: str,
    names: list[str],
    private: list[tuple[str, Kind]],
) -> str | None:
    """Why a case was not accepted, read only on a 不予受理 row: a 备注 column read as the reason may say anything
    on other rows. A sheet without the column is one problem for the sheet, said after every row."""
    if status != "不予受理":
        return None
    if "reason" not in job.sheet.columns:
        register.reasonless.append(row)
        return None
    before = len(job.problems)
    reason = free_text(job, row, cells, "reason", names, private)
    if not reason and len(job.problems) == before:
        job.problem(row, "reason", ERR["records_need"], what=IMPORT_WORDS["field_reason"], status=status)
    return reason


def _deputy(job: Job, row: int, cells: list[object], sid: str) -> str | None:
    """The deputy a case was given to: one of the station's by name or id, else the only one of that name."""
    deputy_name = sheets.compact(job.value(cells, "deputy"))
    if not deputy_name:
        return None
    ids = deputies_by_name(job, sid).get(deputy_name) or [
        d.id for s in job.stations.values() if s.deputies for d in s.deputies.model.deputies if d.name == deputy_name
    ]
    if len(ids) == 1:
        return ids[0]
    message = ERR["records_rota_deputy"] if not ids else ERR["records_rota_namesake"]
    name = shown_cell(deputy_name)
    job.problem(row, "deputy", message, name=name, station=job.stations[sid].station.model.name, ids="、".join(ids))
    return None


def _undated(job: Job, row: int, status: str, dates: dict[str, str | None]) -> list[str] | None:
    """The steps up to the status the row gives no date for (a reply's date is needed), or None when its dates are
    out of order; a date of a step past the status is a problem too."""
    order = [s for s, _ in CASE_STEPS]
    reached = 0 if status == "不予受理" else order.index(CaseStatus(status))
    known = [dates[key] for _, key in CASE_STEPS[: reached + 1] if dates[key]]
    if known != sorted(known):
        job.problem(row, None, ERR["records_date_order"])
        return None
    for step, key in CASE_STEPS[reached + 1 :]:
        if dates[key]:
            job.problem(row, key, ERR["records_step_extra"], status=status, step=step.value)
    return [
        step.value for step, key in CASE_STEPS[1 : reached + 1] if not dates[key] and step is not CaseStatus.REPLIED
    ]


def _case_id(job: Job, row: int, cells: list[object], received_on: str, summary_cell: object) -> tuple[str, str]:
    """The case's id and the id the row writes: its received date, then the written id or a hash of date and text,
    so the same row imported again is the same case."""
    written_id = re.sub(r"[^a-z0-9]+", "-", job.text(row, cells, "id").lower()).strip("-")
    received = dt.date.fromisoformat(received_on)
    content = re.sub(r"\s+", "", sheets.text(summary_cell))
    digest = hashlib.sha256(f"{received}|{content}".encode()).hexdigest()
    # never all digits: 2025-0806-12345678 would read as a bank card number to the privacy guard
    tail = written_id or (digest[:8] if not digest[:8].isdigit() else "c" + digest[:7])
    return f"{received.year}-{received:%m%d}-{tail}"[:MAX_ID].rstrip("-"), written_id


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


def _or_status(job: Job, key: str) -> str:
    return key if key in job.sheet.columns else "status"
