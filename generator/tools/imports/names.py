"""What a name says: a record's id from it (pypinyin), the key two spellings share, a station's stem and kind."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from generator.data.model import StationKind
from generator.strings.sheets import COMPOUND_SURNAMES, SHEET_WORDS, SURNAME_READINGS

MAX_ID = 40


def _syllables(text: str) -> list[str]:
    words = lazy_pinyin(text, errors=lambda chars: [c for c in chars.lower() if c.isascii() and c.isalnum()])
    return [re.sub(r"[^a-z0-9]", "", w.lower()) for w in words if re.sub(r"[^a-z0-9]", "", w.lower())]


def person_id(name: str) -> str:
    """王秀兰 → wang-xiulan, 欧阳娜娜 → ouyang-nana, 单宏 → shan-hong; a·b names → each part joined."""
    parts = [p for p in re.split(r"[·•・.\s]+", name) if p]
    if len(parts) > 1:
        return "-".join("".join(_syllables(p)) for p in parts)[:MAX_ID].strip("-")
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[:1])
    reading = SURNAME_READINGS.get(surname) or "".join(_syllables(surname))
    given = "".join(_syllables(name[len(surname) :]))
    return "-".join(p for p in (reading, given) if p)[:MAX_ID].strip("-")


def station_id(name: str) -> str:
    """望江社区人大代表联络站 → wangjiang: the name without its generic endings, in pinyin."""
    stem = name
    for _ in range(2):
        for ending in sorted(SHEET_WORDS["station_endings"], key=len, reverse=True):
            if stem.endswith(ending) and len(stem) > len(ending):
                stem = stem[: -len(ending)]
                break
    return "".join(_syllables(stem))[:MAX_ID].strip("-")


def free_id(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3` …: the first id no record has, so a namesake never takes another's."""
    base = base or "x"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def name_key(name: str) -> str:
    """A name with its spaces dropped, as names are compared: 望江 站 and 望江站 are one station."""
    return re.sub(r"\s+", "", name)


def station_stem(name: str) -> str:
    """A station's name without its generic words, for matching what remarks write: 望江社区人大代表联络站, 望江站 → 望江."""
    stem = name_key(name)
    endings = sorted((*SHEET_WORDS["station_endings"], "站", "点"), key=len, reverse=True)
    for _ in range(3):
        ending = next((e for e in endings if stem.endswith(e) and len(stem) > len(e)), None)
        if ending is None:
            break
        stem = stem[: -len(ending)]
    return stem


def kind_word(name: str) -> StationKind | None:
    """The kind a station's name says (东湖中心站: a centre), or None when it says none (望江站)."""
    for words, kind in (
        ("kind_head", StationKind.HEAD),
        ("kind_centre", StationKind.CENTRE),
        ("kind_point", StationKind.POINT),
        ("kind_station", StationKind.STATION),
    ):
        if any(word in name for word in SHEET_WORDS[words]):
            return kind
    return None
