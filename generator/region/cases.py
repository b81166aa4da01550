"""Figures about handled cases (办理情况): computed once from the model, shown by pages and charts.

The definitions (口径) follow what stations report in their inspections and are
explained on the cockpit page in the same words (`strings.FIGURE_NOTES`):

- 办结率: replied (or replied and rated) over accepted; rejected cases are not open work.
- 按期办结率: replied within the region's deadline over the cases that are due, that is
  replied ones plus open ones already past the deadline. Cases still within their
  deadline count neither way, so a busy month does not look like a late one.
- 答复率: every received case that got an answer, a reply or a notice of rejection.
- 满意率: 满意 or 基本满意 over the rated cases.
- Days to reply: the median, so one very slow or very quick case does not swing it.
- Only known dates count: a step a register left undated (`undated`) is shown as unknown and never
  enters a figure; received and replied dates are always known (`lint` requires them).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.data.model import CASE_STEPS, Case
from generator.data.values import CaseStatus, Satisfaction
from generator.region.formats import percent

CLOSED = (CaseStatus.REPLIED, CaseStatus.RATED)
CONTENT = (Satisfaction.SATISFIED, Satisfaction.MOSTLY)
MONTHS_CHARTED = 12


@dataclass(frozen=True)
class CaseFigures:
    received: int
    accepted: int
    closed: int
    due: int
    on_time: int
    answered: int
    rated: int
    content: int
    median_days: float | None
    by_month: list[tuple[dt.date, int]]  # first day of each of the last MONTHS_CHARTED months
    by_category: list[tuple[str, int]]  # most cases first
    by_status: list[tuple[CaseStatus, int]]  # in the order of the closed loop, rejected last
    by_satisfaction: list[tuple[Satisfaction, int]]  # of rated cases

    @property
    def closure_rate(self) -> str:
        return percent(self.closed, self.accepted)

    @property
    def on_time_rate(self) -> str:
        return percent(self.on_time, self.due)

    @property
    def reply_rate(self) -> str:
        return percent(self.answered, self.received)

    @property
    def satisfaction_rate(self) -> str:
        return percent(self.content, self.rated)

    @property
    def median_text(self) -> str:
        if self.median_days is None:
            return "—"
        return f"{self.median_days:g}"


def reply_days(case: Case) -> int | None:
    return (case.replied - case.received).days if case.replied else None


def case_figures(cases: Sequence[Case], today: dt.date, deadline_days: int) -> CaseFigures:
    accepted = [c for c in cases if c.status is not CaseStatus.REJECTED]
    closed = [c for c in accepted if c.status in CLOSED]
    on_time = [c for c in closed if (days := reply_days(c)) is not None and days <= deadline_days]
    overdue_open = [c for c in accepted if c.status not in CLOSED and (today - c.received).days > deadline_days]
    rated = [c for c in accepted if c.status is CaseStatus.RATED]
    days = [d for c in closed if (d := reply_days(c)) is not None]

    months = _last_months(today, MONTHS_CHARTED)
    per_month = Counter(c.received.replace(day=1) for c in cases)
    statuses = Counter(c.status for c in cases)
    satisfaction = Counter(c.satisfaction for c in rated)
    categories = Counter(c.category for c in cases)
    return CaseFigures(
        received=len(cases),
        accepted=len(accepted),
        closed=len(closed),
        due=len(closed) + len(overdue_open),
        on_time=len(on_time),
        answered=len(closed) + statuses[CaseStatus.REJECTED],
        rated=len(rated),
        content=sum(1 for c in rated if c.satisfaction in CONTENT),
        median_days=statistics.median(days) if days else None,
        by_month=[(month, per_month[month]) for month in months],
        by_category=sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])),
        by_status=[(status, statuses[status]) for status in CaseStatus],
        by_satisfaction=[(s, satisfaction[s]) for s in Satisfaction if s is not Satisfaction.UNRATED],
    )


def _last_months(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months ending with today's month, oldest first."""
    index = today.year * 12 + today.month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def case_steps(case: Case) -> list[tuple[str, dt.date | None]]:
    """The steps of the closed loop this case has reached, with their dates (None: the register has none)."""
    reached = [
        (status.value, getattr(case, key)) for status, key in CASE_STEPS if getattr(case, key) or status in case.undated
    ]
    if case.status is CaseStatus.REJECTED:
        reached.append((CaseStatus.REJECTED.value, case.received))
    return reached
