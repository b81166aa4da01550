"""Render the region model into MkDocs pages: one Markdown file per page, body in escaped HTML.

Every value from YAML reaches the page through Jinja with autoescaping, and
Markdown never sees it: the body is finished HTML, which the MkDocs hook passes
to the theme unparsed (parsing it again was most of MkDocs' time at city size),
and which would still be one raw HTML block without the hook. So a name such as
`**x**`, `<script>` or `{{ x }}` shows literally. The only rich text clerks may write,
the work rules, goes through a CommonMark renderer with raw HTML switched off
and links limited to http(s).

Addresses come from ids only (see `paths.py`). Page titles go into
front matter HTML-escaped, because MkDocs' theme templates print them unescaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import yaml
from markdown_it import MarkdownIt

from generator import formats
from generator.cases import CaseFigures, case_figures, case_steps
from generator.charts import Chart, case_charts
from generator.feeds import FEED_NAME, subscribe_url
from generator.guide import file_sections, message_groups
from generator.model import ActivityStatus
from generator.opendata import downloads, page_context
from generator.paths import (
    COCKPIT,
    DATA_INDEX,
    GUIDE,
    GUIDE_FIELDS,
    GUIDE_MESSAGES,
    PLACARDS_INDEX,
    SCORE_INDEX,
    activity_path,
    deputy_path,
    media_path,
    station_path,
)
from generator.placards import Placard
from generator.region import UPCOMING_DAYS, DeputyEntry, RegionModel, StationEntry, activity_sort_date
from generator.schedule import describe_policy, describe_rule
from generator.score import StationScore, check_explanations, region_scores, region_summary
from generator.strings import FIGURE_NOTES, UI
from generator.strings import GUIDE as GUIDE_TEXT
from generator.suggest import suggest_action

TEMPLATES = Path(__file__).parent / "templates"
RECENT_CASES = 5  # cases shown on a station page before "see all"
PLAN_PREVIEW = 6  # activities shown on a station page before "see all"
# Front-matter flag of generated pages: their body is finished HTML, which the MkDocs hook
# (`mkdocs_hook.py`) hands to the theme as it is instead of letting Python-Markdown re-parse it.
FINISHED_HTML = "lz_html"


@dataclass
class Page:
    path: str  # the page's directory, e.g. "s/liutang/" ("" for the home page)
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ("toc",)
    code: str | None = None  # UI key naming the page's QR code, for pages that have one
    charts: list[Chart] = field(default_factory=list)  # drawn into `charts/` beside the page
    kind: str | None = None  # UI key naming the kind of page in search results; None: not searchable

    @property
    def source(self) -> str:
        return f"{self.path}index.md"

    @property
    def slug(self) -> str:
        """The id the page is named after (last part of its address)."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]


class _Text:
    """Lets templates write `t.key` for UI strings, failing loudly on a missing key."""

    def __getattr__(self, key: str) -> str:
        return UI[key]

    def __getitem__(self, key: str) -> str:
        return UI[key]


def _rules_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])  # no requests to other hosts, ever
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://"))  # type: ignore[method-assign]
    return md


def make_environment(overrides: Path | None, site_url: str) -> jinja2.Environment:
    search = [str(overrides)] if overrides and overrides.is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    rules = _rules_renderer()
    env.globals["t"] = _Text()
    env.globals["subscribe_url"] = lambda path: subscribe_url(site_url, path)
    env.globals["feed_name"] = FEED_NAME
    env.globals["suggest_action"] = suggest_action
    env.globals["figure_note_lines"] = FIGURE_NOTES
    env.globals["data_index"] = DATA_INDEX
    env.globals.update(score_page=SCORE_INDEX, guide_page=GUIDE)  # pages for clerks, linked from others
    env.filters.update(
        date_cn=formats.date_cn,
        weekday_cn=formats.weekday_cn,
        levels_cn=formats.levels_cn,
        levels_short=formats.levels_short,
        session_end=formats.session_end,
        policy_cn=describe_policy,
        rule_cn=describe_rule,
        tel=formats.tel_target,
        search_terms=formats.search_terms,
        case_steps=case_steps,
        markdown=lambda text: markupsafe.Markup(rules.render(text)),
    )
    return env


