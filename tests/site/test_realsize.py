"""A district of real size, as a resident reads it on a phone and a clerk prints it.

The district is the benchmark's synthetic one at the size of the trial that broke the
example's assumptions (22 stations of 10–40 deputies, namesakes among them), built once
for the session (`realsize` in conftest.py) under a site address 12 characters longer
than the example's. Everything is real: the build, the placard PDFs (poppler and PDFium read them
back), the QR codes (zxing decodes them), and Chromium at 360×740 and 390×844, in normal
and large-text mode, measuring where text actually wraps with range rectangles.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from generator.render.codes import MAX_COARSE_VERSION
from generator.render.placards import all_placards, deputy_sheets
from generator.strings.site import UI
from tests.conftest import LONG_SITE_URL, Build, serve
from tests.render.test_placards import (
    A3,
    A4,
    assert_a_phone_scans_every_code,
    assert_inside_the_margins,
    assert_size,
    expected_codes,
    pdf_info,
    pdf_text,
    printed_unfilled,
)
from tests.site.test_browser import PHONE, phone, search

VIEWPORTS = ((360, 740), (390, 844))
MODES = ("normal", "large")

# What no phone layout may do. Every element must fit the screen's width; no word of four or fewer
# Chinese characters (a name, a label), no date and no time in a table may run over two lines.
LAYOUT_CHECK = """() => {
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1; })
    .map(e => `${e.tagName.toLowerCase()}.${e.className}`);
  const words = /[\\u3400-\\u9fff]+|\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{1,2}月\\d{1,2}日|\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2}/g;
  const broken = [];
  for (const cell of document.querySelectorAll('.md-content td, .md-content th')) {
    if (cell.getBoundingClientRect().width < 2) continue;  // the column names of a stacked table: hidden
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(words)) {
        const word = match[0];
        if (/^[\\u3400-\\u9fff]+$/.test(word) && word.length > 4) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + word.length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(word);
      }
    }
  }
  const next = document.querySelector('[data-lz-next]');
  const box = next && next.getBoundingClientRect();
  return {wide: [...new Set(wide)], broken, next: box && [box.top, box.bottom], screen: innerHeight};
}"""


@pytest.fixture(scope="module")
def site(realsize: Build):
    yield from serve(realsize.site)


def test_the_district_has_a_real_shape(realsize_model) -> None:
    model = realsize_model
    assert len(model.stations) >= 20
    own: dict[str, int] = {}
    for deputy in model.deputies.values():
        own[deputy.home.id] = own.get(deputy.home.id, 0) + 1
    assert min(own.values()) >= 10 and 35 <= max(own.values()) <= 40
    assert any(d.namesakes for d in model.deputies.values()), "two deputies share a name"
    assert len([h for h in model.hubs if h.parent]) >= 2, "several centres"
    forms = {bool(entry.station.form) for entry in model.stations.values()}
    assert forms == {True, False}, "stations with and without an online form"


def test_every_station_prints_every_placard_and_its_sheets_fit(realsize_model, realsize_pdfs: Path) -> None:
    for station_id, entry in realsize_model.stations.items():
        folder = realsize_pdfs / station_id
        _, sheets = deputy_sheets(entry.members)
        for paper, size in (("a4", A4), ("a3", A3)):
            pages, printed = pdf_info(folder / f"placard-{paper}.pdf")
            assert pages == len(sheets) == 1, (station_id, paper, len(entry.members))
            assert_size(printed, size)
        text = pdf_text(folder / "placard-a4.pdf")
        assert all(m.deputy.deputy.name in text for m in entry.members), station_id
        button = UI["suggest"] if entry.station.form else UI["suggest_by_phone"]
        assert f"点“{button}”" in text, station_id
        assert pdf_info(folder / "cards.pdf")[0] == math.ceil(len(entry.members) / 10)
        assert {p.name for p in folder.iterdir()} >= {"placard-a4.pdf", "placard-a3.pdf", "cards.pdf"}


def test_every_annual_plan_and_notice_prints_within_the_page_margins(realsize_pdfs: Path) -> None:
    """A real district's longer places, titles and lists of deputies never push a table past the margin."""
    printed = sorted(realsize_pdfs.glob("*/plan-*.pdf")) + sorted(realsize_pdfs.glob("*/notice-*.pdf"))
    assert len(printed) > 22
    for pdf in printed:
        assert_inside_the_margins(pdf)


def test_no_printed_sheet_shows_an_unfilled_value(realsize_pdfs: Path) -> None:
    assert not printed_unfilled(realsize_pdfs)


def test_every_placard_and_card_scans_with_a_phone_at_its_reading_distance(
    realsize: Build, realsize_model, realsize_pdfs: Path
) -> None:
    """Crowded placards give up room, never their code's size; cards with long names keep theirs: a phone at
    each print's reading distance reads every code (short addresses under the long site address included)."""
    assert {deputy_sheets(e.members)[0] for e in realsize_model.stations.values()} == {True, False}, "both layouts"
    for placard in all_placards(realsize_model):
        if placard.kind in ("placard", "cards"):
            pdf = realsize_pdfs / placard.station.id / f"{placard.name}.pdf"
            assert_a_phone_scans_every_code(pdf, placard, expected_codes(realsize.site, placard))


