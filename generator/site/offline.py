"""Keep the built site self-contained: nothing in it may point a browser at another host.

Material's script bundle carries addresses it would fetch lazily: Mermaid.js
(only for Mermaid diagrams, which our pages never contain), a ResizeObserver
polyfill (only for browsers without one) and the GitHub API (only with
`repo_url`). On an intranet those requests fail anyway, and they would leak a
visit to a third party on the internet. Material's privacy plugin solves this
by downloading them at build time, which needs the internet; we have none at
build time, so we blank them instead, and drop the theme's source maps, which
quote its sources (addresses included) and serve no reader. Any other external address in a
published file fails the build, so a theme upgrade cannot add one silently.
"""

from __future__ import annotations

import re
from pathlib import Path

LAZY_LOADERS = re.compile(
    r"https://unpkg\.com/mermaid@[0-9.]+/dist/mermaid\.min\.js"
    r"|https://unpkg\.com/resize-observer-polyfill"
    r"|https://api\.github\.com/(?:repos|users)/"
)
THIRD_PARTY = re.compile(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|cdn\.jsdelivr|cdnjs\.|api\.github\.com")


def make_self_contained(site: Path) -> list[str]:
    """Blank the theme's lazy third-party loaders; return files that still name a third-party host."""
    offending = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".map":  # theme source maps: debugging aids that quote third-party sources
            path.unlink()
            continue
        if path.suffix not in {".html", ".css", ".js", ".json", ".xml"}:
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if path.suffix == ".js" and LAZY_LOADERS.search(text):
            text = LAZY_LOADERS.sub("data:,", text)
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
        if THIRD_PARTY.search(text):
            offending.append(path.relative_to(site).as_posix())
    return offending
