"""iCalendar feeds of reception sessions: per station, per deputy, and for the whole region.

Residents subscribe once (webcal:) and their phone's calendar follows every
change. Event UIDs come from the station and the session's original date and
time, so a moved session updates the event instead of adding a second one, and
DTSTAMP is the build date, so the same data builds byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from generator.region.assemble import RegionModel, Upcoming
from generator.region.paths import deputy_path, station_path
from generator.render.cache import Job
from generator.strings.site import UI

TIMEZONE = ZoneInfo("Asia/Shanghai")
FEED_NAME = "calendar.ics"


def subscribe_url(site_url: str, path: str) -> str:
    """The webcal: address calendar apps subscribe to."""
    parts = urlsplit(f"{site_url.rstrip('/')}/{path}")
    return f"webcal://{parts.netloc}{parts.path}"


def _event(upcoming: Upcoming, site_url: str, stamp: dt.datetime) -> Event:
    o = upcoming.occurrence
    station = upcoming.station.station
    page = f"{site_url.rstrip('/')}/{station_path(station.id)}"
    begin, end = (dt.time.fromisoformat(part) for part in o.time.split("-"))
    names = "、".join(d.deputy.name for d in upcoming.deputies) or UI["deputies_to_be_announced"]
    lines = [f"{UI['deputies']}：{names}"]
    if o.topic:
        lines.append(f"{UI['topic']}：{o.topic}")
    if o.note:
        lines.append(o.note)
    lines.append(page)
    event = Event()
    event.add("uid", f"{station.id}-{o.key}@{urlsplit(site_url).hostname}")
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(o.date, begin, tzinfo=TIMEZONE))
    event.add("dtend", dt.datetime.combine(o.date, end, tzinfo=TIMEZONE))
    event.add("summary", UI["feed_event"].format(station=station.name) + (f"：{o.topic}" if o.topic else ""))
    event.add("location", o.place or station.address or UI["to_be_announced"])
    event.add("description", "\n".join(lines))
    event.add("url", page)
    event.add("status", "CANCELLED" if o.cancelled else "CONFIRMED")
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


class _Events:
    """Each session's VEVENT, serialised once by icalendar and reused in every feed that lists it.

    A session appears in the region's feed, its station's and each of its deputies'
    feeds: serialising it once instead of each time was a fifth of a city's build.
    """

    def __init__(self, site_url: str, today: dt.date):
        self.site_url = site_url
        self.stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
        self.done: dict[int, bytes] = {}  # by id(): the sessions live as long as the model

    def __call__(self, upcoming: Upcoming) -> bytes:
        key = id(upcoming)
        if key not in self.done:
            self.done[key] = _event(upcoming, self.site_url, self.stamp).to_ical()
        return self.done[key]


def make_feed(name: str, sessions: list[Upcoming], events: _Events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//lianluo//liaison station reception//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    # Events name China time, so the zone goes before them; and it goes in every feed, even one with no session
    # yet: RFC 5545 (section 3.6) wants at least one component, and strict calendar apps refuse an empty one.
    # The zone and the events go where icalendar writes components: after the properties, before the end.
    head = calendar.to_ical().removesuffix(END)
    return head + _timezone_lines() + b"".join(events(upcoming) for upcoming in sessions) + END


def _order(upcoming: Upcoming) -> tuple[dt.date, str, str]:
    return (upcoming.occurrence.date, upcoming.occurrence.time, upcoming.station.id)


def feed_jobs(model: RegionModel, site_url: str) -> list[Job]:
    """Every feed's site path and the call that makes it (the region's, each station's, each deputy's), over the
    published window.

    Made one at a time, by whichever process runs the call: a province has a feed per deputy, too many to hold at once.
    """
    everything = sorted((u for entry in model.stations.values() for u in entry.published), key=_order)
    events = _Events(site_url, model.today)
    region = UI["feed_region"].format(region=model.region.name)
    jobs: list[Job] = [(FEED_NAME, functools.partial(make_feed, region, everything, events))]
    by_deputy: dict[str, list[Upcoming]] = {d: [] for d in model.deputies}
    for upcoming in everything:
        for deputy in upcoming.deputies:
            by_deputy[deputy.id].append(upcoming)
    for entry in model.stations.values():
        name = UI["feed_station"].format(station=entry.station.name)
        jobs.append(
            (f"{station_path(entry.id)}{FEED_NAME}", functools.partial(make_feed, name, entry.published, events))
        )
    for deputy_id, sessions in by_deputy.items():
        name = UI["feed_deputy"].format(name=model.deputies[deputy_id].deputy.name)
        jobs.append((f"{deputy_path(deputy_id)}{FEED_NAME}", functools.partial(make_feed, name, sessions, events)))
    return jobs
