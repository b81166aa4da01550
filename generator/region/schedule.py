"""Turn a station's reception rules and dated sessions into concrete dated occurrences.

Pure functions of (schedule, window, calendar): no clock, no I/O. The caller
passes the window, so the same data and build date always give the same
sessions. A rule's day that falls on a day off is moved by the rule's policy
(顺延 to the next working day, 提前 to the previous one, or 取消); a clerk's
exception for that day wins over the policy. Months without reception
(`skip_months`) and paused periods (`pauses`) have no rule days at all; a day
off of a holiday the rule pauses for (`pause_holidays`: 春节期间暂停) is
cancelled instead of moved.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.data.model import LAST_WEEK, ReceptionRule, ScheduleFile
from generator.data.values import HolidayPolicy, MonthParity, Repeat
from generator.region.holidays import WorkCalendar
from generator.strings.site import UI

# Rule days are expanded this far beyond the window, so a day moved into it from outside is found.
MOVE_REACH = dt.timedelta(days=14)


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    time: str
    place: str | None
    deputies: tuple[str, ...]
    topic: str | None
    key: str  # stable across builds: the original date and time, e.g. "2026-10-01-09:00-11:30"
    moved_from: dt.date | None = None
    cancelled: bool = False
    note: str | None = None  # why it was moved or cancelled


def _months(first: dt.date, last: dt.date) -> Iterator[tuple[int, int]]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _monthly_day(rule: ReceptionRule, year: int, month: int) -> dt.date | None:
    length = calendar.monthrange(year, month)[1]
    if rule.day is not None:
        return dt.date(year, month, rule.day) if rule.day <= length else None
    if rule.weekday is not None and rule.week == LAST_WEEK:
        return dt.date(year, month, length - (dt.date(year, month, length).weekday() - rule.weekday.number) % 7)
    if rule.weekday is not None and isinstance(rule.week, int):
        first_weekday = (rule.weekday.number - dt.date(year, month, 1).weekday()) % 7 + 1
        day = first_weekday + 7 * (rule.week - 1)
        return dt.date(year, month, day) if day <= length else None
    return None


def rule_dates(rule: ReceptionRule, first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The dates `rule` names between `first` and `last`, both included, before any move."""
    for day in _rule_days(rule, first, last):
        if day.month in rule.skip_months or any(p.start <= day <= p.end for p in rule.pauses):
            continue
        yield day


def _rule_days(rule: ReceptionRule, first: dt.date, last: dt.date) -> Iterator[dt.date]:
    first = max(first, rule.start) if rule.start else first
    last = min(last, rule.end) if rule.end else last
    if rule.repeat is Repeat.WEEKLY and rule.weekday is not None:
        day = first + dt.timedelta(days=(rule.weekday.number - first.weekday()) % 7)
        while day <= last:
            yield day
            day += dt.timedelta(days=7)
    elif rule.repeat is Repeat.MONTHLY:
        for year, month in _months(first, last):
            if (rule.months is MonthParity.ODD and month % 2 == 0) or (rule.months is MonthParity.EVEN and month % 2):
                continue
            day = _monthly_day(rule, year, month)
            if day and first <= day <= last:
                yield day


