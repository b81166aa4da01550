"""Printable placards: the station placard, deputy cards, the month's notice, the annual plan.

Each placard is a standalone HTML document with print CSS (`@page` size, no
site chrome), published in the site next to its station (`s/<id>/print/…`) so a
clerk can print it from any browser, and turned into PDF by `printing.py`.
They are static files, not MkDocs pages: the theme would add its header,
navigation and scripts, which a wall placard must not carry.

Layout limits are decided here, not left to chance: a placard lists at most
`PLACARD_DEPUTIES` deputies and `PLACARD_RULES` reception rules (the rest are
one scan away), and templates pick a denser grid as the list grows, so the
placard always stays on one sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.data.model import ActivityStatus
from generator.region import formats
from generator.region.assemble import RegionModel, StationEntry
from generator.region.cases import CLOSED
from generator.region.paths import activity_path, deputy_path, station_path
from generator.region.records import record_years, station_year
from generator.strings.site import UI

STYLESHEET = "assets/print/placard.css"
STYLESHEET_SOURCE = Path(__file__).parent / "templates" / "print" / "placard.css"
PLACARD_DEPUTIES = 60  # a 4-column grid of 15 rows: the most one A4 sheet holds legibly
PLACARD_RULES = 4
CROWDED_RULES = 2  # rules shown when the deputies need the room
CARDS_PER_SHEET = 10  # 90 × 54 mm cards, 2 across and 5 down on A4
REPORT_CASES = 5  # the newest answered cases an annual report quotes
NOTICE_MONTHS = 2  # this month's notice and next month's, printed ahead of time

PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}


@dataclass
class Placard:
    station: StationEntry
    kind: str  # UI key naming the kind of placard
    name: str  # file name without extension, e.g. "placard-a4"
    paper: str  # "A4" or "A3"
    template: str
    label: str  # what the placard is, e.g. "公示牌（A4）"
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def directory(self) -> str:
        return f"{station_path(self.station.id)}print/"

    @property
    def path(self) -> str:
        return f"{self.directory}{self.name}.html"

    @property
    def title(self) -> str:
        return f"{self.station.station.name} · {self.label}"


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def notice_months(today: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], today.year, today.month
    for _ in range(NOTICE_MONTHS):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def density(count: int) -> str:
    """How tightly the placard lays out its deputies: fewer names, bigger type."""
    if count <= 12:
        return "roomy"
    if count <= 24:
        return "normal"
    if count <= 45:
        return "dense"
    return "densest"


def station_placards(entry: StationEntry, model: RegionModel) -> list[Placard]:
    """Every placard of one station, in the order the placards index lists them."""
    members = entry.members
    shown = members[:PLACARD_DEPUTIES]
    crowded = density(len(shown)) in ("dense", "densest")
    rules = entry.schedule.rules[: CROWDED_RULES if crowded else PLACARD_RULES]
    placard = {
        "members": shown,
        "hidden": len(members) - len(shown),
        "density": density(len(shown)),
        "crowded": crowded,
        "rules": rules,
        "more_rules": len(entry.schedule.rules) > len(rules),
    }
    result = [
        Placard(
            entry, "placard", f"placard-{paper.lower()}", paper, "placard.html", UI[f"placard_{paper.lower()}"], placard
        )
        for paper in ("A4", "A3")
    ]
    if members:
        sheets = [members[i : i + CARDS_PER_SHEET] for i in range(0, len(members), CARDS_PER_SHEET)]
        result.append(Placard(entry, "cards", "cards", "A4", "cards.html", UI["placard_cards"], {"sheets": sheets}))
    for year, month in notice_months(model.today):
        first, last = _month_span(year, month)
        sessions = model.sessions(entry, first, last)
        label = UI["placard_notice"].format(year=year, month=month)
        context = {"year": year, "month": month, "sessions": sessions}
        result.append(Placard(entry, "notice", f"notice-{year}-{month:02d}", "A4", "notice.html", label, context))
    for year, plan in sorted(entry.plans.items(), reverse=True):
        activities = model.plan_activities(entry, year)
        label = UI["placard_plan"].format(year=year)
        context = {"year": year, "plan": plan, "activities": activities}
        result.append(Placard(entry, "plan", f"plan-{year}", "A4", "plan.html", label, context))
    result += [annual_report(entry, model, year) for year in record_years(model, entry)]
    return result


def annual_report(entry: StationEntry, model: RegionModel, year: int) -> Placard:
    """年度工作报告: the year's figures, month by month, the activities done and the cases closed, on A4."""
    group = [entry, *entry.descendants]
    figures = station_year(model, [entry], year)
    busiest = max((visitors for _, _, visitors in figures.by_month), default=0)
    done = (
        [a for a, _ in model.plan_activities(entry, year) if a.status is ActivityStatus.DONE]
        if year in entry.plans
        else []
    )
    closed = [c for c in entry.cases if c.received.year == year and c.status in CLOSED and c.reply][:REPORT_CASES]
    context = {
        "year": year,
        "figures": figures,
        "group_figures": station_year(model, group, year) if entry.children else None,
        "months": [
            (month, held, visitors, round(100 * visitors / busiest) if busiest else 0)
            for month, held, visitors in figures.by_month
        ],
        "done": done,
        "closed": closed,
    }
    label = UI["placard_report"].format(year=year)
    return Placard(entry, "report", f"report-{year}", "A4", "report.html", label, context)


def all_placards(model: RegionModel) -> list[Placard]:
    return [p for entry in model.stations.values() for p in station_placards(entry, model)]


def render_placard(env: jinja2.Environment, placard: Placard, model: RegionModel) -> str:
    def url(target: str) -> str:
        return formats.relative_url(placard.directory, target)

    def code_url(page: str) -> str:
        return url(f"{page}code.svg")

    width, height = PAPER_MM[placard.paper]
    return env.get_template(f"print/{placard.template}").render(
        placard=placard,
        entry=placard.station,
        station=placard.station.station,
        region=model.region,
        today=model.today,
        url=url,
        code_url=code_url,
        stylesheet=url(STYLESHEET),
        paper_width=width,
        paper_height=height,
        station_path=station_path,
        deputy_path=deputy_path,
        activity_path=activity_path,
        **placard.context,
    )