def render_page(env: jinja2.Environment, page: Page, model: RegionModel) -> str:
    template = env.get_template(page.template)

    def url(target: str) -> str:
        return formats.relative_url(page.path, target)

    body = template.render(
        page=page,
        region=model.region,
        today=model.today,
        url=url,
        station_path=station_path,
        deputy_path=deputy_path,
        activity_path=activity_path,
        photo_url=lambda station_id, photo: url(media_path(station_id, photo)),
        **page.context,
    )
    # Should Markdown ever see the body, it ends a raw HTML block at a blank line: keep the body one block.
    body = "\n".join(line for line in body.splitlines() if line.strip())
    meta = {"title": str(markupsafe.escape(page.title)), "hide": list(page.hide), FINISHED_HTML: True}
    if page.kind:
        meta["search_kind"] = UI[page.kind]  # overrides/main.html marks the content for Pagefind
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}\n"


def pages(model: RegionModel, placards: list[Placard]) -> list[Page]:
    """Every generated page, in a stable order."""
    by_station: dict[str, list[Placard]] = {}
    for placard in placards:
        by_station.setdefault(placard.station.id, []).append(placard)
    result = [
        Page("", UI["home_title"].format(region=model.region.name), "home.html", {"model": model}),
        Page("s/", UI["stations_index"], "stations_index.html", {"model": model}),
        Page("d/", UI["deputies_index"], "deputies_index.html", {"model": model}),
        Page(PLACARDS_INDEX, UI["placards_title"], "placards_index.html", {"model": model, "placards": by_station}),
        _cockpit_page(model),
        Page(DATA_INDEX, UI["data_title"], "open_data.html", page_context(model)),
    ]
    scores = region_scores(model)
    about_score = {"scores": scores, "explanations": check_explanations(), "overall": region_summary(scores)}
    guide = {"g": GUIDE_TEXT}
    result += [
        Page(SCORE_INDEX, UI["score_title"], "score.html", about_score),
        Page(GUIDE_FIELDS, GUIDE_TEXT["fields_title"], "guide_fields.html", {**guide, "sections": file_sections()}),
        Page(
            GUIDE_MESSAGES, GUIDE_TEXT["messages_title"], "guide_messages.html", {**guide, "groups": message_groups()}
        ),
    ]
    for station, score in zip(model.stations.values(), scores, strict=True):
        result += _station_pages(station, model, by_station.get(station.id, []), score)
    for deputy in model.deputies.values():
        result.append(_deputy_page(deputy))
    return result


def _figures(model: RegionModel, cases: list) -> CaseFigures:
    return case_figures(cases, model.today, model.region.reply_deadline_days)


def _cockpit_page(model: RegionModel) -> Page:
    """The region's figures (驾驶舱): totals, charts, and one row per station and per station with children."""
    every = [case for entry in model.stations.values() for case in entry.cases]
    figures = _figures(model, every)
    rows: list[tuple[StationEntry, CaseFigures, str]] = []
    for entry in model.stations.values():
        below = entry.descendants
        rows.append((entry, _figures(model, entry.cases), UI["scope_own"] if below else ""))
        if below:
            rows.append((entry, _figures(model, entry.tree_cases), UI["scope_tree"].format(count=len(below))))
    context = {"figures": figures, "charts": case_charts(figures), "rows": rows, "station_count": len(model.stations)}
    return Page(
        COCKPIT, UI["cockpit_title"].format(region=model.region.name), "cockpit.html", context, charts=context["charts"]
    )


