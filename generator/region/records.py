"""履职档案: what happened at receptions and activities, in figures, per station, deputy and year.

The schedule says what was planned; the records (`records-<year>.yml`) say what
happened: whether a session was held, which deputies came, how many residents
were received and what they raised. Each record is matched to the session it
reports (its date, and its time when a day has two); figures are computed from
both, only up to the build date, and only from what is known — a session
without a record is counted as "not recorded", never as attended or missed.
The definitions (口径) are shown beside the figures (`strings.site.RECORD_NOTES`).

No ranking: the figures describe one deputy or one station, never an order.
Pure: no clock, no I/O; the build date is the model's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.data.load import RegionDocs
from generator.data.model import ReceptionRecord
from generator.data.values import ActivityStatus
from generator.problems import Problem
from generator.region.assemble import DeputyEntry, RegionModel, StationEntry
from generator.region.cases import CLOSED, CONTENT
from generator.region.formats import date_cn, percent
from generator.region.schedule import Occurrence, occurrences
from generator.strings.messages import ERR


@dataclass(frozen=True)
class Reception:
    """One planned session up to the build date, with its record when the clerk wrote one."""

    station: StationEntry
    occurrence: Occurrence
    record: ReceptionRecord | None


@dataclass
class StationYear:
    """A station's year in figures (up to the build date)."""

    year: int
    planned: int = 0  # sessions on the schedule, not cancelled
    recorded: int = 0  # of those, with a record
    held: int = 0  # records of sessions that took place (scheduled or not)
    not_held: int = 0
    extra: int = 0  # records of days with no scheduled session
    visitors: int = 0
    matters: int = 0
    seats: int = 0  # deputies scheduled at recorded sessions
    present: int = 0  # of those, who came
    activities_planned: int = 0
    activities_done: int = 0
    cases_received: int = 0
    cases_closed: int = 0
    by_month: list[tuple[int, int, int]] = field(default_factory=list)  # (month, receptions held, visitors)

    @property
    def attendance_rate(self) -> str:
        return percent(self.present, self.seats)

    @property
    def completion_rate(self) -> str:
        return percent(self.activities_done, self.activities_planned)

    @property
    def unrecorded(self) -> int:
        return self.planned - self.recorded


@dataclass
class DeputyYear:
    """A deputy's year: receptions scheduled and attended, residents received, activities, cases."""

    year: int
    scheduled: int = 0  # recorded sessions where the deputy was on the schedule
    attended: int = 0  # of those, where the record has the deputy present
    extra: int = 0  # sessions attended without being on their schedule
    visitors: int = 0  # residents received at the sessions the deputy attended
    unrecorded: int = 0  # scheduled sessions without a record yet
    activities: list[tuple[str, int]] = field(default_factory=list)  # by type, of done activities
    cases_taken: int = 0
    cases_closed: int = 0
    cases_content: int = 0

    @property
    def attendance_rate(self) -> str:
        return percent(self.attended, self.scheduled)

    @property
    def is_empty(self) -> bool:
        return not (self.scheduled or self.extra or self.activities or self.cases_taken or self.unrecorded)


def _last_day(model: RegionModel, year: int) -> dt.date:
    return min(model.today, dt.date(year, 12, 31))


def receptions(model: RegionModel, entry: StationEntry, year: int) -> tuple[list[Reception], list[ReceptionRecord]]:
    """The station's planned sessions of `year` up to the build date, each with its record; and the records
    of days with no scheduled session. Computed once per station and year (every deputy's figures ask)."""
    key = ("receptions", year)
    if key not in entry.memo:
        entry.memo[key] = _receptions(model, entry, year)
    return entry.memo[key]  # type: ignore[return-value]


def _receptions(model: RegionModel, entry: StationEntry, year: int) -> tuple[list[Reception], list[ReceptionRecord]]:
    first, last = dt.date(year, 1, 1), _last_day(model, year)
    if last < first:
        return [], []
    planned = [o for o in occurrences(entry.schedule, first, last, model.work) if not o.cancelled]
    records = [r for r in entry.records if r.date.year == year]
    matched: dict[int, ReceptionRecord] = {}
    extra = []
    for record in records:
        same_day = [i for i, o in enumerate(planned) if o.date == record.date and i not in matched]
        if record.time:
            same_day = [i for i in same_day if planned[i].time == record.time] or same_day[:0]
        if same_day:
            matched[same_day[0]] = record
        else:
            extra.append(record)
    return [Reception(entry, o, matched.get(i)) for i, o in enumerate(planned)], extra


