"""Printable placards: the station placard, deputy cards, the month's notice, the annual plan.

Each placard is a standalone HTML document with print CSS (`@page` size, no
site chrome), published in the site next to its station (`s/<id>/print/…`) so a
clerk can print it from any browser, and turned into PDF by `printing.py`.
They are static files, not MkDocs pages: the theme would add its header,
navigation and scripts, which a wall placard must not carry.

A print is made from its view (`placard_view`: plain data), so the memo makes it again only when that
changed. Layout is decided here, not left to chance. A placard shows at most `PLACARD_RULES`
reception rules (the rest are one scan away) and every text of its top half is cut to a
fixed number of lines, so the top half has a known greatest height. The deputies fill
the rest as a grid (`deputy_grid`): its rows have a fixed height in lines, chosen here
from the longest name and note at the largest type, and the type then shrinks in CSS
to what the box holds (container query units), so the grid fits whatever the count.
Only when even the smallest type we print (`SMALLEST_TYPE`) would not hold the list
in the least room the top half leaves does the list continue on further sheets.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2

from generator.data.values import ActivityStatus, DeputyRole
from generator.region import formats
from generator.region.assemble import Membership, RegionModel, StationEntry
from generator.region.cases import CLOSED
from generator.region.paths import station_path
from generator.region.records import record_years, station_year
from generator.region.suggest import suggest_action
from generator.render.views import refs
from generator.render.views.plain import Plain, plain
from generator.render.views.refs import Photos
from generator.strings.site import UI

STYLESHEET = "assets/print/placard.css"
STYLESHEET_SOURCE = Path(__file__).parent / "templates" / "print" / "placard.css"
PLACARD_RULES = 4
CROWDED_RULES = 2  # rules shown when the deputies need the room
# The deputies' grid, in units of the placard (1 mm on A4, √2 mm on A3; see placard.css).
GRID_WIDTH = {False: 190.0, True: 194.0}  # the sheet less its padding, normal and compact top
COLUMN_GAP = 3.0
ITEM_INSET = 2.8  # each deputy's red rule and its padding
LINE_HEIGHT = 1.25
NOTE_SIZE = 0.72  # the note under a name (role and levels), in ems of the name
ROW_GAP = 0.35  # in ems
LARGEST_TYPE = {2: 7.5, 3: 6.5, 4: 5.2}  # by number of columns
SMALLEST_TYPE = 3.2  # 3.2 mm on A4 is 9 pt: the least we print, for reading at arm's length
COMFORTABLE_TYPE = 4.2  # below this the top half gives up room to the deputies
# The least height the deputies' grid gets below the top half at its fullest (two-line station name,
# four or two rules of two lines, two-line address and hours, a note that the list continues),
# measured in Chromium; tests/render/test_placards.py prints that worst case and checks it.
GRID_HEIGHT = {False: 66.0, True: 130.0}
CONTINUED_GRID_HEIGHT = 225.0  # on a sheet that only continues the list
CARDS_PER_SHEET = 10  # 90 × 54 mm cards, 2 across and 5 down on A4
REPORT_CASES = 5  # the newest answered cases an annual report quotes
NOTICE_MONTHS = 2  # this month's notice and next month's, printed ahead of time

PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}
# How far each print is read from, in mm, and so how large its codes print: a version-4 symbol (the densest
# printed, codes.MAX_COARSE_VERSION: 33 modules, 41 with its quiet zone) at least a tenth of the distance,
# which a phone's scanner sees at about 3.5 pixels a module at any distance (tests/phone.py); a lower
# version in the same box has larger modules. Placards hang on the station's wall, read from where one
# stands to read the deputies' names: half a metre for A4, √2 farther for A3, set √2 larger. The
# month's notice, the annual plan and the annual report hang on the board beside it. A deputy's card is
# held in the hand, a quarter of a metre from the phone. placard.css sizes each code's box to match.
READING_DISTANCE_MM = {
    ("placard", "A4"): 500,
    ("placard", "A3"): 700,
    ("notice", "A4"): 500,
    ("plan", "A4"): 500,
    ("report", "A4"): 500,
    ("cards", "A4"): 250,
}


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

    @property
    def reading_distance_mm(self) -> int:
        return READING_DISTANCE_MM[(self.kind, self.paper)]

    @property
    def smallest_code_mm(self) -> float:
        """The least side a version-4 code of this print may have: a tenth of its reading distance."""
        return self.reading_distance_mm / 10


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


def em_width(text: str) -> float:
    """How wide `text` sets, in ems: a Chinese character is one em, other characters at most 0.62."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.62 for c in text)


