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
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe
import yaml
from markdown_it import MarkdownIt

from generator.data.values import ActivityStatus, DeputyRole, Level
from generator.problems import Problem, one_line
from generator.region import formats
from generator.region.assemble import (
    UPCOMING_DAYS,
    DeputyEntry,
    Membership,
    RegionModel,
    StationEntry,
    Upcoming,
    activity_sort_date,
)
from generator.region.cases import CaseFigures, case_figures, case_steps
from generator.region.maps import map_links
from generator.region.paging import CasePage, case_pages
from generator.region.paths import (
    COCKPIT,
    DATA_INDEX,
    FINISHED_HTML,
    GUIDE,
    GUIDE_FIELDS,
    GUIDE_MESSAGES,
    PLACARDS_INDEX,
    SCORE_INDEX,
    activity_path,
    cases_path,
    deputy_path,
    group_deputies_path,
    group_print_path,
    group_stations_path,
    station_path,
)
from generator.region.records import deputy_year, station_year
from generator.region.schedule import describe_policy, describe_rule
from generator.region.score import StationScore, region_scores
from generator.region.suggest import suggest_action
from generator.render.charts import Chart, case_charts
from generator.render.feeds import FEED_NAME, subscribe_url
from generator.render.guide import file_sections, message_groups, sheet_sections
from generator.render.opendata import downloads, page_context
from generator.render.photos import LANDSCAPE, PORTRAIT, Shape
from generator.render.placards import Placard
from generator.render.scores import check_explanations, check_missing, check_title, region_summary
from generator.strings.guide import GUIDE as GUIDE_TEXT
from generator.strings.messages import ERR
from generator.strings.site import FIGURE_NOTES, RECORD_NOTES, UI

TEMPLATES = Path(__file__).parent / "templates"
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: a tenth of the time, the same values
RECENT_CASES = 3  # cases shown on a station page before "see all"
CARDS_UP_TO = 8  # a station of at most this many deputies shows each as a card; a larger one groups them
LEADER_ROLES = (DeputyRole.HEAD, DeputyRole.DEPUTY_HEAD, DeputyRole.ROTATING_HEAD)
OVERVIEW_CASES = 10  # the newest cases shown on a station's cases overview, above its pages by year
DEPUTY_CASES = 10  # the newest cases a deputy took, shown on the deputy's page
PLAN_PREVIEW = 6  # activities shown on a station page before "see all"


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
    md.disable(["image", "entity"])  # no requests to other hosts, ever; &lt; shows as the clerk wrote it
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://"))  # type: ignore[method-assign]
    return md


class _CompiledOnce(jinja2.BytecodeCache):
    """The templates' compiled code kept in this process's memory, by template name: a process that generates
    again (live preview's child, on every edit) compiles each template once, not on every generation.

    Jinja checks an entry against its template's source (a checksum) before using it, so an edited template or
    an override of the same name is compiled anew. Nothing is read from disk: no code is loaded from a cache a
    CI restores. Every environment `make_environment` makes has the same options, so their code is the same.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name  # not the file's path: each copy of a project has its own, with the same templates

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledOnce()


def make_environment(
    overrides: Path | None, site_url: str, *, example: bool = False, county: str = "区"
) -> jinja2.Environment:
    """The templates' environment; `example` marks every page and placard of the invented example district,
    `county` is what the county-level congress is called here (RegionModel.county)."""
    search = [str(overrides)] if overrides and overrides.is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_COMPILED,
    )
    rules = _rules_renderer()
    env.globals["t"] = _Text()
    env.globals["subscribe_url"] = lambda path: subscribe_url(site_url, path)
    env.globals["feed_name"] = FEED_NAME
    env.globals["example"] = example
    env.globals["photo"] = lambda station_id, path: None  # until the build has made them: `publish_photos`
    env.globals["suggest_action"] = suggest_action
    env.globals["figure_note_lines"] = FIGURE_NOTES
    env.globals["record_note_lines"] = RECORD_NOTES
    env.globals["data_index"] = DATA_INDEX
    env.globals.update(score_page=SCORE_INDEX, guide_page=GUIDE)  # pages for clerks, linked from others
    env.globals.update(check_title=check_title, check_missing=check_missing)  # the score's words
    env.filters.update(
        date_cn=formats.date_cn,
        weekday_cn=formats.weekday_cn,
        levels_cn=lambda levels: formats.levels_cn(levels, county),
        levels_short=lambda levels: formats.levels_short(levels, county),
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
        cases_path=cases_path,
        group_deputies_path=group_deputies_path,
        group_print_path=group_print_path,
        group_stations_path=group_stations_path,
        **page.context,
    )
    # Should Markdown ever see the body, it ends a raw HTML block at a blank line: keep the body one block.
    body = "\n".join(line for line in body.splitlines() if line.strip())
    meta = {"title": str(markupsafe.escape(page.title)), "hide": list(page.hide), FINISHED_HTML: True}
    if page.kind:
        meta["search_kind"] = UI[page.kind]  # overrides/main.html marks the content for Pagefind
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}\n"


def site_facts(model: RegionModel) -> bytes:
    """What the theme's templates show on every page: the footer line naming the organiser."""
    footer = UI["footer"].format(organizer=model.region.organizer, region=model.region.name)
    return json.dumps({"footer": footer}, ensure_ascii=False, sort_keys=True).encode("utf-8")


