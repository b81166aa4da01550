"""What a change to the data means, in plain Chinese, for the reviewer of a pull request.

`python -m generator changes BASE HEAD` loads two data trees (before and after
a pull request) and compares their records by id — not their text — so the
job summary can say "新增代表 2 名、修改固定接待日 1 条、新增办理案例 5 件"
with a short list of what changed. `compare` is a pure function from two
validated models to a list of `Change`; `summary` turns that list into text;
`describe_changes` loads the two trees for the command line. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.problems import DataError
from generator.region.assemble import PUBLISHED_FUTURE_DAYS, RegionModel
from generator.region.formats import date_cn
from generator.region.notices import session_id
from generator.region.schedule import describe_rule
from generator.region.validate import validate_region
from generator.strings.messages import CHANGES
from generator.strings.site import UI

# The order topics are reported in, as on a station's page.
TOPICS = ("region", "holiday", "station", "deputy", "rule", "session", "theme", "activity", "case")
ACTIONS = ("added", "removed", "changed", "status")


@dataclass(frozen=True)
class Change:
    topic: str  # one of TOPICS
    action: str  # one of ACTIONS
    label: str  # what changed, in words: 王丽（杏林社区联络站）
    detail: str = ""  # how: the changed fields, or 受理 → 已答复


@dataclass(frozen=True)
class Calendar:
    """Sessions from today on, after the schedules are expanded, that appear or disappear."""

    added: int
    removed: int


def compare(base: RegionModel | None, head: RegionModel) -> tuple[list[Change], Calendar]:
    """The changes from `base` (None: no data before) to `head`, both built for the same day."""
    changes: list[Change] = []
    if base is not None and base.region != head.region:
        changes.append(Change("region", "changed", head.region.name, _fields(base.region, head.region)))
    changes += _keyed("holiday", _holidays(base), _holidays(head), _changed)
    changes += _keyed("station", _stations(base), _stations(head), _changed)
    changes += _keyed("deputy", _deputies(base), _deputies(head), _deputy_detail)
    changes += _rules(base, head)
    changes += _keyed("session", _sessions(base), _sessions(head), _changed)
    changes += _keyed("theme", _themes(base), _themes(head), lambda old, new: ("changed", ""))
    changes += _keyed("activity", _activities(base), _activities(head), _with_status)
    changes += _keyed("case", _cases(base), _cases(head), _with_status)
    before, after = _calendar(base), _calendar(head)
    return changes, Calendar(added=len(after - before), removed=len(before - after))


# --- records by key: (label, value) ---------------------------------------------------------

Indexed = dict[Any, tuple[str, Any]]


def _holidays(model: RegionModel | None) -> Indexed:
    """Declared holiday years: a new one moves reception days across the whole region."""
    declared = model.work.declared if model else {}
    return {year: (CHANGES["holiday"].format(year=year), arrangement) for year, arrangement in declared.items()}


def _stations(model: RegionModel | None) -> Indexed:
    return {e.id: (e.station.name, e.station) for e in model.stations.values()} if model else {}


def _deputies(model: RegionModel | None) -> Indexed:
    if model is None:
        return {}
    return {
        d.id: (
            CHANGES["at"].format(name=d.deputy.name, station=d.home.station.name),
            (d.deputy, sorted((m.station.id, m.role.value) for m in d.memberships)),
        )
        for d in model.deputies.values()
    }


def _sessions(model: RegionModel | None) -> Indexed:
    found: Indexed = {}
    for entry in model.stations.values() if model else []:
        seen: Counter[Any] = Counter()
        for session in entry.schedule.sessions:
            seen[session.date] += 1  # two sessions on one day are told apart by their order
            label = f"{entry.station.name} {date_cn(session.date)} {session.time}"
            found[(entry.id, session.date, seen[session.date])] = (label, session)
    return found


def _themes(model: RegionModel | None) -> Indexed:
    return {
        (entry.id, year, theme.month): (
            CHANGES["theme"].format(station=entry.station.name, year=year, month=theme.month, theme=theme.theme),
            theme,
        )
        for entry in (model.stations.values() if model else [])
        for year, plan in entry.plans.items()
        for theme in plan.themes
    }


def _activities(model: RegionModel | None) -> Indexed:
    return {
        (entry.id, year, a.id): (CHANGES["at"].format(name=a.title, station=entry.station.name), a)
        for entry in (model.stations.values() if model else [])
        for year, plan in entry.plans.items()
        for a in plan.activities
    }


def _cases(model: RegionModel | None) -> Indexed:
    return {
        (entry.id, case.id): (
            CHANGES["case"].format(id=case.id, station=entry.station.name, category=case.category),
            case,
        )
        for entry in (model.stations.values() if model else [])
        for case in entry.cases
    }


def _calendar(model: RegionModel | None) -> set[str]:
    if model is None:
        return set()
    return {
        session_id(u)
        for entry in model.stations.values()
        for u in entry.published
        if u.occurrence.date >= model.today and not u.occurrence.cancelled
    }


# --- comparing ----------------------------------------------------------------------------------


def _keyed(topic: str, base: Indexed, head: Indexed, detail: Callable[[Any, Any], tuple[str, str]]) -> list[Change]:
    changes = [Change(topic, "added", head[k][0]) for k in head if k not in base]
    changes += [Change(topic, "removed", base[k][0]) for k in base if k not in head]
    for key in head.keys() & base.keys():
        old, new = base[key][1], head[key][1]
        if old != new:
            action, how = detail(old, new)
            changes.append(Change(topic, action, head[key][0], how))
    return sorted(changes, key=lambda c: (ACTIONS.index(c.action), c.label))


def _rules(base: RegionModel | None, head: RegionModel) -> list[Change]:
    """Rules have no id: unchanged ones cancel out, the rest pair up by position within a station."""
    changes: list[Change] = []
    old_entries = base.stations if base else {}
    for station_id in sorted(head.stations.keys() | old_entries.keys()):
        new_entry = head.stations.get(station_id)
        old_entry = old_entries.get(station_id)
        name = (new_entry or old_entry).station.name  # type: ignore[union-attr]
        new = list(new_entry.schedule.rules) if new_entry else []
        old = list(old_entry.schedule.rules) if old_entry else []
        gone = [r for r in old if r not in new]
        came = [r for r in new if r not in old]
        for before, after in zip(gone, came, strict=False):
            label = f"{name} {describe_rule(after)}"
            changes.append(Change("rule", "changed", label, _fields(before, after)))
        changes += [Change("rule", "added", f"{name} {describe_rule(r)}") for r in came[len(gone) :]]
        changes += [Change("rule", "removed", f"{name} {describe_rule(r)}") for r in gone[len(came) :]]
    return changes


def _fields(old: BaseModel, new: BaseModel) -> str:
    """The titles of the fields that differ: 职业职务、简介."""
    names = [
        info.title or name for name, info in type(new).model_fields.items() if getattr(old, name) != getattr(new, name)
    ]
    return "、".join(names)


def _changed(old: BaseModel, new: BaseModel) -> tuple[str, str]:
    return "changed", _fields(old, new)


def _deputy_detail(old: tuple[BaseModel, list[Any]], new: tuple[BaseModel, list[Any]]) -> tuple[str, str]:
    """A deputy's own fields, and the stations they serve at (written in other stations' files)."""
    names = [_fields(old[0], new[0])] if old[0] != new[0] else []
    if old[1] != new[1]:
        names.append(UI["stations_served"])
    return "changed", "、".join(names)


def _with_status(old: Any, new: Any) -> tuple[str, str]:
    """A step in the closed loop (受理 → 已答复) or of a plan (计划 → 已完成) is worth its own words."""
    if old.status != new.status:
        return "status", CHANGES["arrow"].format(old=old.status.value, new=new.status.value)
    return _changed(old, new)


# --- words ---------------------------------------------------------------------------------------


def summary(changes: list[Change], calendar: Calendar, *, markdown: bool = False) -> str:
    """The job summary: a sentence of counts, the effect on the calendar, then one line per change."""
    lines = [CHANGES["heading_md" if markdown else "heading"], ""]
    counts = Counter((c.topic, c.action) for c in changes)
    parts = [
        CHANGES[f"{action}_{topic}"].format(count=counts[(topic, action)])
        for topic in TOPICS
        for action in ACTIONS
        if counts[(topic, action)]
    ]
    lines.append(CHANGES["sentence"].format(parts="、".join(parts)) if parts else CHANGES["none"])
    if calendar.added or calendar.removed:
        lines += [
            "",
            CHANGES["calendar"].format(days=PUBLISHED_FUTURE_DAYS, added=calendar.added, removed=calendar.removed),
        ]
    if changes:
        lines.append("")
        for topic in TOPICS:
            for change in (c for c in changes if c.topic == topic):
                lines.append("- " + _line(change, markdown))
    return "\n".join(lines) + "\n"


def unreadable(which: str, count: int, *, markdown: bool = False) -> str:
    """The summary when one side's data cannot be loaded: say so instead of guessing."""
    return "\n".join([CHANGES["heading_md" if markdown else "heading"], "", CHANGES[which].format(count=count)]) + "\n"


