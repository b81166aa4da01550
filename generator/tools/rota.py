"""Read a reception rota's free-text rules (每月15日上午, 每月最后一个周五, 7、8月暂停) as structured rules.

A rota says when in the words of a wall board. This module turns one cell (and
its time and remarks cells) into the `ReceptionRule` fields it means, or says
which words it did not understand; it never guesses. A morning or afternoon
without hours takes the station's opening hours when those can be read
(`hours_for`); two spans (8:30-12:00、14:00-17:30) give the morning and the
afternoon, one span is split at noon (morning until 12:00, afternoon from
14:00), as the clerks' guide says. A rota is a year's (2026年接待安排表): the
date its rules take effect is read from its title or file name (`takes_effect`),
so an imported rule never makes sessions before its rota began. Pure functions:
no files, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from generator.strings.sheets import SHEET_WORDS

_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_WEEKDAYS = {name: f"周{name}" for name in SHEET_WORDS["weekday_names"]} | {"天": "周日", "七": "周日"}
_WEEKDAY = "[一二三四五六日天七]"
_SPAN = re.compile(
    r"(\d{1,2})\s*(?:[:：点时])\s*(\d{2}|半)?\s*分?\s*[-~至到]\s*(\d{1,2})\s*(?:[:：点时]\s*(\d{2}|半)?)?\s*分?"
)
_HOLIDAYS = {
    "春节": "春节",
    "元旦": "元旦",
    "清明": "清明节",
    "劳动节": "劳动节",
    "五一": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆": "国庆节",
}
_POLICIES = {"顺延": "顺延", "提前": "提前", "取消": "取消", "照常": "照常", "不变": "照常"}
_PAUSE = "|".join(SHEET_WORDS["pause"])
_MONTH_LIST = re.compile(
    rf"((?:\d{{1,2}}\s*(?:月份?)?\s*[、,和及至到\-]\s*)*\d{{1,2}})\s*月份?(?:期间|份)?(?:{_PAUSE})"
)
_HOLIDAY_PAUSE = re.compile(rf"({'|'.join(_HOLIDAYS)})节?(?:期间|假期|前后)?(?:{_PAUSE})")
_SCHOOL_PAUSE = re.compile(rf"(寒假|暑假|暑期|寒期)(?:期间)?(?:{_PAUSE})")
_POLICY = re.compile(rf"(?:遇|逢)?(?:法定)?节假日(?:则|时)?({'|'.join(_POLICIES)})")
_MONTHS = re.compile(r"^(每个?月|每单月|每双月|逢单月|逢双月|单月|双月)")
_WEEKLY = re.compile(rf"每(?:个)?(?:周|星期|礼拜)((?:{_WEEKDAY}[、,和及]?)+)")
_LAST = re.compile(rf"最后(?:一个?|1个?)?(?:周|星期|礼拜)({_WEEKDAY})")
_NTH = re.compile(rf"第([一二两三四五1-5])个?(?:周|星期|礼拜)({_WEEKDAY})")
_DAYS = re.compile(r"((?:\d{1,2}\s*[日号]?\s*[、,和及]\s*)*\d{1,2})\s*[日号]")
_PARTS = {"上午": "morning", "下午": "afternoon", "全天": "all_day"}
# 自2026年3月1日起执行: a date the rota says it takes effect on
_EFFECTIVE = re.compile(
    r"(?<!\d)(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*(?:"
    + "|".join(SHEET_WORDS["rota_from"])
    + ")"
)
_YEAR_WORD = re.compile(r"(?<!\d)(20\d{2})\s*年(?!\s*\d)")  # 2026年接待安排表, 2026年度; not 2025年12月20日 制表
_BARE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\s*[\d年]|\s*[-/.]\s*\d)")  # rota-2026.xlsx, 2026 接待安排


@dataclass
class ParsedRota:
    """What one rota row means: the rules' fields (without time), the part of day, and what was not understood."""

    rules: list[dict[str, Any]] = field(default_factory=list)
    part: str | None = None  # morning, afternoon, all_day
    time: str | None = None  # an explicit span, 09:00-11:30
    extra: dict[str, Any] = field(default_factory=dict)  # skip_months, pause_holidays, holiday
    unknown: list[str] = field(default_factory=list)  # words left over
    school_pause: str | None = None  # 暑假暂停: not a date the calendar knows


def _minutes(hour: str, minute: str | None) -> str:
    return f"{int(hour):02d}:{30 if minute == '半' else int(minute or 0):02d}"


def spans(value: str) -> list[str]:
    """Every time span written in `value`, as 09:00-11:30; a 点 without 下午 before 8 is read as afternoon."""
    found = []
    for match in _SPAN.finditer(value):
        start, end = _minutes(match.group(1), match.group(2)), _minutes(match.group(3), match.group(4))
        before = value[: match.start()]
        if "下午" in before[-4:] and int(match.group(1)) < 12:
            start, end = f"{int(start[:2]) + 12:02d}{start[2:]}", f"{int(end[:2]) + 12:02d}{end[2:]}"
        elif end <= start and int(match.group(3)) < 12:  # 9点-5点: the end is in the afternoon
            end = f"{int(end[:2]) + 12:02d}{end[2:]}"
        if start < end <= "24:00":
            found.append(f"{start}-{end}")
    return found


