"""The views of a station's pages: the station page (the five disclosures), its plan, its activities, its cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.data.values import ActivityStatus, DeputyRole, Level
from generator.region import formats
from generator.region.assemble import UPCOMING_DAYS, Membership, RegionModel, StationEntry, Upcoming, activity_sort_date
from generator.region.cases import CaseFigures, case_figures
from generator.region.maps import map_links
from generator.region.paging import CasePage, case_pages
from generator.region.paths import activity_path, cases_path, station_path
from generator.region.records import station_year
from generator.region.score import StationScore
from generator.render.charts import case_charts
from generator.render.opendata import downloads
from generator.render.placards import Placard
from generator.render.scores import check_missing, check_title
from generator.render.views import refs
from generator.render.views.page import Page
from generator.render.views.plain import Plain, plain
from generator.strings.site import UI

RECENT_CASES = 3  # cases shown on a station page before "see all"
CARDS_UP_TO = 8  # a station of at most this many deputies shows each as a card; a larger one groups them
LEADER_ROLES = (DeputyRole.HEAD, DeputyRole.DEPUTY_HEAD, DeputyRole.ROTATING_HEAD)
OVERVIEW_CASES = 10  # the newest cases shown on a station's cases overview, above its pages by year
PLAN_PREVIEW = 6  # activities shown on a station page before "see all"


def crumbs(stations: list[StationEntry]) -> list[tuple[str, str]]:
    """Links up the hierarchy, each named by its place (塔福街道), short enough for one line on a phone."""
    return [(station_path(s.id), s.station.area[-1]) for s in stations]


def figures(model: RegionModel, cases: list) -> CaseFigures:
    return case_figures(cases, model.today, model.region.reply_deadline_days)


def tree_row(model: RegionModel, entry: StationEntry, labelled: bool = True) -> Plain:
    """A station's figures with those of every station below it; on the cockpit, labelled with how many.

    A station page's rows of its children go unlabelled (their caption says what they sum), so that
    the page does not change when stations are added further down.
    """
    below = entry.descendants
    scope = UI["scope_tree"].format(count=len(below)) if labelled and below else ""
    return [refs.station_ref(entry), plain(figures(model, entry.tree_cases)), scope]


def score(s: StationScore) -> Plain:
    """A station's completeness: its stars and points, and each check in words with what it misses."""
    checks = [
        {"key": c.key, "passed": c.passed, "title": check_title(c), "missing": check_missing(c)} for c in s.checks
    ]
    return {
        "entry": refs.station_ref(s.entry),
        "stars": s.stars,
        "points": s.points,
        "total": s.total,
        "checks": checks,
    }


@dataclass(frozen=True)
class DeputyGroup:
    """Deputies of a large station listed together under one heading, folded until opened."""

    title: str
    members: list[Membership]


def deputy_layout(members: list[Membership], county: str = "区") -> tuple[list[Membership], list[DeputyGroup]]:
    """A station's deputies as a resident reads them: cards, then groups folded by level.

    Up to CARDS_UP_TO deputies are all cards. A larger station shows its head and deputy heads
    as cards and the others in groups: the resident deputies by their highest level, then the
    visiting ones; each group keeps the station's order. `county` names the county level
    (RegionModel.county), as everywhere a level is written.
    """
    if len(members) <= CARDS_UP_TO:
        return members, []
    cards = [m for m in members if m.role in LEADER_ROLES]
    by_level: dict[Level, list[Membership]] = {}
    visiting = []
    for m in members:
        if m.role is DeputyRole.VISITING:
            visiting.append(m)
        elif m.role not in LEADER_ROLES:
            highest = min(m.deputy.deputy.level, key=list(Level).index)
            by_level.setdefault(highest, []).append(m)
    groups = [
        DeputyGroup(
            UI["deputy_group"].format(group=formats.levels_cn([level], county), count=len(by_level[level])),
            by_level[level],
        )
        for level in Level
        if level in by_level
    ]
    if visiting:
        groups.append(DeputyGroup(UI["deputy_group"].format(group=UI["visiting"], count=len(visiting)), visiting))
    return cards, groups


def next_session(upcoming: list[Upcoming]) -> Upcoming | None:
    """The first session from today that is not cancelled (the page's script keeps it current)."""
    return next((u for u in upcoming if not u.occurrence.cancelled), None)


def _plan_preview(entry: StationEntry, today: dt.date) -> list:
    """The year's activities from today on (else the year's first), cancelled ones left out."""
    year = today.year
    plan = entry.plans.get(year)
    if not plan:
        return []
    listed = [a for a in plan.activities if a.status is not ActivityStatus.CANCELLED]
    listed.sort(key=lambda a: (activity_sort_date(year, a), a.id))
    later = [a for a in listed if (a.date or dt.date(year, a.month or 12, 28)) >= today]
    return (later or listed)[:PLAN_PREVIEW]


