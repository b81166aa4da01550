"""Checks that keep the published schedule honest: announced ahead, never stale.

A session must be public at least `notice_days` before it happens. Each build
writes a manifest of the sessions it published (`sessions.json` in the site);
the next check compares against it and warns about sessions that appear, or
change, inside the notice window. It also warns when a station has nothing
scheduled for the next `STALE_DAYS`, when the official holiday calendar
does not cover a year the schedule reaches into, and passes on the warnings
found while linking (a declared holiday year that differs from the package's).
Warnings never block a build. A warning about a line of a file carries it, as
an error does, so a pull request shows it on that line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.problems import Problem, one_line
from generator.region.assemble import RegionModel, Upcoming
from generator.region.formats import date_cn
from generator.strings.messages import ERR

MANIFEST = "sessions.json"
STALE_DAYS = 30


def session_id(upcoming: Upcoming) -> str:
    o = upcoming.occurrence
    return f"{upcoming.station.id}|{o.date.isoformat()}|{o.time}"


def manifest(model: RegionModel) -> str:
    """The sessions this build publishes, as stable JSON."""
    sessions = sorted(
        session_id(u) for entry in model.stations.values() for u in entry.upcoming if not u.occurrence.cancelled
    )
    return json.dumps({"generated": model.today.isoformat(), "sessions": sessions}, ensure_ascii=False, indent=0)


def read_manifest(path: Path) -> set[str] | None:
    """Sessions published by the previous build, or None when there is none to compare with."""
    try:
        return set(json.loads(path.read_text(encoding="utf-8"))["sessions"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def schedule_warnings(model: RegionModel, published: set[str] | None) -> list[Problem]:
    today = model.today
    notice = dt.timedelta(days=model.region.notice_days)
    stale = today + dt.timedelta(days=STALE_DAYS)
    warnings = [*model.warnings]
    warnings += [
        Problem.general(ERR["holiday_data_missing"].format(year=year)) for year in sorted(model.work.missing_years)
    ]
    for entry in model.stations.values():
        held = [u for u in entry.upcoming if not u.occurrence.cancelled]
        if not any(u.occurrence.date <= stale for u in held):
            warnings.append(Problem.general(ERR["schedule_stale"].format(station=entry.station.name, days=STALE_DAYS)))
        if published is None:
            continue
        for upcoming in held:
            day = upcoming.occurrence.date
            if day < today + notice and session_id(upcoming) not in published:
                message = ERR["late_notice"].format(
                    station=entry.station.name, date=date_cn(day), days=model.region.notice_days
                )
                warnings.append(Problem.general(message))
    return warnings


def warning_line(warning: Problem) -> str:
    """提示：… for the region; stations/holidays-2026.yml:5:12 提示：… for a line of a file; always one line."""
    text = ERR["warning"].format(message=warning.message)
    if not warning.file:
        return one_line(text)
    return one_line(f"{warning.file}:{warning.position.line}:{warning.position.column} {text}")
