"""Bounded work: the worst inputs of up to the size limit, each timed and measured through `validate`.

`python -m benchmarks.hostile` writes the small crafted region of the tests with
one file replaced by each input in turn, runs the real command in a child
process and records its wall time and peak memory (the child's maximum
resident set, from `getrusage`) into `benchmarks/RESULTS.md` under "Hostile
inputs". Figures, not assertions: the tests check that each input is refused
with a message, never how fast.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sections import write_section
from generator.data.files import MAX_DATA_BYTES
from tests.conftest import BUILD_DATE, make_project
from tests.minimal import write_region

HERE = Path(__file__).resolve().parent
LIMIT = MAX_DATA_BYTES - 1024  # just under the limit: the file is read and parsed, not refused for its size


def fill(head: str, unit: str, tail: str = "") -> str:
    """`head`, then `unit` as many times as fits under the limit, then `tail`."""
    room = LIMIT - len((head + tail).encode())
    return head + unit * (room // len(unit.encode())) + tail


INPUTS: dict[str, tuple[str, str]] = {
    "2 MB file of one-item records (every item a type error)": (
        "zd/deputies.yml",
        fill("deputies:\n", "  - x\n"),
    ),
    "2 MB mapping of unknown keys": (
        "zd/station.yml",
        "".join(f"k{i}: v\n" for i in range(LIMIT // 12)),
    ),
    "2 MB of digits and separators (no finding)": (
        "zd/cases-2026.yml",
        fill(
            "year: 2026\ncases:\n  - id: x\n    received: 2026-01-01\n    channel: 来访\n    category: a\n    summary: ",
            "1 3-8.",
            "\n    status: 受理\n",
        ),
    ),
    "2 MB single line of text in a summary": (
        "zd/cases-2026.yml",
        fill(
            "year: 2026\ncases:\n  - id: x\n    received: 2026-01-01\n    channel: 来访\n    category: a\n    summary: ",
            "路灯坏了",
            "\n    status: 受理\n",
        ),
    ),
    "2 MB of mobile numbers (every one a finding)": (
        "zd/cases-2026.yml",
        fill(
            "year: 2026\ncases:\n  - id: x\n    received: 2026-01-01\n    channel: 来访\n    category: a\n    summary: ",
            "138 1234 5678，",
            "\n    status: 受理\n",
        ),
    ),
    "2 MB of resident names written 张大爷 (every one a finding)": (
        "zd/cases-2026.yml",
        fill(
            "year: 2026\ncases:\n  - id: x\n    received: 2026-01-01\n    channel: 来访\n    category: a\n    summary: ",
            "张大爷说",
            "\n    status: 受理\n",
        ),
    ),
    "nesting 23 deep, repeated to 2 MB": (
        "zd/schedule.yml",
        fill("rules:\n", "  - " + "[" * 21 + "]" * 21 + "\n"),
    ),
    "billion laughs (9 levels of 10 aliases)": (
        "zd/schedule.yml",
        "a0: &a0 [lol]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)),
    ),
    "flow lists 1,000,000 deep (1 MB)": ("zd/schedule.yml", "rules: " + "[" * 500_000 + "]" * 500_000 + "\n"),
    "a file of 50 MB": ("zd/cases-2025.yml", "year: 2025\ncases: []\n" + "#" * 50_000_000),
}


def measure(project: Path, name: str, text: str) -> tuple[float, float, int, str]:
    """Wall seconds, peak MB and exit code of `validate` with `name` replaced by `text`; its first line.

    The child is reaped with `wait4`, whose resource usage is that child's alone.
    """
    (project / "stations" / name).write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "--today", BUILD_DATE, "validate"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", errors="replace").splitlines()
    return wall, usage.ru_maxrss / 1024, child.returncode, lines[0] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for label, (name, text) in INPUTS.items():
            project = make_project(
                Path(scratch) / str(len(rows)), stations=write_region(Path(scratch) / f"d{len(rows)}")
            )
            wall, peak, code, first = measure(project, name, text)
            rows.append((label, len(text.encode()), wall, peak, code, first))
            print(f"{label}: {wall:.2f} s, {peak:.0f} MB, exit {code}: {first[:90]}", flush=True)
    table = [
        "## Hostile inputs",
        "",
        f"`python -m benchmarks.hostile` ({os.cpu_count()} cores): `validate` on the small region with one file replaced.",
        "Peak is the child's largest resident set (wait4), Python and the libraries included.",
        "",
        "| input | bytes | wall | peak | exit | first line |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *[
            f"| {label} | {size:,} | {wall:.2f} s | {peak:.0f} MB | {code} | {first[:70]}… |"
            for label, size, wall, peak, code, first in rows
        ],
        "",
    ]
    write_section(args.results, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
