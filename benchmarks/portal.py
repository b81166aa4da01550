"""A synthetic province split into districts, and the portal over them: `python -m benchmarks.portal`.

`--districts 6 --stations 20` writes that many synthetic districts (each its own
name and address), builds each one (wall time and peak memory of its whole
process tree), then all of them again with 1, 2 and N builds at once (processes
started with concurrent.futures, each a `python -m generator build`, caches
cleared before each round so every round does the same work), then the portal
from their built folders. Search is measured both ways the issue names, from a
fresh phone in Chromium, bytes on the wire (text gzipped as a server would) from
opening the search to the first query's results:

- merge: the portal's own small index plus each district's index merged in the
  browser (Pagefind's mergeIndex), what `python -m generator portal` builds;
- combined: one index over the portal and every district's site, built by
  Pagefind over the whole published tree (the alternative: its build time and
  peak are measured too).

The results go to `benchmarks/RESULTS.md` under "Portal". Everything is invented.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.probes import PHONE, _transferred
from benchmarks.run import Run, measure
from benchmarks.sections import write_section
from benchmarks.synthetic import BUILD_DATE, Size
from generator.site.printing import CHROMIUM_ARGS, find_chromium
from generator.site.search import pagefind_binary
from tests.conftest import _QuietHandler
from tests.federation import District, write_district, write_portal

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.2"
STEMS = "甲乙丙丁戊己庚辛壬癸"
SHAPES = "山水川原林岭河湾塘峰"
HEADING = "## Portal"
NOTES = "<!-- notes -->"  # what follows in the section is hand-written and kept


def district_names(count: int) -> list[tuple[str, str]]:
    """`count` distinct (key, name) pairs: d01 甲山区, d02 乙山区, …"""
    pairs = [(f"{stem}{shape}区") for shape in SHAPES for stem in STEMS]
    if count > len(pairs):
        raise SystemExit(f"at most {len(pairs)} districts")
    return [(f"d{n + 1:02d}", pairs[n]) for n in range(count)]


def _build(project: Path) -> Run:
    return measure([sys.executable, "-m", "generator", "--today", BUILD_DATE.isoformat(), "build"], project)


def _clean(project: Path) -> None:
    for folder in ("build", "site"):
        shutil.rmtree(project / folder, ignore_errors=True)


def build_round(districts: list[District], workers: int) -> tuple[float, list[Run]]:
    """Every district built from scratch, `workers` at a time: the round's wall time and each build."""
    for d in districts:
        _clean(d.project)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(_build, [d.project for d in districts]))
    return time.perf_counter() - start, runs


