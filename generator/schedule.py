"""Turn a station's reception rules and dated sessions into concrete dated occurrences.

Pure functions of (schedule, window): no clock, no I/O. The caller passes the
window, so the same data and build date always give the same sessions.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import ReceptionRule, Repeat, ScheduleFile
from generator.strings import UI


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    time: str
    place: str | None
    deputies: tuple[str, ...]
    topic: str | None


def rule_dates(rule: ReceptionRule, first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The dates on which `rule` falls between `first` and `last`, both included."""
    first = max(first, rule.start) if rule.start else first
    last = min(last, rule.end) if rule.end else last
    if rule.repeat is Repeat.WEEKLY and rule.weekday is not None:
        day = first + dt.timedelta(days=(rule.weekday.number - first.weekday()) % 7)
        while day <= last:
            yield day
            day += dt.timedelta(days=7)
    elif rule.repeat is Repeat.MONTHLY and rule.day is not None:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            if rule.day <= calendar.monthrange(year, month)[1]:
                day = dt.date(year, month, rule.day)
                if first <= day <= last:
                    yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def occurrences(schedule: ScheduleFile, first: dt.date, last: dt.date) -> list[Occurrence]:
    """All sessions between `first` and `last`, rules expanded, sorted by date and time."""
    found: list[Occurrence] = [
        Occurrence(s.date, s.time, s.place, tuple(s.deputies), s.topic)
        for s in schedule.sessions
        if first <= s.date <= last
    ]
    for rule in schedule.rules:
        found += [
            Occurrence(day, rule.time, rule.place, tuple(rule.deputies), rule.topic)
            for day in rule_dates(rule, first, last)
        ]
    return sorted(found, key=lambda o: (o.date, o.time, o.deputies))


def describe_rule(rule: ReceptionRule) -> str:
    """The rule in words, as a wall board says it: 每月28日 09:00-11:30."""
    if rule.repeat is Repeat.MONTHLY:
        when = UI["rule_monthly"].format(day=rule.day)
    else:
        when = UI["rule_weekly"].format(weekday=rule.weekday.value if rule.weekday else "")
    return f"{when} {rule.time}"