def _crumbs(stations: list[StationEntry]) -> list[tuple[str, str]]:
    return [(station_path(s.id), s.station.name) for s in stations]


def _station_pages(entry: StationEntry, model: RegionModel, placards: list[Placard], score: StationScore) -> list[Page]:
    today = model.today
    base = station_path(entry.id)
    year = today.year
    plan = entry.plans.get(year)
    upcoming_activities = []
    if plan:
        upcoming_activities = [a for a in plan.activities if a.status is not ActivityStatus.CANCELLED]
        upcoming_activities.sort(key=lambda a: (activity_sort_date(year, a), a.id))
        later = [a for a in upcoming_activities if (a.date or dt.date(year, a.month or 12, 28)) >= today]
        upcoming_activities = (later or upcoming_activities)[:PLAN_PREVIEW]
    plan_activity_count = sum(len(p.activities) for p in entry.plans.values())
    context = {
        "entry": entry,
        "crumbs": _crumbs(entry.ancestors),
        "deputies": model.deputies,
        "station": entry.station,
        "year": year,
        "plan": plan,
        "plan_preview": upcoming_activities,
        "plan_activity_count": plan_activity_count,
        "figures": _figures(model, entry.cases),
        "tree_figures": _figures(model, entry.tree_cases) if entry.children else None,
        "recent_cases": entry.cases[:RECENT_CASES],
        "upcoming_days": UPCOMING_DAYS,
        "placards": placards,
        "downloads": downloads(entry.id),
        "score": score,
        "current_theme": next((th.theme for th in plan.themes if th.month == today.month), None) if plan else None,
    }
    result = [Page(base, entry.station.name, "station.html", context, code="station_code", kind="kind_station")]
    crumbs = _crumbs([*entry.ancestors, entry])  # sub-pages sit below the station
    if entry.plans:
        plans = [(y, p, model.plan_activities(entry, y)) for y, p in sorted(entry.plans.items(), reverse=True)]
        title = UI["plan_title"].format(station=entry.station.name)
        result.append(
            Page(f"{base}plan/", title, "station_plan.html", {"plans": plans, "crumbs": crumbs, "station_id": entry.id})
        )
        plan_crumbs = [*crumbs, (f"{base}plan/", UI["plan_title"].format(station=entry.station.name))]
        for year, _, activities in plans:
            for activity, people in activities:
                about = {"entry": entry, "year": year, "activity": activity, "people": people, "crumbs": plan_crumbs}
                path = activity_path(entry.id, activity.id)
                result.append(
                    Page(path, activity.title, "activity.html", about, code="activity_code", kind="kind_activity")
                )
    if entry.cases:
        title = UI["cases_title"].format(station=entry.station.name)
        by_year: dict[int, list] = {}
        for case in entry.cases:  # newest first
            by_year.setdefault(case.received.year, []).append(case)
        about = {
            **context,
            "crumbs": crumbs,
            "by_year": list(by_year.items()),
            "charts": case_charts(context["figures"]),
        }
        page = Page(f"{base}cases/", title, "station_cases.html", about, charts=about["charts"], kind="kind_case")
        result.append(page)
    return result


def _deputy_page(entry: DeputyEntry) -> Page:
    context = {"entry": entry, "deputy": entry.deputy, "crumbs": _crumbs([entry.home])}
    return Page(
        deputy_path(entry.id), entry.deputy.name, "deputy.html", context, code="deputy_code", kind="kind_deputy"
    )


def photo_files(model: RegionModel) -> dict[str, Path]:
    """Photos to publish, by their site path."""
    found: dict[str, Path] = {}
    for station in model.stations.values():
        if station.station.photo:
            found[media_path(station.id, station.station.photo)] = station.folder / station.station.photo
    for deputy in model.deputies.values():
        if deputy.deputy.photo:
            found[media_path(deputy.home.id, deputy.deputy.photo)] = deputy.home.folder / deputy.deputy.photo
    return found