def station_pages(
    entry: StationEntry,
    model: RegionModel,
    placards: list[Placard],
    station_score: StationScore,
    child_scores: list[StationScore],
    photos: refs.Photos,
) -> list[Page]:
    today = model.today
    base = station_path(entry.id)
    year = today.year
    plan = entry.plans.get(year)
    cards, groups = deputy_layout(entry.members, model.county)
    own = figures(model, entry.cases)
    report = next((p for p in placards if p.kind == "report" and p.context["year"] == year), None)
    upcoming = next_session(entry.upcoming)
    action = refs.action(model.region, entry.station)  # the station page's and each of its activities'
    view = {
        "today": plain(today),
        "month": today.month,
        "year": year,
        "crumbs": crumbs(entry.ancestors),
        "station": plain(entry.station),
        "photo": refs.photo(photos, entry.id, entry.station.photo),
        "action": action,
        "member_count": len(entry.members),
        "leaders": [refs.member(m, photos) for m in entry.members if m.role in LEADER_ROLES],
        "deputy_cards": [refs.member(m, photos) for m in cards],
        "deputy_groups": [{"title": g.title, "members": [refs.member(m, photos) for m in g.members]} for g in groups],
        "next": refs.session(upcoming) if upcoming else None,
        "children": [refs.station_ref(child) for child in entry.children],
        "parent": refs.station_ref(entry.parent) if entry.parent else None,
        "maps": plain(map_links(entry.station, entry.station.address)),
        "rules": [refs.rule(r) for r in entry.rules],
        "upcoming": [refs.session(u) for u in entry.upcoming],
        "upcoming_days": UPCOMING_DAYS,
        "has_plan": plan is not None,
        "current_theme": next((th.theme for th in plan.themes if th.month == today.month), None) if plan else None,
        "plan_preview": plain(_plan_preview(entry, today)),
        "plan_activity_count": sum(len(p.activities) for p in entry.plans.values()),
        "case_count": len(entry.cases),
        "reply_days": model.region.reply_deadline_days,
        "figures": plain(own),
        "recent_cases": [refs.case(c, model.deputies) for c in entry.cases[:RECENT_CASES]],
        "tree_figures": plain(figures(model, entry.tree_cases)) if entry.children else None,
        "child_rows": [tree_row(model, child, labelled=False) for child in entry.children],
        "score": score(station_score),
        "child_scores": [score(s) for s in child_scores],
        "station_year": plain(station_year(model, [entry], year)),
        "group_year": plain(station_year(model, [entry, *entry.descendants], year)) if entry.children else None,
        "report": {"path": report.path, "label": report.label} if report else None,
        "placards": [{"path": p.path, "label": p.label} for p in placards],
        "downloads": download_links(entry.id),
    }
    result = [Page(base, entry.station.name, "station.html", view, code="station_code", kind="kind_station")]
    below = crumbs([*entry.ancestors, entry])  # sub-pages sit below the station
    if entry.plans:
        result += _plan_pages(entry, model, below, action)
    if entry.cases:
        result += _case_pages(entry, model, own, below)
    return result


def download_links(station_id: str | None = None) -> list[Plain]:
    """The open data files of the region (no station) or of one station: each table, as CSV and JSON."""
    return [
        {
            "table": {"name": d.table.name, "title": d.table.title, "description": d.table.description},
            "csv": d.path("csv"),
            "json": d.path("json"),
        }
        for d in downloads(station_id)
    ]


def _plan_pages(entry: StationEntry, model: RegionModel, below: list[tuple[str, str]], action: Plain) -> list[Page]:
    """The station's plans, all years on one page, and a page for each activity."""
    name = entry.station.name
    base = station_path(entry.id)
    plans = [(y, p, model.plan_activities(entry, y)) for y, p in sorted(entry.plans.items(), reverse=True)]
    listed = [
        [year, {"themes": plain(plan.themes)}, [[plain(a), [refs.deputy_ref(d) for d in people]] for a, people in acts]]
        for year, plan, acts in plans
    ]
    title = UI["plan_title"].format(station=name)
    result = [
        Page(f"{base}plan/", title, "station_plan.html", {"plans": listed, "crumbs": below, "station_id": entry.id})
    ]
    plan_crumbs = [*below, (f"{base}plan/", title)]
    station = refs.station_ref(entry)
    for year, _, activities in plans:
        for activity, people in activities:
            view = {
                "today": plain(model.today),
                "station": station,
                "action": action,
                "year": year,
                "activity": plain(activity),
                "people": [refs.deputy_ref(d) for d in people],
                "crumbs": plan_crumbs,
            }
            path = activity_path(entry.id, activity.id)
            result.append(Page(path, activity.title, "activity.html", view, code="activity_code", kind="kind_activity"))
    return result


def _case_pages(entry: StationEntry, model: RegionModel, own: CaseFigures, below: list) -> list[Page]:
    """The overview (figures, charts, newest cases, the pages by year) and the year pages of a station's cases."""
    name = entry.station.name
    split = case_pages(entry.id, entry.cases)
    years: dict[int, list[CasePage]] = {}
    for part in split:
        years.setdefault(part.year, []).append(part)
    nav = [[year, [_part_link(p) for p in parts]] for year, parts in years.items()]
    charts = case_charts(own)
    overview = {
        "crumbs": below,
        "figures": plain(own),
        "reply_days": model.region.reply_deadline_days,
        "charts": plain(charts),
        "years": nav,
        "recent": [refs.case(c, model.deputies) for c in entry.cases[:OVERVIEW_CASES]],
    }
    title = UI["cases_title"].format(station=name)
    result = [Page(cases_path(entry.id), title, "station_cases.html", overview, charts=charts)]
    below = [*below, (cases_path(entry.id), UI["cases_short"])]
    for i, part in enumerate(split):
        view = {
            "crumbs": below,
            "part": _part_link(part),
            "cases": [refs.case(c, model.deputies) for c in part.cases],
            "years": nav,
            "previous": _part_link(split[i - 1]) if i else None,
            "next": _part_link(split[i + 1]) if i + 1 < len(split) else None,
            "figures": plain(figures(model, part.cases)),  # the counts the page's filter offers
        }
        title = UI["cases_page_title"].format(station=name, part=part.label)
        result.append(Page(part.path, title, "station_cases_year.html", view, kind="kind_case"))
    return result


def _part_link(part: CasePage) -> Plain:
    """One page of a year's cases as the pager and the list of pages name it."""
    return {
        "path": part.path,
        "label": part.label,
        "year": part.year,
        "number": part.number,
        "of": part.of,
        "span": part.span,
        "year_total": part.year_total,
        "count": len(part.cases),
    }
