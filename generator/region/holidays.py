"""Which days are days off in mainland China: statutory holidays, weekends, make-up working days.

The official calendar is published by the State Council each November for the
following year (国务院办公厅关于XXXX年部分节假日安排的通知); the `chinesecalendar`
package carries it, but weeks or months later. Until a release carries a year,
a clerk can copy the notice into `stations/holidays-<year>.yml`, and its days are
used exactly as the package's would be: this module is the one place that
answers "is this day off?" for schedules, notices, feeds and placards.

The package wins for every year it knows. A declared copy of such a year is
only compared with it, and each day they disagree on is a warning, not an error:
one of the two is wrong, a person should look, and the build must not stop.
For a year neither knows, nothing is moved and the year is recorded in
`missing_years`, so the build can say so instead of guessing.

A notice is about one year, but its 元旦 may begin in the December before (the
2019 notice gave 2018-12-30 to 2019-01-01 off and 2018-12-29 as a working day),
so declared days are looked up by date, and a notice's year is `notice_year`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants

from generator.data.load import Doc
from generator.data.model import DeclaredHoliday, HolidaysFile
from generator.problems import Problem
from generator.strings.messages import ERR, HOLIDAY_WORDS
from generator.strings.site import HOLIDAY_NAMES, UI

NEW_YEAR = "元旦"  # the only holiday whose days may fall in the year before its notice's
PACKAGE_YEARS = range(min(constants.holidays).year, max(constants.holidays).year + 1)  # as the package checks


@dataclass(frozen=True)
class OfficialDay:
    """A day the official arrangement names: off for a holiday, or worked in exchange for one."""

    off: bool
    holiday: str  # in Chinese, as residents read it: 春节


def notice_year(day: dt.date, holiday: str) -> int:
    """The year of the notice a holiday's day belongs to: 元旦's late-December days belong to the next."""
    return day.year + 1 if day.month == 12 and NEW_YEAR in holiday else day.year


def holiday_days(holiday: DeclaredHoliday) -> Iterator[dt.date]:
    """Every day off of a declared holiday, first to last (none when the last is before the first)."""
    day, last = holiday.start, holiday.end or holiday.start
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def declared_days(arrangement: HolidaysFile) -> dict[dt.date, OfficialDay]:
    """The days a declared arrangement names; a make-up working day wins over a day off (lint forbids both)."""
    days: dict[dt.date, OfficialDay] = {}
    for holiday in arrangement.holidays:
        days.update((day, OfficialDay(True, holiday.name)) for day in holiday_days(holiday))
    for holiday in arrangement.holidays:
        days.update((day, OfficialDay(False, holiday.name)) for day in holiday.workdays)
    return days


def package_days(year: int) -> dict[dt.date, OfficialDay]:
    """The days the package names for the notice of `year`."""
    days: dict[dt.date, OfficialDay] = {}
    for table, off in ((constants.holidays, True), (constants.workdays, False)):
        for day, name in table.items():
            holiday = HOLIDAY_NAMES.get(name, name)
            if notice_year(day, holiday) == year:
                days[day] = OfficialDay(off, holiday)
    return days


@dataclass
class WorkCalendar:
    """The official calendar: the package's years, and the declared years it does not know."""

    declared: dict[int, HolidaysFile] = field(default_factory=dict)  # as the clerks wrote them, by year
    missing_years: set[int] = field(default_factory=set)  # asked about, but neither knows them

    def __post_init__(self) -> None:
        self._years = {year for year in self.declared if year not in PACKAGE_YEARS}
        self._days: dict[dt.date, OfficialDay] = {}
        self._known: dict[dt.date, tuple[bool, str | None] | None] = {}
        for year in sorted(self._years):
            self._days.update(declared_days(self.declared[year]))

    @property
    def declared_years(self) -> list[int]:
        """The declared years in use: those the package does not know."""
        return sorted(self._years)

    def official(self, day: dt.date) -> tuple[bool, str | None] | None:
        """(is it off, the holiday's name or None), or None when no calendar covers the day.

        Asked for the same few hundred days by every rule of every station: answered once per day.
        """
        if day not in self._known:
            self._known[day] = self._official(day)
        return self._known[day]

    def _official(self, day: dt.date) -> tuple[bool, str | None] | None:
        listed = self._days.get(day)
        if listed:
            return listed.off, listed.holiday
        if day.year in self._years:
            return day.weekday() >= 5, None
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return None
        return off, (HOLIDAY_NAMES.get(name, name) if name else None)

    def day_off(self, day: dt.date, weekends: bool) -> str | None:
        """Why `day` is a day off (a holiday's name, or 周末 when `weekends`), or None for a working day."""
        found = self.official(day)
        if found is None:
            self.missing_years.add(day.year)
            return None
        off, name = found
        if not off:
            return None  # includes make-up working days on a weekend (调休上班)
        if name:  # a statutory holiday, or a weekend swapped into one
            return name
        return UI["weekend"] if weekends else None


def _state(day: OfficialDay | None) -> str:
    if day is None:
        return HOLIDAY_WORDS["plain"]
    return HOLIDAY_WORDS["off" if day.off else "work"]


def _where(arrangement: HolidaysFile) -> dict[dt.date, tuple]:
    """The data path each declared day is written at: its own date, or the holiday a range holds it in."""
    found: dict[dt.date, tuple] = {}
    for i, holiday in enumerate(arrangement.holidays):
        found.setdefault(holiday.start, ("holidays", i, "start"))
        if holiday.end:
            found.setdefault(holiday.end, ("holidays", i, "end"))
        for j, day in enumerate(holiday.workdays):
            found.setdefault(day, ("holidays", i, "workdays", j))
    for i, holiday in enumerate(arrangement.holidays):
        for day in holiday_days(holiday):
            found.setdefault(day, ("holidays", i))
    return found


def package_differences(doc: Doc[HolidaysFile]) -> list[Problem]:
    """For a declared year the package knows: a warning for each run of days the two disagree on.

    A day is off, worked in exchange, or neither; consecutive days that differ the
    same way are one warning (a forgotten 春节 is one line, not nine), at the line
    of the run's first day in the file, or at `holidays:` when the file does not
    name it. Names are not compared: the package files a combined holiday's days
    under either name (2025-10-06 is 中秋节 inside 国庆节), and a name moves no date.
    """
    year = doc.model.year
    if year not in PACKAGE_YEARS:
        return []
    mine, theirs = declared_days(doc.model), package_days(year)
    runs: list[tuple[list[dt.date], str, str]] = []
    for day in sorted(set(mine) | set(theirs)):
        declared, listed = _state(mine.get(day)), _state(theirs.get(day))
        if declared == listed:
            continue
        last = runs[-1] if runs else None
        if last and last[0][-1] + dt.timedelta(days=1) == day and last[1:] == (declared, listed):
            last[0].append(day)
        else:
            runs.append(([day], declared, listed))
    where = _where(doc.model)
    warnings = []
    for days, declared, listed in runs:
        dates = days[0].isoformat() if len(days) == 1 else HOLIDAY_WORDS["span"].format(first=days[0], last=days[-1])
        message = ERR["holiday_known"].format(year=year, dates=dates, declared=declared, listed=listed)
        path = where.get(days[0])
        warnings.append(doc.source.problem(path or ("holidays",), message, key=path is None))
    return warnings