def version(svg: str) -> int:
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    return (size - 8 - 17) // 4  # 4 quiet modules each side; version v has 17 + 4v modules


def follow(site: str, address: str) -> str:
    """The page an address leads to on the served site: through the server's folder redirect and a meta refresh."""
    url = site + urlsplit(address).path.lstrip("/")
    with urllib.request.urlopen(url, timeout=30) as response:
        path, html = urlsplit(response.url).path, response.read().decode("utf-8")
    refresh = BeautifulSoup(html, "html.parser").select_one('meta[http-equiv="refresh"]')
    if refresh:
        path = posixpath.normpath(posixpath.join(path, refresh["content"].split("url=", 1)[1])) + "/"
    return path.lstrip("/")


def test_every_code_is_coarse_under_a_long_site_address_and_leads_to_its_page(realsize: Build, site: str) -> None:
    codes = sorted(realsize.site.rglob("code.png"))
    assert len(codes) > 700
    short = 0
    for png in codes:
        page = png.parent.relative_to(realsize.site).as_posix() + "/"
        assert version((png.parent / "code.svg").read_text()) <= MAX_COARSE_VERSION, page
        (decoded,) = [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(png.read_bytes())))]
        assert decoded.startswith(LONG_SITE_URL)
        if decoded != LONG_SITE_URL + page:
            short += 1
            assert re.fullmatch(r"\d{9}", decoded.removeprefix(LONG_SITE_URL)), decoded
        assert follow(site, decoded) == page, decoded
    assert short > 0.9 * len(codes), "under this address nearly every page's own address is too long"
    assert "site_url 太长" not in realsize.result.stderr


def test_a_short_address_lands_on_its_page_in_a_browser(realsize: Build, site: str, browser) -> None:
    png = next(realsize.site.glob("a/*/*/code.png"))
    page_path = png.parent.relative_to(realsize.site).as_posix() + "/"
    (decoded,) = [c.text for c in zxingcpp.read_barcodes(Image.open(png))]
    context = phone(browser, java_script_enabled=False)  # the redirect needs no script
    tab = context.new_page()
    tab.goto(site + urlsplit(decoded).path.lstrip("/"))
    tab.wait_for_url(site + page_path)
    assert tab.locator(".lz-page h1").is_visible()
    context.close()


def test_the_station_index_reaches_every_station_by_its_parent(realsize: Build, realsize_model) -> None:
    index = realsize.page("s/")
    hubs = realsize_model.hubs
    hrefs = [a["href"] for a in index.select(".lz-page a[href]") if "://" not in a["href"]]
    targets = {posixpath.normpath(posixpath.join("s/", href)) for href in hrefs}
    stations = {m.group(1) for t in targets if (m := re.match(r"s/([^/]+)", t))}
    assert stations == {hub.id for hub in hubs}, "the index lists hubs only: its size follows the townships"
    reached = set()
    for hub in hubs:
        group = realsize.page(f"s/{hub.id}/stations/")
        for entry in hub.group:
            (item,) = group.select(f"li#{entry.id}")
            href = item.select_one("a")["href"]
            assert posixpath.normpath(posixpath.join(f"s/{hub.id}/stations/", href)) == f"s/{entry.id}"
            if entry.parent and not entry.parent.is_hub:  # a point under its station, not beside it
                assert item.find_parent("li")["id"] == entry.parent.id
            reached.add(entry.id)
        places = index.select_one(f'details a[href="{hub.id}/stations/"]')
        if len(hub.group) > 1:
            text = places.find_parent("details").get_text()
            assert all(entry.station.area[-1] in text for entry in hub.group[1:])
    assert reached == set(realsize_model.stations)


def test_hub_counts_say_what_they_count(realsize: Build, realsize_model) -> None:
    home = realsize.page("")
    head = realsize_model.roots[0]
    item = home.select_one(f'.lz-tree a[href="s/{head.id}/"]').find_parent("li")
    assert item.select_one(".lz-muted").get_text().startswith(f"本站 {len(head.members)} 名代表 · 下辖")
    finder = [a.get_text() for a in home.select("#finder .lz-tree a")]
    assert finder == [f"{hub.station.area[-1]}的代表名单" for hub in realsize_model.hubs], "not the station names again"