def station_year(model: RegionModel, entries: Iterable[StationEntry], year: int) -> StationYear:
    """The figures of one station, or summed over several (a centre and its group, the region)."""
    figures = StationYear(year)
    months: Counter[int] = Counter()
    people: Counter[int] = Counter()
    for entry in entries:
        planned, extra = receptions(model, entry, year)
        figures.planned += len(planned)
        figures.extra += len(extra)
        for reception in planned:
            record = reception.record
            if record is None:
                continue
            figures.recorded += 1
            if record.held:
                figures.seats += len(reception.occurrence.deputies)
                figures.present += len(set(reception.occurrence.deputies) & set(record.deputies))
        for record in [r.record for r in planned if r.record] + extra:
            if not record.held:
                figures.not_held += 1
                continue
            figures.held += 1
            figures.visitors += record.visitors or 0
            figures.matters += record.matters or 0
            months[record.date.month] += 1
            people[record.date.month] += record.visitors or 0
        plan = entry.plans.get(year)
        activities = [a for a in plan.activities if a.status is not ActivityStatus.CANCELLED] if plan else []
        figures.activities_planned += len(activities)
        figures.activities_done += sum(1 for a in activities if a.status is ActivityStatus.DONE)
        cases = [c for c in entry.cases if c.received.year == year]
        figures.cases_received += len(cases)
        figures.cases_closed += sum(1 for c in cases if c.status in CLOSED)
    last_month = _last_day(model, year).month if year <= model.today.year else 0
    figures.by_month = [(m, months[m], people[m]) for m in range(1, last_month + 1)]
    return figures


def deputy_year(model: RegionModel, deputy: DeputyEntry, year: int) -> DeputyYear:
    """A deputy's figures: scheduled at the stations they serve at, present wherever a record names them."""
    figures = DeputyYear(year)
    did = deputy.deputy.id
    on_schedule: set[int] = set()  # the records of sessions the deputy was scheduled at
    for membership in deputy.memberships:
        planned, _ = receptions(model, membership.station, year)
        for reception in planned:
            if did not in reception.occurrence.deputies:
                continue
            record = reception.record
            if record is None:
                figures.unrecorded += 1
            elif record.held:
                figures.scheduled += 1
                on_schedule.add(id(record))
    for _, record in deputy.present:
        if record.date.year != year or record.date > model.today or not record.held:
            continue
        if id(record) in on_schedule:
            figures.attended += 1
        else:
            figures.extra += 1
        figures.visitors += record.visitors or 0
    done = Counter(
        a.activity.type.value for a in deputy.activities if a.year == year and a.activity.status is ActivityStatus.DONE
    )
    figures.activities = sorted(done.items(), key=lambda kv: (-kv[1], kv[0]))
    cases = [c.case for c in deputy.cases if c.case.received.year == year]
    figures.cases_taken = len(cases)
    figures.cases_closed = sum(1 for c in cases if c.status in CLOSED)
    figures.cases_content = sum(1 for c in cases if c.satisfaction in CONTENT)
    return figures


def record_years(model: RegionModel, entry: StationEntry) -> list[int]:
    """The years a station's annual report covers: those with records or plans, up to this year, newest first."""
    years = {r.date.year for r in entry.records} | set(entry.plans)
    return sorted((y for y in years if y <= model.today.year), reverse=True)


SAID_ONE_BY_ONE = 3  # records off the rota warned one by one; more are said in one warning


def record_warnings(docs: RegionDocs, model: RegionModel) -> list[Problem]:
    """Records for a day with no session, or naming a deputy not on its schedule: allowed, but said at their line."""
    warnings = []
    for station_docs in docs.stations:
        entry = model.stations[station_docs.station.model.id]
        for year, doc in sorted(station_docs.records.items()):
            planned, extra = receptions(model, entry, year)
            unmatched = {id(r) for r in extra}
            scheduled = {id(r.record): r.occurrence for r in planned if r.record}
            off_rota = [i for i, record in enumerate(doc.model.records) if id(record) in unmatched]
            if len(off_rota) > SAID_ONE_BY_ONE:  # most likely the rota changed without start/end: say it once
                dates = "、".join(date_cn(doc.model.records[i].date) for i in off_rota[:SAID_ONE_BY_ONE])
                message = ERR["record_no_sessions"].format(station=entry.station.name, count=len(off_rota), dates=dates)
                warnings.append(doc.source.problem(("records", off_rota[0], "date"), message))
            for i, record in enumerate(doc.model.records):
                words = {"station": entry.station.name, "date": date_cn(record.date)}
                if id(record) in unmatched:
                    if len(off_rota) <= SAID_ONE_BY_ONE:
                        message = ERR["record_no_session"].format(**words)
                        warnings.append(doc.source.problem(("records", i, "date"), message))
                elif id(record) in scheduled:
                    others = [d for d in record.deputies if d not in scheduled[id(record)].deputies]
                    if others:
                        names = "、".join(model.deputies[d].deputy.name for d in others if d in model.deputies)
                        message = ERR["record_unscheduled"].format(**words, names=names)
                        warnings.append(doc.source.problem(("records", i, "deputies"), message))
    return warnings
