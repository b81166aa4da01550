"""iCalendar feeds of reception sessions: per station, per deputy, and for the whole region.

Residents subscribe once (webcal:) and their phone's calendar follows every
change. A feed is made from its view (plain data: `feed_view`), so the memo makes it again only when
that changed. Event UIDs come from the station and the session's original date and
time, so a moved session updates the event instead of adding a second one, and
DTSTAMP is the build date, so the same data builds byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from generator.region.assemble import RegionModel, Upcoming
from generator.region.paths import deputy_path, station_path
from generator.render.views.plain import Plain, ViewFiles, canonical, plain, remember
from generator.strings.site import UI

TIMEZONE = ZoneInfo("Asia/Shanghai")
FEED_NAME = "calendar.ics"


def subscribe_url(site_url: str, path: str) -> str:
    """The webcal: address calendar apps subscribe to."""
    parts = urlsplit(f"{site_url.rstrip('/')}/{path}")
    return f"webcal://{parts.netloc}{parts.path}"


def event_view(upcoming: Upcoming) -> Plain:
    """What a session's event shows: its station, its date, time and place, its deputies' names."""
    station = upcoming.station.station
    return {
        "station": {"id": station.id, "name": station.name, "address": station.address},
        "occurrence": plain(upcoming.occurrence),
        "deputies": [d.deputy.name for d in upcoming.deputies],
    }


def _event(view: Plain, site_url: str, stamp: dt.datetime) -> Event:
    o = view["occurrence"]
    station = view["station"]
    day = dt.date.fromisoformat(o["date"])
    page = f"{site_url.rstrip('/')}/{station_path(station['id'])}"
    begin, end = (dt.time.fromisoformat(part) for part in o["time"].split("-"))
    names = "、".join(view["deputies"]) or UI["deputies_to_be_announced"]
    lines = [f"{UI['deputies']}：{names}"]
    if o["topic"]:
        lines.append(f"{UI['topic']}：{o['topic']}")
    if o["note"]:
        lines.append(o["note"])
    lines.append(page)
    event = Event()
    event.add("uid", f"{station['id']}-{o['key']}@{urlsplit(site_url).hostname}")
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(day, begin, tzinfo=TIMEZONE))
    event.add("dtend", dt.datetime.combine(day, end, tzinfo=TIMEZONE))
    event.add("summary", UI["feed_event"].format(station=station["name"]) + (f"：{o['topic']}" if o["topic"] else ""))
    event.add("location", o["place"] or station["address"] or UI["to_be_announced"])
    event.add("description", "\n".join(lines))
    event.add("url", page)
    event.add("status", "CANCELLED" if o["cancelled"] else "CONFIRMED")
    return event


@functools.cache
def china_timezone() -> Timezone:
    """China time's VTIMEZONE, derived once: deriving it from the tz database takes tens of milliseconds."""
    return Timezone.from_tzid(TIMEZONE.key)


@functools.cache
def _timezone_lines() -> bytes:
    """The VTIMEZONE as icalendar writes it, once: serialising it was most of a feed's own work."""
    return china_timezone().to_ical()


END = b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=1 << 16)
def _event_lines(text: str, site_url: str) -> bytes:
    """A session's VEVENT as icalendar writes it, made once per process for every feed that lists it.

    A session appears in the region's feed, its station's and each of its deputies' feeds: serialising it
    once instead of each time was a fifth of a city's build. Keyed by the event's canonical text and the build date
    it carries, so nothing but the event's view decides its bytes.
    """
    view = json.loads(text)
    stamp = dt.datetime.combine(dt.date.fromisoformat(view["today"]), dt.time(), tzinfo=dt.UTC)
    return _event(view["event"], site_url, stamp).to_ical()


_kept = False  # whether this process serialises every event before the feeds are made (`keep_events`)


def keep_events() -> None:
    """From now on in this process, `feed_views` serialises every session's event here, before the feeds are made.

    For live preview's child: the workers that make the feeds are forked from it on every edit and inherit what
    it serialised, so a feed made again after an edit serialises only the events the edit changed (the region's
    feed lists every session of the window, 1,400 at 100 stations, and was the longest job of an edit). A build
    makes each feed once, on every core: serialising here first would only leave the cores idle.
    """
    global _kept
    _kept = True


def _event_text(today: str, event: Plain) -> str:
    """What `_event_lines` is keyed by: the event's view and the build date (its DTSTAMP)."""
    return canonical({"today": today, "event": event})


def feed_view(name: str, sessions: list[Upcoming], today: dt.date) -> Plain:
    """A feed's view: its name, the build date (each event's DTSTAMP) and its sessions' events, in order."""
    return {"name": name, "today": today.isoformat(), "events": [_remembered_event(u) for u in sessions]}


def _remembered_event(upcoming: Upcoming) -> Plain:
    return remember(("event", id(upcoming)), upcoming, lambda: event_view(upcoming))


def make_feed(text: str, site_url: str) -> bytes:
    """A feed from its view's canonical text (`feed_view`)."""
    view = json.loads(text)
    calendar = Calendar()
    calendar.add("prodid", "-//lianluo//liaison station reception//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", view["name"])
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    # Events name China time, so the zone goes before them; and it goes in every feed, even one with no session
    # yet: RFC 5545 (section 3.6) wants at least one component, and strict calendar apps refuse an empty one.
    # The zone and the events go where icalendar writes components: after the properties, before the end.
    head = calendar.to_ical().removesuffix(END)
    events = [_event_lines(_event_text(view["today"], e), site_url) for e in view["events"]]
    return head + _timezone_lines() + b"".join(events) + END


def _order(upcoming: Upcoming) -> tuple[dt.date, str, str]:
    return (upcoming.occurrence.date, upcoming.occurrence.time, upcoming.station.id)


def feed_views(model: RegionModel, site_url: str) -> list[ViewFiles]:
    """Every feed's view and its file (the region's, each station's, each deputy's), over the published window,
    to be made (and written) one at a time: a province has a feed per deputy."""
    everything = sorted((u for entry in model.stations.values() for u in entry.published), key=_order)
    region = UI["feed_region"].format(region=model.region.name)
    today = model.today
    make = functools.partial(make_feed, site_url=site_url)
    if _kept:
        for upcoming in everything:
            _event_lines(_event_text(today.isoformat(), event_view(upcoming)), site_url)
    views: list[ViewFiles] = [(functools.partial(feed_view, region, everything, today), [(FEED_NAME, make)])]
    by_deputy: dict[str, list[Upcoming]] = {d: [] for d in model.deputies}
    for upcoming in everything:
        for deputy in upcoming.deputies:
            by_deputy[deputy.id].append(upcoming)
    for entry in model.stations.values():
        name = UI["feed_station"].format(station=entry.station.name)
        path = f"{station_path(entry.id)}{FEED_NAME}"
        views.append((functools.partial(feed_view, name, entry.published, today), [(path, make)]))
    for deputy_id, sessions in by_deputy.items():
        name = UI["feed_deputy"].format(name=model.deputies[deputy_id].deputy.name)
        path = f"{deputy_path(deputy_id)}{FEED_NAME}"
        views.append((functools.partial(feed_view, name, sessions, today), [(path, make)]))
    return views
