"""The Pagefind index written by the build: what it covers, and a failing indexer keeps the old site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2
import pytest
from bs4 import BeautifulSoup

from generator.site.search import KEPT, KEPT_STATE, _collided
from generator.strings.messages import ERR
from generator.strings.site import SEARCH_KIND_KEY, UI
from tests.conftest import Build, assert_same_trees, copy_sources, run_build
from tests.site.test_build import build_minimal


def indexed_pages(site: Path) -> dict[str, BeautifulSoup]:
    pages = {}
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one("[data-pagefind-body]"):
            pages[html.relative_to(site).as_posix()] = soup
    return pages


def test_index_holds_the_content_pages_in_one_chinese_index(example: Build, example_model) -> None:
    entry = json.loads((example.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = indexed_pages(example.site)
    assert list(entry["languages"]) == ["zh"]
    assert entry["languages"]["zh"]["page_count"] == len(pages)
    kinds = {address: page.select_one("[data-pagefind-body]")["data-pagefind-meta"] for address, page in pages.items()}
    for station_id, station in example_model.stations.items():
        assert kinds[f"s/{station_id}/index.html"] == f"{SEARCH_KIND_KEY}:{UI['kind_station']}"
        for year in {case.received.year for case in station.cases}:
            assert kinds[f"s/{station_id}/cases/{year}/index.html"] == f"{SEARCH_KIND_KEY}:{UI['kind_case']}"
        # the overview repeats the newest cases: left out, so that a case is found once
        assert f"s/{station_id}/cases/index.html" not in pages
    for deputy_id in example_model.deputies:
        assert kinds[f"d/{deputy_id}/index.html"] == f"{SEARCH_KIND_KEY}:{UI['kind_deputy']}"
    # lists that repeat every name would crowd the results: the home page and indexes are not searched
    for address in ("index.html", "s/index.html", "d/index.html", "print/index.html"):
        assert address not in pages
    for hub in example_model.hubs:
        assert {f"s/{hub.id}/deputies/index.html", f"s/{hub.id}/print/index.html"}.isdisjoint(pages)


def test_only_the_page_content_is_indexed(example: Build) -> None:
    for address, page in indexed_pages(example.site).items():
        body = page.select_one("[data-pagefind-body]")
        assert not body.select(".md-header, .md-nav, .md-footer, .md-tabs"), address
        for crumbs in body.select(".lz-crumbs"):
            assert crumbs.has_attr("data-pagefind-ignore"), address


def test_a_case_is_indexed_once_with_its_own_anchor(example: Build, example_model) -> None:
    station = next(s for s in example_model.stations.values() if any(c.deputy for c in s.cases))
    deputy = next(c.deputy for c in station.cases if c.deputy)
    headings = []
    for year in sorted({case.received.year for case in station.cases}, reverse=True):
        cases_page = example.page(f"s/{station.id}/cases/{year}/")
        headings += cases_page.select("[data-pagefind-body] article.lz-case:not([data-pagefind-ignore]) h3[id]")
    assert [h["id"] for h in headings] == [f"case-{c.id}" for c in station.cases]
    # the same cases shown on the overview, station and deputy pages are left out of the index
    overview = example.page(f"s/{station.id}/cases/")
    for page in (overview, example.page(f"s/{station.id}/"), example.page(f"d/{deputy}/")):
        assert all(a.has_attr("data-pagefind-ignore") for a in page.select("article.lz-case"))


def test_a_failing_indexer_stops_the_build_in_chinese_and_keeps_the_old_site(tmp_path: Path) -> None:
    build = build_minimal(tmp_path)
    assert build.result.returncode == 0, build.result.stderr
    assert (build.site / "pagefind" / "pagefind-entry.json").is_file()
    before = {p: p.read_bytes() for p in build.site.rglob("*") if p.is_file()}
    (build.project / "pagefind.yml").write_text("exclude_selectors: 5\n", encoding="utf-8")
    again = run_build(build.project)
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    prefix = ERR["search_failed"].split("（")[0]
    message = [line for line in again.stderr.splitlines() if line.startswith(prefix)]
    assert len(message) == 1, again.stderr
    assert "invalid type: integer `5`, expected a sequence" in message[0]  # Pagefind's own reason, quoted
    assert message[0].endswith("原有网站保持不变；请把这段提示发给网站维护人员")
    assert {p: p.read_bytes() for p in build.site.rglob("*") if p.is_file()} == before
    assert not list(build.project.glob(".site*"))


MARK = b"pagefind_dcd"  # what Pagefind puts before the content of every file it compresses


def replace_file(path: Path, data: bytes) -> None:
    """Another file under `path`'s name; the one there (a hard link into the site in place) is left as it was."""
    path.unlink()
    path.write_bytes(data)


