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


PLACARDS_INDEX = "print/"

# Pages for clerks, linked from pages rather than listed in the nav.
SCORE_INDEX = "score/"
GUIDE = "guide/"  # hand-written: content/guide/index.md
GUIDE_FIELDS = "guide/fields/"
GUIDE_MESSAGES = "guide/messages/"
