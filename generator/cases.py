"""Figures about handled cases (办理情况): computed once from the model, shown by pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.formats import percent
from generator.model import CASE_STEPS, Case, CaseStatus, Satisfaction

CLOSED = (CaseStatus.REPLIED, CaseStatus.RATED)
CONTENT = (Satisfaction.SATISFIED, Satisfaction.MOSTLY)


@dataclass(frozen=True)
class CaseFigures:
    received: int
    closed: int
    reply_rate: str
    satisfaction_rate: str


def case_figures(cases: Sequence[Case]) -> CaseFigures:
    """Closed means replied (with or without a rating); rejected cases are not counted as open."""
    accepted = [c for c in cases if c.status is not CaseStatus.REJECTED]
    closed = [c for c in accepted if c.status in CLOSED]
    rated = [c for c in accepted if c.status is CaseStatus.RATED]
    content = [c for c in rated if c.satisfaction in CONTENT]
    return CaseFigures(
        received=len(cases),
        closed=len(closed),
        reply_rate=percent(len(closed), len(accepted)),
        satisfaction_rate=percent(len(content), len(rated)),
    )


def case_steps(case: Case) -> list[tuple[str, dt.date]]:
    """The steps of the closed loop this case has reached, with their dates."""
    reached = [(status.value, getattr(case, key)) for status, key in CASE_STEPS if getattr(case, key)]
    if case.status is CaseStatus.REJECTED:
        reached.append((CaseStatus.REJECTED.value, case.received))
    return reached
