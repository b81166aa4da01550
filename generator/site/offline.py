"""Keep the built site self-contained: nothing in it may make a browser fetch from another host.

Material's script bundle carries addresses it would fetch lazily: Mermaid.js
(only for Mermaid diagrams, which our pages never contain), a ResizeObserver
polyfill (only for browsers without one) and the GitHub API (only with
`repo_url`). On an intranet those requests fail anyway, and they would leak a
visit to a third party on the internet. Material's privacy plugin solves this
by downloading them at build time, which needs the internet; we have none at
build time, so we blank them instead, and drop the theme's source maps, which
quote its sources (addresses included) and serve no reader.

What else is checked is what a browser would fetch, not what a page says: in
HTML and SVG the attributes that load something (`src`, `srcset`, a
stylesheet's or icon's `href`, `poster`, `data`, SVG's `href`) and `url(…)` in
styles, wherever the address is absolute and on another host; in the theme's
CSS and JS the hosts it is known to reach for. A page that mentions
"cdn.jsdelivr.net" in its text, or links to a suggestion form elsewhere,
fetches nothing and passes. Any fetch found fails the build, so a theme
upgrade, an override or a hand-written page cannot add one silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from generator.atomic import write_atomically
from generator.render.cache import map_all, usable_cores

LAZY_LOADERS = re.compile(
    r"https://unpkg\.com/mermaid@[0-9.]+/dist/mermaid\.min\.js"
    r"|https://unpkg\.com/resize-observer-polyfill"
    r"|https://api\.github\.com/(?:repos|users)/"
)
THIRD_PARTY = re.compile(
    r"(?:fonts\.googleapis|fonts\.gstatic|unpkg\.com|cdn\.jsdelivr|cdnjs\.[a-z]+|api\.github\.com)[^\s\"'`)]*"
)
# Attributes that make a browser fetch, by tag ("*": any tag).
FETCHING = {
    "script": {"src"},
    "img": {"src", "srcset"},
    "source": {"src", "srcset"},
    "video": {"src", "poster"},
    "audio": {"src"},
    "track": {"src"},
    "iframe": {"src"},
    "embed": {"src"},
    "object": {"data"},
    "input": {"src"},
    "image": {"href", "xlink:href"},  # SVG
    "use": {"href", "xlink:href"},
    "feimage": {"href", "xlink:href"},
}
FETCHING_LINKS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)|@import\s+['\"]([^'\"]+)")


def _external(address: str, own_host: str | None) -> str | None:
    """The other host `address` points at, or None for a relative, data: or same-host address."""
    address = address.strip()
    if not (address.startswith("//") or re.match(r"^[a-z][a-z0-9+.\-]*:", address, re.I)):
        return None
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https", ""):
        return None  # data:, mailto:, tel: fetch nothing from a host
    host = (parts.hostname or "").lower()
    return host if host and host != own_host else None


class _Fetches(HTMLParser):
    """Collects the hosts an HTML or SVG document would fetch from."""

    def __init__(self, own_host: str | None):
        super().__init__(convert_charrefs=True)
        self.own_host = own_host
        self.hosts: list[str] = []
        self._in: str | None = None

    def _address(self, value: str | None) -> None:
        if value:
            host = _external(value, self.own_host)
            if host:
                self.hosts.append(host)

    def _styles(self, text: str) -> None:
        for match in CSS_URL.finditer(text):
            self._address(match.group(1) or match.group(2))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        wanted = FETCHING.get(tag, set())
        if tag == "link" and FETCHING_LINKS & set((values.get("rel") or "").lower().split()):
            wanted = {"href", "imagesrcset"}
        for name in wanted:
            for candidate in (values.get(name) or "").split(",") if "srcset" in name else [values.get(name)]:
                self._address((candidate or "").strip().split(" ")[0])
        if values.get("style"):
            self._styles(values["style"] or "")
        self._in = tag if tag in ("style", "script") else None

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self._styles(data)
        elif self._in == "script":
            self.hosts += [match.group() for match in THIRD_PARTY.finditer(data)]


def fetched_hosts(text: str, suffix: str, own_host: str | None) -> list[str]:
    """The other hosts a published file makes a browser fetch from."""
    if suffix in (".html", ".svg"):
        parser = _Fetches(own_host)
        parser.feed(text)
        parser.close()
        return parser.hosts
    if suffix == ".css":
        parser = _Fetches(own_host)
        parser._styles(text)
        return parser.hosts + [match.group() for match in THIRD_PARTY.finditer(text)]
    return [match.group() for match in THIRD_PARTY.finditer(text)]  # the theme's scripts


CHECKED = Path("build") / ".cache" / "offline-checked.txt"  # under the project: files already found clean
_CHECKER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # a changed check forgets what it passed


def make_self_contained(site: Path, own_host: str | None = None, cache: Path | None = None) -> dict[str, list[str]]:
    """Blank the theme's lazy third-party loaders; return the files that still fetch elsewhere, with the hosts.

    With `cache` (a file), files whose exact bytes were found clean by the last check are not parsed
    again: a rebuild after an edit checks what the edit changed. A file is never changed in place
    (it may be a hard link into the page cache, see `pagecache.py`): a blanked script is replaced.
    """
    header = f"{_CHECKER} {own_host or ''}"
    known = _read_checked(cache, header)
    clean: set[str] = set()
    unchecked: list[tuple[str, str, str]] = []  # path, suffix, key
    for path in sorted(site.rglob("*")):
        if path.suffix == ".map":  # theme source maps: debugging aids that quote third-party sources
            path.unlink()
            continue
        if path.suffix not in {".html", ".svg", ".css", ".js"}:
            continue
        data = path.read_bytes()
        text = data.decode("utf-8", errors="surrogateescape") if path.suffix == ".js" else ""
        if LAZY_LOADERS.search(text):
            data = LAZY_LOADERS.sub("data:,", text).encode("utf-8", errors="surrogateescape")
            write_atomically(path, data)
        key = hashlib.sha256(path.suffix.encode() + b"\0" + data).hexdigest()
        if key in known:
            clean.add(key)
        else:
            unchecked.append((str(path), path.suffix, key))
    # a cold build's thousands of files are parsed on every core; an edit's few, here
    workers = usable_cores() if len(unchecked) >= POOL_MIN_FILES else 1
    size = max(1, -(-len(unchecked) // (workers * 4)))
    batches = [(unchecked[i : i + size], own_host) for i in range(0, len(unchecked), size)]
    offending: dict[str, list[str]] = {}
    for (batch, _), found in zip(batches, map_all(_check, batches, workers, 2), strict=True):
        for (path, _, key), hosts in zip(batch, found, strict=True):
            if hosts:
                offending[Path(path).relative_to(site).as_posix()] = sorted(set(hosts))
            else:
                clean.add(key)
    _write_checked(cache, header, clean)
    return offending


POOL_MIN_FILES = 500  # files to check worth starting workers for


def _check(files: list[tuple[str, str, str]], own_host: str | None) -> list[list[str]]:
    """The hosts each file fetches from (in a worker: the file is read there, not sent)."""
    found = []
    for path, suffix, _ in files:
        text = Path(path).read_bytes().decode("utf-8", errors="surrogateescape")
        found.append(fetched_hosts(text, suffix, own_host))
    return found


def _read_checked(cache: Path | None, header: str) -> set[str]:
    try:
        lines = cache.read_text(encoding="ascii").splitlines() if cache else []
    except (OSError, ValueError):
        return set()
    return set(lines[1:]) if lines and lines[0] == header else set()


def _write_checked(cache: Path | None, header: str, clean: set[str]) -> None:
    """What this check passed, replacing the last record (atomically: a torn record is a miss)."""
    if cache is None:
        return
    with contextlib.suppress(OSError):  # no record: the next check reads every file again
        write_atomically(cache, "\n".join([header, *sorted(clean)]) + "\n")
