"""Reading a portal's members: each district's published files, over HTTP or from a local built site.

A portal never reads a district's data folder: it reads what the district
published (`lz-site.json`, its open data, its calendar feed, its search entry
file), so a district on its own server and one built in the same monorepo are
read alike. Everything read here is untrusted: over HTTP only http(s), every
member of a level read at once by one deadline (a server that drips or stays
silent is given up then), a size limit per file checked while reading, and
redirects only within the member's own origin; JSON objects are counted before
a file is parsed; from a folder
only through `files` (no link followed, no special file, size limit). The
JSON is checked against small models before anything uses it, and a file that
does not fit is an `Unreadable` naming the file and what to do; the caller
(site/portal.py) then keeps the member's last-known data. This module writes
nothing.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from icalendar import Calendar
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.data.files import UnsafeFile, check_inside, megabytes, read_file
from generator.data.portal import Member
from generator.strings.messages import ERR

TIMEOUT_S = 30  # per request: an intranet server that has not answered by then is down
READ_DEADLINE_S = 60  # all members of one level together: a slow or silent member costs the portal this at most
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one published file; a city's largest (cases.json) is tens of MB
# JSON objects and arrays in one file, counted before parsing: a file of many small objects costs far more
# memory parsed than its size says (120 MB of {} would take gigabytes); a city's cases.json holds a few 100,000.
MAX_JSON_CONTAINERS = 2_000_000
CHUNK = 64 * 1024
SITE_FILE = "lz-site.json"  # render/sitefile.py writes it; data/ cannot import render/
PAGEFIND_ENTRY = "pagefind/pagefind-entry.json"
FEED = "calendar.ics"
# The small files are capped far below the tables: a district's lz-site.json is a few kilobytes.
FILE_LIMITS = {SITE_FILE: 8 * 1024 * 1024, PAGEFIND_ENTRY: 1024 * 1024, FEED: 64 * 1024 * 1024}
TABLES = ("deputies", "rules", "schedule", "plan", "cases", "records")  # render/opendata.py's tables
HUB_PATH = r"^s/[a-z0-9][a-z0-9-]*/$"


class Unreadable(Exception):
    """A member's file could not be read or does not fit: the Chinese reason, naming the file."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Published(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)  # a newer tool may publish more


class Hub(_Published):
    id: str = Field(max_length=200)
    name: str = Field(max_length=500)
    kind: str = Field(max_length=20)
    parent: str | None = Field(default=None, max_length=200)
    path: str = Field(pattern=HUB_PATH, max_length=210)
    stations: int = Field(ge=0)


class MemberRef(_Published):
    """A member a portal lists in its own lz-site.json: a portal above it reads that member directly."""

    name: str = Field(max_length=500)
    url: str = Field(pattern=r"^https?://[^\s\"'<>`]+$", max_length=2000)


class SiteFile(_Published):
    tool: str
    kind: str = Field(default="district", max_length=20)  # "portal": a city's portal, its members listed
    version: str = Field(max_length=40)
    schema_: int = Field(alias="schema")
    region: str = Field(max_length=500)
    organizer: str = Field(max_length=500)
    site_url: str = Field(max_length=2000)
    generated: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    stations: int = Field(ge=0)
    hubs: list[Hub]
    members: list[MemberRef] = Field(default_factory=list, max_length=1000)


class PagefindEntry(_Published):
    version: str = Field(max_length=40)
    languages: dict[str, Any]


Cell = str | int | list[str] | None


class Column(_Published):
    key: str = Field(max_length=100)
    title: str = Field(max_length=200)
    description: str = Field(max_length=2000)
    type: str = Field(max_length=20)


class OpenTable(_Published):
    table: str
    columns: list[Column]
    records: list[dict[str, Cell]]


@dataclass
class Snapshot:
    """One member's published files as read: checked, with the raw bytes to keep as its last-known data."""

    raw: dict[str, bytes]
    site: SiteFile
    pagefind: PagefindEntry
    tables: dict[str, OpenTable]
    feed: bytes


def member_files() -> list[str]:
    """The files a portal reads from each member, by their site path."""
    return [SITE_FILE, PAGEFIND_ENTRY, FEED, *(f"data/{table}.json" for table in TABLES)]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


