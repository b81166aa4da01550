"""Find, mask and scrub personal data in free text: one detector for the guard and the importer.

The repository and the site are public, so residents' phone numbers, ID numbers,
e-mail addresses, bank cards and street addresses must never be written there.
`lint` uses `find` to refuse such values in any public text field, and the
importer uses `scrub` to replace them with placeholders before anything is
stored. Both must agree, which is why there is only one detector.

The patterns are deliberately tied to the shapes these numbers really have
(a mobile is 1[3-9] and 11 digits grouped 3-4-4, a landline starts with a 0 area
code, an ID number must pass its checksum, a card number the Luhn check), so
dates, times (09:00-11:30), case ids (2026-001), amounts and years stay alone.
This module never reads or writes files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from generator.data.text import fold


class Kind(StrEnum):
    """A kind of personal data; the value is the placeholder that replaces it."""

    NAME = "【姓名】"
    MOBILE = "【手机号】"
    LANDLINE = "【电话】"
    ID_NUMBER = "【身份证号】"
    EMAIL = "【邮箱】"
    BANK_CARD = "【银行卡号】"
    ADDRESS = "【详细地址】"
    QQ = "【QQ号】"
    WECHAT = "【微信号】"
    NUMBER = "【号码】"


# The kinds the guard refuses in public text (`lint`). Names are found only in
# the forms residents are written about (王先生, 张大爷); a door number only
# outside the fields that hold a station's or a session's public address (and
# text quoting one); a bare long number may be a document number and is left.
GUARDED = frozenset(Kind) - {Kind.NUMBER}

# Full-width digits, letters and signs typed on Chinese keyboards, mapped one to
# one onto ASCII so spans found in the translated text are spans of the original.
_FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "})

# Common surnames (the census's most frequent, less those that are also everyday words before a form
# of address, as in 对方女士, 经常大妈, 向阿姨反映) and the forms of address that follow a resident's surname.
SURNAMES = (
    "欧阳", "司马", "诸葛", "上官",
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "邓", "冯", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡",
    "蒋", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范",
    "汪", "廖", "石", "金", "韦", "贾", "夏", "付", "傅", "邹", "熊", "孟", "秦", "邱", "侯", "江", "尹", "薛", "闫",
    "段", "雷", "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵", "覃", "钱", "戴", "严", "莫", "孔", "汤",
    "赖", "施", "洪", "辛", "柴", "殷", "庞", "葛", "季", "俞", "邢", "聂", "褚", "祝", "童", "涂", "裴", "骆", "岳",
)  # fmt: skip
HONORIFICS = (
    "老太太", "老大爷", "大爷", "大妈", "大娘", "大伯", "大叔", "大婶", "大姐", "大哥", "阿姨", "先生", "女士", "小姐",
    "师傅", "老人", "老太", "奶奶", "爷爷", "婆婆", "伯伯", "叔叔", "阿婆", "阿公",
)  # fmt: skip

_SEP = r"[ \-.]?"
# not in the middle of a longer number written in groups (6222 0212 3456 …)
_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][ \-])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        Kind.EMAIL,
        re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
    ),
    # 18 characters, optionally grouped (6-8-4, by four …); checked against the checksum below
    (Kind.ID_NUMBER, re.compile(_NOT_DIGIT_BEFORE + r"\d(?:[ \-]?\d){16}[ \-]?[\dXx]" + _NOT_DIGIT_AFTER)),
    # the old 15-digit number (before 1999): area code, YYMMDD of birth, three digits; the date is checked
    (Kind.ID_NUMBER, re.compile(_NOT_DIGIT_BEFORE + r"\d{6} ?\d{6} ?\d{3}" + _NOT_DIGIT_AFTER)),
    # 16 to 19 digits, optionally grouped by four; checked with Luhn below
    (
        Kind.BANK_CARD,
        re.compile(_NOT_DIGIT_BEFORE + r"[1-9]\d{3}(?:[ \-]?\d{4}){3}(?:[ \-]?\d{1,3})?" + _NOT_DIGIT_AFTER),
    ),
    # 138 1234 5678, 138-1234-5678, 1381 2345 678, +86 13812345678
    (
        Kind.MOBILE,
        re.compile(
            _NOT_DIGIT_BEFORE
            + r"(?:(?:\+|00)?86"
            + _SEP
            + r")?1[3-9](?:"
            + _SEP
            + r"\d){9}"  # grouped 3-4-4, 4-4-3 or any other way
            + _NOT_DIGIT_AFTER
        ),
    ),
    # 0571-86123401, (0571)8612 3401, 010 6512 3456 转 8012
    (
        Kind.LANDLINE,
        re.compile(
            _NOT_DIGIT_BEFORE
            + r"(?:\(0\d{2,3}\) ?|0\d{2,3}"
            + _SEP
            + r")[2-9]\d{2,3}"
            + _SEP
            + r"\d{4}(?: ?(?:转|分机|-|ext\.? ?)\d{1,6})?"
            + _NOT_DIGIT_AFTER
        ),
    ),
    # 柳塘路88号, 3幢2单元201室, 5号楼1203室; a road name alone is left alone
    (
        Kind.ADDRESS,
        re.compile(
            r"(?<=[路街巷弄道]) ?\d+(?:[-之]\d+)?号(?:院|楼)?"
            r"|(?<!\d)\d+ ?(?:幢|栋|号楼)(?: ?\d+ ?单元)?(?: ?\d+ ?[室号])?"
            r"|(?<!\d)\d+ ?单元(?: ?\d+ ?[室号])?"
            r"|(?<!\d)\d{3,4} ?室"
        ),
    ),
    # QQ and WeChat ids, after the words that introduce them (the id alone is the finding)
    (Kind.QQ, re.compile(r"(?:QQ|Qq|qq|扣扣|企鹅)(?:号码|号)?\s*[:：]?\s*([1-9]\d{4,10})" + _NOT_DIGIT_AFTER)),
    (
        Kind.WECHAT,
        re.compile(
            r"(?:微信|威信|薇信|[VvWw][Xx]|[Vv]信|weixin|WeChat|wechat)(?:号码|号|ID|id)?\s*[:：]?\s*"
            r"([A-Za-z][A-Za-z0-9_\-]{5,19}|1[3-9]\d{9})(?![A-Za-z0-9_\-])"
        ),
    ),
    # a resident written as surname + form of address: 王先生, 张大爷, 李阿姨 (王某 is the proper anonymous form)
    (Kind.NAME, re.compile(rf"(?:{'|'.join(SURNAMES)})(?:{'|'.join(HONORIFICS)})")),
    # whatever long run of digits is left: a mistyped phone, a card or a certificate number
    (Kind.NUMBER, re.compile(_NOT_DIGIT_BEFORE + r"\d(?:[ \-]?\d){10,}" + _NOT_DIGIT_AFTER)),
)
# Digits a match of each kind needs at the least; a text with fewer is not searched for that kind
# (most texts are names and titles: this keeps the guard cheap on a city's data).
_MIN_DIGITS = {
    Kind.EMAIL: 0,
    Kind.ID_NUMBER: 15,
    Kind.BANK_CARD: 16,
    Kind.MOBILE: 11,
    Kind.LANDLINE: 10,
    Kind.ADDRESS: 1,
    Kind.QQ: 5,
    Kind.WECHAT: 0,
    Kind.NAME: 0,
    Kind.NUMBER: 11,
}
# What a text must contain to be searched for a kind at all: cheaper than the kind's own pattern.
_HINTS = {
    Kind.EMAIL: re.compile("@"),
    Kind.QQ: re.compile("QQ|qq|Qq|扣扣|企鹅"),
    Kind.WECHAT: re.compile("微信|威信|薇信|[VvWw][Xx]|[Vv]信|weixin|wechat|WeChat"),
    Kind.NAME: re.compile("|".join(HONORIFICS)),
}
_DIGIT = re.compile(r"\d")
# What a text needs for any pattern to match, in one search, so that most texts (names, titles, dates,
# summaries) are turned away before the patterns run: a word a kind is introduced by, a character a door
# number ends in, a full-width sign (the translation may make it a digit or an @), or as many digits as
# the shortest of the number kinds has. The guard runs on every text of a region.
_LEAST_DIGITS = min(n for kind, n in _MIN_DIGITS.items() if kind not in _HINTS and kind is not Kind.ADDRESS)
_ANY_CANDIDATE = re.compile(
    "|".join(
        (
            "[@\ufe6b\uff01-\uff5e号幢栋室]|单元",
            *(hint.pattern for hint in _HINTS.values()),
            rf"\d(?:\D*\d){{{_LEAST_DIGITS - 1}}}",
        )
    )
)
_LABELLED_NAME = re.compile(r"(?:姓名|联系人|反映人|我叫)[:： ]*([\u4e00-\u9fff·]{2,4})(?=[^\u4e00-\u9fff]|$)")


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data: where it is in the text, what it is, and the text itself."""

    start: int
    end: int
    kind: Kind
    value: str


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value.translate(_FULL_WIDTH)).upper()


