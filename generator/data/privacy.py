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

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError


class Kind(StrEnum):
    """A kind of personal data; the value is the placeholder that replaces it."""

    NAME = "【姓名】"
    MOBILE = "【手机号】"
    LANDLINE = "【电话】"
    ID_NUMBER = "【身份证号】"
    EMAIL = "【邮箱】"
    BANK_CARD = "【银行卡号】"
    ADDRESS = "【详细地址】"
    NUMBER = "【号码】"


# The kinds the guard refuses in public text. Names cannot be recognised in
# general text, a street with a house number is also how a station's public
# address is written, and a bare long number may be a document number.
GUARDED = frozenset({Kind.MOBILE, Kind.LANDLINE, Kind.ID_NUMBER, Kind.EMAIL, Kind.BANK_CARD})

# Full-width digits, letters and signs typed on Chinese keyboards, mapped one to
# one onto ASCII so spans found in the translated text are spans of the original.
_FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "})

_SEP = r"[ \-]?"
# not in the middle of a longer number written in groups (6222 0212 3456 …)
_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][ \-])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        Kind.EMAIL,
        re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
    ),
    # 18 characters, optionally grouped 6-8-4; checked against the checksum below
    (Kind.ID_NUMBER, re.compile(_NOT_DIGIT_BEFORE + r"\d{6} ?\d{8} ?\d{3}[\dXx]" + _NOT_DIGIT_AFTER)),
    # 16 to 19 digits, optionally grouped by four; checked with Luhn below
    (
        Kind.BANK_CARD,
        re.compile(_NOT_DIGIT_BEFORE + r"[1-9]\d{3}(?:[ \-]?\d{4}){3}(?:[ \-]?\d{1,3})?" + _NOT_DIGIT_AFTER),
    ),
    # 138 1234 5678, 138-1234-5678, +86 13812345678
    (
        Kind.MOBILE,
        re.compile(
            _NOT_DIGIT_BEFORE
            + r"(?:(?:\+|00)?86"
            + _SEP
            + r")?1[3-9]\d"
            + _SEP
            + r"\d{4}"
            + _SEP
            + r"\d{4}"
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
    # whatever long run of digits is left: a mistyped phone, a card or a certificate number
    (Kind.NUMBER, re.compile(_NOT_DIGIT_BEFORE + r"\d(?:[ \-]?\d){10,}" + _NOT_DIGIT_AFTER)),
)
# Digits a match of each kind needs at the least; a text with fewer is not searched for that kind
# (most texts are names and titles: this keeps the guard cheap on a city's data).
_MIN_DIGITS = {
    Kind.EMAIL: 0,
    Kind.ID_NUMBER: 17,
    Kind.BANK_CARD: 16,
    Kind.MOBILE: 11,
    Kind.LANDLINE: 10,
    Kind.ADDRESS: 1,
    Kind.NUMBER: 11,
}
_DIGIT = re.compile(r"\d")
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
    wanted = set(kinds) if kinds is not None else set(Kind)
    plain = text.translate(_FULL_WIDTH)
    digits = len(_DIGIT.findall(plain))
    if not digits and "@" not in plain:
        return []
    taken: list[Finding] = []
    for kind, pattern in _PATTERNS:
        if digits < _MIN_DIGITS[kind] or (kind is Kind.EMAIL and "@" not in plain):
            continue
        for match in pattern.finditer(plain):
            start, end = match.span()
            if any(start < other.end and other.start < end for other in taken):
                continue
            if _confirmed(kind, match.group()):
                taken.append(Finding(start, end, kind, text[start:end]))
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
