"""Which days are days off in mainland China: statutory holidays, weekends, make-up working days.

The official calendar is published by the State Council each November for the
following year; the `chinesecalendar` package carries it. For a year it does
not know yet, nothing is moved and the year is recorded in `missing_years`, so
the build can say so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar

from generator.strings.site import HOLIDAY_NAMES, UI


@dataclass
class WorkCalendar:
    missing_years: set[int] = field(default_factory=set)

    def day_off(self, day: dt.date, weekends: bool) -> str | None:
        """Why `day` is a day off (a holiday's name, or 周末 when `weekends`), or None for a working day."""
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            self.missing_years.add(day.year)
            return None
        if not off:
            return None  # includes make-up working days on a weekend (调休上班)
        if name:  # a statutory holiday, or a weekend swapped into one
            return HOLIDAY_NAMES.get(name, name)
        return UI["weekend"] if weekends else None