def record(kept: Path, name: str, content: str | list[str]) -> None:
    """What the build that wrote a kept file recorded of it."""
    state = kept.parent / KEPT_STATE.name
    recorded = json.loads(state.read_bytes())
    recorded["seen"][name] = content
    state.write_text(json.dumps(recorded), encoding="utf-8")


def fragment_of_another_page(kept: Path) -> None:
    """A kept fragment that is another page's, as the build that wrote it recorded: so it is when a new fragment's
    short name is that of a kept fragment of another page (Pagefind does not write a file that is already there)."""
    first, second = sorted((kept / "fragment").iterdir())[:2]
    replace_file(first, second.read_bytes())
    record(kept, f"fragment/{first.name}", json.loads(gzip.decompress(first.read_bytes())[len(MARK) :])["url"])


def chunk_of_other_words(kept: Path) -> None:
    """A kept chunk of the word index that holds other words (here: only its last one), as recorded."""
    chunk = sorted((kept / "index").iterdir())[0]
    words, *rest = cbor2.loads(gzip.decompress(chunk.read_bytes())[len(MARK) :])
    assert len(words) > 1
    replace_file(chunk, gzip.compress(MARK + cbor2.dumps([words[-1:], *rest])))
    record(kept, f"index/{chunk.name}", [words[-1][0], words[-1][0]])


def interrupt(kept: Path) -> None:
    """A build stopped while Pagefind wrote: a fragment cut short, the state not marked complete."""
    fragment = sorted((kept / "fragment").iterdir())[0]
    replace_file(fragment, fragment.read_bytes()[:10])
    state = kept.parent / KEPT_STATE.name
    recorded = json.loads(state.read_bytes())
    assert recorded["complete"]
    state.write_text(json.dumps({**recorded, "complete": False}), encoding="utf-8")


def add_a_comment(project: Path) -> None:
    """An edit that changes no page: the build runs, Pagefind indexes the same pages."""
    station = sorted((project / "stations").rglob("station.yml"))[0]
    station.write_text(station.read_text(encoding="utf-8") + "# 新的一行注释\n", encoding="utf-8")


def test_a_rebuild_writes_no_fragment_of_an_unchanged_page_again(tmp_path: Path) -> None:
    build = build_minimal(tmp_path)
    assert build.result.returncode == 0, build.result.stderr
    files = {p.relative_to(build.site): p.stat().st_ino for p in (build.site / "pagefind").rglob("*.pf_*")}
    assert len(files) > 3
    add_a_comment(build.project)
    again = run_build(build.project)
    assert again.returncode == 0, again.stderr
    assert {p.relative_to(build.site): p.stat().st_ino for p in (build.site / "pagefind").rglob("*.pf_*")} == files


@pytest.mark.parametrize("damage", [fragment_of_another_page, chunk_of_other_words, interrupt])
def test_a_rebuild_never_publishes_a_kept_file_that_its_name_no_longer_stands_for(tmp_path: Path, damage) -> None:
    """A build after an edit starts from the last build's search bundle, and publishes what a build from
    nothing writes, byte for byte, even when a kept file is not what its name now stands for."""
    build = build_minimal(tmp_path / "kept")
    assert build.result.returncode == 0, build.result.stderr
    kept = build.project / KEPT
    damage(kept)
    add_a_comment(build.project)
    again = run_build(build.project)
    assert again.returncode == 0, again.stderr
    copy_sources(build.project, tmp_path / "cold")
    cold = run_build(tmp_path / "cold")
    assert cold.returncode == 0, cold.stderr
    assert_same_trees(build.site, tmp_path / "cold" / "site", damage.__name__)


def test_fragments_whose_names_collided_in_a_build_are_not_kept() -> None:
    """Pagefind lengthens all but one of the names that collide in a build, in the order it reads the pages, which
    another build may not keep: none of them is kept for the next build (a collision of seven hexadecimal digits
    cannot be planted in a real build here)."""
    fragments = [
        "fragment/zh_1a2b3c4.pf_fragment",
        "fragment/zh_1a2b3c4d.pf_fragment",
        "fragment/zh_1a2b3c4d9.pf_fragment",
        "fragment/zh_1a2b3c5.pf_fragment",
        "fragment/en_1a2b3c4.pf_fragment",
    ]
    assert _collided(fragments) == set(fragments[:3])
    assert _collided([fragments[0], fragments[3], fragments[4]]) == set()
