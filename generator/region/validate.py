"""One entry point for "is this region's data good?": load, type-check, lint, link.

Returns the linked `RegionModel` or raises `DataError` with every problem found,
so no caller can build anything from data that did not pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from generator.data.load import load_region
from generator.data.sourcecache import SourceCache
from generator.problems import DataError, Problem
from generator.region.assemble import RegionModel, assemble
from generator.region.lint import lint, placeholders
from generator.region.records import record_warnings


def validate_region(
    data_dir: Path,
    project_dir: Path,
    today: dt.date,
    overlay: Mapping[Path, bytes] | None = None,
    *,
    cache: Path | None = None,
) -> RegionModel:
    """The linked model, or DataError; `overlay` validates texts about to be written (see `files.DataTree`).

    With `cache` (a folder: a build's), files parsed by an earlier build are not parsed again, and what
    the checks work out from one file alone is kept with it (`data/sourcecache.py`), written once the
    region passed.
    """
    sources = SourceCache(cache)
    docs = load_region(data_dir, project_dir, overlay, sources=sources)
    warnings: list[Problem] = []
    problems = lint(docs, data_dir, today, warnings)
    if problems:
        raise DataError(problems)
    model = assemble(docs, data_dir, today)
    model.warnings += warnings + placeholders(docs) + record_warnings(docs, model)
    sources.write()
    return model
