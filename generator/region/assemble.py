"""The validated region as one linked, typed model: what every renderer reads.

Built once from the checked files; relations (parent and children, a deputy's
stations, a deputy's cases) are resolved here so that renderers and templates
never search, count or sort. Nothing here reads files or knows about HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.data.load import RegionDocs
from generator.data.model import (
    Activity,
    Case,
    Deputy,
    PlanFile,
    ReceptionRecord,
    ReceptionRule,
    Region,
    ScheduleFile,
    Station,
)
from generator.data.text import name_key
from generator.data.values import PLACEHOLDER, CountyWord, DeputyRole, Level, StationKind
from generator.problems import Problem
from generator.region.holidays import WorkCalendar, package_differences
from generator.region.schedule import Occurrence, occurrences, rules_in_force

# Kinds of station that head a group of stations (a county's or a township's): see `StationEntry.is_hub`.
HUB_KINDS = (StationKind.HEAD, StationKind.CENTRE)
UPCOMING_DAYS = 60  # how far ahead pages list reception sessions
# The sessions published at all (feeds, notices, pages): the last month, for what just happened, to half a year ahead.
PUBLISHED_PAST_DAYS = 30
PUBLISHED_FUTURE_DAYS = 180


@dataclass
class Membership:
    station: StationEntry
    deputy: DeputyEntry
    role: DeputyRole


@dataclass
class DatedActivity:
    station: StationEntry
    year: int
    activity: Activity


@dataclass
class ListedCase:
    station: StationEntry
    case: Case


@dataclass
class Upcoming:
    station: StationEntry
    occurrence: Occurrence
    deputies: list[DeputyEntry]


@dataclass(eq=False)
class StationEntry:
    station: Station  # as published: a field still 待填写 is None (not known), see `_published`
    waiting: tuple[str, ...]  # keys of those fields
    folder: Path
    parent: StationEntry | None = None
    children: list[StationEntry] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    schedule: ScheduleFile = field(default_factory=ScheduleFile)
    rules: list[ReceptionRule] = field(default_factory=list)  # the schedule's rules not ended before today
    plans: dict[int, PlanFile] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)  # newest first
    records: list[ReceptionRecord] = field(default_factory=list)  # what happened at receptions, by date
    published: list[Upcoming] = field(default_factory=list)  # sessions in the published window, by date
    upcoming: list[Upcoming] = field(default_factory=list)  # those from today on, for UPCOMING_DAYS
    # What later stages compute from this entry once per build and ask for many times (a year's receptions,
    # for every deputy of the station): keyed by the computing function's own key. The model never changes
    # after `assemble`, so nothing here goes stale.
    memo: dict[object, object] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.station.id

    def __repr__(self) -> str:  # the graph has cycles: never print relations
        return f"StationEntry({self.id!r})"

    @property
    def descendants(self) -> list[StationEntry]:
        """Every station below this one, in tree order."""
        below = []
        for child in self.children:
            below += [child, *child.descendants]
        return below

    @property
    def tree_cases(self) -> list[Case]:
        """The cases of this station and every station below it, as a parent station reports them."""
        return [case for entry in [self, *self.descendants] for case in entry.cases]

    @property
    def is_hub(self) -> bool:
        """A head or centre station (or a root of any kind): region-wide pages list hubs only.

        A city has hundreds of stations and a province thousands, but only dozens or a few hundred
        townships: pages for the whole region list the hubs, and each hub's pages list its group.
        """
        return self.parent is None or self.station.kind in HUB_KINDS

    @property
    def group(self) -> list[StationEntry]:
        """This hub and the stations below it that belong to no lower hub, in tree order."""
        found = [self]
        for child in self.children:
            if not child.is_hub:
                found += child.group
        return found

    @property
    def hubs_below(self) -> list[StationEntry]:
        """The nearest hubs below this station (a head's centres), in tree order."""
        found = []
        for child in self.children:
            found += [child] if child.is_hub else child.hubs_below
        return found

    @property
    def ancestors(self) -> list[StationEntry]:
        chain, current = [], self.parent
        while current is not None:
            chain.insert(0, current)
            current = current.parent
        return chain


@dataclass(eq=False)
class DeputyEntry:
    deputy: Deputy
    home: StationEntry
    memberships: list[Membership] = field(default_factory=list)
    upcoming: list[Upcoming] = field(default_factory=list)
    activities: list[DatedActivity] = field(default_factory=list)
    cases: list[ListedCase] = field(default_factory=list)
    present: list[tuple[StationEntry, ReceptionRecord]] = field(default_factory=list)  # records naming them, by date
    namesakes: list[DeputyEntry] = field(default_factory=list)  # other deputies of the same name, in model order

    @property
    def id(self) -> str:
        return self.deputy.id

    def __repr__(self) -> str:
        return f"DeputyEntry({self.id!r})"


@dataclass
class RegionModel:
    region: Region
    today: dt.date
    stations: dict[str, StationEntry]  # in tree order: parents before children, siblings by id
    deputies: dict[str, DeputyEntry]  # by level (highest first), then name
    roots: list[StationEntry]
    work: WorkCalendar  # the official calendar; remembers years it had no data for
    # warnings found while linking, at their lines: declared holidays that differ from the package's
    warnings: list[Problem] = field(default_factory=list)

    @property
    def county(self) -> str:
        """What the county-level congress is called here: region.yml's county, else the name's last character."""
        if self.region.county:
            return self.region.county.value
        last = self.region.name[-1:]
        return last if last in {word.value for word in CountyWord} else CountyWord.DISTRICT.value

    @property
    def hubs(self) -> list[StationEntry]:
        """The hub stations, in tree order: what region-wide pages list."""
        return [entry for entry in self.stations.values() if entry.is_hub]

    @property
    def published_window(self) -> tuple[dt.date, dt.date]:
        return (
            self.today - dt.timedelta(days=PUBLISHED_PAST_DAYS),
            self.today + dt.timedelta(days=PUBLISHED_FUTURE_DAYS),
        )

    def sessions(self, entry: StationEntry, first: dt.date, last: dt.date) -> list[Upcoming]:
        """A station's sessions between `first` and `last`, taken from the schedule expanded once."""
        start, end = self.published_window
        if first < start or last > end:
            raise ValueError(f"sessions asked for {first}..{last}, outside the published window {start}..{end}")
        return [u for u in entry.published if first <= u.occurrence.date <= last]

    def plan_activities(self, entry: StationEntry, year: int) -> list[tuple[Activity, list[DeputyEntry]]]:
        """A year's planned activities in date order, each with its deputies."""
        activities = sorted(entry.plans[year].activities, key=lambda a: (activity_sort_date(year, a), a.id))
        return [(a, [self.deputies[d] for d in a.deputies]) for a in activities]


def _level_key(deputy: Deputy) -> tuple[int, str, str]:
    return (min(list(Level).index(level) for level in deputy.level), deputy.name, deputy.id)


def assemble(docs: RegionDocs, data_dir: Path, today: dt.date) -> RegionModel:
    """Link the checked files into one model; assumes `lint` found no problems."""
    entries = _station_entries(docs, data_dir)
    deputies = _deputy_entries(docs, entries)
    ordered_stations = _tree_order(entries)
    model = RegionModel(
        region=docs.region.model,
        today=today,
        stations=ordered_stations,
        deputies=dict(sorted(deputies.items(), key=lambda kv: _level_key(kv[1].deputy))),
        roots=[r for r in ordered_stations.values() if r.parent is None],
        work=WorkCalendar(declared={year: doc.model for year, doc in docs.holidays.items()}),
        warnings=[w for _, doc in sorted(docs.holidays.items()) for w in package_differences(doc)],
    )
    for entry in ordered_stations.values():
        _link_station(entry, model)
    _link_namesakes(model)
    for deputy in deputies.values():
        deputy.upcoming.sort(key=lambda u: (u.occurrence.date, u.occurrence.time, u.station.id))
        deputy.activities.sort(key=lambda a: (activity_sort_date(a.year, a.activity), a.activity.id), reverse=True)
        deputy.cases.sort(key=lambda c: (c.case.received, c.case.id), reverse=True)
    return model


def _station_entries(docs: RegionDocs, data_dir: Path) -> dict[str, StationEntry]:
    """Each station with its files, newest case first and records by date, linked to its parent."""
    entries = {
        s.station.model.id: StationEntry(
            *_published(s.station.model),
            folder=data_dir / s.folder,
            schedule=s.schedule.model if s.schedule else ScheduleFile(),
            plans={year: doc.model for year, doc in sorted(s.plans.items())},
            cases=sorted(
                (case for doc in s.cases.values() for case in doc.model.cases),
                key=lambda c: (c.received, c.id),
                reverse=True,
            ),
            records=sorted(
                (record for doc in s.records.values() for record in doc.model.records),
                key=lambda r: (r.date, r.time or ""),
            ),
        )
        for s in docs.stations
    }
    for entry in entries.values():
        if entry.station.parent:
            entry.parent = entries[entry.station.parent]
            entry.parent.children.append(entry)
    return entries


def _deputy_entries(docs: RegionDocs, entries: dict[str, StationEntry]) -> dict[str, DeputyEntry]:
    """Every deputy at their home station, and each station's memberships (its own deputies, then linked ones)."""
    deputies: dict[str, DeputyEntry] = {}
    for s in docs.stations:
        if s.deputies:
            for deputy in s.deputies.model.deputies:
                deputies[deputy.id] = DeputyEntry(deputy=deputy, home=entries[s.station.model.id])
    for s in docs.stations:
        if not s.deputies:
            continue
        station = entries[s.station.model.id]
        pairs = [(d.id, d.role) for d in s.deputies.model.deputies] + [(d.id, d.role) for d in s.deputies.model.linked]
        for deputy_id, role in pairs:
            membership = Membership(station=station, deputy=deputies[deputy_id], role=role)
            station.members.append(membership)
            deputies[deputy_id].memberships.append(membership)
    return deputies


def _tree_order(entries: dict[str, StationEntry]) -> dict[str, StationEntry]:
    """The stations parents first, children by kind then id, roots by id."""
    ordered: dict[str, StationEntry] = {}

    def visit(entry: StationEntry) -> None:
        ordered[entry.id] = entry
        entry.children.sort(key=lambda c: (c.station.kind.depth, c.id))
        for child in entry.children:
            visit(child)

    for root in sorted((e for e in entries.values() if e.parent is None), key=lambda r: r.id):
        visit(root)
    return ordered


def _link_station(entry: StationEntry, model: RegionModel) -> None:
    """A station's sessions, rules in force, and what it tells its deputies: sessions, activities, cases, records."""
    deputies, today = model.deputies, model.today
    first, last = model.published_window
    entry.members.sort(key=lambda m: (list(DeputyRole).index(m.role), _level_key(m.deputy.deputy)))
    entry.published = [
        Upcoming(entry, o, [deputies[d] for d in o.deputies])
        for o in occurrences(entry.schedule, first, last, model.work)
    ]
    entry.upcoming = model.sessions(entry, today, today + dt.timedelta(days=UPCOMING_DAYS))
    entry.rules = rules_in_force(entry.schedule.rules, today)
    for upcoming in entry.upcoming:
        for deputy in upcoming.deputies:
            deputy.upcoming.append(upcoming)
    for year, plan in entry.plans.items():
        for activity in plan.activities:
            for deputy_id in activity.deputies:
                deputies[deputy_id].activities.append(DatedActivity(entry, year, activity))
    for case in entry.cases:
        if case.deputy:
            deputies[case.deputy].cases.append(ListedCase(entry, case))
    for record in entry.records:
        for deputy_id in record.deputies:
            deputies[deputy_id].present.append((entry, record))


def _link_namesakes(model: RegionModel) -> None:
    """Each deputy's namesakes: the others whose names read the same, in model order."""
    by_name: dict[str, list[DeputyEntry]] = {}
    for deputy in model.deputies.values():
        by_name.setdefault(name_key(deputy.deputy.name), []).append(deputy)  # the same name to a reader
    for same in by_name.values():
        for deputy in same:
            deputy.namesakes = [other for other in same if other is not deputy]


# The station fields new-station leaves as 待填写: each is published as not known (None) until filled in, and the
# outputs say so in their own words (a page and a placard 待公布, a phone none to call).
WAITING_FIELDS = ("address", "hours", "phone", "managed_by")


def _published(station: Station) -> tuple[Station, tuple[str, ...]]:
    """The station as pages show it, and the keys of its fields still 待填写 (never shown as facts)."""
    waiting = tuple(key for key in WAITING_FIELDS if getattr(station, key) == PLACEHOLDER)
    if not waiting:
        return station, ()
    return station.model_copy(update=dict.fromkeys(waiting)), waiting


def activity_sort_date(year: int, activity: Activity) -> dt.date:
    """Activities with only a month sort at the start of that month."""
    return activity.date or dt.date(year, activity.month or 1, 1)
