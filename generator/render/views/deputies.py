"""The view of a deputy's page: who they are, where they serve, when to meet them, what they did."""

from __future__ import annotations

from generator.region import formats
from generator.region.assemble import DeputyEntry, RegionModel
from generator.region.paths import deputy_path
from generator.region.records import deputy_year
from generator.render.views import refs
from generator.render.views.page import Page
from generator.render.views.plain import plain
from generator.render.views.stations import crumbs

DEPUTY_CASES = 10  # the newest cases a deputy took, shown on the deputy's page


def deputy_summary(entry: DeputyEntry) -> str:
    """The line that tells a deputy apart from others of the same name: levels, constituency, home station."""
    deputy = entry.deputy
    parts = [formats.levels_cn(deputy.level), deputy.constituency, entry.home.station.name]
    return " · ".join(part for part in parts if part)


def deputy_page(entry: DeputyEntry, model: RegionModel, photos: refs.Photos) -> Page:
    years = [deputy_year(model, entry, year) for year in (model.today.year, model.today.year - 1)]
    home = entry.home
    view = {
        "today": plain(model.today),
        "summary": deputy_summary(entry),
        "namesakes": [(refs.deputy_ref(other), deputy_summary(other)) for other in entry.namesakes],
        "deputy": plain(entry.deputy),
        "photo": refs.photo(photos, home.id, entry.deputy.photo),
        "home": refs.station_ref(home),
        "action": refs.action(model.region, home.station, entry.deputy),
        "memberships": [{"station": refs.station_ref(ms.station), "role": plain(ms.role)} for ms in entry.memberships],
        "crumbs": crumbs([home]),
        "upcoming": [refs.session(u) for u in entry.upcoming],
        "activities": [
            {"station": {"id": da.station.id}, "year": da.year, "activity": plain(da.activity)}
            for da in entry.activities
        ],
        "recent_cases": [refs.case(lc.case, {}, lc.station) for lc in entry.cases[:DEPUTY_CASES]],
        "case_count": len(entry.cases),
        "record_years": [plain(y) for i, y in enumerate(years) if i == 0 or not y.is_empty],  # last year if any
    }
    page = Page(deputy_path(entry.id), entry.deputy.name, "deputy.html", view, code="deputy_code", kind="kind_deputy")
    return page