def test_station_pages_start_with_what_a_resident_asks_and_fold_long_lists(realsize: Build, realsize_model) -> None:
    for station_id, entry in realsize_model.stations.items():
        page = realsize.page(f"s/{station_id}/")
        order = [el.get("class", [""])[0] or el.name for el in page.select_one(".lz-page").find_all(recursive=False)]
        assert order.index("lz-who") < order.index("lz-next") < order.index("lz-facts") < order.index("lz-actions")
        assert order.index("lz-actions") < order.index("lz-section")
        links = [a["href"] for a in page.select("#deputies .lz-member")]
        assert links == [f"../../d/{m.deputy.id}/" for m in entry.members]
        if len(entry.members) > 8:
            assert len(page.select("#deputies .lz-card")) <= 3, "only the heads as cards"
            assert page.select("#deputies details.lz-group:not([open])"), "the rest folded"
            headings = [s.get_text() for s in page.select("#deputies details.lz-group > summary")]
            assert any(f"{realsize_model.county}人大代表（" in h for h in headings), headings
            assert not [h for h in headings if "{" in h], headings
        chips = [a["href"] for a in page.select("#children .lz-chips a")]
        assert chips == [f"../{child.id}/" for child in entry.children]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_pages_fit_a_phone_without_breaking_words_and_show_the_next_reception_first(
    realsize_model, site: str, browser, viewport: tuple[int, int], mode: str
) -> None:
    centre = next(h for h in realsize_model.hubs if h.parent and len(h.group) > 1)
    namesake = next(d for d in realsize_model.deputies.values() if d.namesakes)
    busiest = max(realsize_model.deputies.values(), key=lambda d: (len(d.upcoming), d.id))
    pages = [f"s/{station_id}/" for station_id in realsize_model.stations]
    pages += ["", "s/", f"s/{centre.id}/stations/", f"s/{centre.id}/deputies/", "cockpit/"]
    pages += [f"d/{namesake.id}/", f"d/{busiest.id}/", f"s/{centre.id}/cases/"]
    context = browser.new_context(**{**PHONE, "viewport": {"width": viewport[0], "height": viewport[1]}})
    if mode == "large":
        context.add_init_script("localStorage.setItem('lz-text', 'large')")
    tab = context.new_page()
    problems = {}
    for address in pages:
        tab.goto(site + address, wait_until="load")
        found = tab.evaluate(LAYOUT_CHECK)
        if found["wide"] or found["broken"]:
            problems[address] = (found["wide"], found["broken"])
        if address.startswith("s/") and address.count("/") == 2:
            top, bottom = found["next"]
            if not 0 <= top < bottom <= found["screen"]:
                problems[address] = ("next reception outside the first screen", top, bottom)
    context.close()
    assert problems == {}


FIRST_RESULTS = """async ([queries, count]) => {
    const pagefind = await import(new URL('pagefind/pagefind.js', location.href).href);
    await pagefind.options(JSON.parse(document.getElementById('lz-search-options').textContent));
    const found = {};
    for (const q of queries) {
        const search = await pagefind.search(q);
        found[q] = await Promise.all(search.results.slice(0, count[q]).map(async r => (await r.data()).url));
    }
    return found;
}"""


def test_every_name_of_the_district_finds_its_page_first(realsize_model, site: str, browser) -> None:
    """Each deputy's name and each station's place: the pages of exactly that name come first (all namesakes).

    One tie is left to chance: when the browser cuts a name into single characters, a name of the same
    characters in another order (王振凤, 王凤振) matches every part alike, and Pagefind weighs no order
    of parts; such anagrams share the first places, ahead of every other page.
    """
    wanted: dict[str, set[str]] = {}
    for entry in realsize_model.deputies.values():
        wanted.setdefault(entry.deputy.name, set()).add(f"/d/{entry.id}/")
    for entry in realsize_model.stations.values():
        wanted.setdefault(entry.station.area[-1], set()).add(f"/s/{entry.id}/")
    anagrams = {
        q: {url for other, urls in wanted.items() if other != q and sorted(other) == sorted(q) for url in urls}
        for q in wanted
    }
    tab = browser.new_page()
    tab.goto(site)
    counts = {q: len(pages) + len(anagrams[q]) for q, pages in wanted.items()}
    first = tab.evaluate(FIRST_RESULTS, [list(wanted), counts])
    tab.close()
    assert {q: urls for q, urls in first.items() if set(urls) != wanted[q] | anagrams[q]} == {}
    assert len(wanted) > 450
    longer = [n for n in wanted if any(o != n and o.startswith(n) for o in wanted)]
    assert longer, "names that start longer names are among them (王芳 and 王芳斌)"


def test_namesakes_are_told_apart_in_results_and_on_their_pages(realsize: Build, realsize_model, site, browser) -> None:
    deputy = next(d for d in realsize_model.deputies.values() if d.namesakes)
    pair = [deputy, *deputy.namesakes]
    context = phone(browser)
    tab = context.new_page()
    results = search(tab, site, deputy.deputy.name)
    excerpts = tab.locator(".pagefind-ui__result-excerpt").all_inner_texts()[: len(pair)]
    context.close()
    assert {r["href"] for r in results[: len(pair)]} == {f"/d/{d.id}/" for d in pair}
    assert len(set(excerpts)) == len(pair), "each result says which station and constituency"
    for d in pair:
        assert d.home.station.name in excerpts[[r["href"] for r in results].index(f"/d/{d.id}/")]
        note = realsize.page(f"d/{d.id}/").select_one(".lz-namesakes")
        assert [a["href"] for a in note.select("a")] == [f"../{o.id}/" for o in d.namesakes]
