"""The code cache and the process pool: real builds and real processes, codes read back with zxing-cpp.

What a clerk must never notice: a build that reuses codes (or finds the cache
damaged, or has none) publishes exactly the bytes a first build does, and every
code still leads to its page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.render.codecache import CACHE_DIR, POOL_MIN_CODES, entry_path, make_codes, make_in_pool
from generator.render.codes import make_code
from generator.site.output import FILES
from tests.conftest import Build, make_project, run_build
from tests.minimal import write_region
from tests.render.test_codes import SITE_URL, decode_png, decode_svg

SYLLABLES = [
    "an",
    "bai",
    "chen",
    "dong",
    "feng",
    "gao",
    "hua",
    "jiang",
    "kang",
    "lin",
    "ming",
    "ning",
    "qing",
    "rong",
    "shan",
    "tian",
    "wen",
    "xia",
    "yang",
    "zhou",
]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _outputs(build: Build) -> dict[str, bytes]:
    """Everything a build publishes or hands to MkDocs: the docs tree, the files beside it and the site."""
    made = {
        f"{tree}/{path}": data
        for tree in ("docs", "files")
        for path, data in _files(build.project / "build" / tree).items()
    }
    return made | {f"site/{path}": data for path, data in _files(build.site).items()}


def _rebuild(build: Build) -> Build:
    result = run_build(build.project)
    assert result.returncode == 0, result.stderr
    return Build(build.project, result)


def _city_like_urls(count: int) -> dict[str, str]:
    """Deputy and activity addresses shaped like a city's (pinyin ids, dated activity ids)."""
    pages = {}
    for n in range(count):
        name = SYLLABLES[n % 20] + SYLLABLES[n // 20 % 20] + SYLLABLES[n // 400 % 20]
        page = f"d/{name}/" if n % 3 else f"a/{name}/2026-{n % 12 + 1:02d}-reception/"
        pages[page] = f"{SITE_URL}/{page}"
    return pages


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict[str, bytes]]:
    """The example built once with no cache, and what it published."""
    project = make_project(tmp_path_factory.mktemp("cached"), warm=False)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    build = Build(project, result)
    return build, _outputs(build)


def _entries(build: Build) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (build.project / CACHE_DIR).iterdir()}


def test_cold_build_fills_the_cache_with_one_entry_per_code(cold: tuple[Build, dict[str, bytes]]) -> None:
    build, outputs = cold
    codes = [path for path in outputs if path.startswith("site/") and path.endswith("/code.png")]
    assert len(_entries(build)) == len(codes)


def test_warm_build_reuses_every_code_and_publishes_the_same_bytes(cold: tuple[Build, dict[str, bytes]]) -> None:
    build, outputs = cold
    before = _entries(build)
    warm = _rebuild(build)
    assert _entries(warm) == before, "no entry made again"
    again = _outputs(warm)
    assert sorted(again) == sorted(outputs)
    assert [path for path in outputs if again[path] != outputs[path]] == []
    # a cached code keeps its version (the round trip is checked below), so dense codes are reported alike
    notes = [[line for line in b.result.stderr.splitlines() if "site_url" in line] for b in (build, warm)]
    assert notes[0] == notes[1]


def test_damaged_cache_entries_are_made_again_never_published(cold: tuple[Build, dict[str, bytes]]) -> None:
    build, outputs = cold
    entries = sorted((build.project / CACHE_DIR).iterdir())
    truncated, garbage, empty, flipped = entries[:4]
    truncated.write_bytes(truncated.read_bytes()[:100])
    garbage.write_bytes(b"\x89PNG not a cache entry at all" * 50)
    empty.write_bytes(b"")
    data = bytearray(flipped.read_bytes())
    data[-1] ^= 0xFF
    flipped.write_bytes(bytes(data))
    shutil.rmtree(build.site)  # the site in place is still right (an unchanged build is skipped): build it anew
    shutil.rmtree(build.project / FILES)  # and the codes' files, which the memo would keep: the cache is read
    damaged = _rebuild(build)
    again = _outputs(damaged)
    assert sorted(again) == sorted(outputs)
    assert [path for path in outputs if again[path] != outputs[path]] == []
    assert all(len(entry.read_bytes()) > 100 for entry in (truncated, garbage, empty, flipped)), "entries remade"


def test_a_new_site_address_makes_new_codes_that_lead_there(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    assert run_build(project).returncode == 0
    old_entries = set((project / CACHE_DIR).iterdir())
    config = project / "mkdocs.yml"
    new_url = "https://rd.xinghe.example.cn"
    config.write_text(
        re.sub(r"(?m)^site_url:.*$", f"site_url: {new_url}/", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert decode_png((site / "s/zd/code.png").read_bytes()) == [f"{new_url}/s/zd/"]
    assert decode_svg((site / "s/zd/code.svg").read_text()) == [f"{new_url}/s/zd/"]
    assert old_entries < set((project / CACHE_DIR).iterdir()), "codes of the old address kept, new ones added"


def test_pool_makes_the_same_codes_in_the_same_order_as_one_process(tmp_path: Path) -> None:
    urls = _city_like_urls(POOL_MIN_CODES + 50)
    alone = [make_code(page, url) for page, url in urls.items()]
    assert make_in_pool(list(urls.items()), workers=2) == alone
    cached = make_codes(urls, tmp_path / "cache", workers=2)
    assert list(cached) == list(urls) and list(cached.values()) == alone
    for code in alone[::25]:
        assert decode_png(code.png) == [code.url]
        assert decode_svg(code.svg.decode()) == [code.url]


def test_a_cache_hit_is_served_without_encoding(tmp_path: Path) -> None:
    """An entry is trusted as it stands: planting another address's code under a key shows it is not re-encoded."""
    cache = tmp_path / "cache"
    one, other = f"{SITE_URL}/s/one/", f"{SITE_URL}/s/other/"
    make_codes({"s/other/": other}, cache)
    entry_path(cache, other).rename(entry_path(cache, one))
    served = make_codes({"s/one/": one}, cache)["s/one/"]
    assert decode_png(served.png) == [other]
