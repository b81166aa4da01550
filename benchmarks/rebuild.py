"""What a rebuild costs against a cold build: `python -m benchmarks.rebuild --stations 100`.

Writes a synthetic region of that many stations into a fresh project and runs,
one after another, the builds a district meets: a cold build (empty caches), a
rebuild with nothing changed, a rebuild after one station's name was edited,
and the docs-tree generation alone after a second edit (what the build spends
before MkDocs, Pagefind and the self-contained check). Wall time, CPU time and
the peak memory of each are recorded in `benchmarks/RESULTS.md` under
"Rebuilds", with each as a fraction of the cold build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.run import Run, measure
from benchmarks.sections import write_section
from benchmarks.synthetic import CASES_PER_STATION, DEPUTIES_PER_STATION, Size, write_region
from tests.conftest import BUILD_DATE, copy_project

HERE = Path(__file__).resolve().parent


def rename_station(stations: Path, number: int) -> str:
    """Change the name of the `number`-th station (sorted by folder), as a clerk would; return its id."""
    folder = sorted(p for p in stations.iterdir() if (p / "station.yml").is_file())[number]
    station = folder / "station.yml"
    lines = station.read_text(encoding="utf-8").splitlines(keepends=True)
    renamed = [line.replace("name: ", "name: 新", 1) if line.startswith("name: ") else line for line in lines]
    station.write_text("".join(renamed), encoding="utf-8")
    return folder.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    command = [sys.executable, "-m", "generator", "--today", BUILD_DATE]
    runs: list[tuple[str, Run]] = []
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        written = write_region(project / "stations", Size(args.stations, DEPUTIES_PER_STATION, CASES_PER_STATION), 1)
        for label, edit, step in (
            ("cold build (empty caches)", None, "build"),
            ("rebuild, nothing changed", None, "build"),
            ("rebuild, one station renamed", 1, "build"),
            ("generation only (docs tree), another station renamed", 2, "generate"),
        ):
            if edit is not None:
                rename_station(project / "stations", edit)
            run = measure([*command, step], project)
            if run.returncode != 0:
                raise SystemExit(f"{label} failed:\n{run.output}")
            print(f"{label}: {run.wall} s, {run.peak_mb} MB", flush=True)
            runs.append((label, run))
    cold = runs[0][1].wall
    unchanged, edited, generated = (run.wall / cold for _, run in runs[1:])
    verdict = [
        f"Targets (issue: incremental builds): nothing changed ≤ 0.05 of cold — {'met' if unchanged <= 0.05 else 'not met'}"
        f" ({unchanged:.2f}: every input is fingerprinted and the build skipped); one station edited ≤ 0.10 —"
        f" {'met' if edited <= 0.10 else 'not met'} ({edited:.2f}): an edit still re-renders every page"
        f" (generation alone is {generated:.2f} of cold) and MkDocs and Pagefind rebuild the whole site.",
    ]
    rows = [
        "## Rebuilds",
        "",
        f"`python -m benchmarks.rebuild --stations {args.stations}`: {written.stations} stations,"
        f" {written.deputies} deputies, {written.cases} cases; the builds in this order in one project.",
        "",
        "| run | wall | CPU | peak | of cold |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[
            f"| {label} | {run.wall:.1f} s | {run.cpu:.1f} s | {run.peak_mb:.0f} MB | {run.wall / cold:.2f} |"
            for label, run in runs
        ],
        "",
        *verdict,
        "",
    ]
    write_section(args.results, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