class _OwnOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only within the member's own origin (scheme, host and port).

    A member's server answers for the member, never for another address: a redirect to
    another port or host (a service on the portal's own machine, another member) would
    publish what is there as the member's data.
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        target = urljoin(req.full_url, newurl)
        if _origin(target) != _origin(req.full_url):
            raise urllib.error.URLError(ERR["member_redirect"].format(target=target))
        return super().redirect_request(req, fp, code, msg, headers, target)


_OPENER = urllib.request.build_opener(_OwnOrigin)


def where(member: Member, relative: str) -> str:
    """The file as shown to a clerk: its address, or its path in the member's folder."""
    return f"{member.folder.rstrip('/')}/{relative}" if member.folder else f"{member.url.rstrip('/')}/{relative}"


def read_member_file(member: Member, project: Path, relative: str, deadline: float | None = None) -> bytes:
    """One published file of `member`: from its folder when it has one, else over HTTP; raise Unreadable.

    Over HTTP the file is read in chunks until `deadline` (a `time.monotonic()` value): a server
    that sends a byte now and then, or nothing at all, is given up at the deadline, not kept waiting on.
    """
    shown = where(member, relative)
    limit = FILE_LIMITS.get(relative, MAX_MEMBER_BYTES)
    if member.folder:
        try:
            path = check_inside(project, f"{member.folder.strip('/')}/{relative}", shown)
            return read_file(path, shown, limit)
        except UnsafeFile as exc:
            raise Unreadable(f"{shown}：{exc.problem.message}") from None
        except OSError:
            raise Unreadable(ERR["member_missing_file"].format(file=shown)) from None
    deadline = deadline if deadline is not None else time.monotonic() + READ_DEADLINE_S
    request = urllib.request.Request(shown, headers={"User-Agent": "lianluozhan-portal"})
    try:
        with _OPENER.open(request, timeout=_left(deadline, shown)) as response:
            data = _read_until(response, limit, deadline, shown)
    except urllib.error.HTTPError as exc:
        raise Unreadable(ERR["member_http"].format(file=shown, status=exc.code)) from None
    except TimeoutError:
        raise Unreadable(ERR["member_slow"].format(file=shown, seconds=READ_DEADLINE_S)) from None
    except (OSError, ValueError) as exc:  # URLError, refused connections, a bad address
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise Unreadable(ERR["member_slow"].format(file=shown, seconds=READ_DEADLINE_S)) from None
        raise Unreadable(ERR["member_unreachable"].format(file=shown, reason=reason)) from None
    return data


def _left(deadline: float, shown: str) -> float:
    """Seconds left before `deadline` for one wait on the network; none left is a timeout."""
    left = min(TIMEOUT_S, deadline - time.monotonic())
    if left <= 0:
        raise TimeoutError(shown)
    return left


def _read_until(response, limit: int, deadline: float, shown: str) -> bytes:  # type: ignore[no-untyped-def]
    """The body, chunk by chunk, each wait bounded by what is left before `deadline`; at most `limit` bytes."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)  # to shorten each wait as time runs out
    chunks: list[bytes] = []
    size = 0
    while True:
        if sock is not None:
            sock.settimeout(_left(deadline, shown))
        elif time.monotonic() > deadline:
            raise TimeoutError(shown)
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise Unreadable(ERR["member_too_big"].format(file=shown, limit=megabytes(limit)))
        chunks.append(chunk)


def _json(raw: bytes, shown: str) -> Any:
    if raw.count(b"{") + raw.count(b"[") > MAX_JSON_CONTAINERS:  # counted in strings too: an upper bound
        raise Unreadable(ERR["member_too_many"].format(file=shown, limit=MAX_JSON_CONTAINERS))
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Unreadable(ERR["member_not_json"].format(file=shown)) from None


def _checked(model: type[_Published], raw: bytes, shown: str) -> Any:
    try:
        return model.model_validate(_json(raw, shown))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in error["loc"]) or "-"
        raise Unreadable(ERR["member_malformed"].format(file=shown, field=field)) from None


def parse_snapshot(member: Member, raw: dict[str, bytes]) -> Snapshot:
    """The member's files checked against the shapes the portal reads; raise Unreadable naming the first misfit."""
    site = _checked(SiteFile, raw[SITE_FILE], where(member, SITE_FILE))
    pagefind = _checked(PagefindEntry, raw[PAGEFIND_ENTRY], where(member, PAGEFIND_ENTRY))
    tables = {}
    for table in TABLES:
        relative = f"data/{table}.json"
        tables[table] = _checked(OpenTable, raw[relative], where(member, relative))
    if raw[FEED].count(b"BEGIN:") > MAX_JSON_CONTAINERS // 4:
        raise Unreadable(ERR["member_too_many"].format(file=where(member, FEED), limit=MAX_JSON_CONTAINERS // 4))
    try:
        Calendar.from_ical(raw[FEED])
    except ValueError:
        raise Unreadable(ERR["member_malformed"].format(file=where(member, FEED), field="VCALENDAR")) from None
    return Snapshot(raw, site, pagefind, tables, raw[FEED])


def read_member(member: Member, project: Path, deadline: float | None = None) -> Snapshot:
    """Every file the portal needs from `member`, read by `deadline` and checked; raise Unreadable."""
    deadline = deadline if deadline is not None else time.monotonic() + READ_DEADLINE_S
    return parse_snapshot(
        member, {relative: read_member_file(member, project, relative, deadline) for relative in member_files()}
    )


def read_saved(folder: Path, member: Member) -> Snapshot | None:
    """A member's last-known files, kept by an earlier portal build in `folder`; None when none are kept."""
    raw: dict[str, bytes] = {}
    for relative in member_files():
        try:
            raw[relative] = read_file(folder / relative, relative, FILE_LIMITS.get(relative, MAX_MEMBER_BYTES))
        except UnsafeFile:
            return None
    try:
        return parse_snapshot(member, raw)
    except Unreadable:
        return None
