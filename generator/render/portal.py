"""A portal's outputs: its pages (directory, figures, open data), the merged calendar and the merged downloads.

Everything here comes from members' published files and is untrusted: names
reach HTML only through Jinja's autoescaping, links are the member's address
from the portal file (http(s), checked by `data/portal.py`) joined to a path
checked by `data/members.py`; the feed is rebuilt by icalendar, the CSV
written by the `csv` module with spreadsheet formulas defused, the JSON by
`json`. Deterministic: members in the portal file's order, rows in each
member's order, events by start and UID, the build date as the only stamp.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2
import markupsafe
import yaml
from icalendar import Calendar

from generator import SITE_SCHEMA, __version__
from generator.data.members import TABLES, Cell
from generator.region.federation import PortalModel
from generator.region.formats import relative_url
from generator.region.paths import COCKPIT, DATA_INDEX, FINISHED_HTML, SITE_FACTS
from generator.render.feeds import FEED_NAME, china_timezone
from generator.render.opendata import FORMULA_STARTS, LIST_SEPARATOR
from generator.render.sitefile import SITE_FILE
from generator.strings.site import DATA_TABLES, UI

MEMBER_COLUMN = "district"  # the column merged open data gains: which member a row is from


@dataclass
class Page:
    """A portal page: its three pages are made from the members' published files on every build, never memoised,
    so their templates read the portal's model (`context`) directly."""

    path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ("toc",)
    kind: str | None = None  # UI key naming the kind of page in search results

    @property
    def source(self) -> str:
        return f"{self.path}index.md"


def portal_pages(model: PortalModel) -> list[Page]:
    """The portal's pages: the directory (home), the figures across members, the merged downloads."""
    name = model.portal.name
    directory = []
    for view in model.members:
        hubs = view.snapshot.site.hubs if view.snapshot else []
        ids = {hub.id for hub in hubs}
        roots = [hub for hub in hubs if hub.parent not in ids]
        below = {hub.id: [h for h in hubs if h.parent == hub.id] for hub in hubs}
        directory.append((view, roots, below))
    context: dict[str, Any] = {
        "model": model,
        "directory": directory,
        "total": model.total,
        "status_count": lambda figures, status: dict(figures.by_status).get(status, 0),
    }
    downloads = [(table, DATA_TABLES[table][0]) for table in TABLES]
    return [
        Page("", UI["portal_title"].format(portal=name), "portal_home.html", context, kind="kind_portal"),
        Page(COCKPIT, UI["portal_cockpit_title"].format(portal=name), "portal_cockpit.html", context),
        Page(
            DATA_INDEX,
            UI["portal_data_title"].format(portal=name),
            "portal_data.html",
            {**context, "downloads": downloads},
        ),
    ]


def render_portal_page(env: jinja2.Environment, page: Page, model: PortalModel) -> str:
    """A page's Markdown file: front matter and the finished HTML, as `pages.render_page` writes a district's."""
    body = env.get_template(page.template).render(
        page=page, today=model.today, url=lambda target: relative_url(page.path, target), **page.context
    )
    body = "\n".join(line for line in body.splitlines() if line.strip())
    meta: dict[str, Any] = {"title": str(markupsafe.escape(page.title)), "hide": list(page.hide), FINISHED_HTML: True}
    if page.kind:
        meta["search_kind"] = UI[page.kind]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}\n"


def portal_facts(model: PortalModel, ranking: dict[str, Any]) -> bytes:
    """What the theme shows on every portal page: the footer, and the members' search indexes to merge."""
    footer = UI["portal_footer"].format(portal=model.portal.name, organizer=model.portal.organizer)
    merge = [
        {"bundlePath": f"{view.site_url}pagefind/", "baseUrl": view.site_url, "ranking": ranking}
        for view in model.members
        if view.snapshot
    ]
    return json.dumps({"footer": footer, "merge": merge}, ensure_ascii=False, sort_keys=True).encode("utf-8")


def merged_feed(model: PortalModel) -> bytes:
    """One calendar of every member's reception sessions: their events as each member published them."""
    events = []
    seen: set[str] = set()
    for view in model.members:
        if not view.snapshot:
            continue
        for event in Calendar.from_ical(view.snapshot.feed).walk("VEVENT"):
            uid = str(event.get("uid", ""))
            if uid in seen:  # two districts served from one host may share a station id: keep both events
                qualified = f"{uid}.{hashlib.sha256(view.site_url.encode()).hexdigest()[:8]}"
                event.pop("uid")
                event.add("uid", qualified)
                uid = qualified
            seen.add(uid)
            if "url" in event and not str(event["url"]).lower().startswith(("http://", "https://")):
                event.pop("url")  # a member's file is untrusted: only web links reach a resident's calendar
            events.append(event)
    events.sort(key=lambda e: (e.decoded("dtstart").isoformat() if "dtstart" in e else "", str(e.get("uid", ""))))
    calendar = Calendar()
    calendar.add("prodid", "-//lianluo//liaison station portal//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", UI["feed_region"].format(region=model.portal.name))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    calendar.add_component(china_timezone())  # even with no event: RFC 5545 wants at least one component
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def merged_open_data(model: PortalModel, site_url: str) -> Iterator[tuple[str, bytes]]:
    """Each table of every member as one JSON and one CSV file, with the member's name in a first column."""
    for table in TABLES:
        columns: dict[str, dict[str, str]] = {
            MEMBER_COLUMN: {
                "key": MEMBER_COLUMN,
                "title": UI["portal_member"],
                "description": UI["portal_member_column"],
                "type": "text",
            }
        }
        rows: list[dict[str, Cell]] = []
        for view in model.members:
            if not view.snapshot:
                continue
            published = view.snapshot.tables[table]
            for column in published.columns:
                columns.setdefault(column.key, column.model_dump())
            rows += [{MEMBER_COLUMN: view.member.name, **record} for record in published.records]
        keys = list(columns)
        document = {
            "table": table,
            "title": DATA_TABLES[table][0],
            "region": model.portal.name,
            "generated": model.today.isoformat(),
            "documentation": f"{site_url.rstrip('/')}/{DATA_INDEX}",
            "columns": list(columns.values()),
            "records": [{key: row.get(key) for key in keys} for row in rows],
        }
        yield (
            f"{DATA_INDEX}{table}.json",
            (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode(),
        )
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key in keys])
        yield f"{DATA_INDEX}{table}.csv", buffer.getvalue().encode("utf-8-sig")


def portal_site_file(model: PortalModel, site_url: str) -> bytes:
    """The portal's own lz-site.json: a portal above it (a province's) reads the members listed here directly."""
    document = {
        "tool": "lianluozhan",
        "version": __version__,
        "schema": SITE_SCHEMA,
        "kind": "portal",
        "region": model.portal.name,
        "organizer": model.portal.organizer,
        "site_url": f"{site_url.rstrip('/')}/",
        "generated": model.today.isoformat(),
        "stations": model.total.stations,
        "hubs": [],
        "members": [{"name": view.member.name, "url": view.site_url} for view in model.members],
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def portal_files(
    env: jinja2.Environment, model: PortalModel, site_url: str, ranking: dict[str, Any]
) -> Iterator[tuple[str, bytes]]:
    """Every file of the portal's docs tree, by its path in the tree."""
    for page in portal_pages(model):
        yield page.source, render_portal_page(env, page, model).encode("utf-8")
    yield FEED_NAME, merged_feed(model)
    yield from merged_open_data(model, site_url)
    yield SITE_FACTS, portal_facts(model, ranking)
    yield SITE_FILE, portal_site_file(model, site_url)
