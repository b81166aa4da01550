"""The date a build is computed for: pages, schedules and scores depend on it, never on the clock directly."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Shanghai")


def build_date(value: str | None) -> dt.date:
    """The date pages are computed for: --today, else $BUILD_DATE, else today in China."""
    value = value or os.environ.get("BUILD_DATE")
    if value:
        return dt.date.fromisoformat(value)
    return dt.datetime.now(TIMEZONE).date()
