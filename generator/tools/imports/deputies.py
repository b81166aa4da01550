"""`import deputies`: a roster into each station's deputies.yml, and `linked:` where a deputy also serves.

A row is a deputy of a station; one who left (transferred, deceased, term ended) is skipped and said.
Another station the deputy serves at is read from its column or from the remarks (同时进望江站), by
id, full name or a short name only one station answers to. A deputy keeps the id the last import gave,
a namesake is told apart by constituency and occupation and noted in the file, a deputy who moved
station moves with the comments kept.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.data.canonical import SEQUENCE_OFFSET
from generator.data.model import DeputyRole, Level, StationKind, normal_levels
from generator.data.privacy import GUARDED, find, mask
from generator.data.values import ID_RE, LEVEL_SPELLINGS
from generator.strings.messages import ERR, IMPORT_WORDS, SAID
from generator.strings.sheets import SHEET_WORDS
from generator.tools import sheets
from generator.tools.imports.job import Job, station_lookup
from generator.tools.imports.merging import from_sheet, report_missing, yaml_value
from generator.tools.imports.names import MAX_ID, free_id, kind_word, name_key, person_id, station_stem
from generator.tools.imports.reading import PHONE


def _levels(written: str) -> list[str] | None:
    levels = normal_levels(written)
    values = {level.value for level in Level}
    if isinstance(levels, list) and levels and all(level in values for level in levels):
        return levels
    return None


def _role(written: str) -> DeputyRole | None:
    if not written or written in ("代表", "成员", "人大代表", "驻站", "驻站代表"):
        return DeputyRole.RESIDENT
    for role in sorted(DeputyRole, key=lambda r: -len(r.value)):
        if role.value in written:
            return role
    if "进站" in written:
        return DeputyRole.VISITING
    return None


def _left(written: str) -> str | None:
    for reason in ("transferred", "deceased", "ended"):
        if any(word in written for word in SHEET_WORDS[f"left_{reason}"]):
            return reason
    return None


# 同时进望江站, 同时编入东湖中心站, 另进…, 兼河口联络点: the words before another station's name
_ALSO_SAID = re.compile(
    "|".join(
        [
            f"(?:{'|'.join(SHEET_WORDS['also_lead'])})(?:{'|'.join(sorted(SHEET_WORDS['also_verb'], key=len, reverse=True))})",
            *sorted(SHEET_WORDS["also_alone"], key=len, reverse=True),
        ]
    )
)
_ALSO_SPLIT = re.compile(r"[、/／，,;；]+")
_ALSO_RUN = re.compile(r"[^，,;；。：:\s（()）]*")
_ALSO_JOIN = re.compile(r"^(?:以及|和|及|与|、)")
_NAME_END = re.compile("|".join(SHEET_WORDS["also_name_end"]))
# the words every station's name may have: a piece of a remark with nothing else names no place (兼任本站站长)
_GENERIC = re.compile(
    "|".join(
        sorted(
            (*SHEET_WORDS["station_endings"], "人大代表", "代表", "人大", "联络", "联系", "本", "该", "此", "站", "点"),
            key=len,
            reverse=True,
        )
    )
)
_ROLE_TAIL = re.compile(f"(?:{'|'.join(sorted(SHEET_WORDS['also_role_tail'], key=len, reverse=True))})$")


def _also_said(remark: str) -> list[str]:
    """What follows each 同时进/兼… of a remark, up to the end of its clause: the stations named there."""
    pieces: list[str] = []
    for match in _ALSO_SAID.finditer(remark):
        run = _ALSO_RUN.match(remark, match.end())
        pieces += [p for p in re.split(r"[、/／]", run.group() if run else "") if p]
    return pieces


class _StationFinder:
    """The stations a roster names beside a deputy's own: by id, by full name, else by a short name (望江站,
    东湖中心站) that only one station answers to. Two stations of the same name are told apart by id only."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.names = {sid: s.station.model.name for sid, s in job.stations.items()}
        self.kinds = {sid: {s.station.model.kind, kind_word(s.station.model.name)} for sid, s in job.stations.items()}
        self.by_name: dict[str, list[str]] = {}
        self.stems: dict[str, list[str]] = {}
        for sid, name in self.names.items():
            self.by_name.setdefault(name_key(name), []).append(sid)
            self.stems.setdefault(station_stem(name), []).append(sid)

    def candidates(self, written: str) -> list[str]:
        key = name_key(written)
        if key in self.names:
            return [key]
        if key in self.by_name:
            return self.by_name[key]
        found = self.stems.get(station_stem(key), [])
        kind = kind_word(key)
        if kind is not None:  # 东湖中心站: the centre of the two stations named 东湖
            found = [sid for sid in found if kind in self.kinds[sid]]
            if not found and kind is StationKind.HEAD:
                found = [sid for sid, kinds in self.kinds.items() if StationKind.HEAD in kinds]
        return found

    def shown(self, ids: list[str]) -> str:
        return "、".join(f"{self.names[sid]}（{sid}）" for sid in ids)

    def stations(self, row: int, column: str, pieces: list[str], *, every: bool = False) -> list[str]:
        """The stations each piece names (望江站和东湖中心站 is two); a name no station or several answer to is a
        problem. A remark's piece that names no place (兼任站长, 同时进行走访) is not about a station, unless
        `every` piece is (a column of stations)."""
        found: list[str] = []
        for piece in pieces:
            rest = _ROLE_TAIL.sub("", name_key(piece))
            while rest:
                ends = [len(rest)] if every or rest in self.names or rest in self.by_name else []
                ends += sorted({m.end() for m in _NAME_END.finditer(rest)}, reverse=True)
                ends = [
                    e for e in dict.fromkeys(ends) if _GENERIC.sub("", rest[:e]) or rest[:e] in SHEET_WORDS["also_head"]
                ]
                if not ends:
                    break
                # the longest name any station answers to: 望江站站 is no station, 望江站 is
                tried = [(rest[:end], self.candidates(rest[:end])) for end in ends]
                name, ids = next(((name, ids) for name, ids in tried if ids), tried[0])
                if len(ids) != 1:
                    message = ERR["records_also_ambiguous"] if ids else ERR["records_also_unknown"]
                    self.job.problem(row, column, message, name=name, candidates=self.shown(ids))
                    break
                found.append(ids[0])
                rest = _ALSO_JOIN.sub("", rest[len(name) :])  # 望江站和东湖中心站
        return found


