"""Every generated page of the site with its view, made in jobs that each need only the model: a job's
pages can be made (and rendered) in a worker of their own."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from generator.region.assemble import DeputyEntry, RegionModel, StationEntry
from generator.region.score import StationScore, region_scores
from generator.render.placards import Placard
from generator.render.views import refs
from generator.render.views.deputies import deputy_page
from generator.render.views.page import Page
from generator.render.views.plain import remembering
from generator.render.views.region import group_pages, region_pages
from generator.render.views.stations import station_pages

DEPUTIES_A_JOB = 64  # deputy pages made together: jobs few enough to be cheap, many enough to share out
Job = Callable[[], list[Page]]


def page_jobs(model: RegionModel, placards: list[Placard], photos: refs.Photos) -> list[Job]:
    """The region's pages, then each station's (and a hub's lists of its group), then the deputies', in jobs."""
    by_station: dict[str, list[Placard]] = {}
    for placard in placards:
        by_station.setdefault(placard.station.id, []).append(placard)
    scores = region_scores(model)
    by_id = {score.entry.id: score for score in scores}
    jobs: list[Job] = [partial(_remembering, region_pages, model, scores)]
    for station, score in zip(model.stations.values(), scores, strict=True):
        children = [by_id[child.id] for child in station.children]
        jobs.append(partial(_remembering, _station, station, model, by_station, score, children, photos))
    deputies = list(model.deputies.values())
    for first in range(0, len(deputies), DEPUTIES_A_JOB):
        jobs.append(partial(_remembering, _deputies, deputies[first : first + DEPUTIES_A_JOB], model, photos))
    return jobs


def _remembering(make: Callable[..., list[Page]], *arguments: object) -> list[Page]:
    with remembering():
        return make(*arguments)


def _station(
    station: StationEntry,
    model: RegionModel,
    placards: dict[str, list[Placard]],
    score: StationScore,
    children: list[StationScore],
    photos: refs.Photos,
) -> list[Page]:
    pages = station_pages(station, model, placards.get(station.id, []), score, children, photos)
    return pages + group_pages(station, placards) if station.is_hub else pages


def _deputies(deputies: list[DeputyEntry], model: RegionModel, photos: refs.Photos) -> list[Page]:
    return [deputy_page(deputy, model, photos) for deputy in deputies]
