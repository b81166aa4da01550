"""What one value in a clerk's file may be: the checked field types and the fixed vocabularies.

The records (`model`) are built from these. A field type checks one value on
its own (a phone number, a time span, an address that is http(s) only, one line
of text without control characters); a vocabulary is the closed list of words a
field takes (站点类型, 办理状态), written as clerks write them. Checks across
fields or records are the records' and `lint`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from uritemplate import URITemplate

from generator.data.text import BIDI_CONTROLS, ZERO_WIDTH
from generator.strings.guide import SCAFFOLD

# --- reusable field types -------------------------------------------------------------

PLACEHOLDER = SCAFFOLD["todo"]  # "待填写": what new-station and init write for the clerk to fill in

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_SPAN_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)\s*[-–~至]\s*([01]?\d|2[0-3]):([0-5]\d)$")
PHONE_RE = re.compile(r"^[0-9+()（）\- 转]{3,40}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
LINE_BREAK_RE = re.compile(r"[\n\r\x85\u2028\u2029]")
PHOTO_RE = re.compile(r"^[A-Za-z0-9_\-./]+\.(?:jpg|jpeg|png|webp|heic|heif)$", re.IGNORECASE)
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+$")
# What a form address may carry so the form knows where the resident came from (RFC 6570 names).
FORM_VARIABLES = ("station", "station_name", "deputy", "deputy_name")


def _block(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("empty_text", "empty")
    if CONTROL_RE.search(value):
        raise PydanticCustomError("control_char", "control character")
    if BIDI_CONTROLS.search(value):
        raise PydanticCustomError("bidi_control", "direction control")
    return value


def _text(value: str) -> str:
    """One line: names, titles and places reach iCalendar lines, CSV cells and log lines, where a break would split them."""
    value = _block(value)
    if LINE_BREAK_RE.search(value):
        raise PydanticCustomError("line_break", "line break")
    if ZERO_WIDTH.search(value):
        raise PydanticCustomError("invisible_char", "zero-width character")
    return value


def _person_name(value: str) -> str:
    value = _text(value)
    if "\u3000" in value or "  " in value:
        raise PydanticCustomError("name_space", "spaces inside a name")
    return value


def _identifier(value: str) -> str:
    if len(value) > 40 or not ID_RE.match(value):
        raise PydanticCustomError("id_format", "bad id")
    return value


def _http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in value for c in " \"'<>`"):
        raise PydanticCustomError("url_scheme", "not http(s)")
    return value


def _form_template(value: str) -> str:
    """An http(s) address, optionally an RFC 6570 template over FORM_VARIABLES."""
    value = _http_url(value)
    template = URITemplate(value)
    unknown = [name for name in template.variable_names if name not in FORM_VARIABLES]
    if unknown or "{" in template.expand() or "}" in template.expand():
        raise PydanticCustomError("form_variable", "unknown placeholder")
    if urlsplit(template.expand()).scheme not in ("http", "https"):
        raise PydanticCustomError("url_scheme", "not http(s)")
    return value


def _email(value: str) -> str:
    if not EMAIL_RE.match(value.strip()):
        raise PydanticCustomError("email_format", "bad email")
    return value.strip()


def _time_span(value: str) -> str:
    match = TIME_SPAN_RE.match(value.strip())
    if not match:
        raise PydanticCustomError("time_span", "bad time span")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if (h2, m2) <= (h1, m1):
        raise PydanticCustomError("time_order", "end before start")
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _phone(value: str) -> str:
    if value.strip() == PLACEHOLDER:  # written by new-station: a warning until filled in, never published
        return PLACEHOLDER
    if re.search("[\uff10-\uff19]", value):
        raise PydanticCustomError("phone_full_width", "full-width digits")
    if not PHONE_RE.match(value.strip()):
        raise PydanticCustomError("phone_format", "bad phone")
    return value.strip()


def _photo(value: str) -> str:
    if not PHOTO_RE.match(value) or value.startswith("/") or ".." in value.split("/"):
        raise PydanticCustomError("photo_path", "bad photo path")
    return value


def _iso_date(value: Any) -> Any:
    """Only `2026-01-19` is a date: pydantic would also read 1768780800 as seconds since 1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE_RE.match(value.strip())):
        return value
    raise PydanticCustomError("date_parsing", "not a YYYY-MM-DD date")


Text = Annotated[str, AfterValidator(_text)]  # one line
Block = Annotated[str, AfterValidator(_block)]  # a paragraph or more: line breaks are part of its meaning
PersonName = Annotated[str, AfterValidator(_person_name)]
Identifier = Annotated[str, AfterValidator(_identifier), Field(json_schema_extra={"pattern": ID_RE.pattern})]
FormTemplate = Annotated[
    str,
    AfterValidator(_form_template),
    Field(
        json_schema_extra={
            "pattern": "^https?://",
            "examples": ["https://wj.example.cn/s/abc{?station,deputy}", "https://wj.example.cn/s/{station}"],
        }
    ),
]
Email = Annotated[str, AfterValidator(_email)]
HttpAddress = Annotated[str, AfterValidator(_http_url), Field(json_schema_extra={"pattern": "^https?://"})]
TimeSpan = Annotated[
    str,
    AfterValidator(_time_span),
    Field(json_schema_extra={"pattern": TIME_SPAN_RE.pattern, "examples": ["09:00-11:30"]}),
]
Phone = Annotated[str, AfterValidator(_phone)]
PhotoPath = Annotated[str, AfterValidator(_photo), Field(json_schema_extra={"examples": ["photos/wang-xiulan.jpg"]})]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Month = Annotated[int, Field(ge=1, le=12)]
Year = Annotated[int, Field(ge=2000, le=2100)]