def import_deputies(job: Job, _: str | None) -> None:
    """Read every row, give each deputy an id, then merge each into its station's file and link it elsewhere.

    Ids are given only once every row is read: a namesake's id depends on who else the sheet lists.
    """
    existing: dict[str, tuple[str, Any]] = {}  # id: (station, deputy) as the files hold them now
    for sid, station in job.stations.items():
        for deputy in station.deputies.model.deputies if station.deputies else []:
            existing[deputy.id] = (sid, deputy)
    roster = _Roster(job, existing)
    rows = [found for row, cells in job.sheet.rows if (found := roster.read(row, cells)) is not None]
    claimed: set[str] = set()
    _give_ids(job, rows, existing, claimed)
    rows = [r for r in rows if "id" in r]
    names = Counter(r["fields"]["name"] for r in rows) + Counter(
        d.name for key, (_, d) in existing.items() if key not in claimed
    )
    for r in rows:
        if names[r["fields"]["name"]] > 1:
            r["namesake"] = _namesakes(r, rows, existing, claimed)
            job.result.details.append(ERR["records_namesake"].format(row=r["row"], namesakes=r["namesake"]))
    linked: dict[str, list[str]] = {}
    for r in rows:
        for other in r["also"]:
            linked.setdefault(other, []).append(r["id"])
        _write_deputy(job, r, existing)
    _write_linked(job, rows, linked)
    report_missing(
        job, claimed, lambda did, rec: f"{rec.get('name', did)}（{did}，{rec.get('station', '')}）", "deputy"
    )


