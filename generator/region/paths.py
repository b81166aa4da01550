"""Where each thing lives on the site. Addresses come from ids only: they are
printed on walls as QR codes and must survive a change of name."""

from __future__ import annotations


def station_path(station_id: str) -> str:
    return f"s/{station_id}/"


def deputy_path(deputy_id: str) -> str:
    return f"d/{deputy_id}/"


def activity_path(station_id: str, activity_id: str) -> str:
    return f"a/{station_id}/{activity_id}/"


def media_path(station_id: str, photo: str) -> str:
    return f"media/{station_id}/{photo}"


# Front-matter flag of generated pages: their body is finished HTML, which the MkDocs hook
# (`site/mkdocs_hook.py`, which imports it from here: this module loads in no time) hands to the theme as it is instead of letting Python-Markdown re-parse it.
FINISHED_HTML = "lz_html"
# Facts about the whole site that the theme's own templates show (the footer), written into the docs
# tree by the build and read by the MkDocs hook. A dotfile: MkDocs does not publish it.
SITE_FACTS = ".lz-site.json"

PLACARDS_INDEX = "print/"
COCKPIT = "cockpit/"  # the region's case figures (驾驶舱)

DATA_INDEX = "data/"  # the open data page and the region's files


def station_data_path(station_id: str) -> str:
    return f"{station_path(station_id)}data/"


# Pages for clerks, linked from pages rather than listed in the nav.
SCORE_INDEX = "score/"
GUIDE = "guide/"  # hand-written: content/guide/index.md
GUIDE_FIELDS = "guide/fields/"
GUIDE_MESSAGES = "guide/messages/"


# A hub's (a head's or centre's) lists of its group of stations: see `StationEntry.group`.
# Not under `d/`, where every address is a deputy's page.
def group_deputies_path(station_id: str) -> str:
    return f"{station_path(station_id)}deputies/"


def group_stations_path(station_id: str) -> str:
    """Every station of the group, by parent: what the region's station index leads to."""
    return f"{station_path(station_id)}stations/"


def group_print_path(station_id: str) -> str:
    """Beside the station's placard files (`s/<id>/print/*.html`)."""
    return f"{station_path(station_id)}print/"


def cases_path(station_id: str, year: int | None = None, number: int = 1) -> str:
    """A station's cases: the overview, a year's first page, or a later page of that year."""
    base = f"{station_path(station_id)}cases/"
    if year is None:
        return base
    return f"{base}{year}/" if number == 1 else f"{base}{year}/{number}/"
