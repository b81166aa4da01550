"""The example site in Chromium as a resident on a phone meets it.

Accessibility is audited with axe-core (bundled in axe-playwright-python and
injected into the page, so the audit itself makes no request), in normal and
large-text mode. Search runs Pagefind's real index through the header's dialog.
Every request a page makes is recorded: none may leave the site. Phone-sized
screenshots of each audited page are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import gzip
import json
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from generator.strings.site import SEARCH_KIND_KEY, UI
from tests.conftest import ROOT, make_project, run_build, serve
from tests.crowded import add_photos, write_crowded_region

# Pages audited in the browser, by name. Add a page here when it joins the site (e.g. "cockpit": "cockpit/").
AUDITED_PAGES = {
    "home": "",
    "stations": "s/",
    "station": "s/liutang/",
    "deputy": "d/xu-guoqiang/",
    "cases": "s/liutang/cases/",
    "cases of a year": "s/liutang/cases/2026/",
    "township deputies": "s/liutang/deputies/",
    "township placards": "s/liutang/print/",
    "township stations": "s/liutang/stations/",
    "cockpit": "cockpit/",
    "open data": "data/",
    "score": "score/",
    "guide": "guide/",
    "activity": "a/liutang/2026-12-reception/",
    "placard": "s/liutang/print/placard-a4.html",
}
MODES = ("normal", "large")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WEIGHT_BUDGET = 150 * 1024  # a station page's first view, gzip-compressed, shared assets included
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


def phone(browser, large: bool = False, **options):
    """A fresh phone-sized browser context (cold cache); in large-text mode when asked."""
    context = browser.new_context(**PHONE, **options)
    if large:
        context.add_init_script("localStorage.setItem('lz-text', 'large')")
    return context


def record_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def foreign(requests: list[str], site: str) -> list[str]:
    """Requests to anywhere but the site itself (data: and blob: URLs stay in the page)."""
    origin = urlsplit(site).netloc
    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != origin]


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", AUDITED_PAGES)
def test_page_has_no_serious_accessibility_violation_and_stays_on_the_site(
    served_site: str, browser, name: str, mode: str
) -> None:
    context = phone(browser, large=mode == "large")
    page = context.new_page()
    requests = record_requests(page)
    page.goto(served_site + AUDITED_PAGES[name], wait_until="networkidle")
    if name != "placard":  # the print sheets have no header and are printed at a fixed size
        assert page.evaluate("document.documentElement.classList.contains('lz-large')") == (mode == "large")
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{mode}.png", full_page=True)
    results = Axe().run(page)
    context.close()
    assert serious(results) == []
    assert foreign(requests, served_site) == []


def body_text_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")


def test_large_text_switch_is_labelled_applied_and_remembered(served_site: str, browser) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(served_site + "s/liutang/")
    switch = page.locator("[data-lz-large-text]")
    assert switch.inner_text() == UI["large_text"]
    assert switch.get_attribute("aria-pressed") == "false"
    assert body_text_px(page) >= 18
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert body_text_px(page) >= 22
    page.goto(served_site + "d/xu-guoqiang/")  # another page: the choice is kept
    assert page.locator("[data-lz-large-text]").get_attribute("aria-pressed") == "true"
    assert body_text_px(page) >= 22
    page.locator("[data-lz-large-text]").click()
    page.reload()
    assert body_text_px(page) == 18
    context.close()


@pytest.mark.parametrize("mode", MODES)
def test_controls_are_at_least_44px(served_site: str, browser, mode: str) -> None:
    context = phone(browser, large=mode == "large")
    page = context.new_page()
    small = []
    for address in ("", "s/liutang/", "d/xu-guoqiang/"):
        page.goto(served_site + address)
        small += page.evaluate(
            """() => [...document.querySelectorAll(`.md-header__button, .md-button, .lz-jump a, .lz-list a,
                     .lz-tree a, .lz-card__name, .lz-crumbs a, .lz-code a, #finder a`)]
                .filter(el => el.getClientRects().length)
                .map(el => [el.getBoundingClientRect(), el.textContent.trim().slice(0, 20)])
                .filter(([box]) => box.height < 44 || box.width < 44)
                .map(([box, text]) => `${location.pathname} ${text}: ${box.width}x${box.height}`)"""
        )
    context.close()
    assert small == []


def test_keyboard_reaches_search_with_a_visible_focus_and_escape_closes_it(served_site: str, browser) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(served_site + "s/liutang/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-lz-search-open')"):
            break
    else:
        pytest.fail("the search button cannot be reached with Tab")
    outline = page.evaluate(
        "(s => [s.outlineStyle, parseFloat(s.outlineWidth)])(getComputedStyle(document.activeElement))"
    )
    assert outline[0] != "none" and outline[1] >= 2
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('#lz-search-ui input')")
    assert page.locator("#lz-search").evaluate("d => d.open")
    # the tip above the box is the box's label once the box exists (the page itself names no missing control)
    assert page.evaluate("document.getElementById('lz-search-tip').control === document.activeElement")
    page.keyboard.type("许国强")
    page.locator(".pagefind-ui__result").first.wait_for()
    page.keyboard.press("Escape")
    assert not page.locator("#lz-search").evaluate("d => d.open")
    assert page.evaluate("document.activeElement.hasAttribute('data-lz-search-open')")
    context.close()


def search(page, site: str, words: str) -> list[dict]:
    """Type `words` into the header's search and read the results as shown."""
    page.goto(site + "s/")
    page.locator("[data-lz-search-open]").click()
    page.locator("#lz-search-ui input").fill(words)
    # results show as placeholders first, then fill in with their links
    page.wait_for_function(
        """() => { const results = [...document.querySelectorAll('.pagefind-ui__result')];
                   return results.length && results.every(r => r.querySelector('.pagefind-ui__result-link')); }"""
    )
    return page.evaluate(
        """() => [...document.querySelectorAll('.pagefind-ui__result')].map(r => ({
              title: r.querySelector('.pagefind-ui__result-title').textContent.trim(),
              href: new URL(r.querySelector('.pagefind-ui__result-link').href).pathname,
              tags: [...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.textContent.trim()),
              subs: [...r.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-link')]
                    .map(a => new URL(a.href).pathname + new URL(a.href).hash)}))"""
    )


