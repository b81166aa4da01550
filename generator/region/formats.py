"""How dates, levels and rates are written on the site; pure functions used by templates."""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.strings.site import LEVEL_NAMES, LEVEL_SHORT, UI, WEEKDAYS

if TYPE_CHECKING:
    from generator.region.schedule import Occurrence


def date_cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def weekday_cn(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def levels_cn(levels: Iterable[object], county: str = "区") -> str:
    """Levels as the district says them: 市人大代表、区人大代表 (`county` is RegionModel.county)."""
    return "、".join(LEVEL_NAMES[str(getattr(level, "value", level))].format(county=county) for level in levels)


def levels_short(levels: Iterable[object], county: str = "区") -> str:
    """Levels in a few characters, for tight layouts: 全国、省、市人大代表."""
    names = "、".join(LEVEL_SHORT[str(getattr(level, "value", level))].format(county=county) for level in levels)
    return UI["levels_short"].format(levels=names)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal or a monospaced editor: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def relative_url(page: str, target: str) -> str:
    """A link from the page served at directory `page` to `target` (both site-relative, '' for home).

    Pages are plain HTML inside Markdown, which MkDocs does not rewrite, so links are
    made relative here; the site then works under any path prefix and from file://.
    """
    if target.startswith(("http://", "https://", "tel:", "mailto:", "#")):
        return target
    base = posixpath.join("/", page)
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath(posixpath.join("/", path), base)
    if (not path or path.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


def tel_target(phone: str) -> str:
    """The dialable part of a displayed number: `0571-8612 3401` → `057186123401`."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def session_end(occurrence: Occurrence) -> str:
    """When a session ends, in China time: `2026-12-03T16:30+08:00` (read by lianluo.js)."""
    return f"{occurrence.date.isoformat()}T{occurrence.time.split('-')[-1]}+08:00"


SEARCH_TERM_CHARS = 4  # longest piece of a name indexed on its own


def search_terms(names: Iterable[str]) -> str:
    """Every short piece of `names`, space-separated, for the search index only.

    The index splits Chinese with jieba while a reader's browser splits the query
    with Intl.Segmenter; for names the two often disagree (陈丽华 is one word to
    one and 陈 + 丽华 to the other), and the name is then not found. Indexing
    each piece of up to SEARCH_TERM_CHARS characters as a word of its own means
    whichever way the query is split, every part is in the index.
    """
    pieces: dict[str, None] = {}
    for name in names:
        for size in range(1, SEARCH_TERM_CHARS + 1):
            for start in range(len(name) - size + 1):
                pieces.setdefault(name[start : start + size])
        pieces.setdefault(name)
    return " ".join(pieces)