def _line(change: Change, markdown: bool) -> str:
    noun = CHANGES[f"noun_{change.topic}"]
    label = _escape(change.label) if markdown else change.label
    detail = _escape(change.detail) if markdown else change.detail
    text = CHANGES[f"line_{change.action}"].format(noun=noun, label=label)
    return text + (CHANGES["detail"].format(detail=detail) if detail else "")


MARKDOWN_SPECIAL = set("\\`*_[]<>|~&#")


def _escape(text: str) -> str:
    """Text from YAML is untrusted: no Markdown or HTML in the job summary."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in text)


def describe_changes(base_dir: Path, head_dir: Path, today: dt.date, *, markdown: bool = False) -> str:
    """The summary for two data folders. A side that does not load is said so, never a traceback:
    the validation step of the same check reports its problems in detail."""
    try:
        head = validate_region(head_dir, head_dir.parent, today)
    except DataError as exc:
        return unreadable("head_unreadable", len(exc.problems), markdown=markdown)
    base = None  # no data folder before: everything is new
    if base_dir.is_dir():
        try:
            base = validate_region(base_dir, base_dir.parent, today)
        except DataError as exc:
            return unreadable("base_unreadable", len(exc.problems), markdown=markdown)
    changes, calendar = compare(base, head)
    return summary(changes, calendar, markdown=markdown)
