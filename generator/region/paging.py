"""How a station's cases are split into pages: by year, then a fixed number per page.

A station gains a hundred cases a year and keeps them for good; one page holding
all of them would grow every year. Each year gets its own pages
(`s/<id>/cases/<year>/`, `…/<year>/2/`, …) of at most `CASES_PER_PAGE` cases,
so every case is on exactly one page and a page never grows past that count.
Pages are cut in the order cases were received, oldest first, so a case keeps
its page (and a shared link to it keeps working) as new cases arrive; each page
lists its own cases newest first, and is labelled with the dates it covers.
This module only decides what goes where; it never renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.data.model import Case
from generator.region.paths import cases_path
from generator.strings.site import UI

CASES_PER_PAGE = 50  # about 60 KB of cases: a page stays well under 100 KB on a phone


@dataclass(frozen=True)
class CasePage:
    station_id: str
    year: int
    number: int  # 1, 2, … within the year
    of: int  # pages of the year
    cases: list[Case]  # newest first
    year_total: int  # cases of the year, on all its pages

    @property
    def span(self) -> str:
        """The days the page's cases were received: "3月2日至5月30日"."""
        first, last = self.cases[-1].received, self.cases[0].received
        return UI["cases_span"].format(first=month_day(first), last=month_day(last))

    @property
    def path(self) -> str:
        return cases_path(self.station_id, self.year, self.number)

    @property
    def label(self) -> str:
        """ "2026 年", or "2026 年第 2 页（共 3 页）" when the year has more than one page."""
        if self.of == 1:
            return UI["cases_part"].format(year=self.year)
        return UI["cases_part_n"].format(year=self.year, number=self.number, of=self.of, span=self.span)


def case_pages(station_id: str, cases: list[Case]) -> list[CasePage]:
    """The pages of a station's cases (given newest first): newest year first, then page 1, 2, … of the year."""
    by_year: dict[int, list[Case]] = {}
    for case in reversed(cases):  # oldest first, so that pages are cut where they stay
        by_year.setdefault(case.received.year, []).append(case)
    result = []
    for year in sorted(by_year, reverse=True):
        of_year = by_year[year]
        chunks = [of_year[i : i + CASES_PER_PAGE][::-1] for i in range(0, len(of_year), CASES_PER_PAGE)]
        result += [
            CasePage(station_id, year, n, len(chunks), chunk, len(of_year)) for n, chunk in enumerate(chunks, start=1)
        ]
    return result


def month_day(day: dt.date) -> str:
    return UI["month_day"].format(month=day.month, day=day.day)