class _Roster:
    """Reads a roster's rows: what each row says of a deputy, the stations it names found among the region's."""

    def __init__(self, job: Job, existing: dict[str, tuple[str, Any]]) -> None:
        self.job = job
        self.existing = existing
        self.lookup = station_lookup(job)
        self.finder = _StationFinder(job)
        self.heads = [sid for sid, s in job.stations.items() if s.station.model.kind is StationKind.HEAD]

    def read(self, row: int, cells: list[object]) -> dict[str, Any] | None:
        """One row as its deputy's station, other stations, fields and written id; None for a row with nothing to
        import (blank, or a deputy who left) or after saying what is wrong."""
        job = self.job
        name = sheets.compact(job.value(cells, "name"))
        if find(name, kinds=GUARDED):
            job.problem(row, "name", ERR["records_private"], kind=IMPORT_WORDS["private_value"], masked=mask(name))
            return None
        if not name:
            if any(sheets.text(c) for c in cells):
                job.problem(row, "name", ERR["records_blank"], what=IMPORT_WORDS["deputy"])
            return None
        problems_before = len(job.problems)
        status = job.text(row, cells, "status")
        if self._has_left(row, name, status):
            return None
        station_name = job.text(row, cells, "station")
        sid = self.lookup.get(name_key(station_name))
        if sid is None:
            job.problem(row, "station", ERR["records_unknown_station"], name=station_name)
            return None
        level_text = job.text(row, cells, "level")
        levels = _levels(level_text)
        if levels is None:
            job.problem(
                row, "level", ERR["records_level"], value=level_text, known="、".join(dict.fromkeys(LEVEL_SPELLINGS))
            )
            return None
        role_text = job.text(row, cells, "role")
        role = _role(role_text)
        if role is None:
            job.problem(row, "role", ERR["records_role"], value=role_text)
            return None
        also = self._also(row, cells, status)
        if len(job.problems) > problems_before:
            return None
        also = [s for s in dict.fromkeys(also) if s != sid]
        phone = None
        if sheets.yes(job.value(cells, "consent")):
            written = sheets.plain(job.value(cells, "phone"))
            if written:
                try:
                    phone = PHONE.validate_python(written)
                except ValidationError:
                    job.problem(row, "phone", ERR["records_phone"], masked=mask(written))
                    return None
        fields = {
            "name": name,
            **{key: job.text(row, cells, key) or None for key in ("gender", "ethnicity", "party")},
            "level": levels[0] if len(levels) == 1 else levels,
            **{key: job.text(row, cells, key) or None for key in ("constituency", "occupation")},
            "role": role.value,
            "contact": {"phone": phone} if phone else None,
        }
        written_id = job.text(row, cells, "id").lower()
        if written_id and (len(written_id) > MAX_ID or not ID_RE.match(written_id)):
            job.problem(row, "id", ERR["records_bad_id"], value=written_id)
            return None
        return {"row": row, "station": sid, "also": also, "fields": fields, "written_id": written_id}

    def _has_left(self, row: int, name: str, status: str) -> bool:
        """Whether the remarks say the deputy left (transferred, deceased, term ended): counted and said, not read."""
        reason = _left(status)
        if not reason:
            return False
        self.job.result.counts[f"skipped_{reason}"] += 1
        self.job.result.counts["skipped_deputy"] += 1
        where = [sid for sid, (_, d) in self.existing.items() if d.name == name]
        line = ERR["records_left_still_there"] if where else SAID["records_left"]
        self.job.result.details.append(
            line.format(row=row, name=name, reason=IMPORT_WORDS[f"left_{reason}"], ids="、".join(where))
        )
        return True

    def _also(self, row: int, cells: list[object], status: str) -> list[str]:
        """The other stations the deputy serves at: its column (是 for the only head station), then the remarks."""
        also_text = self.job.text(row, cells, "also")
        also: list[str] = []
        if also_text and also_text.lower() not in ("否", "无", "no", "n", "0"):
            if also_text in SHEET_WORDS["also_head"] and len(self.heads) == 1:
                also = [self.heads[0]]
            else:
                pieces = _ALSO_SPLIT.split(_ALSO_SAID.sub("、", also_text))
                also = self.finder.stations(row, "also", pieces, every=True)
        also += self.finder.stations(row, "status", _also_said(status))  # 同时进望江站 in the remarks
        return also


def _score(record: dict[str, Any], fields: dict[str, Any], sid: str) -> int:
    """How much a person the last import wrote looks like a row: the same constituency or occupation, then station."""
    return sum(record.get(k) == fields[k] and fields[k] is not None for k in ("constituency", "occupation")) * 2 + (
        record.get("station") == sid
    )


def _give_ids(job: Job, rows: list[dict[str, Any]], existing: dict[str, tuple[str, Any]], claimed: set[str]) -> None:
    """Each row's id: the one written, the one this person had (the last import's, else the file's), else a new one.

    A namesake of the last import is the one most alike; an id two rows claim is a problem at the second.
    """
    taken = set(existing) | set(job.base)
    for r in rows:
        name, fields = r["fields"]["name"], r["fields"]
        did = r["written_id"] or None
        if did is None:
            remembered = [
                (_score(rec, fields, r["station"]), i, key)
                for i, (key, rec) in enumerate(job.base.items())
                if rec.get("name") == name and key not in claimed
            ]
            if remembered:
                did = max(remembered, key=lambda t: (t[0], -t[1]))[2]
        if did is None:
            here = [
                key
                for key, (sid, d) in existing.items()
                if d.name == name and sid == r["station"] and key not in claimed
            ]
            did = here[0] if here else None
        if did is None:
            did = free_id(person_id(name) or "x", taken | claimed)
        if did in claimed:
            job.problem(r["row"], "id" if r["written_id"] else "name", ERR["records_twice"], name=name, other="")
            continue
        claimed.add(did)
        taken.add(did)
        r["id"] = did


