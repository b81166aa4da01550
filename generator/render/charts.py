"""Static SVG bar charts of case figures, drawn at build time.

A chart is an image file (`<img src=… alt=…>`), so it needs no script and
cannot run one, and the page beside it always carries the same numbers as a
table. Charting libraries were weighed against this: their SVG carries random
element ids, a generation timestamp and links to their home pages, and is ten
times the size, which breaks byte-identical builds and the offline check for a
handful of labelled bars. One horizontal bar layout serves every chart, so long
Chinese labels never need rotating.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jinja2

from generator.region.cases import CaseFigures
from generator.strings.site import UI

ROW = 30  # px per bar
LABEL_EM = 14  # px per character of a label (CJK characters are square)
WIDTH = 360  # drawn at phone width, so its 14 px text is not shrunk on a phone


@dataclass(frozen=True)
class Chart:
    name: str  # file stem, e.g. "month"
    title: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(value for _, value in self.rows)

    @property
    def height(self) -> int:
        """Drawn height in px: the title, then one row per bar."""
        return ROW * len(self.rows) + 44

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def alt(self) -> str:
        """The chart in words, for screen readers and for readers with images off."""
        parts = "，".join(f"{label} {value}" for label, value in self.rows)
        return UI["chart_alt"].format(title=self.title, parts=parts)


def case_charts(figures: CaseFigures) -> list[Chart]:
    return [
        Chart("month", UI["chart_month"], [(_month_label(m, i == 0), n) for i, (m, n) in enumerate(figures.by_month)]),
        Chart("category", UI["chart_category"], figures.by_category),
        Chart("status", UI["chart_status"], [(s.value, n) for s, n in figures.by_status]),
        Chart("satisfaction", UI["chart_satisfaction"], [(s.value, n) for s, n in figures.by_satisfaction]),
    ]


def _month_label(month: dt.date, first: bool) -> str:
    """The year is written on the first bar and at each January only."""
    key = "month_with_year" if first or month.month == 1 else "month_only"
    return UI[key].format(year=month.year, month=month.month)


def render_chart(env: jinja2.Environment, chart: Chart) -> str:
    label_width = max((len(label) for label, _ in chart.rows), default=2) * LABEL_EM + 16
    top = max((value for _, value in chart.rows), default=0) or 1
    bar_space = WIDTH - label_width - 56  # room for the value after the longest bar
    bars = [(label, value, round(bar_space * value / top)) for label, value in chart.rows]
    return env.get_template("charts/bar.svg").render(
        chart=chart, bars=bars, label_width=label_width, row=ROW, width=chart.width, height=chart.height
    )