def render_preview_error(env: jinja2.Environment, problems: list[Problem]) -> str:
    """The page live preview shows while the data has errors: each problem's place and message."""
    lines = [
        (f"{p.file}:{p.position.line}:{p.position.column}" if p.file else "", one_line(p.message)) for p in problems
    ]
    return env.get_template("preview_error.html").render(
        title=ERR["preview_error_title"],
        lead=ERR["preview_error_lead"].format(count=len(lines)),
        fix=ERR["preview_error_fix"],
        problems=lines,
    )


def render_redirect(env: jinja2.Environment, page: Page, short: str, site_url: str) -> str:
    """The static page at a code's short address (`<short>/index.html`), forwarding to `page`."""
    return env.get_template("redirect.html").render(
        title=page.title,
        target=formats.relative_url(f"{short}/", page.path),
        canonical=site_url.rstrip("/") + "/" + page.path,
    )


@dataclass(frozen=True)
class Hub:
    """The size of a head or centre station's group, as region-wide pages list it, in words that say what they count."""

    stations: int  # in its group, itself included
    deputies: int  # distinct deputies serving in its group
    centres: int  # hubs right below it (a head's centres)
    places: str  # the places of the stations below it in its group, for finding one's community ("" if none)

    @property
    def summary(self) -> str:
        """ "本站及下属 6 个联络站、联络点，共 140 名代表", "本站 17 名代表 · 下辖 2 个中心站"."""
        if self.stations > 1:
            text = UI["hub_group"].format(below=self.stations - 1, deputies=self.deputies)
        else:
            text = UI["hub_own"].format(deputies=self.deputies)
        return text + (UI["hub_centres"].format(count=self.centres) if self.centres else "")


def _hubs(model: RegionModel) -> dict[str, Hub]:
    hubs = {}
    for entry in model.hubs:
        deputies = {m.deputy.id for station in entry.group for m in station.members}
        places = "、".join(station.station.area[-1] for station in entry.group[1:])
        hubs[entry.id] = Hub(len(entry.group), len(deputies), len(entry.hubs_below), places)
    return hubs


def pages(model: RegionModel, placards: list[Placard]) -> list[Page]:
    """Every generated page, in a stable order.

    Region-wide pages (home, stations, deputies, placards, cockpit, score) list the hubs (heads
    and centres) only; a hub's own pages list its group: so no page lists every station or deputy.
    """
    by_station: dict[str, list[Placard]] = {}
    for placard in placards:
        by_station.setdefault(placard.station.id, []).append(placard)
    hubs = _hubs(model)
    listing = {"model": model, "hubs": hubs}
    scores = region_scores(model)
    result = [
        Page("", UI["home_title"].format(region=model.region.name), "home.html", listing),
        Page("s/", UI["stations_index"], "stations_index.html", listing),
        Page("d/", UI["deputies_index"], "deputies_index.html", listing),
        Page(PLACARDS_INDEX, UI["placards_title"], "placards_index.html", listing),
        _cockpit_page(model),
        Page(DATA_INDEX, UI["data_title"], "open_data.html", page_context(model)),
    ]
    by_id = {score.entry.id: score for score in scores}
    about_score = {
        "rows": [(by_id[hub.id], region_summary([by_id[s.id] for s in [hub, *hub.descendants]])) for hub in model.hubs],
        "explanations": check_explanations(),
        "overall": region_summary(scores),
    }
    guide = {"g": GUIDE_TEXT}
    result += [
        Page(SCORE_INDEX, UI["score_title"], "score.html", about_score),
        Page(
            GUIDE_FIELDS,
            GUIDE_TEXT["fields_title"],
            "guide_fields.html",
            {**guide, "sections": file_sections(), "sheets": sheet_sections()},
        ),
        Page(
            GUIDE_MESSAGES, GUIDE_TEXT["messages_title"], "guide_messages.html", {**guide, "groups": message_groups()}
        ),
    ]
    for station, score in zip(model.stations.values(), scores, strict=True):
        children = [by_id[child.id] for child in station.children]
        result += _station_pages(station, model, by_station.get(station.id, []), score, children)
        if station.is_hub:
            result += _group_pages(station, hubs, by_station)
    for deputy in model.deputies.values():
        result.append(_deputy_page(deputy, model))
    return result