def _confirmed(kind: Kind, value: str) -> bool:
    """The checksums that make a long number an ID or a card rather than any number."""
    if kind is Kind.ID_NUMBER and len(_digits(value)) == 15:
        number = _digits(value)
        try:
            dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            return False
        return True
    if kind is Kind.ID_NUMBER:
        number = _digits(value)
        try:
            ric.get_birth_date(number)
        except ValidationError:
            return False
        # the birth place is not checked: region codes change, old ID numbers keep theirs
        return ric.calc_check_digit(number) == number[-1]
    if kind is Kind.BANK_CARD:
        return luhn.is_valid(_digits(value))
    return True


def find(text: str, *, kinds: Iterable[Kind] | None = None) -> list[Finding]:
    """Every piece of personal data in `text`, in order, without overlaps (earlier patterns win)."""
    if not _ANY_CANDIDATE.search(text):
        return []
    return _find_all(text, kinds)


def _find_all(text: str, kinds: Iterable[Kind] | None) -> list[Finding]:
    """`find` without its first test: each pattern that could match is tried."""
    wanted = set(kinds) if kinds is not None else set(Kind)
    plain, origin = fold(text)  # as a reader sees it: no invisible characters, plain digits, dashes, spaces
    digits = len(_DIGIT.findall(plain))
    taken: list[Finding] = []
    covered = bytearray(len(plain))  # 1 where an earlier finding stands: overlaps checked in linear time
    for kind, pattern in _PATTERNS:
        if digits < _MIN_DIGITS[kind] or (kind in _HINTS and not _HINTS[kind].search(plain)):
            continue
        for match in pattern.finditer(plain):
            start, end = match.span(1) if pattern.groups else match.span()
            if covered.find(1, start, end) >= 0:
                continue
            if _confirmed(kind, match.group()):
                first, last = origin[start], origin[end - 1] + 1  # the span as it is written
                taken.append(Finding(first, last, kind, text[first:last]))
                covered[start:end] = b"\x01" * (end - start)
    return sorted(f for f in taken if f.kind in wanted)