def _write_deputy(job: Job, r: dict[str, Any], existing: dict[str, tuple[str, Any]]) -> None:
    """Merge a deputy into the file that has it (moving it to its new station), or add it to its station's."""
    did, sid, fields = r["id"], r["station"], r["fields"]
    label = f"{fields['name']}（{did}）"
    base = job.base.get(did)
    job.new_state[did] = {"station": sid, "also": r["also"], **{k: v for k, v in fields.items() if v is not None}}
    record_fields = dict(fields)
    if did in existing:
        record_fields = from_sheet(fields, job.sheet.columns, {"contact": ("consent",)})
        where = existing[did][0]
        path = job.folders[where] / "deputies.yml"
        records = job.load(path).setdefault("deputies", CommentedSeq())
        record = next(d for d in records if d.get("id") == did)
        if where != sid and (base is None or base.get("station") == where):  # moved to another station
            records.remove(record)
            _append(job, sid, "deputies", record)
            job.result.details.append(SAID["records_moved"].format(record=label, old=where, new=sid))
        changed = _merge_phone(job, record, record_fields, base, label)
        if job.merge(record, record_fields, base, label) or changed or where != sid:
            job.result.counts["updated_deputy"] += 1
        return
    if base is not None:
        job.result.details.append(SAID["records_deleted_by_hand"].format(record=label))
        return
    record = CommentedMap(id=did)
    for k, v in record_fields.items():
        if v is not None:
            record[k] = yaml_value(v)
    _append(
        job,
        sid,
        "deputies",
        record,
        comment=r.get("namesake") and SAID["records_namesake_note"].format(namesakes=r["namesake"]),
    )
    job.result.counts["added_deputy"] += 1


def _merge_phone(
    job: Job, record: CommentedMap, fields: dict[str, Any], base: dict[str, Any] | None, label: str
) -> bool:
    """The sheet's phone into `contact.phone` (taken out of `fields`): the rest of `contact` (an email) is kept."""
    if "contact" not in fields:
        return False
    phone = (fields.pop("contact") or {}).get("phone")
    contact = record.get("contact")
    if not isinstance(contact, CommentedMap):
        contact = CommentedMap()
    old = None if base is None else {"phone": (base.get("contact") or {}).get("phone")}
    if not job.merge(contact, {"phone": phone}, old, f"{label} contact"):
        return False
    if contact:
        record["contact"] = contact
    elif "contact" in record:
        del record["contact"]
    return True


def _write_linked(job: Job, rows: list[dict[str, Any]], linked: dict[str, list[str]]) -> None:
    """`linked:` in the other station's file: added where the sheet says so, removed where it no longer does."""
    before: dict[str, set[str]] = {}
    for did, record in job.base.items():
        for other in record.get("also", []):
            before.setdefault(other, set()).add(did)
    for other in sorted(set(linked) | set(before)):
        if other not in job.stations and not any(other == r["station"] for r in rows):
            continue
        wanted = linked.get(other, [])
        path = job.folders.get(other, job.data_dir / other) / "deputies.yml"
        data = job.load(path, "deputies: []\n")
        items = data.setdefault("linked", CommentedSeq())
        present = {item.get("id") for item in items}
        own = {d.get("id") for d in data.get("deputies", [])}
        for did in wanted:
            if did not in present and did not in own:
                items.append(CommentedMap(id=did, role=DeputyRole.VISITING.value))
                job.result.counts["added_linked"] += 1
        for did in before.get(other, set()) - set(wanted):
            if did in {r["id"] for r in rows}:
                for item in [i for i in items if i.get("id") == did]:
                    items.remove(item)
                    job.result.counts["removed_linked"] += 1


def _namesakes(r: dict[str, Any], rows: list[dict[str, Any]], existing: dict, claimed: set[str]) -> str:
    name = r["fields"]["name"]
    people = [
        (x["id"], x["fields"].get("constituency"), x["fields"].get("occupation"), x["station"])
        for x in rows
        if x["fields"]["name"] == name
    ]
    people += [
        (key, d.constituency, d.occupation, sid)
        for key, (sid, d) in existing.items()
        if d.name == name and key not in claimed
    ]
    return "；".join(
        f"{pid}（{'，'.join(str(p) for p in (constituency, occupation, station) if p)}）"
        for pid, constituency, occupation, station in sorted(set(people))
    )


def _append(job: Job, sid: str, key: str, record: CommentedMap, comment: str | None = None) -> None:
    path = job.folders.get(sid, job.data_dir / sid) / "deputies.yml"
    data = job.load(path, "deputies: []\n")
    items = data.get(key)
    if not isinstance(items, CommentedSeq) or (items.fa.flow_style() and not items):
        items = data[key] = CommentedSeq(items or [])
    items.append(record)
    if comment:
        items.yaml_set_comment_before_after_key(len(items) - 1, before=comment, indent=SEQUENCE_OFFSET)
