"""The views of the region's own pages: home, the indexes, the cockpit, the score, open data, the guide, and
each hub's lists of its group (deputies, stations, placards).

Region-wide pages list the hubs (heads and centres) only, as a tree with each hub's counts; a hub's own pages
list its group: so no page lists every station or deputy.
"""

from __future__ import annotations

from generator.region.assemble import RegionModel, StationEntry
from generator.region.paths import (
    COCKPIT,
    DATA_INDEX,
    GUIDE_FIELDS,
    GUIDE_MESSAGES,
    PLACARDS_INDEX,
    SCORE_INDEX,
    group_deputies_path,
    group_print_path,
    group_stations_path,
)
from generator.region.records import station_year
from generator.region.score import StationScore
from generator.render.charts import case_charts
from generator.render.guide import file_sections, message_groups, sheet_sections
from generator.render.opendata import DATA_KINDS, TABLES, column_doc
from generator.render.placards import Placard
from generator.render.scores import check_explanations, region_summary
from generator.render.views import refs
from generator.render.views.page import Page
from generator.render.views.plain import Plain, plain
from generator.render.views.stations import crumbs, download_links, figures, score, tree_row
from generator.strings.guide import GUIDE as GUIDE_TEXT
from generator.strings.site import UI


def hub_summary(entry: StationEntry) -> str:
    """ "本站及下属 6 个联络站、联络点，共 140 名代表", "本站 17 名代表 · 下辖 2 个中心站": the size of a hub's group."""
    group = entry.group
    deputies = len({m.deputy.id for station in group for m in station.members})
    if len(group) > 1:
        text = UI["hub_group"].format(below=len(group) - 1, deputies=deputies)
    else:
        text = UI["hub_own"].format(deputies=deputies)
    centres = len(entry.hubs_below)
    return text + (UI["hub_centres"].format(count=centres) if centres else "")


def hub_tree(entries: list[StationEntry]) -> list[Plain]:
    """Hubs as region-wide lists nest them: each with its counts, the places below it and the hubs below it."""
    return [
        {
            **refs.station_ref(e),
            "summary": hub_summary(e),
            "places": "、".join(station.station.area[-1] for station in e.group[1:]),
            "parent": e.parent is not None,
            "hubs_below": hub_tree(e.hubs_below),
        }
        for e in entries
    ]


def region_pages(model: RegionModel, scores: list[StationScore]) -> list[Page]:
    """The region's own pages, in a stable order."""
    roots = hub_tree(model.roots)
    today = plain(model.today)
    region = {"name": model.region.name, "intro": model.region.intro, "organizer": model.region.organizer}
    listing = {"roots": roots}
    by_id = {s.entry.id: s for s in scores}
    about_score = {
        "today": today,
        "rows": [
            [score(by_id[hub.id]), region_summary([by_id[s.id] for s in [hub, *hub.descendants]])] for hub in model.hubs
        ],
        "explanations": check_explanations(),
        "overall": region_summary(scores),
    }
    guide = {"g": GUIDE_TEXT}
    return [
        Page(
            "",
            UI["home_title"].format(region=model.region.name),
            "home.html",
            {**listing, "today": today, "region": region},
        ),
        Page("s/", UI["stations_index"], "stations_index.html", listing),
        Page("d/", UI["deputies_index"], "deputies_index.html", listing),
        Page(PLACARDS_INDEX, UI["placards_title"], "placards_index.html", listing),
        _cockpit_page(model),
        Page(DATA_INDEX, UI["data_title"], "open_data.html", _open_data(model, today, region)),
        Page(SCORE_INDEX, UI["score_title"], "score.html", about_score),
        Page(
            GUIDE_FIELDS,
            GUIDE_TEXT["fields_title"],
            "guide_fields.html",
            {**guide, "sections": plain(file_sections()), "sheets": plain(sheet_sections())},
        ),
        Page(
            GUIDE_MESSAGES,
            GUIDE_TEXT["messages_title"],
            "guide_messages.html",
            {**guide, "groups": plain(message_groups())},
        ),
    ]


def _open_data(model: RegionModel, today: str, region: Plain) -> Plain:
    """What the open data page lists: every download, and every column of every table."""
    return {
        "today": today,
        "region": region,
        "region_files": download_links(),
        "tables": [
            [
                {"name": table.name, "title": table.title, "description": table.description},
                [[plain(column_doc(table, c)), c.region_only] for c in table.columns],
            ]
            for table in TABLES
        ],
        "kinds": plain(DATA_KINDS),
        "window": plain(model.published_window),
    }


def _cockpit_page(model: RegionModel) -> Page:
    """The region's figures (驾驶舱): totals, charts, and one row per hub with its subtree's figures.

    A hub's station page carries the rows of its children (see `stations.station_pages`).
    """
    every = [case for entry in model.stations.values() for case in entry.cases]
    totals = figures(model, every)
    charts = case_charts(totals)
    year = model.today.year
    view = {
        "today": plain(model.today),
        "region": {"name": model.region.name},
        "reply_days": model.region.reply_deadline_days,
        "figures": plain(totals),
        "charts": plain(charts),
        "rows": [tree_row(model, entry) for entry in model.hubs],
        "station_count": len(model.stations),
        "region_year": plain(station_year(model, model.stations.values(), year)),
        "year_rows": [
            [refs.station_ref(hub), plain(station_year(model, [hub, *hub.descendants], year))] for hub in model.hubs
        ],
    }
    title = UI["cockpit_title"].format(region=model.region.name)
    return Page(COCKPIT, title, "cockpit.html", view, charts=charts)


def group_pages(hub: StationEntry, placards: dict[str, list[Placard]]) -> list[Page]:
    """A hub's lists of its group: the deputies (by station), the stations (by parent) and the placards to print."""
    group = [
        {
            **refs.station_ref(e),
            "members": [refs.deputy_ref(ms.deputy) for ms in e.members],
            "placards": [{"path": p.path, "label": p.label} for p in placards.get(e.id, [])],
        }
        for e in hub.group
    ]
    view = {"hub": {**refs.station_ref(hub), "group": group, "hubs_below": hub_tree(hub.hubs_below)}}
    view["crumbs"] = crumbs([*hub.ancestors, hub])
    name = hub.station.name
    tree = [
        [refs.station_ref(hub), []],
        *(
            [refs.station_ref(child), [refs.station_ref(s) for s in child.group[1:]]]
            for child in hub.children
            if not child.is_hub
        ),
    ]
    return [
        Page(group_deputies_path(hub.id), UI["group_deputies_title"].format(station=name), "group_deputies.html", view),
        Page(group_print_path(hub.id), UI["group_print_title"].format(station=name), "group_print.html", view),
        Page(
            group_stations_path(hub.id),
            UI["group_stations_title"].format(place=hub.station.area[-1]),
            "group_stations.html",
            {**view, "tree": tree},
        ),
    ]
