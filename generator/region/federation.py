"""A portal's members linked for its pages: what each shows, how current it is, and the figures they add up to.

Pure functions over what `data/members.py` read: whether a member was published
by a tool the portal can read (same tool, same schema of published files, same
major version; same Pagefind version, so its search index merges), each
member's figures counted from its own open data (so the portal's figures are the
districts' downloads added up, never a second count of their own), and the sum
over the portal. A member without fresh data keeps its last-known files, with
the date they were read and a visible note; one never read shows only the note.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from generator import SITE_SCHEMA, __version__
from generator.data.members import Snapshot
from generator.data.portal import Member, PortalFile
from generator.data.values import CaseStatus
from generator.strings.messages import ERR

STATUSES = tuple(status.value for status in CaseStatus)


@dataclass(frozen=True)
class Figures:
    """What the portal's cockpit shows for a member, or for all of them."""

    stations: int = 0
    deputies: int = 0
    sessions: int = 0  # published reception sessions (the schedule table)
    visitors: int = 0  # residents received, as the reception records count them
    cases: int = 0
    by_status: tuple[tuple[str, int], ...] = tuple((status, 0) for status in STATUSES)

    def __add__(self, other: Figures) -> Figures:
        statuses = dict(self.by_status)
        for status, count in other.by_status:
            statuses[status] = statuses.get(status, 0) + count
        return Figures(
            self.stations + other.stations,
            self.deputies + other.deputies,
            self.sessions + other.sessions,
            self.visitors + other.visitors,
            self.cases + other.cases,
            tuple(statuses.items()),
        )


def member_figures(snapshot: Snapshot) -> Figures:
    """A member's figures from its own published files: the same numbers its downloads add up to."""
    tables = snapshot.tables
    statuses = Counter(str(row.get("status")) for row in tables["cases"].records)
    visitors = sum(v for row in tables["records"].records if isinstance(v := row.get("visitors"), int))
    return Figures(
        stations=snapshot.site.stations,
        deputies=len({row.get("id") for row in tables["deputies"].records}),
        sessions=len(tables["schedule"].records),
        visitors=visitors,
        cases=len(tables["cases"].records),
        by_status=tuple((status, statuses.get(status, 0)) for status in STATUSES)
        + tuple(sorted((s, n) for s, n in statuses.items() if s not in STATUSES)),
    )


def incompatibility(member: Member, snapshot: Snapshot, pagefind_version: str) -> str | None:
    """Why the portal cannot take this member's files (a Chinese sentence naming member and versions), or None."""
    site = snapshot.site
    major = __version__.split(".", 1)[0]
    if site.tool != "lianluozhan" or site.schema_ != SITE_SCHEMA or site.version.split(".", 1)[0] != major:
        return ERR["member_version"].format(
            member=member.name, version=site.version, schema=site.schema_, ours=__version__, our_schema=SITE_SCHEMA
        )
    if snapshot.pagefind.version != pagefind_version or "zh" not in snapshot.pagefind.languages:
        languages = "、".join(sorted(snapshot.pagefind.languages)) or "-"
        return ERR["member_pagefind"].format(
            member=member.name, version=snapshot.pagefind.version, languages=languages, ours=pagefind_version
        )
    return None


@dataclass
class MemberView:
    """A member as the portal shows it: its data (fresh or last-known), when that was read, and any note."""

    member: Member
    snapshot: Snapshot | None
    read_on: dt.date | None  # the portal build that read the data shown
    note: str | None = None  # shown on the member's row when the data is not fresh
    group: str | None = None  # the portal (a member of this one) that lists it, for a province over cities

    @property
    def site_url(self) -> str:
        return f"{self.member.url.rstrip('/')}/"

    @property
    def figures(self) -> Figures | None:
        return member_figures(self.snapshot) if self.snapshot else None

    def hub_url(self, path: str) -> str:
        """A station page of this member: its own address (the portal file's) and the checked path."""
        return f"{self.site_url}{path}"


@dataclass
class PortalModel:
    portal: PortalFile
    today: dt.date
    members: list[MemberView] = field(default_factory=list)

    @property
    def total(self) -> Figures:
        result = Figures()
        for view in self.members:
            if view.figures:
                result = result + view.figures
        return result

    @property
    def stale(self) -> list[MemberView]:
        return [view for view in self.members if view.note]
