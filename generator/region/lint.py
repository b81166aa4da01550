"""Rules that span fields, records and files, checked after every file has its types right.

Kept apart from the model (as openstates keeps its people linter apart from its
schemas) so each rule can point at the exact line it is about and say how to
fix it. Every rule appends to a list; none raises, none writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from generator.data.files import MAX_PHOTO_BYTES, UnsafeFile, check_inside, megabytes, open_file
from generator.data.images import FORMATS as IMAGE_FORMATS
from generator.data.images import MAX_PIXELS, MIN_SHORT_SIDE, Inspection, TooLarge, inspect
from generator.data.load import MAX_PROBLEMS_PER_FILE, Doc, RegionDocs, StationDocs
from generator.data.model import CASE_STEPS, Case, HolidaysFile
from generator.data.privacy import GUARDED, Finding, Kind, find, mask, same_number
from generator.data.source import SourceFile
from generator.data.text import name_key
from generator.data.values import PLACEHOLDER, ActivityStatus, CaseStatus, Repeat, Satisfaction, StationKind
from generator.problems import Position, Problem
from generator.region.holidays import notice_year
from generator.region.schedule import rule_dates
from generator.strings.messages import ERR
from generator.strings.site import WEEKDAYS

# No notice has given more than 9 days in a row (春节 2026); a longer range is a mistyped month or day.
MAX_HOLIDAY_DAYS = 15


def lint(docs: RegionDocs, data_dir: Path, today: dt.date, warnings: list[Problem] | None = None) -> list[Problem]:
    """Every problem of the region; what is allowed but worth saying (a photo's GPS) is added to `warnings`."""
    problems: list[Problem] = []
    warnings = [] if warnings is None else warnings
    deputy_ids = _deputy_ids(docs, problems)
    _stations(docs, problems)
    for station in docs.stations:
        _linked(station, deputy_ids, problems)
        _photos(station, data_dir, problems, warnings)
        _schedule(station, deputy_ids, problems)
        _plans(station, deputy_ids, problems)
        _cases(station, deputy_ids, today, problems)
        _records(station, deputy_ids, today, problems)
    for _, doc in sorted(docs.holidays.items()):
        _holidays(doc, problems)
    _private_data(docs, problems)
    return problems


def _where(doc: Doc, path: tuple) -> str:
    """`file:line` of a record, for a message about another record that repeats its id.

    Worked out only when a message needs it: a file read from the build's cache unpacks its positions
    only then (`SourceFile.values`).
    """
    return f"{doc.source.display}:{doc.source.position(path).line}"


def _deputy_ids(docs: RegionDocs, problems: list[Problem]) -> set[str]:
    seen: dict[str, tuple[Doc, int, str]] = {}  # id: (file, index, name)
    for station in docs.stations:
        if not station.deputies:
            continue
        for i, deputy in enumerate(station.deputies.model.deputies):
            if deputy.id not in seen:
                seen[deputy.id] = (station.deputies, i, deputy.name)
                continue
            first, index, name = seen[deputy.id]
            other = _where(first, ("deputies", index))
            if name_key(name) == name_key(deputy.name):  # the same person written twice: `linked` is the fix
                message = ERR["duplicate_deputy"].format(name=name, id=deputy.id, other=other)
            else:
                message = ERR["duplicate_id"].format(noun="代表", id=deputy.id, other=other, scope="全区")
            problems.append(station.deputies.source.problem(("deputies", i, "id"), message))
    return set(seen)


def _stations(docs: RegionDocs, problems: list[Problem]) -> None:
    by_id = {s.station.model.id: s for s in docs.stations}
    for station in docs.stations:
        model, source = station.station.model, station.station.source
        if model.id != station.folder:
            problems.append(source.problem(("id",), ERR["folder_id"].format(id=model.id, folder=station.folder)))
        if model.kind is StationKind.HEAD:
            if model.parent:
                problems.append(source.problem(("parent",), ERR["head_with_parent"]))
            continue
        if not model.parent:
            problems.append(source.problem(("kind",), ERR["missing_parent"].format(kind=model.kind.value)))
            continue
        parent = by_id.get(model.parent)
        if parent is None:
            problems.append(source.problem(("parent",), ERR["unknown_parent"].format(id=model.parent)))
            continue
        if parent.station.model.kind.depth >= model.kind.depth:
            message = ERR["parent_kind"].format(
                kind=model.kind.value, parent=model.parent, parent_kind=parent.station.model.kind.value
            )
            problems.append(source.problem(("parent",), message))
        chain, current = [model.id], parent
        while current is not None and current.station.model.parent:
            if current.station.model.id in chain:
                problems.append(source.problem(("parent",), ERR["parent_cycle"].format(chain=" → ".join(chain))))
                break
            chain.append(current.station.model.id)
            current = by_id.get(current.station.model.parent)


def _linked(station: StationDocs, deputy_ids: set[str], problems: list[Problem]) -> None:
    if not station.deputies:
        return
    own = {d.id for d in station.deputies.model.deputies}
    seen: set[str] = set()
    for i, linked in enumerate(station.deputies.model.linked):
        path = ("linked", i, "id")
        if linked.id not in deputy_ids:
            problems.append(station.deputies.source.problem(path, ERR["unknown_deputy"].format(id=linked.id)))
        elif linked.id in own:
            problems.append(station.deputies.source.problem(path, ERR["linked_self"].format(id=linked.id)))
        elif linked.id in seen:
            problems.append(station.deputies.source.problem(path, ERR["duplicate_linked"].format(id=linked.id)))
        seen.add(linked.id)


def _photos(station: StationDocs, data_dir: Path, problems: list[Problem], warnings: list[Problem]) -> None:
    folder = data_dir / station.folder
    places: list[tuple[Doc, tuple, str | None]] = [(station.station, ("photo",), station.station.model.photo)]
    if station.deputies:
        places += [
            (station.deputies, ("deputies", i, "photo"), d.photo) for i, d in enumerate(station.deputies.model.deputies)
        ]
    for doc, path, photo in places:
        if not photo:
            continue
        try:
            found = check_inside(folder, photo, doc.source.display)
            if found.stat().st_size > MAX_PHOTO_BYTES:
                message = ERR["photo_too_big"].format(path=photo, limit=megabytes(MAX_PHOTO_BYTES))
                problems.append(doc.source.problem(path, message))
                continue
            with open_file(found, doc.source.display, MAX_PHOTO_BYTES) as stream:
                image = inspect(stream)
        except FileNotFoundError:
            problems.append(doc.source.problem(path, ERR["photo_missing"].format(path=photo)))
            continue
        except UnsafeFile as exc:  # a link, a special file, too big: said at the photo's line
            problems.append(doc.source.problem(path, ERR["photo_unsafe"].format(path=photo, why=exc.problem.message)))
            continue
        except TooLarge as exc:  # a decompression bomb, or a scan no page needs: never decoded
            problems.append(doc.source.problem(path, photo_huge(photo, exc.width, exc.height)))
            continue
        except (OSError, ValueError, SyntaxError):  # Pillow cannot read it as an image
            problems.append(doc.source.problem(path, ERR["photo_not_image"].format(path=photo)))
            continue
        if image.format not in IMAGE_FORMATS:
            problems.append(doc.source.problem(path, ERR["photo_not_image"].format(path=photo)))
        elif image.frames > 1:
            problems.append(doc.source.problem(path, ERR["photo_animated"].format(path=photo)))
        elif min(image.width, image.height) < MIN_SHORT_SIDE:
            words = {"path": photo, "width": image.width, "height": image.height, "least": MIN_SHORT_SIDE}
            problems.append(doc.source.problem(path, ERR["photo_small"].format(**words)))
        elif traces := photo_traces(image):
            warnings.append(doc.source.problem(path, ERR["photo_traces"].format(path=photo, traces=traces)))


def photo_huge(path: str, width: int, height: int) -> str:
    """The message for a photo over `MAX_PIXELS`, in 万像素 as clerks count them."""
    return ERR["photo_huge"].format(path=path, width=width, height=height, limit=MAX_PIXELS // 10_000)


def photo_traces(image: Inspection) -> str:
    """What the photo tells of where and with what it was taken ("" when nothing): the repository is public."""
    traces = [ERR["photo_traces_place"]] if image.located else []
    if image.device:
        traces.append(ERR["photo_traces_device"].format(device=image.device[:60]))
    return ERR["photo_traces_and"].join(traces)


def _unknown_deputies(doc: Doc, path: tuple, ids: list[str], known: set[str]) -> Iterator[Problem]:
    for j, deputy_id in enumerate(ids):
        if deputy_id not in known:
            yield doc.source.problem((*path, "deputies", j), ERR["unknown_deputy"].format(id=deputy_id))


def _schedule(station: StationDocs, deputy_ids: set[str], problems: list[Problem]) -> None:
    doc = station.schedule
    if not doc:
        return
    for i, rule in enumerate(doc.model.rules):
        path = ("rules", i)
        by_day = rule.day is not None and rule.weekday is None and rule.week is None
        by_weekday = rule.day is None and rule.weekday is not None and rule.week is not None
        if rule.repeat is Repeat.MONTHLY and not (by_day or by_weekday):
            problems.append(doc.source.problem((*path, "repeat"), ERR["monthly_needs_day"]))
        weekly_extra = rule.day is not None or rule.week is not None or rule.months is not None
        if rule.repeat is Repeat.WEEKLY and (rule.weekday is None or weekly_extra):
            problems.append(doc.source.problem((*path, "repeat"), ERR["weekly_needs_weekday"]))
        for j, exception in enumerate(rule.exceptions):
            if next(rule_dates(rule, exception.date, exception.date), None) is None:
                message = ERR["exception_not_rule_day"].format(date=exception.date)
                problems.append(doc.source.problem((*path, "exceptions", j, "date"), message))
        if rule.start and rule.end and rule.end < rule.start:
            problems.append(
                doc.source.problem((*path, "end"), ERR["rule_dates"].format(start=rule.start, end=rule.end))
            )
        for j, pause in enumerate(rule.pauses):
            if pause.end < pause.start:
                message = ERR["rule_dates"].format(start=pause.start, end=pause.end)
                problems.append(doc.source.problem((*path, "pauses", j, "end"), message))
        problems.extend(_unknown_deputies(doc, path, rule.deputies, deputy_ids))
    for i, session in enumerate(doc.model.sessions):
        problems.extend(_unknown_deputies(doc, ("sessions", i), session.deputies, deputy_ids))


def _plans(station: StationDocs, deputy_ids: set[str], problems: list[Problem]) -> None:
    seen: dict[str, tuple[Doc, tuple]] = {}
    for year, doc in sorted(station.plans.items()):
        months: set[int] = set()
        for i, theme in enumerate(doc.model.themes):
            if theme.month in months:
                problems.append(
                    doc.source.problem(("themes", i, "month"), ERR["theme_month"].format(month=theme.month))
                )
            months.add(theme.month)
        for i, activity in enumerate(doc.model.activities):
            path = ("activities", i)
            if activity.id in seen:
                other = _where(*seen[activity.id])
                message = ERR["duplicate_id"].format(noun="活动", id=activity.id, other=other, scope="本站")
                problems.append(doc.source.problem((*path, "id"), message))
            seen.setdefault(activity.id, (doc, path))
            if (activity.date is None) == (activity.month is None):
                problems.append(doc.source.problem(path, ERR["activity_when"].format(title=activity.title)))
            elif activity.date and activity.date.year != year:
                message = ERR["activity_year"].format(title=activity.title, date=activity.date, year=year)
                problems.append(doc.source.problem((*path, "date"), message))
            if activity.status is ActivityStatus.DONE and not activity.record:
                problems.append(
                    doc.source.problem((*path, "status"), ERR["activity_record"].format(title=activity.title))
                )
            problems.extend(_unknown_deputies(doc, path, activity.deputies, deputy_ids))


def _cases(station: StationDocs, deputy_ids: set[str], today: dt.date, problems: list[Problem]) -> None:
    seen: dict[str, tuple[Doc, tuple]] = {}
    for year, doc in sorted(station.cases.items()):
        for i, case in enumerate(doc.model.cases):
            path = ("cases", i)
            if case.id in seen:
                other = _where(*seen[case.id])
                message = ERR["duplicate_id"].format(noun="案例", id=case.id, other=other, scope="本站")
                problems.append(doc.source.problem((*path, "id"), message))
            seen.setdefault(case.id, (doc, path))
            if case.deputy and case.deputy not in deputy_ids:
                problems.append(doc.source.problem((*path, "deputy"), ERR["unknown_deputy"].format(id=case.deputy)))
            problems.extend(
                doc.source.problem(
                    (*path, *(key if isinstance(key, tuple) else (key,))), message.format(id=case.id, **words)
                )
                for key, message, words in _case_rules(case, year, today)
            )


def _records(station: StationDocs, deputy_ids: set[str], today: dt.date, problems: list[Problem]) -> None:
    """Reception records: in their year, not in the future, held or not said plainly, known deputies and cases."""
    case_ids = {case.id for doc in station.cases.values() for case in doc.model.cases}
    seen: dict[tuple, str] = {}
    for year, doc in sorted(station.records.items()):
        for i, record in enumerate(doc.model.records):
            path = ("records", i)
            day = record.date.isoformat()
            if record.date.year != year:
                problems.append(doc.source.problem((*path, "date"), ERR["record_year"].format(date=day, year=year)))
            if record.date > today:
                problems.append(doc.source.problem((*path, "date"), ERR["record_future"].format(date=day)))
            where = f"{doc.source.display}:{doc.source.position(path).line}"
            key = (record.date, record.time)
            if key in seen:
                message = ERR["record_twice"].format(date=day, other=seen[key])
                problems.append(doc.source.problem((*path, "date"), message))
            seen.setdefault(key, where)
            if not record.held and not record.reason:
                problems.append(doc.source.problem((*path, "held"), ERR["record_reason"].format(date=day)))
            if record.held and record.reason:
                problems.append(doc.source.problem((*path, "reason"), ERR["record_reason_extra"].format(date=day)))
            if not record.held and (record.deputies or record.visitors or record.matters or record.cases):
                problems.append(doc.source.problem((*path, "held"), ERR["record_not_held"].format(date=day)))
            problems.extend(_unknown_deputies(doc, path, record.deputies, deputy_ids))
            for j, case_id in enumerate(record.cases):
                if case_id not in case_ids:
                    message = ERR["record_case"].format(id=case_id)
                    problems.append(doc.source.problem((*path, "cases", j), message))


# The steps a case may leave undated (registers rarely record them); received and replied are always dated.
UNDATED_STEPS = (CaseStatus.ASSIGNED, CaseStatus.PROCESSING, CaseStatus.RATED)


def _case_rules(case: Case, year: int, today: dt.date) -> Iterator[tuple[str | tuple, str, dict]]:
    """(key to point at, message, words) for each rule of the closed loop the case breaks."""
    if case.received.year != year:
        yield "received", ERR["case_year"], {"date": case.received, "year": year}
    order = [status for status, _ in CASE_STEPS]
    reached = 0 if case.status is CaseStatus.REJECTED else order.index(case.status)
    previous: dt.date | None = None
    for j, step in enumerate(case.undated):  # what a register never recorded: said, never guessed
        words = {"status": case.status.value, "step": step.value}
        if step not in UNDATED_STEPS:
            yield ("undated", j), ERR["case_undated_required"], words
        elif order.index(step) > reached:
            yield ("undated", j), ERR["case_undated_extra"], words
        elif getattr(case, dict(CASE_STEPS)[step]) is not None:
            yield ("undated", j), ERR["case_undated_dated"], {**words, "field": dict(CASE_STEPS)[step]}
    for index, (step, key) in enumerate(CASE_STEPS):
        value: dt.date | None = getattr(case, key)
        words = {"status": case.status.value, "field": key, "step": step.value}
        if index <= reached and value is None:
            if step not in case.undated or step not in UNDATED_STEPS:
                yield "status", ERR["case_step_missing"], words
        elif index > reached and value is not None:
            yield key, ERR["case_step_extra"], words
        if value is None:
            continue
        if previous and value < previous:
            yield key, ERR["case_step_order"], {"step": step.value, "date": value, "previous": previous}
        if value > today:
            yield key, ERR["case_future"], {"step": step.value, "date": value}
        previous = value

    if case.status in (CaseStatus.REPLIED, CaseStatus.RATED) and not case.reply:
        yield "status", ERR["case_reply"], {}
    if case.status is CaseStatus.RATED and case.satisfaction is Satisfaction.UNRATED:
        yield ("satisfaction" if "satisfaction" in case.model_fields_set else "status"), ERR["case_satisfaction"], {}
    if case.status is not CaseStatus.RATED and case.satisfaction is not Satisfaction.UNRATED:
        yield "satisfaction", ERR["case_unrated"], {}
    if case.status is CaseStatus.REJECTED and not case.reason:
        yield "status", ERR["case_reason"], {}
    if case.status is not CaseStatus.REJECTED and case.reason:
        yield "reason", ERR["case_reason_extra"], {}


def _holidays(doc: Doc[HolidaysFile], problems: list[Problem]) -> None:
    """A copied notice: every date in its year, ranges in order and apart, no day both off and worked.

    One message per mistake: a date outside the year is not also checked for its weekday.
    """
    year, source, holidays = doc.model.year, doc.source, doc.model.holidays
    ranges: list[tuple[int, dt.date, dt.date]] = []  # (index, first, last) of each well-formed range

    def outside(path: tuple, name: str, day: dt.date) -> bool:
        if notice_year(day, name) == year:
            return False
        problems.append(source.problem(path, ERR["holiday_outside_year"].format(holiday=name, date=day, year=year)))
        return True

    for i, holiday in enumerate(holidays):
        path, name, end = ("holidays", i), holiday.name, holiday.end or holiday.start
        wrong_years = [
            outside((*path, key), name, day) for key, day in (("start", holiday.start), ("end", holiday.end)) if day
        ]
        if any(wrong_years):
            continue
        days = (end - holiday.start).days + 1
        if days < 1:
            message = ERR["holiday_order"].format(holiday=name, start=holiday.start, end=end)
            problems.append(source.problem((*path, "end"), message))
        elif days > MAX_HOLIDAY_DAYS:
            message = ERR["holiday_long"].format(holiday=name, start=holiday.start, end=end, days=days)
            problems.append(source.problem((*path, "end"), message))
        else:
            ranges.append((i, holiday.start, end))
    for later, (j, first, last) in enumerate(ranges):
        earlier = [i for i, other_first, other_last in ranges[:later] if first <= other_last and other_first <= last]
        if earlier:
            i = earlier[0]
            message = ERR["holiday_overlap"].format(
                holiday=holidays[j].name, other_holiday=holidays[i].name, line=source.position(("holidays", i)).line
            )
            problems.append(source.problem(("holidays", j, "start"), message))
    for i, holiday in enumerate(holidays):
        for j, day in enumerate(holiday.workdays):
            path = ("holidays", i, "workdays", j)
            if outside(path, holiday.name, day):
                continue
            off = next((holidays[k].name for k, first, last in ranges if first <= day <= last), None)
            if off is not None:
                problems.append(source.problem(path, ERR["holiday_both"].format(date=day, other_holiday=off)))
            elif day.weekday() < 5:
                message = ERR["holiday_workday_weekday"].format(date=day, weekday=WEEKDAYS[day.weekday()])
                problems.append(source.problem(path, message))


# --- personal data in public text -------------------------------------------------------------

# The only fields meant to hold a phone number or e-mail address for the public
# (an index in a list is written as "*").
PUBLIC_CONTACTS = {
    ("phone",),  # region.yml and station.yml
    ("email",),  # station.yml
    ("staff", "*", "phone"),
    ("deputies", "*", "contact", "phone"),
    ("deputies", "*", "contact", "email"),
}
# The fields that hold a public address, where a house or door number is the point.
PUBLIC_ADDRESSES = {
    ("address",),  # station.yml
    ("rules", "*", "place"),
    ("rules", "*", "exceptions", "*", "place"),
    ("sessions", "*", "place"),
    ("activities", "*", "place"),
}


def placeholders(docs: RegionDocs) -> list[Problem]:
    """A warning at each value still written as 待填写: the file validates, the page says 待公布."""
    return [
        doc.source.problem(path, ERR["placeholder"].format(field=".".join(str(p) for p in path if isinstance(p, str))))
        for doc in _all_docs(docs)
        for path in map(tuple, _placeholder_paths(doc.source))
    ]


def _placeholder_paths(source: SourceFile) -> list[list[str | int]]:
    """Where a file still says 待填写; worked out from the file alone, so kept with it (`SourceFile.derived`)."""
    known = source.derived.get("placeholders")
    if known is None:
        known = [list(path) for path, text in _strings(source.data) if text.strip() == PLACEHOLDER]
        source.derived["placeholders"] = known
    return known


def _all_docs(docs: RegionDocs) -> Iterator[Doc]:
    yield docs.region
    yield from (doc for _, doc in sorted(docs.holidays.items()))
    for station in docs.stations:
        yield from (d for d in (station.station, station.deputies, station.schedule) if d)
        yield from (doc for _, doc in sorted(station.plans.items()))
        yield from (doc for _, doc in sorted(station.cases.items()))
        yield from (doc for _, doc in sorted(station.records.items()))


def _strings(data: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


# What to do instead, by kind, after "delete it or write the placeholder".
PRIVATE_HINTS = {
    Kind.MOBILE: ERR["private_hint_number"],
    Kind.LANDLINE: ERR["private_hint_number"],
    Kind.EMAIL: ERR["private_hint_number"],
    Kind.NAME: ERR["private_hint_name"],
    Kind.ADDRESS: ERR["private_hint_address"],
}
_PUBLIC_FIELDS = {path[-1] for path in PUBLIC_CONTACTS | PUBLIC_ADDRESSES}


def _public(path: tuple, fields: set[tuple]) -> bool:
    if not path or path[-1] not in _PUBLIC_FIELDS:  # the cheap test first: this runs on every text
        return False
    return tuple("*" if isinstance(part, int) else part for part in path) in fields


def _private_data(docs: RegionDocs, problems: list[Problem]) -> None:
    """Refuse personal data in any public text, except what is declared public.

    A declared public number (region, station, staff, deputy contact) may be
    quoted anywhere ("请拨打本站电话 0571-8621 3401"), and so may a public
    address (a station's, a session's place) with its house number. The problem
    points at the line the value is on, even inside a multi-line block such as
    `rules: |`, and shows the value masked, never whole.
    """
    every = [(doc, _texts(doc.source)) for doc in _all_docs(docs)]
    numbers = [text for _, known in every for text in known["numbers"]]
    addresses = [text for _, known in every for text in known["addresses"]]
    lines: dict[int, list[str]] = {}
    found: dict[int, int] = {}  # problems per file, to stop at MAX_PROBLEMS_PER_FILE
    for doc, steps, text, plain in ((doc, *each) for doc, known in every for each in known["guarded"]):
        path = tuple(steps)
        findings = [Finding(start, end, Kind(kind), value) for start, end, kind, value in plain]
        in_address = _public(path, PUBLIC_ADDRESSES)
        cursor: Position | None = None  # each finding is sought after the one before it
        for finding in findings:
            if finding.kind is Kind.ADDRESS:
                quoted = text[max(finding.start - 3, 0) : finding.end]  # with the road it follows, if any
                if in_address or any(quoted in address for address in addresses):
                    continue
            elif any(same_number(finding.value, number) for number in numbers):
                continue
            count = found[id(doc)] = found.get(id(doc), 0) + 1
            if count > MAX_PROBLEMS_PER_FILE:
                continue
            source_lines = lines.setdefault(id(doc), doc.source.text.splitlines())
            position = _find_line(source_lines, cursor or doc.source.position(path), finding.value)
            cursor = Position(position.line, position.column + len(finding.value))
            label = finding.kind.value.strip("【】")
            hint = PRIVATE_HINTS.get(finding.kind, "")
            message = ERR["private_data"].format(
                kind=label, masked=mask(finding.value), placeholder=finding.kind.value, hint=hint
            )
            problems.append(Problem(doc.source.display, position, message))
    for doc, _ in every:
        if found.get(id(doc), 0) > MAX_PROBLEMS_PER_FILE:
            more = ERR["more_problems"].format(count=found[id(doc)] - MAX_PROBLEMS_PER_FILE)
            problems.append(Problem(doc.source.display, Position(len(doc.source.text.splitlines()) or 1, 1), more))


def _texts(source: SourceFile) -> dict[str, list]:
    """A file's texts in declared public fields (`numbers`, `addresses`), and its other texts that hold
    personal data, with the findings (`guarded`: path, text, [start, end, kind, value] each).

    Worked out from the file alone, so kept with it (`SourceFile.derived`, plain data); nearly every
    text has no finding.
    """
    known = source.derived.get("private")
    if known is None:
        strings = list(_strings(source.data))
        guarded = [
            [list(p), text, [[f.start, f.end, f.kind.value, f.value] for f in findings]]
            for p, text in strings
            if not _public(p, PUBLIC_CONTACTS) and (findings := find(text, kinds=GUARDED))
        ]
        known = source.derived["private"] = {
            "numbers": [text for p, text in strings if _public(p, PUBLIC_CONTACTS)],
            "addresses": [text for p, text in strings if _public(p, PUBLIC_ADDRESSES)],
            "guarded": guarded,
        }
    return known


def _find_line(lines: list[str], start: Position, value: str) -> Position:
    """Where `value` is next written, from `start` (a field's start, or the finding before it) onwards."""
    column = start.column - 1
    for number in range(start.line, len(lines) + 1):
        at = lines[number - 1].find(value, column)
        if at >= 0:
            return Position(number, at + 1)
        column = 0
    return start
