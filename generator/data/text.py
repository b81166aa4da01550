"""Text as a reader sees it: what is invisible removed, look-alike digits, dashes and spaces made plain.

A phone number written with no-break spaces, an en dash, mathematical bold digits
or a zero-width space between its digits is still a phone number to whoever
reads the page, and two names that differ only in their Unicode form
(composed or decomposed, a CJK compatibility ideograph) are the same name on
the wall. So the privacy guard and the namesake check compare folded text:
NFKC, invisible format characters (Unicode category Cf: zero-width spaces and
joiners, word joiners, soft hyphens, direction marks) removed, every dash a
hyphen-minus, every space a plain space, and runs of spaces or dashes one.

`fold` keeps, for each folded character, where it came from, so a finding in
the folded text is a span of the original (to mask it, to scrub it, to point
at its column). This module never reads or writes files.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters that change the direction of the text around them: a name holding one can read
# backwards on the page (U+202E) while it sorts, searches and matches as something else.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Characters of no width: inside a name or a title they make two equal-looking names differ.
ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")

_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d")
_SEPARATORS = frozenset(" -")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as a reader sees it (possibly nothing, possibly several characters)."""
    if unicodedata.category(char) == "Cf":
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return "".join("-" if c in _DASHES else " " if unicodedata.category(c) == "Zs" or c == "\t" else c for c in folded)


def fold(text: str) -> tuple[str, list[int]]:
    """`text` folded, and for each folded character the index of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for c in _fold_char(char) if not char.isascii() or char == "\t" else char:
            if c in _SEPARATORS and out and out[-1] in _SEPARATORS:
                if c == "-":  # "138 - 1234": the dash is the separator that counts
                    out[-1] = "-"
                continue
            out.append(c)
            origin.append(index)
    return "".join(out), origin


def name_key(name: str) -> str:
    """What makes two names the same name to a reader (the namesake check compares these)."""
    return unicodedata.normalize("NFKC", fold(name)[0]).strip()  # whole: an accent composes with its letter
