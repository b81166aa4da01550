"""Reading a portal's members: each district's published files, over HTTP or from a local built site.

A portal never reads a district's data folder: it reads what the district
published (`lz-site.json`, its open data, its calendar feed, its search entry
file), so a district on its own server and one built in the same monorepo are
read alike. Everything read here is untrusted: over HTTP only http(s), with a
timeout and a size limit per file, redirects only to http(s); from a folder
only through `files` (no link followed, no special file, size limit). The
JSON is checked against small models before anything uses it, and a file that
does not fit is an `Unreadable` naming the file and what to do; the caller
(site/portal.py) then keeps the member's last-known data. This module writes
nothing.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from icalendar import Calendar
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.data.files import UnsafeFile, check_inside, megabytes, read_file
from generator.data.portal import Member
from generator.strings.messages import ERR

TIMEOUT_S = 30  # per request: an intranet server that has not answered by then is down
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one published file; a city's largest (cases.json) is tens of MB
SITE_FILE = "lz-site.json"  # render/sitefile.py writes it; data/ cannot import render/
PAGEFIND_ENTRY = "pagefind/pagefind-entry.json"
FEED = "calendar.ics"
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


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.URLError(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnly)


def where(member: Member, relative: str) -> str:
    """The file as shown to a clerk: its address, or its path in the member's folder."""
    return f"{member.folder.rstrip('/')}/{relative}" if member.folder else f"{member.url.rstrip('/')}/{relative}"


def read_member_file(member: Member, project: Path, relative: str) -> bytes:
    """One published file of `member`: from its folder when it has one, else over HTTP; raise Unreadable."""
    shown = where(member, relative)
    if member.folder:
        try:
            path = check_inside(project, f"{member.folder.strip('/')}/{relative}", shown)
            return read_file(path, shown, MAX_MEMBER_BYTES)
        except UnsafeFile as exc:
            raise Unreadable(f"{shown}：{exc.problem.message}") from None
        except OSError:
            raise Unreadable(ERR["member_missing_file"].format(file=shown)) from None
    request = urllib.request.Request(shown, headers={"User-Agent": "lianluozhan-portal"})
    try:
        with _OPENER.open(request, timeout=TIMEOUT_S) as response:
            data = response.read(MAX_MEMBER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise Unreadable(ERR["member_http"].format(file=shown, status=exc.code)) from None
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, a bad address
        reason = getattr(exc, "reason", exc)
        raise Unreadable(ERR["member_unreachable"].format(file=shown, reason=reason)) from None
    if len(data) > MAX_MEMBER_BYTES:
        raise Unreadable(ERR["member_too_big"].format(file=shown, limit=megabytes(MAX_MEMBER_BYTES)))
    return data


def _json(raw: bytes, shown: str) -> Any:
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
    try:
        Calendar.from_ical(raw[FEED])
    except ValueError:
        raise Unreadable(ERR["member_malformed"].format(file=where(member, FEED), field="VCALENDAR")) from None
    return Snapshot(raw, site, pagefind, tables, raw[FEED])


def read_member(member: Member, project: Path) -> Snapshot:
    """Every file the portal needs from `member`, read and checked; raise Unreadable."""
    return parse_snapshot(
        member, {relative: read_member_file(member, project, relative) for relative in member_files()}
    )


def read_saved(folder: Path, member: Member) -> Snapshot | None:
    """A member's last-known files, kept by an earlier portal build in `folder`; None when none are kept."""
    raw: dict[str, bytes] = {}
    for relative in member_files():
        try:
            raw[relative] = read_file(folder / relative, relative, MAX_MEMBER_BYTES)
        except UnsafeFile:
            return None
    try:
        return parse_snapshot(member, raw)
    except Unreadable:
        return None