def first_query(page_url: str, query: str) -> dict[str, float]:
    """Bytes and requests from opening the search on `page_url` (a fresh phone) to the query's results shown."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(page_url, wait_until="networkidle")
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.locator("[data-lz-search-open]").click()
        page.locator("#lz-search-ui input").fill(query)
        page.wait_for_function(
            """(q) => [...document.querySelectorAll('.pagefind-ui__result-title')].some(t => t.textContent.includes(q))""",
            arg=query,
            timeout=300_000,
        )
        page.wait_for_load_state("networkidle")
        sizes = [_transferred(r.body(), r.headers.get("content-type", "")) for r in responses]
        context.close()
        browser.close()
    return {"kb": round(sum(sizes) / 1024, 1), "requests": len(sizes)}


def combined_tree(portal_site: Path, districts: list[District], target: Path) -> Path:
    """The published tree of the other design: the portal at the root, each district below, one index for all."""
    shutil.copytree(portal_site, target)
    shutil.rmtree(target / "pagefind")
    for d in districts:
        shutil.copytree(d.site, target / d.key)
        shutil.rmtree(target / d.key / "pagefind")
    for page in target.glob("*/index.html"):  # the portal's pages search the one index only
        _no_merge(page)
    _no_merge(target / "index.html")
    return target


def _no_merge(page: Path) -> None:
    text = page.read_text(encoding="utf-8")

    def cleared(match: re.Match[str]) -> str:
        options = json.loads(match.group(2))
        return match.group(1) + json.dumps({**options, "mergeIndex": []}) + match.group(3)

    page.write_text(re.sub(r'(id="lz-search-options">)(.*?)(</script>)', cleared, text), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=6)
    parser.add_argument("--stations", type=int, default=20, help="stations per district")
    parser.add_argument("--deputies", type=float, default=22.0, help="deputies per station, on average")
    parser.add_argument("--cases", type=float, default=30.0, help="cases per station, on average")
    parser.add_argument("--parallel", default="1 2 N", help="how many builds at once, N: all")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--work", type=Path, help="keep the districts here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    web = work / "web"
    web.mkdir(parents=True)
    server = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(_QuietHandler, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://{HOST}:{server.server_address[1]}/"
    size = Size(args.stations, args.deputies, args.cases)
    districts = []
    for n, (key, name) in enumerate(district_names(args.districts)):
        url = f"{address}{key}/"
        districts.append(District(key, name, url, write_district(work / "districts" / key, name, url, size, 100 + n)))
        (web / key).symlink_to(work / "districts" / key / "site")
    rounds: dict[str, float] = {}
    per_district: list[Run] = []
    for word in args.parallel.split():
        workers = len(districts) if word == "N" else int(word)
        wall, runs = build_round(districts, workers)
        failed = [r.output for r in runs if r.returncode]
        if failed:
            print(failed[0], file=sys.stderr)
            return 1
        rounds[f"{workers} at once"] = round(wall, 1)
        per_district = per_district or runs
        print(f"{workers} at once: {wall:.1f} s", flush=True)
    portal = write_portal(work / "portal", districts, f"{address}portal/", local=False)  # over HTTP
    portal_run = measure([sys.executable, "-m", "generator", "--today", BUILD_DATE.isoformat(), "portal"], portal)
    if portal_run.returncode:
        print(portal_run.output, file=sys.stderr)
        return 1
    (web / "portal").symlink_to(portal / "site")
    combined = combined_tree(portal / "site", districts, work / "combined")
    pagefind = [
        str(pagefind_binary()),
        "--site",
        str(combined),
        "--output-subdir",
        "pagefind",
        "--force-language",
        "zh",
    ]
    combined_run = measure([*pagefind, "--quiet"], work)
    (web / "combined").symlink_to(combined)
    last = json.loads((districts[-1].site / "data" / "deputies.json").read_text(encoding="utf-8"))["records"]
    query = last[-1]["name"]
    merge = first_query(f"{address}portal/", query)
    one = first_query(f"{address}combined/", query)
    server.shutdown()
    stations = sum(json.loads((d.site / "lz-site.json").read_text(encoding="utf-8"))["stations"] for d in districts)
    deputies = sum(
        len({r["id"] for r in json.loads((d.site / "data" / "deputies.json").read_text("utf-8"))["records"]})
        for d in districts
    )
    index_mb = sum(f.stat().st_size for d in districts for f in (d.site / "pagefind").rglob("*") if f.is_file())
    table = [
        HEADING,
        "",
        f"`python -m benchmarks.portal --districts {args.districts} --stations {args.stations}` ({os.cpu_count()} cores, "
        f"shared): a synthetic province of {args.districts} districts × {args.stations} stations ({stations} stations, "
        f"{deputies:,} deputies, about {args.cases:g} cases a station; invented). Each district built from scratch "
        "(`build/` and `site/` removed); peak is the summed resident memory of the build's process tree.",
        "",
        "| district | wall | CPU | peak |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| {d.name} ({d.key}) | {r.wall:.1f} s | {r.cpu:.1f} s | {r.peak_mb:.0f} MB |"
            for d, r in zip(districts, per_district, strict=True)
        ],
        "",
        "| all districts built | wall |",
        "| --- | ---: |",
        *[f"| {label} | {wall:.1f} s |" for label, wall in rounds.items()],
        "",
        "| portal | wall | peak | first search (query: a deputy of the last district) |",
        "| --- | ---: | ---: | --- |",
        f"| `portal`, search merged from the districts' indexes (mergeIndex) | {portal_run.wall:.1f} s | "
        f"{portal_run.peak_mb:.0f} MB | {merge['kb']} KB in {merge['requests']} requests |",
        f"| one index over the portal and every district (Pagefind over the whole tree) | "
        f"+{combined_run.wall:.1f} s | {combined_run.peak_mb:.0f} MB | {one['kb']} KB in {one['requests']} requests |",
        "",
        f"The districts' own indexes hold {index_mb / 2**20:.1f} MB together; the portal read every district "
        "over HTTP from a local server (the intranet case), the browser searched them on the same server.",
        "",
    ]
    text = args.results.read_text(encoding="utf-8") if args.results.exists() else ""
    start = text.find(HEADING + "\n")
    if start >= 0:  # the hand-written notes below the figures are kept
        end = text.find("\n## ", start + 1)
        section = text[start : end if end >= 0 else len(text)]
        marker = section.find(NOTES)
        if marker >= 0:
            table += [*section[marker:].rstrip("\n").splitlines(), ""]
    write_section(args.results, table)
    print("\n".join(table))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
