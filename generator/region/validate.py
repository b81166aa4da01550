"""One entry point for "is this region's data good?": load, type-check, lint, link.

Returns the linked `RegionModel` or raises `DataError` with every problem found,
so no caller can build anything from data that did not pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.data.load import load_region
from generator.problems import DataError
from generator.region.assemble import RegionModel, assemble
from generator.region.lint import lint


def validate_region(data_dir: Path, project_dir: Path, today: dt.date) -> RegionModel:
    docs = load_region(data_dir, project_dir)
    problems = lint(docs, data_dir, today)
    if problems:
        raise DataError(problems)
    return assemble(docs, data_dir, today)
