"""What a view shows of the region's linked entries and of values made for display, as plain data.

Each function takes what one part of a page shows (a deputy named in a list, a case, a session) and
returns only what the templates read of it, under the names the model gives it (`e.station.name`,
`ms.deputy.deputy.name`), so a template reads a view as it read the model. What a template used to
compute (a case's steps, a session's end, a rule in words) is computed here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.data.model import Case, ReceptionRule, Region, Station
from generator.region.assemble import DeputyEntry, Membership, StationEntry, Upcoming
from generator.region.cases import case_steps
from generator.region.formats import session_end
from generator.region.schedule import describe_policy, describe_rule
from generator.region.suggest import suggest_action
from generator.render.photos import PublishedPhoto
from generator.render.views.plain import Plain, plain, remember

Photos = Mapping[tuple[str, str], PublishedPhoto]  # published photos by (station id, path as written)


def station_ref(entry: StationEntry) -> Plain:
    """A station as lists and links name it."""
    s = entry.station
    return {
        "id": entry.id,
        "station": {
            "name": s.name,
            "area": list(s.area),
            "kind": plain(s.kind),
            "address": s.address,
            "phone": s.phone,
        },
    }


def deputy_ref(entry: DeputyEntry) -> Plain:
    """A deputy as lists of names show them: the name, and the constituency that tells namesakes apart."""
    d = entry.deputy
    return {
        "id": entry.id,
        "deputy": {"name": d.name, "constituency": d.constituency},
        "namesakes": bool(entry.namesakes),
    }


def photo(photos: Photos, station_id: str, path: str | None) -> Plain:
    """A published photo's sources and box, or None (none given, or not published)."""
    published = photos.get((station_id, path)) if path else None
    return plain(published) if published else None


def member(m: Membership, photos: Photos) -> Plain:
    """A deputy on a station's page: as a card (photo, levels, details) or a row of a folded group."""
    d = m.deputy
    return {
        "role": plain(m.role),
        "deputy": {
            "id": d.id,
            "deputy": plain(d.deputy),
            "photo": photo(photos, d.home.id, d.deputy.photo),
        },
    }


def case(c: Case, deputies: Mapping[str, DeputyEntry], station: StationEntry | None = None) -> Plain:
    """A case as `case_item` shows it: the record, its steps, its days to reply, who took it and where."""
    taken = deputies.get(c.deputy) if c.deputy else None
    key = ("case", id(c), taken is not None, station.id if station else None)
    return remember(
        key,
        c,
        lambda: {
            **plain(c),
            "steps": [[label, day and day.isoformat()] for label, day in case_steps(c)],
            "days": (c.replied - c.received).days if c.replied else None,
            "by": deputy_ref(taken) if taken else None,
            "at": station_ref(station) if station else None,
        },
    )


def session(u: Upcoming) -> Plain:
    """A session as the tables and the next-session box show it, with its end for lianluo.js."""
    return remember(
        ("session", id(u)),
        u,
        lambda: {
            "occurrence": {**plain(u.occurrence), "end": session_end(u.occurrence)},
            "station": station_ref(u.station),
            "deputies": [deputy_ref(d) for d in u.deputies],
        },
    )


def rule(r: ReceptionRule) -> Plain:
    """A reception rule in words, as the station page lists it."""
    return {
        "text": describe_rule(r),
        "policy": describe_policy(r),
        "start": plain(r.start),
        "end": plain(r.end),
        "place": r.place,
        "topic": r.topic,
    }


def action(region: Region, station: Station, deputy: Any = None) -> Plain:
    """Where a resident's suggestion goes from this page: the form, or the station's phone, text or mail."""
    return plain(suggest_action(region, station, deputy))
