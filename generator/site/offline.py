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
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

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


def _styles(text: str, own_host: str | None) -> list[str]:
    """The other hosts CSS text fetches from: its `url(…)` and `@import` addresses."""
    found = (_external(match.group(1) or match.group(2), own_host) for match in CSS_URL.finditer(text))
    return [host for host in found if host]


# What to look at in a parsed page: the tags that may fetch, and any element with a style attribute.
_SELECTOR = ", ".join(sorted({*FETCHING, "link", "style", "script"})) + ", [style]"


def _element_hosts(node: LexborNode, own_host: str | None, hosts: list[str]) -> None:
    """The other hosts one element makes a browser fetch from, added to `hosts`."""
    tag = node.tag.lower()  # an SVG element keeps its case in HTML (feImage)
    values = node.attributes
    wanted = FETCHING.get(tag, set())
    if tag == "link" and FETCHING_LINKS & set((values.get("rel") or "").lower().split()):
        wanted = {"href", "imagesrcset"}
    for name in wanted:
        for candidate in (values.get(name) or "").split(",") if "srcset" in name else [values.get(name)]:
            host = _external((candidate or "").strip().split(" ")[0], own_host) if candidate else None
            if host:
                hosts.append(host)
    if values.get("style"):
        hosts += _styles(values["style"] or "", own_host)
    if tag == "style":
        hosts += _styles(node.text(deep=True), own_host)
    elif tag == "script":
        hosts += [match.group() for match in THIRD_PARTY.finditer(node.text(deep=True))]


def _document_hosts(root: LexborNode, own_host: str | None, hosts: list[str]) -> None:
    """Every fetch in a parsed document, including the content of its `<template>`s, which a script may
    put on the page (the parser keeps that content outside the tree, where a selector never reaches)."""
    for node in root.css(_SELECTOR):
        _element_hosts(node, own_host, hosts)
    for fragment in root.template_fragments():
        _document_hosts(fragment, own_host, hosts)


def fetched_hosts(text: str, suffix: str, own_host: str | None) -> list[str]:
    """The other hosts a published file makes a browser fetch from.

    HTML and SVG are parsed as a browser parses them (HTML5, by the Lexbor engine through selectolax, some
    ten times faster than `html.parser`): of a repeated attribute the first counts, and text in a title or
    text area is text.
    """
    if suffix in (".html", ".svg"):
        hosts: list[str] = []
        root = LexborHTMLParser(text.encode("utf-8", errors="surrogateescape")).root  # bytes as read
        if root is not None:
            _document_hosts(root, own_host, hosts)
        return hosts
    if suffix == ".css":
        return _styles(text, own_host) + [match.group() for match in THIRD_PARTY.finditer(text)]
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