def mask(value: str) -> str:
    """Enough of a value to find it in the file, not enough to use it: 138****5678."""
    value = value.strip()
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = _digits(value)
    digits = digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    if len(digits) >= 8:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(value) - 2, 1) + value[-2:]


def same_number(a: str, b: str) -> bool:
    """Whether two written forms are the same phone number or e-mail (ignoring spaces, +86, case)."""
    if "@" in a or "@" in b:
        return a.strip().lower() == b.strip().lower()
    return _national(a) == _national(b) != ""


def _national(value: str) -> str:
    digits = re.sub(r"\D", "", value.translate(_FULL_WIDTH))
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


@dataclass
class Scrubbed:
    """A text with its personal data replaced, and what was removed (kinds only, never values)."""

    text: str
    removed: list[Kind] = field(default_factory=list)


def scrub(text: str, *, names: Iterable[str] = (), private: Iterable[tuple[str, Kind]] = ()) -> Scrubbed:
    """Replace personal data with placeholders such as 【手机号】.

    `names` are the submitter's name (and nickname) from their own columns, found
    anywhere in the text. `private` are the other values they gave in personal
    columns, each with the kind of its column, removed as they stand when they
    hold a digit or an @ (so an answer like 没有 in the phone column does not
    wipe that word from the text). Then every pattern above, and names after
    姓名：/联系人：/我叫.
    """
    removed: list[Kind] = []

    def literal(current: str, value: str, kind: Kind) -> str:
        if value not in current:
            return current
        removed.extend([kind] * current.count(value))
        return current.replace(value, kind.value)

    pairs = [(name.strip(), Kind.NAME) for name in names if 2 <= len(name.strip()) <= 10]
    pairs += [(value.strip(), kind) for value, kind in private if re.search(r"[0-9０-９@＠]", value)]
    for value, kind in sorted(set(pairs), key=lambda pair: (-len(pair[0]), pair)):
        text = literal(text, value, kind)

    def label(match: re.Match[str]) -> str:
        removed.append(Kind.NAME)
        return match.group(0).replace(match.group(1), Kind.NAME.value)

    text = _LABELLED_NAME.sub(label, text)
    pieces, last = [], 0
    for finding in find(text):
        pieces += [text[last : finding.start], finding.kind.value]
        removed.append(finding.kind)
        last = finding.end
    return Scrubbed("".join([*pieces, text[last:]]), removed)
