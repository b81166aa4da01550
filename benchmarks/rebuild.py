"""What a rebuild costs against a cold build: `python -m benchmarks.rebuild --stations 100`.

Writes a synthetic region of that many stations into a fresh project and runs,
one after another, the builds a district meets: a cold build (empty caches), a
rebuild with nothing changed, a rebuild after one station's name was edited,
and the docs-tree generation alone after a second edit (what the build spends
before MkDocs, Pagefind and the self-contained check). Wall time, CPU time,
the peak memory and the phases of each (`build/.cache/build-phases.json`),
and a profile of generation after a third edit, are recorded in `benchmarks/RESULTS.md` under
"Rebuilds at N stations", with each as a fraction of the cold build; last, how long a fourth station's
edit takes to show under `make serve`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.probes import serve_latency
from benchmarks.run import Run, measure, measure_baseline, summarise
from benchmarks.sections import write_section
from benchmarks.synthetic import CASES_PER_STATION, DEPUTIES_PER_STATION, Size, write_region
from generator.render.pages import compile_templates
from generator.site.build import PHASES, generate_docs
from generator.site.preview import keep_between_edits
from tests.conftest import BUILD_DATE, copy_project, own_config

HERE = Path(__file__).resolve().parent


def station_folders(stations: Path) -> list[Path]:
    return sorted(p for p in stations.iterdir() if (p / "station.yml").is_file())


def rename_station(stations: Path, number: int) -> str:
    """Change the name of the `number`-th station (sorted by folder), as a clerk would; return its id."""
    folder = station_folders(stations)[number]
    station = folder / "station.yml"
    lines = station.read_text(encoding="utf-8").splitlines(keepends=True)
    renamed = [line.replace("name: ", "name: 新", 1) if line.startswith("name: ") else line for line in lines]
    station.write_text("".join(renamed), encoding="utf-8")
    return folder.name


def warm_generation(project: Path) -> dict[str, float]:
    """A generation after a fifth station's rename in a process that has generated before, as the preview's kept
    child does on each save: its seconds and how many files it rendered."""
    config = project / "mkdocs.yml"
    today = dt.date.fromisoformat(BUILD_DATE)
    keep_between_edits()  # as the preview's child: unchanged files not parsed again, events serialised once
    generate_docs(project / "stations", config, today)  # packages read, the memo current
    compile_templates(project / "overrides" / "pages")  # as the preview's child does after each generation
    rename_station(project / "stations", 5)
    gc.collect()  # as the preview's child: garbage collected between edits, the collector off during one
    gc.disable()
    try:
        started = time.perf_counter()
        made = generate_docs(project / "stations", config, today)
        seconds = time.perf_counter() - started
    finally:
        gc.enable()
    return {"seconds": seconds, "rendered": len(made.rendered)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    command = [sys.executable, "-m", "generator", "--today", BUILD_DATE]
    runs: list[tuple[str, Run, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        phases_file = project / PHASES
        written = write_region(project / "stations", Size(args.stations, DEPUTIES_PER_STATION, CASES_PER_STATION), 1)
        own_config(project)  # the district's own name and address: the example's are refused over its data
        for label, edit, step in (
            ("cold build (empty caches)", None, "build"),
            ("rebuild, nothing changed", None, "build"),
            ("rebuild, one station renamed", 1, "build"),
            ("generation only (docs tree), another station renamed", 2, "generate"),
        ):
            if edit is not None:
                rename_station(project / "stations", edit)
            phases_file.unlink(missing_ok=True)
            run = measure([*command, step], project)
            if run.returncode != 0:
                raise SystemExit(f"{label} failed:\n{run.output}")
            phases = json.loads(phases_file.read_text(encoding="utf-8")) if phases_file.exists() else {}
            print(f"{label}: {run.wall} s, {run.peak_mb} MB, {phases}", flush=True)
            runs.append((label, run, phases))
            if edit is None and step == "build" and len(runs) == 1:  # right after the cold build, on its pages
                baseline = measure_baseline(project, Path(scratch) / "baseline")
                print(f"MkDocs + Pagefind alone: {baseline.wall} s, {baseline.peak_mb} MB", flush=True)
        rename_station(project / "stations", 3)
        profile = Path(scratch) / "generate.prof"
        profiled = [sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:], "generate"]
        subprocess.run(profiled, cwd=project, check=True, capture_output=True)
        where = summarise(profile, "generate_pages")
        serve = serve_latency(project, station_folders(project / "stations")[4].name, BUILD_DATE)  # renames it
        warm = warm_generation(project)
    cold = runs[0][1].wall
    unchanged, edited, generated = (run.wall / cold for _, run, _ in runs[1:])
    edit_phases = runs[2][2]
    verdict = [
        f"Targets (issue: incremental builds): nothing changed ≤ 0.05 of cold — {'met' if unchanged <= 0.05 else 'not met'}"
        f" ({unchanged:.2f}: every input is fingerprinted and the build skipped); one station edited ≤ 0.10 —"
        f" {'met' if edited <= 0.10 else 'not met'} ({edited:.2f}). MkDocs renders only the pages whose source"
        f" changed and the offline check reads only files it has not passed; generation renders only files whose"
        f" view changed, but still validates the whole region and makes every view"
        f" ({edit_phases.get('generate', 0):.1f} s of the edit's {runs[2][1].wall:.1f} s; alone, as a command,"
        f" {generated:.2f} of cold; in a warm process, as the preview's child, {warm['seconds']:.2f} s, rendering"
        f" {warm['rendered']} files), and Pagefind reads and indexes the whole site again, compressing and writing"
        f" only the files of its bundle that changed ({edit_phases.get('search index', 0):.1f} s). It has no"
        f" incremental mode: its phase alone is {edit_phases.get('search index', 0) / cold:.2f} of the cold build,"
        " so while the whole site is indexed again no speed-up of generation brings an edit to 0.10.",
    ]
    rows = [
        f"## Rebuilds at {args.stations} stations",
        "",
        f"`python -m benchmarks.rebuild --stations {args.stations}` (`make bench-rebuild REBUILD_STATIONS={args.stations}`):"
        f" {written.stations} stations, {written.deputies} deputies, {written.cases} cases; the builds in this"
        " order in one project. Phases: wall seconds of each step of the build (generation of the docs tree,"
        " MkDocs, Pagefind, the offline check). Peak: the memory of the whole process tree, shared pages counted"
        " once (PSS), sampled every 0.1 s.",
        "",
        "| run | wall | CPU | peak | of cold | phases |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        f"| MkDocs + Pagefind alone on the cold build's pages | {baseline.wall:.1f} s | {baseline.cpu:.1f} s |"
        f" {baseline.peak_mb:.0f} MB | {baseline.wall / cold:.2f} | cold build / this: {cold / baseline.wall:.2f}"
        f" (CPU {runs[0][1].cpu / baseline.cpu:.2f}) |",
        *[
            f"| {label} | {run.wall:.1f} s | {run.cpu:.1f} s | {run.peak_mb:.0f} MB | {run.wall / cold:.2f} |"
            f" {', '.join(f'{name} {seconds:.1f} s' for name, seconds in phases.items()) or '—'} |"
            for label, run, phases in runs
        ],
        "",
        *verdict,
        "",
        f"Under `make serve` after these builds (`mkdocs serve --dirty`, on the builds' date): the first page served after"
        f" {serve['first_serve_s']:.1f} s; a fourth station's name saved in its `station.yml` showed on its page"
        f" {serve['edit_visible_s']:.1f} s later. Each save generates in a child kept between edits: files saved"
        " with the same bytes are not parsed again, the region-wide rules run and every view is made, and only"
        " files whose view changed are rendered; MkDocs then renders only the pages whose source changed."
        " A preview starts from the pages the last build rendered, and renders only those whose source changed.",
        "",
        "### Where an edit's generation goes",
        "",
        "cProfile of `generate` after a third station was renamed (pages and placards are rendered in forked"
        " workers, which the profile shows as time waiting for their results):",
        "",
        where,
        "",
    ]
    write_section(args.results, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
