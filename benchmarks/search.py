"""What search costs, and what each way of making it lighter would save: `python -m benchmarks.search`.

Builds a synthetic region once, then indexes copies of its site with Pagefind
as they are and with less of them indexed, measuring for each: Pagefind's
time and peak memory, the index's size, and the bytes a phone moves for a first
query (the real search box in Chromium, three queries from the region). The
lighter modular UI is compared by the size of its code on the wire, since the
rest of a query (index chunks, fragments) is the same whichever UI asks.
Written to `benchmarks/RESULTS.md` under "Search at N stations".
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.probes import search_queries, search_transfer
from benchmarks.run import measure
from benchmarks.sections import write_section
from benchmarks.synthetic import CASES_PER_STATION, DEPUTIES_PER_STATION, Size, write_region
from generator.site.search import BUNDLE, pagefind_command
from tests.conftest import BUILD_DATE, copy_project, own_config

HERE = Path(__file__).resolve().parent
# What a deputy's page shows beyond the name: facts, sessions, activities, cases, the record.
DEPUTY_DETAILS = re.compile(r'<(dl class="lz-facts"|section class="lz-section")')


def deputies_by_name_only(site: Path) -> int:
    """Index of a deputy's page only the name and its one-line summary (the rest is ignored by Pagefind)."""
    changed = 0
    for page in (site / "d").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        edited = DEPUTY_DETAILS.sub(r"<\1 data-pagefind-ignore", html)
        if edited != html:
            page.write_text(edited, encoding="utf-8")
            changed += 1
    return changed


def unindex_activities(site: Path) -> int:
    """Index no activity page (`a/`): their titles stay on their stations' and deputies' pages."""
    changed = 0
    for page in (site / "a").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace(" data-pagefind-body ", " "), encoding="utf-8")
        changed += 1
    return changed


VARIANTS: list[tuple[str, Callable[[Path], int] | None]] = [
    ("as built", None),
    ("deputies' pages by name only", deputies_by_name_only),
    ("activity pages not indexed", unindex_activities),
]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def ui_code(bundle: Path, files: list[str]) -> float:
    """KB of a UI's script and stylesheet on the wire (gzipped, as a server sends text)."""
    return round(sum(len(gzip.compress((bundle / name).read_bytes(), 6)) for name in files) / 1024, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        written = write_region(project / "stations", Size(args.stations, DEPUTIES_PER_STATION, CASES_PER_STATION), 1)
        own_config(project)  # the district's own name and address: the example's are refused over its data
        built = measure([sys.executable, "-m", "generator", "--today", BUILD_DATE, "build"], project)
        if built.returncode != 0:
            raise SystemExit(f"build failed:\n{built.output}")
        queries = search_queries(project / "stations")
        pages = sum(1 for _ in (project / "site").rglob("*.html"))
        for label, change in VARIANTS:
            site = Path(scratch) / "variant"
            shutil.copytree(project / "site", site, ignore=shutil.ignore_patterns(BUNDLE))
            changed = change(site) if change else 0
            run = measure(pagefind_command(site), project)
            if run.returncode != 0:
                raise SystemExit(f"pagefind failed on {label}:\n{run.output}")
            bundle = site / BUNDLE
            meta = sum(p.stat().st_size for p in bundle.glob("*.pf_meta"))
            searched = search_transfer(site, queries)
            worst = max(searched.values(), key=lambda s: s["kb"])
            print(f"{label}: {run.wall} s, {run.peak_mb} MB, {searched}", flush=True)
            rows.append(
                f"| {label} | {changed} | {run.wall:.1f} s | {run.peak_mb:.0f} MB |"
                f" {folder_bytes(bundle) / 2**20:.1f} MB | {meta / 1024:.0f} KB |"
                f" {' / '.join(str(searched[q]['kb']) for q in queries)} | {worst['kb']} |"
            )
            if label == "as built":
                default_ui = ui_code(bundle, ["pagefind-ui.js", "pagefind-ui.css"])
                modular_ui = ui_code(bundle, ["pagefind-modular-ui.js", "pagefind-modular-ui.css"])
            shutil.rmtree(site)
    section = [
        f"## Search at {args.stations} stations",
        "",
        f"`python -m benchmarks.search --stations {args.stations}` (`make bench-search`): {written.stations}"
        f" stations, {written.deputies} deputies, {written.cases} cases, {pages} HTML files; the built site"
        " indexed again by Pagefind for each variant. Pages changed: how many pages the variant edits before"
        " indexing. First query: KB a fresh phone moves from opening the search box to the results shown"
        f" (gzipped text), for the queries {' / '.join(queries)}.",
        "",
        "| index | pages changed | Pagefind wall | Pagefind peak | index size | page metadata | first query KB | largest |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
        *rows,
        "",
        f"UI code on the wire, part of every first query above: the default UI {default_ui} KB, the modular UI"
        f" {modular_ui} KB (gzipped script and stylesheet); the rest (Pagefind's `pagefind.js`, worker and"
        " WebAssembly, the metadata, index chunks and fragments) is the same whichever UI asks.",
        "",
    ]
    write_section(args.results, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
