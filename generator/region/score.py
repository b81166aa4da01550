"""A station's five-disclosure completeness and freshness score, as star-rating inspections count it.

Star-rating schemes (星级联络站考评) check that a station publishes all five
disclosures and keeps them current. This module turns that into five checks,
one point each, computed from the linked `RegionModel` and its build date
only, so the same data and date always give the same score:

1. disclosures — all five are present: the station has deputies (its own or
   linked), a schedule with a rule or a session, a plan (any year) with an
   activity, written work rules, and at least one published case;
2. schedule — a session (not cancelled) within the next `SCHEDULE_DAYS`, and
   the schedule reaching beyond that day: a rule that has not ended by then,
   or a session dated on or after it (so a schedule about to run out is
   flagged before the wall board goes blank, as `notices` warns when it has);
3. plan — a plan for the build date's year with at least one activity;
4. cases — some step of some case (received, assigned, processing, replied,
   rated), or a reception record, dated within the last `CASES_DAYS`;
5. deputies — every deputy written in the station's deputies.yml has a level
   (the validator already requires it), a constituency and a photo. Deputies
   linked from other stations are scored at their home station, where the
   clerk who can fix them works.

It never reads files, renders or prints, and says nothing in words: each check
holds what is missing as facts (`Gap`), and `render/scores.py` writes the
sentences the pages and `report` show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.data.model import CASE_STEPS
from generator.region.assemble import RegionModel, StationEntry
from generator.region.notices import STALE_DAYS

SCHEDULE_DAYS = STALE_DAYS  # the same horizon as the stale-schedule warning
CASES_DAYS = 90
CHECKS = ("disclosures", "schedule", "plan", "cases", "deputies")
DISCLOSURES = ("d1", "d2", "d3", "d4", "d5")  # deputies, schedule, plan, work rules, cases
DEPUTY_FIELDS = ("level", "constituency", "photo")  # what the last check asks of each deputy


@dataclass(frozen=True)
class Gap:
    """One thing a clerk has to add: which (its sentence is `missing_<key>`) and the facts it names."""

    key: str
    facts: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.facts)


@dataclass(frozen=True)
class Check:
    key: str  # one of CHECKS
    passed: bool
    gaps: tuple[Gap, ...] = ()  # what a clerk has to add; empty when passed


@dataclass(frozen=True)
class StationScore:
    entry: StationEntry
    checks: tuple[Check, ...]

    @property
    def points(self) -> int:
        return sum(check.passed for check in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def stars(self) -> str:
        return "★" * self.points + "☆" * (self.total - self.points)


def region_scores(model: RegionModel) -> list[StationScore]:
    """Every station's score, in the region's tree order."""
    return [station_score(entry, model.today) for entry in model.stations.values()]


def station_score(entry: StationEntry, today: dt.date) -> StationScore:
    checks = (
        _disclosures(entry),
        _schedule(entry, today),
        _plan(entry, today),
        _cases(entry, today),
        _deputies(entry),
    )
    return StationScore(entry, checks)


def _gap(key: str, **facts: Any) -> Gap:
    return Gap(key, tuple(facts.items()))


def _check(key: str, gaps: list[Gap]) -> Check:
    return Check(key, not gaps, tuple(gaps))


def _disclosures(entry: StationEntry) -> Check:
    present = {
        "d1": bool(entry.members),
        "d2": bool(entry.rules or entry.schedule.sessions),  # a rule that has ended is no longer on the board
        "d3": any(plan.activities for plan in entry.plans.values()),
        "d4": bool(entry.station.rules),
        "d5": bool(entry.cases),
    }
    absent = tuple(key for key in DISCLOSURES if not present[key])
    gaps = [_gap("disclosures", items=absent)] if absent else []
    if entry.waiting:  # a field still 待填写 is not published: the station's own information is incomplete
        gaps.append(_gap("waiting", fields=entry.waiting))
    return _check("disclosures", gaps)


def _schedule(entry: StationEntry, today: dt.date) -> Check:
    horizon = today + dt.timedelta(days=SCHEDULE_DAYS)
    held = [u.occurrence.date for u in entry.upcoming if not u.occurrence.cancelled]
    gaps = []
    if not any(day <= horizon for day in held):
        gaps.append(_gap("sessions_soon", days=SCHEDULE_DAYS))
    rules, sessions = entry.schedule.rules, entry.schedule.sessions
    reaches = any(r.end is None or r.end >= horizon for r in rules) or any(s.date >= horizon for s in sessions)
    ends = [r.end for r in rules if r.end] + [s.date for s in sessions]
    if not reaches and ends:  # with no rule and no session at all, "nothing soon" says it already
        gaps.append(_gap("schedule_after", date=max(ends)))
    return _check("schedule", gaps)


def _plan(entry: StationEntry, today: dt.date) -> Check:
    plan = entry.plans.get(today.year)
    if plan is None:
        return _check("plan", [_gap("plan", year=today.year)])
    return _check("plan", [] if plan.activities else [_gap("plan_activities", year=today.year)])


def _cases(entry: StationEntry, today: dt.date) -> Check:
    steps = [getattr(case, key) for case in entry.cases for _, key in CASE_STEPS]
    steps += [record.date for record in entry.records]  # a reception recorded is kept up to date too
    latest = max((day for day in steps if day is not None), default=None)
    if latest is None:
        return _check("cases", [_gap("cases")])
    if latest < today - dt.timedelta(days=CASES_DAYS):
        return _check("cases", [_gap("case_update", date=latest, days=CASES_DAYS)])
    return _check("cases", [])


def _deputies(entry: StationEntry) -> Check:
    if not entry.members:
        return _check("deputies", [_gap("no_deputies")])
    own = [m.deputy.deputy for m in entry.members if m.deputy.home is entry]
    gaps = []
    for key in DEPUTY_FIELDS:
        names = tuple(deputy.name for deputy in own if not getattr(deputy, key))
        if names:
            gaps.append(_gap("deputy_field", field=key, names=names))
    return _check("deputies", gaps)