def kind(name: str) -> str:
    return f"{SEARCH_KIND_KEY}: {UI[name]}"


def test_search_finds_a_deputy_by_name(served_site: str, browser) -> None:
    context = phone(browser)
    page = context.new_page()
    requests = record_requests(page)
    results = search(page, served_site, "许国强")
    assert results[0]["href"] == "/d/xu-guoqiang/"
    assert results[0]["title"] == "许国强"
    assert results[0]["tags"] == [kind("kind_deputy")]
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url("**/d/xu-guoqiang/")
    context.close()
    assert any("/pagefind/" in u for u in requests), "the index is served by the site itself"
    assert foreign(requests, served_site) == []


# The first result of each query, searched as the header's search does: Pagefind's own API with the
# ranking options the page gives its search UI (#lz-search-options, from site/search.py).
FIRST_RESULTS = """async (queries) => {
    const pagefind = await import(new URL('pagefind/pagefind.js', location.href).href);
    await pagefind.options(JSON.parse(document.getElementById('lz-search-options').textContent));
    const found = {};
    for (const q of queries) {
        const search = await pagefind.search(q);
        found[q] = search.results.length ? (await search.results[0].data()).url : null;
    }
    return found;
}"""


def test_every_deputy_and_station_is_found_first_by_its_name(served_site: str, browser, example_model) -> None:
    """The index (jieba) and the browser (Intl.Segmenter) split Chinese names differently; names must still be found."""
    wanted = {entry.deputy.name: f"/d/{entry.id}/" for entry in example_model.deputies.values()}
    wanted |= {entry.station.area[-1]: f"/s/{entry.id}/" for entry in example_model.stations.values()}
    page = browser.new_page()
    page.goto(served_site)
    first = page.evaluate(FIRST_RESULTS, list(wanted))
    page.close()
    assert {q: url for q, url in first.items() if url != wanted[q]} == {}
    assert len(wanted) == len(example_model.deputies) + len(example_model.stations)


