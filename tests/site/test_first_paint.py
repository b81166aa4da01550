"""What holds up a phone's first paint, checked on the built example site (issue: 2–3 s to first content).

Only Material's main stylesheet and ours may block rendering; every external script is deferred;
the chart on a page's first screen carries its size and is fetched at once, the others lazily.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tests.conftest import Build

# The stylesheets a page may wait for before its first paint: Material's (hashed name) and ours.
ALLOWED_STYLESHEETS = (
    re.compile(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css$"),
    re.compile(r"assets/stylesheets/lianluo\.css$"),
)
CHART_PAGES = ("s/liutang/cases/", "cockpit/")


def test_every_page_waits_only_for_the_allowed_stylesheets_and_no_script(example: Build) -> None:
    pages = sorted(example.site.rglob("index.html"))
    assert len(pages) > 100
    for path in pages:
        address = path.parent.relative_to(example.site).as_posix()
        page = example.page(address if address != "." else "")
        stylesheets = [link["href"] for link in page.select('link[rel~="stylesheet"]')]
        if not stylesheets and page.select_one('meta[http-equiv="refresh"]'):
            continue  # a redirect page
        assert any(ALLOWED_STYLESHEETS[0].search(href) for href in stylesheets), address
        blocking = [href for href in stylesheets if not any(a.search(href) for a in ALLOWED_STYLESHEETS)]
        assert not blocking, f"{address}: render-blocking {blocking}"
        assert "palette" not in " ".join(stylesheets), address
        for script in page.select("script[src]"):
            assert script.has_attr("defer") or script.has_attr("async"), f"{address}: {script['src']} blocks"
        assert page.select_one('script[src*="assets/javascripts/bundle."]'), f"{address}: Material's bundle kept"


def test_the_first_chart_is_sized_and_not_lazy_the_others_sized_and_lazy(example: Build) -> None:
    for address in CHART_PAGES:
        images = example.page(address).select(".lz-chart img")
        assert len(images) >= 2, address
        for index, image in enumerate(images):
            drawn = ET.parse(example.site / address / image["src"]).getroot()
            assert (image["width"], image["height"]) == (drawn.get("width"), drawn.get("height")), image["src"]
            if index == 0:
                assert "loading" not in image.attrs and image["fetchpriority"] == "high", f"{address}: first chart"
            else:
                assert image["loading"] == "lazy", f"{address}: {image['src']}"


def test_without_the_palette_stylesheet_the_pages_keep_their_colours(example: Build) -> None:
    page = example.page("")
    assert not page.body.has_attr("data-md-color-primary"), "no palette: Material's colours come from ours"
    ours = (example.site / "assets/stylesheets/lianluo.css").read_text(encoding="utf-8")
    root = ours[ours.index(":root {") : ours.index("}")]
    assert "--md-primary-fg-color:" in root and "--md-accent-fg-color:" in root and "color-scheme: light" in root
