"""How dates, levels and rates are written on the site; pure functions used by templates."""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
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
    path, _, fragment = target.partition("#")
    here, there = page.split("/"), path.split("/")
    if "." in here or ".." in here or "." in there or ".." in there:
        rel = posixpath.relpath(posixpath.join("/", path), posixpath.join("/", page))
    else:  # posixpath.relpath's answer for plain site paths, without its normalising (a page has dozens of links)
        here, there = [p for p in here if p], [p for p in there if p]
        common = 0
        for mine, theirs in zip(here, there, strict=False):
            if mine != theirs:
                break
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if (not path or path.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


def tel_target(phone: str) -> str:
    """The dialable part of a displayed number: `0571-8612 3401` → `057186123401`."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def session_end(occurrence: Occurrence) -> str:
    """When a session ends, in China time: `2026-12-03T16:30+08:00` (read by lianluo.js)."""
    return f"{occurrence.date.isoformat()}T{occurrence.time.split('-')[-1]}+08:00"


# Pagefind passes a chunk that starts with this through its word segmenter whole (its own markers
# travel that way): the chunk's letters are indexed as one word.
UNSPLIT = "___"
REPEAT_BUDGET = 12  # a name of n characters repeats each of its pieces about 12 / n times


@dataclass(frozen=True)
class SearchTerms:
    """The hidden words a page is found by (see `search_terms`)."""

    words: str  # every piece of every name, weighted by the length of its name, for the body of the page
    suffixes: str  # every suffix of every name, for the page's `name` metadata


def search_terms(names: Iterable[str]) -> SearchTerms:
    """The words that make a page come first when its name is searched, and its exact name before longer ones.

    The index splits Chinese with jieba, which cuts an unknown name into single characters, and a
    reader's browser splits the query with Intl.Segmenter, which keeps some names whole (周平) and
    cuts others (王 + 芳). Pagefind looks up each part of the query as the start of a word. So:

    - `words`: every piece of each name is one word of its own, whichever way the query is cut,
      each part is a word here, of exactly its length. Each piece is repeated about
      REPEAT_BUDGET / len(name) times, so the pieces of a shorter name weigh more: among the
      pages whose names hold the query (王芳, 王芳斌, 李王芳), the exact name weighs the most for
      every part of the query, and search ranks it first (the ranking options in `site/search.py`
      compare term counts without page length, and let only words of the query's own length count).
    - `suffixes`: each part of the query starts one of these wherever the name holds the query
      (a suffix that starts a longer one is left out, so no part counts twice);
      indexed as page metadata, they lift every page whose name holds the query above pages
      that only mention it (activities, cases).
    """
    words: list[str] = []
    suffixes: dict[str, None] = {}
    for name in dict.fromkeys(names):
        pieces = dict.fromkeys(name[i:j] for i in range(len(name)) for j in range(i + 1, len(name) + 1))
        repeat = max(1, round(REPEAT_BUDGET / len(name)))
        words += [UNSPLIT + piece for piece in pieces] * repeat
        suffixes.update(dict.fromkeys(name[i:] for i in range(len(name))))
    # A suffix that starts another one (新荷村 of 新荷村人大代表联络站) would count the same part of the
    # query twice: a page with two names would outweigh a page of exactly the name searched.
    kept = [s for s in suffixes if not any(o != s and o.startswith(s) for o in suffixes)]
    return SearchTerms(" ".join(words), " ".join(kept))