@dataclass(frozen=True)
class DeputyItem:
    name: str
    role: str  # shown in red before the levels ("" for visiting deputies)
    levels: str  # "区（县）、乡镇人大代表"

    @property
    def note(self) -> str:
        """The line under the name: "站长 · 区（县）、乡镇人大代表"."""
        return f"{self.role} · {self.levels}" if self.role else self.levels


@dataclass(frozen=True)
class DeputyGrid:
    """One sheet's share of the deputies, and the geometry their grid is set in (placard.css)."""

    items: list[DeputyItem]
    columns: int
    rows: int
    largest: float  # type size the grid may not exceed, in placard units
    name_lines: int  # lines every row keeps for a name (1 or 2)
    note_lines: int
    number: int = 1  # this sheet, of all the placard's sheets
    of: int = 1

    @property
    def continues(self) -> bool:
        return self.number < self.of

    @property
    def row_em(self) -> float:
        return round(LINE_HEIGHT * (self.name_lines + NOTE_SIZE * self.note_lines), 4)

    @property
    def height_em(self) -> float:
        """The grid's height in ems of its type: CSS divides the box by this to get the type size."""
        return round(self.rows * self.row_em + (self.rows - 1) * ROW_GAP, 4)


def _item(member: Membership) -> DeputyItem:
    role = "" if member.role is DeputyRole.VISITING else member.role.value
    return DeputyItem(member.deputy.deputy.name, role, formats.levels_short(member.deputy.deputy.level))


def deputy_grid(items: list[DeputyItem], compact: bool, height: float) -> DeputyGrid:
    """The grid for `items` that sets the largest type in a box of `height` units.

    Columns follow the count. Every row keeps one or two lines for a name and for its note: one
    line caps the type at what fits the longest name (or note) on one line, two lines let the type
    grow but make the rows taller. Of the four ways, the one giving the largest type wins.
    """
    count = len(items)
    columns = 2 if count <= 4 else 3 if count <= 12 else 4
    width = (GRID_WIDTH[compact] - (columns - 1) * COLUMN_GAP) / columns - ITEM_INSET
    rows = max(1, math.ceil(count / columns))
    name_em = max((em_width(i.name) for i in items), default=1.0)
    note_em = max((em_width(i.note) for i in items), default=1.0) * NOTE_SIZE
    best: tuple[float, DeputyGrid] | None = None
    for name_lines in (1, 2):
        for note_lines in (1, 2):
            largest = min(LARGEST_TYPE[columns], name_lines * width / name_em, note_lines * width / note_em)
            grid = DeputyGrid(items, columns, rows, round(largest, 3), name_lines, note_lines)
            size = type_size(grid, height)
            if best is None or size > best[0] + 1e-9:
                best = (size, grid)
    assert best is not None
    return best[1]


def type_size(grid: DeputyGrid, height: float) -> float:
    """The type size CSS gives `grid` in a box of `height` units (see placard.css)."""
    return min(grid.largest, height / grid.height_em)


def _capacity(items: list[DeputyItem], height: float) -> int:
    """How many of `items`, in whole rows of four, fit a box of `height` at no smaller than SMALLEST_TYPE."""
    taken = len(items)
    while taken > 4 and type_size(deputy_grid(items[:taken], True, height), height) < SMALLEST_TYPE:
        taken -= 4 if taken % 4 == 0 else taken % 4  # a whole row less
    return taken