# --- fixed vocabularies ----------------------------------------------------------------


class StationKind(StrEnum):
    """Place in the hierarchy, from the district head station down to a contact point."""

    HEAD = "总站"
    CENTRE = "中心站"
    STATION = "联络站"
    POINT = "联络点"

    @property
    def depth(self) -> int:
        return list(StationKind).index(self)


class Level(StrEnum):
    """The five levels of people's congresses."""

    NATIONAL = "全国"
    PROVINCE = "省"
    CITY = "市"
    COUNTY = "县"
    TOWNSHIP = "乡"


# How districts write levels, each read as one of the five. 区, 县 and 旗 are the county level; 乡, 镇
# and 街道 the township level (a street has no congress of its own: its deputies are the 镇/乡 level's).
LEVEL_SPELLINGS: dict[str, Level] = {
    **{word: Level.NATIONAL for word in ("全国", "国家", "国家级", "全国级")},
    **{word: Level.PROVINCE for word in ("省", "省级")},
    **{word: Level.CITY for word in ("市", "市级", "地市", "设区的市")},
    **{
        word: Level.COUNTY
        for word in ("县", "区", "旗", "县级", "区级", "区县", "县区", "县（区）", "区（县）", "县(区)", "区(县)")
    },
    **{word: Level.TOWNSHIP for word in ("乡", "镇", "乡镇", "镇乡", "街道", "乡级", "镇级", "乡镇级")},
}
_LEVEL_NOISE = re.compile(r"人大代表|代表|人大|[两二三四五]级")
_LEVEL_SEPARATORS = re.compile(r"[、，,/／和及与\s]+")


def normal_levels(value: Any) -> Any:
    """`level` as the five values: 区人大代表 → [县], 市、区 → [市, 县], 区镇两级 → [县, 乡].

    A word it cannot read is kept, so validation names it; `fmt` writes the result back.
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    levels: list[Any] = []
    for item in items:
        if not isinstance(item, str):
            levels.append(item)
            continue
        for word in _LEVEL_SEPARATORS.split(_LEVEL_NOISE.sub(" ", item).strip()):
            if word in LEVEL_SPELLINGS:
                levels.append(LEVEL_SPELLINGS[word].value)
            elif word and all(char in LEVEL_SPELLINGS for char in word):  # 区镇, 市区
                levels += [LEVEL_SPELLINGS[char].value for char in word]
            elif word:
                levels.append(word)
    return list(dict.fromkeys(levels)) or items


class CountyWord(StrEnum):
    """What the county-level congress is called where the site is: 区人大 in a district, 县人大 in a county."""

    DISTRICT = "区"
    COUNTY = "县"
    BANNER = "旗"


# `level: 市` and `level: [市, 县]` are both accepted, as are the spellings above; tell editors so.
_LEVELS = {"enum": [*dict.fromkeys([*(level.value for level in Level), *LEVEL_SPELLINGS])]}
LEVEL_SCHEMA = {"anyOf": [_LEVELS, {"type": "array", "items": _LEVELS, "minItems": 1, "uniqueItems": True}]}


class DeputyRole(StrEnum):
    HEAD = "站长"
    DEPUTY_HEAD = "副站长"
    ROTATING_HEAD = "轮值站长"
    RESIDENT = "驻站代表"
    VISITING = "进站代表"


class StaffRole(StrEnum):
    HEAD = "站长"
    DEPUTY_HEAD = "副站长"
    CLERK = "联络员"


class Repeat(StrEnum):
    MONTHLY = "每月"
    WEEKLY = "每周"


class MonthParity(StrEnum):
    ODD = "单月"
    EVEN = "双月"


class HolidayPolicy(StrEnum):
    """What happens to a reception day that falls on a day off."""

    NEXT = "顺延"  # to the next working day
    PREVIOUS = "提前"  # to the previous working day
    CANCEL = "取消"
    KEEP = "照常"


class Weekday(StrEnum):
    MON = "周一"
    TUE = "周二"
    WED = "周三"
    THU = "周四"
    FRI = "周五"
    SAT = "周六"
    SUN = "周日"

    @property
    def number(self) -> int:
        """0 for Monday, as `date.weekday()` counts."""
        return list(Weekday).index(self)


class ActivityType(StrEnum):
    RECEPTION = "接待选民"
    SURVEY = "调研视察"
    LAW_INSPECTION = "执法检查"
    CONSULTATION = "座谈协商"
    OFFICIALS = "国家机关进站"
    REPORT = "代表述职"
    VISIT = "走访选民"
    TRAINING = "学习培训"
    OTHER = "其他"


class ActivityStatus(StrEnum):
    PLANNED = "计划"
    DONE = "已完成"
    CANCELLED = "已取消"


class Channel(StrEnum):
    VISIT = "来访"
    SCAN = "扫码"
    DOOR = "走访"
    PHONE = "电话"
    LETTER = "来信"
    ONLINE = "网络"
    MEETING = "座谈"
    OTHER = "其他"


class CaseStatus(StrEnum):
    """Steps of the closed loop, in order; REJECTED ends it early."""

    ACCEPTED = "受理"
    ASSIGNED = "交办"
    PROCESSING = "办理中"
    REPLIED = "已答复"
    RATED = "已评价"
    REJECTED = "不予受理"


class Satisfaction(StrEnum):
    SATISFIED = "满意"
    MOSTLY = "基本满意"
    UNSATISFIED = "不满意"
    UNRATED = "未评价"