def hours_for(hours: str, part: str) -> str | None:
    """The morning, afternoon or whole day of a station's opening hours, or None when they cannot be read."""
    found = spans(hours.translate(str.maketrans("：－—–～", ":----")))
    if not found:
        return None
    if part == "all_day":
        return f"{found[0][:5]}-{found[-1][6:]}"
    if len(found) >= 2:
        chosen = [s for s in found if (s[:5] < "12:00") == (part == "morning")][:1]
        return chosen[0] if chosen else None
    first, last = found[0][:5], found[0][6:]
    if part == "morning":
        return f"{first}-{min(last, '12:00')}" if first < "12:00" else None
    if first >= "12:00":
        return found[0]
    return f"{max(first, '14:00')}-{last}" if last > "14:00" else None


def _month_numbers(written: str) -> list[int]:
    numbers: list[int] = []
    for piece in re.split(r"[、,和及]", written):
        ends = [int(n) for n in re.findall(r"\d{1,2}", piece)]
        if len(ends) == 2 and re.search(r"[至到\-]", piece):
            numbers += list(range(ends[0], ends[1] + 1))
        else:
            numbers += ends
    return sorted({n for n in numbers if 1 <= n <= 12})


def parse(*cells: str) -> ParsedRota:
    """The rules the rota's when/time/remarks cells describe together."""
    result = ParsedRota()
    written = "，".join(cell for cell in cells if cell)
    written = re.sub(r"[()（）\[\]【】]", "，", written)
    for match in _SPAN.finditer(written):
        if result.time is None and spans(written[max(match.start() - 4, 0) : match.end()]):
            result.time = spans(written[max(match.start() - 4, 0) : match.end()])[-1]
    written = _SPAN.sub("，", written)

    def take(pattern: re.Pattern[str], handle) -> None:
        nonlocal written
        for match in list(pattern.finditer(written)):
            handle(match)
        written = pattern.sub("，", written)

    take(_MONTH_LIST, lambda m: result.extra.setdefault("skip_months", []).extend(_month_numbers(m.group(1))))
    take(_HOLIDAY_PAUSE, lambda m: result.extra.setdefault("pause_holidays", []).append(_HOLIDAYS[m.group(1)]))
    take(_SCHOOL_PAUSE, lambda m: setattr(result, "school_pause", m.group(0)))
    take(_POLICY, lambda m: result.extra.__setitem__("holiday", _POLICIES[m.group(1)]))
    for word, part in _PARTS.items():
        if word in written:
            result.part = part
            written = written.replace(word, "，")

    for clause in re.split(r"[，,；;。\s]+", written):
        if not clause:
            continue
        months: str | None = None
        head = _MONTHS.match(clause)
        if head:
            months = "单月" if "单" in head.group(1) else "双月" if "双" in head.group(1) else None
            clause = clause[head.end() :]
        monthly = {"repeat": "每月", **({"months": months} if months else {})}
        found = False
        if match := _WEEKLY.search(clause):
            if months:
                result.unknown.append(head.group(1))  # type: ignore[union-attr]
            for name in re.findall(_WEEKDAY, match.group(1)):
                result.rules.append({"repeat": "每周", "weekday": _WEEKDAYS[name]})
            clause, found = clause.replace(match.group(0), ""), True
        if match := _LAST.search(clause):
            result.rules.append({**monthly, "weekday": _WEEKDAYS[match.group(1)], "week": "最后"})
            clause, found = clause.replace(match.group(0), ""), True
        for match in list(_NTH.finditer(clause)):
            result.rules.append({**monthly, "weekday": _WEEKDAYS[match.group(2)], "week": _NUMBERS[match.group(1)]})
            clause, found = clause.replace(match.group(0), ""), True
        if match := _DAYS.search(clause):
            for day in re.findall(r"\d{1,2}", match.group(1)):
                if 1 <= int(day) <= 31:
                    result.rules.append({**monthly, "day": int(day)})
                else:
                    result.unknown.append(f"{day}日")
            clause, found = clause.replace(match.group(0), ""), True
        rest = re.sub(
            r"^(?:接待|各|的|为|是|均|在)+|(?:接待|进站|开展接待|集中接待|为接待日|代表接待日|接待日)+$", "", clause
        )
        if rest and not (found and re.fullmatch(r"[的为是在接待日及和、]*", rest)):
            result.unknown.append(rest)
        if head and not found:
            result.unknown.append(head.group(1))
    for values in ("skip_months", "pause_holidays"):
        if values in result.extra:
            result.extra[values] = list(dict.fromkeys(result.extra[values]))
    return result


def takes_effect(*texts: str) -> tuple[dt.date, str] | None:
    """When a rota's rules begin, from its title, tab name or file name, and the words that say so.

    A date said to start something (自2026年3月1日起执行) wins; else a year (2026年接待安排表, 2026年度,
    rota-2026.xlsx) means its 1 January. A date without such words (制表日期 2025年12月20日) is when the
    sheet was made, not when it applies, and is not read. None when no text says.
    """
    for pattern in (_EFFECTIVE, _YEAR_WORD, _BARE_YEAR):
        for written in texts:
            for match in pattern.finditer(written):
                numbers = [int(g) for g in match.groups()]
                try:
                    return dt.date(*numbers) if len(numbers) == 3 else dt.date(numbers[0], 1, 1), match.group(0)
                except ValueError:
                    continue
    return None