def _figures(model: RegionModel, cases: list) -> CaseFigures:
    return case_figures(cases, model.today, model.region.reply_deadline_days)


def _tree_row(model: RegionModel, entry: StationEntry, labelled: bool = True) -> tuple[StationEntry, CaseFigures, str]:
    """A station's figures with those of every station below it; on the cockpit, labelled with how many.

    A station page's rows of its children go unlabelled (their caption says what they sum), so that
    the page does not change when stations are added further down.
    """
    below = entry.descendants
    scope = UI["scope_tree"].format(count=len(below)) if labelled and below else ""
    return entry, _figures(model, entry.tree_cases), scope


def _cockpit_page(model: RegionModel) -> Page:
    """The region's figures (驾驶舱): totals, charts, and one row per hub with its subtree's figures.

    A hub's station page carries the rows of its children (see `_station_pages`).
    """
    every = [case for entry in model.stations.values() for case in entry.cases]
    figures = _figures(model, every)
    rows = [_tree_row(model, entry) for entry in model.hubs]
    year = model.today.year
    context = {
        "figures": figures,
        "charts": case_charts(figures),
        "rows": rows,
        "station_count": len(model.stations),
        "region_year": station_year(model, model.stations.values(), year),
        "year_rows": [(hub, station_year(model, [hub, *hub.descendants], year)) for hub in model.hubs],
    }
    return Page(
        COCKPIT, UI["cockpit_title"].format(region=model.region.name), "cockpit.html", context, charts=context["charts"]
    )


def _group_pages(hub: StationEntry, hubs: dict[str, Hub], placards: dict[str, list[Placard]]) -> list[Page]:
    """A hub's lists of its group: the deputies (by station) and the placards to print."""
    crumbs = _crumbs([*hub.ancestors, hub])
    context = {"hub": hub, "hubs": hubs, "crumbs": crumbs, "placards": placards}
    name = hub.station.name
    return [
        Page(
            group_deputies_path(hub.id), UI["group_deputies_title"].format(station=name), "group_deputies.html", context
        ),
        Page(group_print_path(hub.id), UI["group_print_title"].format(station=name), "group_print.html", context),
        Page(
            group_stations_path(hub.id),
            UI["group_stations_title"].format(place=hub.station.area[-1]),
            "group_stations.html",
            {**context, "tree": group_tree(hub)},
        ),
    ]


def group_tree(hub: StationEntry) -> list[tuple[StationEntry, list[StationEntry]]]:
    """A hub's group by parent: the hub, then each station right below it with the points below that one."""
    rows = [(hub, [])]
    for child in hub.children:
        if not child.is_hub:
            rows.append((child, [s for s in child.group[1:]]))
    return rows


def _crumbs(stations: list[StationEntry]) -> list[tuple[str, str]]:
    """Links up the hierarchy, each named by its place (塔福街道), short enough for one line on a phone."""
    return [(station_path(s.id), s.station.area[-1]) for s in stations]


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


