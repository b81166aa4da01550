"""`import rota`: a reception rota into each station's schedule.yml rules, from the day the sheet takes effect.

A row's words (每月第一个周三上午) become rules through `tools/rota`; a time not written is the
station's hours for that part of the day. The same day and time is the same rule from one year's
rota to the next: it goes on, keeping its start; one an earlier rota wrote that this one no longer
lists ends the day before this one begins, so past years keep their sessions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.data.model import Station
from generator.data.privacy import Kind
from generator.strings.messages import ERR, IMPORT_WORDS, SAID
from generator.strings.sheets import SHEET_WORDS
from generator.tools import rota as rota_rules
from generator.tools import sheets
from generator.tools.imports.job import Job, named_deputies, station_lookup
from generator.tools.imports.merging import plain, report_missing, yaml_value
from generator.tools.imports.names import name_key
from generator.tools.imports.reading import SPAN, date_cell

_SHAPE = ("repeat", "day", "weekday", "week", "months", "time")


def _rule_shape(rule: dict) -> tuple:
    """What makes a rule the same rule from one rota to the next: its day and time, not its deputies or dates."""
    return tuple(plain(rule.get(k)) for k in _SHAPE)


def _rota_start(job: Job) -> tuple[dt.date, str]:
    """The day the sheet's rules take effect: as its title or file name says, else 1 January of this year;
    with the line that says so, for the report when a row uses it."""
    said = rota_rules.takes_effect(job.sheet.title, job.file_name)
    if said is not None:
        start, words = said
        return start, SAID["records_rota_start"].format(date=start.isoformat(), words=words)
    start = dt.date(job.today.year, 1, 1)
    return start, ERR["records_rota_no_year"].format(date=start.isoformat(), year=start.year)


def import_rota(job: Job, _: str | None) -> None:
    """Each row's rules into its station's schedule.yml, then the rules this rota no longer lists ended."""
    lookup = station_lookup(job)
    present: set[str] = set()
    listed: set[str] = set()  # stations with a row in the sheet: only their rules can have ended
    start, note = _rota_start(job) if job.sheet.rows else (job.today, None)
    said = len(job.result.details)
    own_starts = True  # every row says its own start (as `export` writes them): the sheet's start is not used
    for row, cells in job.sheet.rows:
        station_name = job.text(row, cells, "station")
        when = job.text(row, cells, "when")
        if not station_name and not when:
            continue
        sid = lookup.get(name_key(station_name))
        if sid is None:
            job.problem(row, "station", ERR["records_unknown_station"], name=station_name)
            continue
        listed.add(sid)
        dates = _rule_dates(job, row, cells, start)
        own_starts = own_starts and dates[2]
        _import_row(job, row, cells, sid, when, dates[:2], present)
    ended = job.result.counts["ended_rule"]
    _end_gone_rules(job, present, listed, start)
    if note is not None and not (own_starts and job.result.counts["ended_rule"] == ended):
        job.result.details.insert(said, note)  # when the sheet's rules begin: said only when used
    report_missing(job, present, _rule_label, "rule")


def _rule_dates(job: Job, row: int, cells: list[object], start: dt.date) -> tuple[str | None, str | None, bool]:
    """A row's start and end, and whether it says its own start: else its rules begin when the sheet does.

    不限 as the start is a rule of no start: it always applied.
    """
    always = job.text(row, cells, "start") in SHEET_WORDS["always"]
    keys = ("end",) if always else ("start", "end")
    dates = {key: date_cell(job, row, cells, key, set(), past=False) for key in keys}
    rule_start = None if always else dates["start"] or start.isoformat()
    return rule_start, dates["end"], always or dates["start"] is not None


def _import_row(
    job: Job,
    row: int,
    cells: list[object],
    sid: str,
    when: str,
    dates: tuple[str | None, str | None],
    present: set[str],
) -> None:
    """The rules one row's words make (每月第一个、第三个周三 is two), each merged by its key: the row's words and
    its place among them, so a re-import of the same row finds the same rules."""
    rule_start, rule_end = dates
    if rule_end and rule_start and rule_end < rule_start:
        job.problem(row, "end", ERR["records_rota_dates"], start=rule_start, end=rule_end)
        return
    time_cell = sheets.plain(job.text(row, cells, "time"))
    note = job.text(row, cells, "note")
    parsed = rota_rules.parse(when, time_cell, note)
    if parsed.unknown or not parsed.rules:
        job.problem(row, "when", ERR["records_rota_unknown"], words="、".join(parsed.unknown) or when)
        return
    if parsed.school_pause:
        job.problem(
            row,
            "note" if parsed.school_pause in note else "when",
            ERR["records_rota_school"],
            words=parsed.school_pause,
        )
        return
    station = job.stations[sid].station.model
    time = _time(job, row, parsed, station)
    if time is None:
        return
    deputies = named_deputies(job, row, cells, sid, ERR["records_rota_deputy"])
    place = job.text(row, cells, "place", public=frozenset({Kind.ADDRESS})) or None
    topic = job.text(row, cells, "topic") or None
    for index, shape in enumerate(parsed.rules):
        key = f"{sid}|{name_key(when)}|{time_cell}|{name_key(note)}|{index}"
        if key in present:  # the same words again (two rules of the same day, as `export` writes them)
            key = f"{key}|{sum(k.startswith(key) for k in present) + 1}"
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
        # the fields the rule has, then the empty ones the sheet may clear (a merge removes them from the file)
        record = {k: v for k, v in record.items() if v not in (None, [])} | {k: record[k] for k in _CLEARABLE}
        _merge_rule(job, sid, key, record, f"{station.name} {when}")
        job.new_state[key] = {"station": sid, **{k: v for k, v in record.items() if v not in (None, [])}}


_CLEARABLE = (
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
    "start",
    "end",
)


def _time(job: Job, row: int, parsed: rota_rules.ParsedRota, station: Station) -> str | None:
    """A rule's time: as the row writes it, else the station's hours for the part of the day it names (上午)."""
    time = parsed.time
    if time is None:
        time = rota_rules.hours_for(station.hours, parsed.part or "all_day")
        if time is None:
            job.problem(row, "time" if "time" in job.sheet.columns else "when", ERR["records_rota_hours"],
                        station=station.name, hours=station.hours, part=IMPORT_WORDS[f"part_{parsed.part or 'all_day'}"])  # fmt: skip
            return None
    try:
        return SPAN.validate_python(time)
    except ValidationError:
        job.problem(row, "time", ERR["records_rota_time"], value=time)
        return None


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
        if found is None or found.get("end") or plain(found.get("start")) != base["start"]:
            continue
        found["end"] = yaml_value(last)
        present.add(key)
        job.new_state[key] = {**base, "end": last}
        job.result.counts["ended_rule"] += 1
        job.result.details.append(SAID["records_rota_ended"].format(record=_rule_label(key, base), date=last))


def _merge_rule(job: Job, sid: str, key: str, record: dict[str, Any], label: str) -> None:
    data = job.load(job.folders[sid] / "schedule.yml", "rules: []\nsessions: []\n")
    rules = data.get("rules")
    if not isinstance(rules, CommentedSeq):
        rules = data["rules"] = CommentedSeq(rules or [])
    base = job.base.get(key)
    targets = [_rule_shape(base)] if base else []
    targets.append(_rule_shape(record))
    found = next(
        (
            r
            for t in targets
            for r in rules
            if isinstance(r, CommentedMap) and _rule_shape(r) == t and id(r) not in job.matched
        ),
        None,
    )
    if found is not None:
        job.matched.add(id(found))  # a second row of the same day and time is the second such rule
        _keep_earlier_start(found, record)
        if job.merge(found, record, {k: v for k, v in base.items() if k != "station"} if base else None, label):
            job.result.counts["updated_rule"] += 1
        return
    if base is not None:
        job.result.details.append(SAID["records_deleted_by_hand"].format(record=label))
        return
    rule = CommentedMap()
    for k, v in record.items():
        if v not in (None, []):
            rule[k] = yaml_value(v)
    if rules.fa.flow_style():
        rules = data["rules"] = CommentedSeq(rules)
    rules.append(rule)
    job.result.counts["added_rule"] += 1


def _keep_earlier_start(found: CommentedMap, record: dict[str, Any]) -> None:
    """A rule a later year's rota lists again goes on: it keeps the start it had, so past years keep their sessions.

    Only when it began in an earlier year and runs on without a break (no end, or an end that
    reaches the new start); within the same year the sheet's start is a correction and is merged.
    """
    had, new = plain(found.get("start")), record.get("start")
    if not had or not new or had[:4] >= new[:4]:
        return
    end = plain(found.get("end"))
    if end is None or dt.date.fromisoformat(end) >= dt.date.fromisoformat(new) - dt.timedelta(days=1):
        record["start"] = had