def test_a_deputy_result_reads_as_a_summary_not_as_index_pieces(served_site: str, browser, example_model) -> None:
    entry = example_model.deputies["chen-lihua"]
    deputy = entry.deputy
    context = phone(browser)
    page = context.new_page()
    results = search(page, served_site, deputy.name)
    excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
    context.close()
    assert results[0]["href"] == "/d/chen-lihua/"
    # the home station too, so that namesakes differ in the results
    assert excerpt == f"区人大代表 · {deputy.constituency} · {entry.home.station.name}"


def test_search_finds_a_station_by_community_name(served_site: str, browser) -> None:
    context = phone(browser)
    results = search(context.new_page(), served_site, "杏花社区")
    context.close()
    assert results[0]["href"] == "/s/xinghua/"
    assert results[0]["tags"] == [kind("kind_station")]


def test_search_finds_a_case_by_keyword_with_a_link_to_the_case(served_site: str, browser, example_model) -> None:
    context = phone(browser)
    results = search(context.new_page(), served_site, "路灯")
    context.close()
    cases = [r for r in results if r["tags"] == [kind("kind_case")]]
    assert cases, results
    expected = {
        f"/s/{station.id}/cases/{case.received.year}/#case-{case.id}"
        for station in example_model.stations.values()
        for case in station.cases
        if "路灯" in case.summary
    }
    found = {sub for r in cases for sub in r["subs"]}
    assert expected and expected <= found
    # each case is found once, on the page of its year, not again on the overview, station and deputy pages
    assert all(re.search(r"/cases/\d{4}/$", r["href"]) for r in results if "#case-" in "".join(r["subs"]))


def test_search_dialog_with_results_passes_axe(served_site: str, browser) -> None:
    for large in (False, True):
        context = phone(browser, large=large)
        page = context.new_page()
        search(page, served_site, "杏花社区")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"search-{'large' if large else 'normal'}.png")
        results = Axe().run(page)
        context.close()
        assert serious(results) == []


def test_without_javascript_the_page_reads_and_offers_no_dead_controls(served_site: str, browser) -> None:
    context = phone(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "s/liutang/")
    assert page.locator(".lz-page h1").is_visible()
    assert not page.locator("[data-lz-search-open]").is_visible()
    assert not page.locator("[data-lz-large-text]").is_visible()
    context.close()


def transferred(body: bytes, content_type: str) -> int:
    """Bytes on the wire from a server that gzips text (level 6, as nginx and most servers do)."""
    return len(gzip.compress(body, 6)) if content_type.startswith(TEXT_TYPES) else len(body)


def test_station_page_first_view_fits_the_weight_budget(served_site: str, browser) -> None:
    context = phone(browser)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(served_site + "s/liutang/", wait_until="networkidle")
    sizes = {r.url: transferred(r.body(), r.headers.get("content-type", "")) for r in responses}
    context.close()
    total = sum(sizes.values())
    print(f"\nstation page first view: {total / 1024:.1f} KB gzip in {len(sizes)} responses")
    print(json.dumps({urlsplit(u).path: s for u, s in sorted(sizes.items())}, indent=1))
    assert not any("/pagefind/" in u for u in sizes), "search loads only when opened"
    assert total <= WEIGHT_BUDGET


def test_a_station_of_thirty_photographed_deputies_fits_the_budget_on_a_phone(tmp_path: Path, browser) -> None:
    data = write_crowded_region(tmp_path / "data", deputies=30)
    assert add_photos(data) == 30
    project = make_project(tmp_path / "project", stations=data)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    with contextmanager(serve)(project / "site") as site:
        context = phone(browser)
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(site + "s/zd/", wait_until="networkidle")
        sizes = {r.url: transferred(r.body(), r.headers.get("content-type", "")) for r in responses}
        shown = page.evaluate(
            """() => [...document.images].filter(i => i.complete && i.naturalWidth)
                 .map(i => [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width])"""
        )
        context.close()
    total = sum(sizes.values())
    images = [u for u in sizes if "/media/" in u]
    print(f"\n30 photographed deputies, first view: {total / 1024:.1f} KB gzip, {len(images)} images")
    assert images, "the photos in the first screen load"
    assert total <= WEIGHT_BUDGET, f"{total / 1024:.1f} KB"
    for source, natural, displayed in shown:
        if "/media/" in source:
            assert natural <= 2 * displayed * PHONE["device_scale_factor"], (source, natural, displayed)
