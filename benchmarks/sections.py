"""One section of `benchmarks/RESULTS.md` per benchmark, replaced in place by its latest run.

Each benchmark owns the section under its own `## ` heading; `make bench` owns the
rest. Writing a section leaves every other one as it was.
"""

from __future__ import annotations

from pathlib import Path


def write_section(results: Path, lines: list[str]) -> None:
    """Put `lines` (starting with their `## ` heading) in place of that section, or at the end."""
    heading = lines[0]
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    begin = text.find(heading)
    if begin >= 0:
        end = text.find("\n## ", begin + 1)
        text = text[:begin] + text[end + 1 :] if end >= 0 else text[:begin]
    results.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")
