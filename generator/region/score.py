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

It never reads files, renders or prints: `report` and the pages do that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.data.model import CASE_STEPS
from generator.region.assemble import RegionModel, StationEntry
from generator.region.formats import date_cn
from generator.region.notices import STALE_DAYS
from generator.strings.site import UI

SCHEDULE_DAYS = STALE_DAYS  # the same horizon as the stale-schedule warning
CASES_DAYS = 90
CHECKS = ("disclosures", "schedule", "plan", "cases", "deputies")
# The deputy fields the last check asks for, and the UI word naming each.
DEPUTY_FIELDS = {"level": "score_level", "constituency": "constituency", "photo": "score_photo"}


@dataclass(frozen=True)
class Check:
    key: str  # one of CHECKS
    passed: bool
    missing: tuple[str, ...] = ()  # what a clerk has to add, in Chinese; empty when passed

    @property
    def title(self) -> str:
        return UI[f"check_{self.key}"].format(schedule_days=SCHEDULE_DAYS, cases_days=CASES_DAYS)


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

    @property
    def missing(self) -> list[str]:
        return [item for check in self.checks for item in check.missing]


def check_explanations() -> list[tuple[str, str]]:
    """(title, how it is judged) for each check, in order, for pages and the guide."""
    words = {"schedule_days": SCHEDULE_DAYS, "cases_days": CASES_DAYS}
    return [(UI[f"check_{key}"].format(**words), UI[f"check_{key}_why"].format(**words)) for key in CHECKS]


def region_summary(scores: list[StationScore]) -> str:
    """One line summing up the region: stations, full marks, average."""
    average = sum(s.points for s in scores) / len(scores) if scores else 0
    full = sum(s.points == s.total for s in scores)
    return UI["score_overall"].format(stations=len(scores), full=full, average=f"{average:.1f}", total=len(CHECKS))


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


def _check(key: str, missing: list[str]) -> Check:
    return Check(key, not missing, tuple(missing))


def _disclosures(entry: StationEntry) -> Check:
    present = {
        "d1": bool(entry.members),
        "d2": bool(entry.rules or entry.schedule.sessions),  # a rule that has ended is no longer on the board
        "d3": any(plan.activities for plan in entry.plans.values()),
        "d4": bool(entry.station.rules),
        "d5": bool(entry.cases),
    }
    absent = [UI[f"missing_{key}"] for key, ok in present.items() if not ok]
    missing = [UI["missing_disclosures"].format(items="、".join(absent))] if absent else []
    if entry.waiting:  # a field still 待填写 is not published: the station's own information is incomplete
        missing.append(UI["missing_waiting"].format(fields="、".join(entry.waiting)))
    return _check("disclosures", missing)


def _schedule(entry: StationEntry, today: dt.date) -> Check:
    horizon = today + dt.timedelta(days=SCHEDULE_DAYS)
    held = [u.occurrence.date for u in entry.upcoming if not u.occurrence.cancelled]
    missing = []
    if not any(day <= horizon for day in held):
        missing.append(UI["missing_sessions_soon"].format(days=SCHEDULE_DAYS))
    rules, sessions = entry.schedule.rules, entry.schedule.sessions
    reaches = any(r.end is None or r.end >= horizon for r in rules) or any(s.date >= horizon for s in sessions)
    ends = [r.end for r in rules if r.end] + [s.date for s in sessions]
    if not reaches and ends:  # with no rule and no session at all, "nothing soon" says it already
        missing.append(UI["missing_schedule_after"].format(date=date_cn(max(ends))))
    return _check("schedule", missing)


def _plan(entry: StationEntry, today: dt.date) -> Check:
    plan = entry.plans.get(today.year)
    if plan is None:
        return _check("plan", [UI["missing_plan"].format(year=today.year)])
    return _check("plan", [] if plan.activities else [UI["missing_plan_activities"].format(year=today.year)])


def _cases(entry: StationEntry, today: dt.date) -> Check:
    steps = [getattr(case, key) for case in entry.cases for _, key in CASE_STEPS]
    steps += [record.date for record in entry.records]  # a reception recorded is kept up to date too
    latest = max((day for day in steps if day is not None), default=None)
    if latest is None:
        return _check("cases", [UI["missing_cases"]])
    if latest < today - dt.timedelta(days=CASES_DAYS):
        return _check("cases", [UI["missing_case_update"].format(date=date_cn(latest), days=CASES_DAYS)])
    return _check("cases", [])


def _deputies(entry: StationEntry) -> Check:
    if not entry.members:
        return _check("deputies", [UI["missing_no_deputies"]])
    own = [m.deputy.deputy for m in entry.members if m.deputy.home is entry]
    missing = []
    for key, word in DEPUTY_FIELDS.items():
        names = [deputy.name for deputy in own if not getattr(deputy, key)]
        if names:
            missing.append(UI["missing_deputy_field"].format(field=UI[word], names="、".join(names)))
    return _check("deputies", missing)