def deputy_sheets(members: list[Membership]) -> tuple[bool, list[DeputyGrid]]:
    """Whether the top half gives up room (compact), and the deputies of each sheet of the placard.

    The full top half while the deputies still get COMFORTABLE_TYPE below it, else the compact
    one; one sheet whenever the list fits there at SMALLEST_TYPE. Else as few sheets as hold the
    list at SMALLEST_TYPE, the first with the top half, the deputies shared out in proportion to
    each sheet's room so that every sheet sets them in about the same type.
    """
    items = [_item(m) for m in members]
    full = deputy_grid(items, False, GRID_HEIGHT[False])
    if type_size(full, GRID_HEIGHT[False]) >= COMFORTABLE_TYPE:
        return False, [full]
    compact = deputy_grid(items, True, GRID_HEIGHT[True])
    if type_size(compact, GRID_HEIGHT[True]) >= SMALLEST_TYPE:
        return True, [compact]
    first_room = _capacity(items, GRID_HEIGHT[True])
    later_room = _capacity(items, CONTINUED_GRID_HEIGHT)
    later = math.ceil((len(items) - first_room) / later_room)
    rows = math.ceil(len(items) / 4)
    first_rows = max(1, min(first_room // 4, round(rows * first_room / (first_room + later * later_room))))
    shares = [first_rows * 4]
    rest_rows = rows - first_rows
    shares += [4 * (rest_rows // later + (1 if n < rest_rows % later else 0)) for n in range(later)]
    sheets, start = [], 0
    for n, share in enumerate(shares):
        height = GRID_HEIGHT[True] if n == 0 else CONTINUED_GRID_HEIGHT
        sheets.append(deputy_grid(items[start : start + share], True, height))
        start += share
    return True, [replace(sheet, number=n, of=len(sheets)) for n, sheet in enumerate(sheets, start=1)]


def station_placards(entry: StationEntry, model: RegionModel) -> list[Placard]:
    """Every placard of one station, in the order the placards index lists them."""
    members = entry.members
    crowded, sheets = deputy_sheets(members)
    rules = entry.rules[: CROWDED_RULES if crowded else PLACARD_RULES]
    placard = {
        "sheets": sheets,
        "deputy_count": len(members),
        "crowded": crowded,
        "rules": rules,
        "more_rules": len(entry.rules) > len(rules),
        # the button the station's page offers: a form where there is one, else a call
        "scan_button": UI["suggest"] if suggest_action(model.region, entry.station).form else UI["suggest_by_phone"],
    }
    result = [
        Placard(
            entry, "placard", f"placard-{paper.lower()}", paper, "placard.html", UI[f"placard_{paper.lower()}"], placard
        )
        for paper in ("A4", "A3")
    ]
    if members:
        cards = [members[i : i + CARDS_PER_SHEET] for i in range(0, len(members), CARDS_PER_SHEET)]
        result.append(Placard(entry, "cards", "cards", "A4", "cards.html", UI["placard_cards"], {"sheets": cards}))
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


def placard_view(placard: Placard, model: RegionModel, photos: Photos) -> Plain:
    """Everything a print shows, as plain data (`views/`): the station, the sheet and what the kind of print lists."""
    context = dict(placard.context)
    if placard.kind == "placard":
        context["rules"] = [refs.rule(r) for r in context["rules"]]
    elif placard.kind == "cards":
        context["sheets"] = [[refs.member(m, photos) for m in sheet] for sheet in context["sheets"]]
    elif placard.kind == "notice":
        context["sessions"] = [refs.session(u) for u in context["sessions"]]
    elif placard.kind == "plan":
        context["plan"] = {"themes": plain(context["plan"].themes)}
        context["activities"] = [
            [plain(a), [refs.deputy_ref(d) for d in people]] for a, people in context["activities"]
        ]
    width, height = PAPER_MM[placard.paper]
    return {
        "template": placard.template,
        "directory": placard.directory,
        "placard": {"title": placard.title, "paper": placard.paper, "kind": placard.kind},
        "entry": {"id": placard.station.id},
        "station": plain(placard.station.station),
        "region": {"organizer": model.region.organizer},
        "today": plain(model.today),
        "paper_width": width,
        "paper_height": height,
        **plain(context),
    }


def render_placard(env: jinja2.Environment, text: str) -> str:
    """A print as a standalone HTML document, from its view's canonical text (`placard_view`)."""
    view = json.loads(text)
    template, directory = view.pop("template"), view.pop("directory")

    def url(target: str) -> str:
        return formats.relative_url(directory, target)

    def code_url(page: str) -> str:
        return url(f"{page}code.svg")

    return env.get_template(f"print/{template}").render(url=url, code_url=code_url, stylesheet=url(STYLESHEET), **view)