def _rule_occurrence(rule: ReceptionRule, day: dt.date, work: WorkCalendar) -> Occurrence:
    base = Occurrence(
        day, rule.time, rule.place, tuple(rule.deputies), rule.topic, key=f"{day.isoformat()}-{rule.time}"
    )
    exception = next((e for e in rule.exceptions if e.date == day), None)
    if exception:
        if exception.moved_to is None:
            return replace(base, cancelled=True, note=exception.note or UI["cancelled"])
        return replace(
            base,
            date=exception.moved_to,
            time=exception.time or rule.time,
            place=exception.place or rule.place,
            moved_from=day,
            note=exception.note,
        )
    if rule.pause_holidays:
        reason = work.day_off(day, False)
        if reason and any(name in reason for name in rule.pause_holidays):
            return replace(base, cancelled=True, note=UI["paused_for"].format(reason=reason))
    if rule.holiday is HolidayPolicy.KEEP:
        return base
    reason = work.day_off(day, rule.workdays_only)
    if reason is None:
        return base
    if rule.holiday is HolidayPolicy.CANCEL:
        return replace(base, cancelled=True, note=UI["cancelled_for"].format(reason=reason))
    step = dt.timedelta(days=1 if rule.holiday is HolidayPolicy.NEXT else -1)
    moved = day + step
    while work.day_off(moved, rule.workdays_only):
        moved += step
    return replace(base, date=moved, moved_from=day, note=UI["moved_for"].format(reason=reason))


def occurrences(schedule: ScheduleFile, first: dt.date, last: dt.date, work: WorkCalendar) -> list[Occurrence]:
    """All sessions between `first` and `last` (cancelled ones too, flagged), sorted by date and time."""
    found: list[Occurrence] = [
        Occurrence(s.date, s.time, s.place, tuple(s.deputies), s.topic, key=f"{s.date.isoformat()}-{s.time}")
        for s in schedule.sessions
        if first <= s.date <= last
    ]
    for rule in schedule.rules:
        for day in rule_dates(rule, first - MOVE_REACH, last + MOVE_REACH):
            occurrence = _rule_occurrence(rule, day, work)
            if first <= occurrence.date <= last:
                found.append(occurrence)
    return sorted(found, key=lambda o: (o.date, o.time, o.deputies, o.key))


def rules_in_force(rules: list[ReceptionRule], today: dt.date) -> list[ReceptionRule]:
    """The rules a wall board lists today: in force now or to come, not those that ended before today.

    An ended rule stays in the file (past years' sessions and records need it), but telling residents
    of a day that no longer exists would send them to a closed room.
    """
    return [rule for rule in rules if rule.end is None or rule.end >= today]


def describe_rule(rule: ReceptionRule) -> str:
    """The rule in words, as a wall board says it: 每月28日 09:00-11:30, 每单月第2个周三 14:00-16:00."""
    months = UI[f"rule_{rule.months.name.lower()}_months"] if rule.months else UI["rule_every_month"]
    if rule.repeat is Repeat.WEEKLY:
        when = UI["rule_weekly"].format(weekday=rule.weekday.value if rule.weekday else "")
    elif rule.day is not None:
        when = UI["rule_monthly"].format(months=months, day=rule.day)
    elif rule.week == LAST_WEEK:
        when = UI["rule_last_weekday"].format(months=months, weekday=rule.weekday.value if rule.weekday else "")
    else:
        weekday = rule.weekday.value if rule.weekday else ""
        when = UI["rule_nth_weekday"].format(months=months, week=rule.week, weekday=weekday)
    return f"{when} {rule.time}{describe_pauses(rule)}"


def describe_pauses(rule: ReceptionRule) -> str:
    """When the rule does not apply, in words: （7、8月暂停；春节期间暂停；2027-01-20 至 2027-02-20 暂停）."""
    parts = []
    if rule.skip_months:
        parts.append(UI["rule_skip_months"].format(months="、".join(str(m) for m in sorted(set(rule.skip_months)))))
    parts += [UI["rule_pause_holiday"].format(holiday=name) for name in rule.pause_holidays]
    parts += [UI["rule_pause"].format(start=p.start.isoformat(), end=p.end.isoformat()) for p in rule.pauses]
    return UI["rule_pauses"].format(pauses="；".join(parts)) if parts else ""


def describe_policy(rule: ReceptionRule) -> str:
    """What happens on days off, in words: 遇法定节假日顺延."""
    key = "policy_workdays" if rule.workdays_only else "policy_holidays"
    return "" if rule.holiday is HolidayPolicy.KEEP else UI[key].format(policy=rule.holiday.value)