def _station_pages(
    entry: StationEntry,
    model: RegionModel,
    placards: list[Placard],
    score: StationScore,
    child_scores: list[StationScore],
) -> list[Page]:
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
    cards, groups = deputy_layout(entry.members, model.county)
    context = {
        "member_count": len(entry.members),
        "child_count": len(entry.children),
        "leaders": [m for m in entry.members if m.role in LEADER_ROLES],
        "deputy_cards": cards,
        "deputy_groups": groups,
        "next": next_session(entry.upcoming),
        "entry": entry,
        "crumbs": _crumbs(entry.ancestors),
        "deputies": model.deputies,
        "station": entry.station,
        "maps": map_links(entry.station, entry.station.address),
        "year": year,
        "plan": plan,
        "plan_preview": upcoming_activities,
        "plan_activity_count": plan_activity_count,
        "figures": _figures(model, entry.cases),
        "tree_figures": _figures(model, entry.tree_cases) if entry.children else None,
        "child_rows": [_tree_row(model, child, labelled=False) for child in entry.children],
        "child_scores": child_scores,
        "recent_cases": entry.cases[:RECENT_CASES],
        "upcoming_days": UPCOMING_DAYS,
        "placards": placards,
        "downloads": downloads(entry.id),
        "score": score,
        "current_theme": next((th.theme for th in plan.themes if th.month == today.month), None) if plan else None,
        "station_year": station_year(model, [entry], year),
        "group_year": station_year(model, [entry, *entry.descendants], year) if entry.children else None,
        "report": next((p for p in placards if p.kind == "report" and p.context["year"] == year), None),
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
        result += _case_pages(entry, model, context["figures"], crumbs)
    return result


def _case_pages(entry: StationEntry, model: RegionModel, figures: CaseFigures, crumbs: list) -> list[Page]:
    """The overview (figures, charts, newest cases, the pages by year) and the year pages of a station's cases."""
    name = entry.station.name
    split = case_pages(entry.id, entry.cases)
    years: dict[int, list[CasePage]] = {}
    for part in split:
        years.setdefault(part.year, []).append(part)
    charts = case_charts(figures)
    overview = {
        "crumbs": crumbs,
        "figures": figures,
        "charts": charts,
        "years": years,
        "recent": entry.cases[:OVERVIEW_CASES],
        "deputies": model.deputies,
    }
    title = UI["cases_title"].format(station=name)
    result = [Page(cases_path(entry.id), title, "station_cases.html", overview, charts=charts)]
    crumbs = [*crumbs, (cases_path(entry.id), UI["cases_short"])]
    for i, part in enumerate(split):
        about = {
            "crumbs": crumbs,
            "part": part,
            "years": years,
            "previous": split[i - 1] if i else None,
            "next": split[i + 1] if i + 1 < len(split) else None,
            "figures": _figures(model, part.cases),  # the counts the page's filter offers
            "deputies": model.deputies,
        }
        title = UI["cases_page_title"].format(station=name, part=part.label)
        result.append(Page(part.path, title, "station_cases_year.html", about, kind="kind_case"))
    return result


def deputy_summary(entry: DeputyEntry) -> str:
    """The line that tells a deputy apart from others of the same name: levels, constituency, home station."""
    deputy = entry.deputy
    parts = [formats.levels_cn(deputy.level), deputy.constituency, entry.home.station.name]
    return " · ".join(part for part in parts if part)


def _deputy_page(entry: DeputyEntry, model: RegionModel) -> Page:
    years = [deputy_year(model, entry, year) for year in (model.today.year, model.today.year - 1)]
    context = {
        "summary": deputy_summary(entry),
        "namesakes": [(other, deputy_summary(other)) for other in entry.namesakes],
        "entry": entry,
        "deputy": entry.deputy,
        "crumbs": _crumbs([entry.home]),
        "recent_cases": entry.cases[:DEPUTY_CASES],
        "record_years": [y for i, y in enumerate(years) if i == 0 or not y.is_empty],  # last year only if it has any
    }
    return Page(
        deputy_path(entry.id), entry.deputy.name, "deputy.html", context, code="deputy_code", kind="kind_deputy"
    )


def photo_sources(model: RegionModel) -> dict[tuple[str, str], tuple[Path, Shape]]:
    """Photos to publish, by (station id, path as written): the file and how it is cropped."""
    found: dict[tuple[str, str], tuple[Path, Shape]] = {}
    for station in model.stations.values():
        if station.station.photo:
            found[(station.id, station.station.photo)] = (station.folder / station.station.photo, LANDSCAPE)
    for deputy in model.deputies.values():
        if deputy.deputy.photo:
            found[(deputy.home.id, deputy.deputy.photo)] = (deputy.home.folder / deputy.deputy.photo, PORTRAIT)
    return found
