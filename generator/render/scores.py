"""What the completeness score says: each check's name, what is missing in sentences, the summary lines.

`region/score.py` finds the facts (which disclosures are absent, which deputies
have no photo, the date a schedule ends); the words for them are chosen here,
from `strings.site`, for the station pages, the score page and `report` alike.
"""

from __future__ import annotations

from generator.data.model import Station
from generator.region.formats import date_cn
from generator.region.score import CASES_DAYS, CHECKS, SCHEDULE_DAYS, Check, Gap, StationScore
from generator.strings.site import UI

DAYS = {"schedule_days": SCHEDULE_DAYS, "cases_days": CASES_DAYS}
DEPUTY_FIELD_WORDS = {"level": "score_level", "constituency": "constituency", "photo": "score_photo"}


def check_title(check: Check) -> str:
    """The check's name, as the station page and the score page list it."""
    return UI[f"check_{check.key}"].format(**DAYS)


def check_explanations() -> list[tuple[str, str]]:
    """(title, how it is judged) for each check, in order, for pages and the guide."""
    return [(UI[f"check_{key}"].format(**DAYS), UI[f"check_{key}_why"].format(**DAYS)) for key in CHECKS]


def gap_sentence(gap: Gap) -> str:
    """One thing missing, in the words a clerk reads."""
    facts = gap.values
    if gap.key == "disclosures":
        facts["items"] = "、".join(UI[f"missing_{item}"] for item in facts["items"])
    elif gap.key == "waiting":
        facts["fields"] = "、".join(Station.model_fields[key].title or key for key in facts["fields"])
    elif gap.key == "deputy_field":
        facts.update(field=UI[DEPUTY_FIELD_WORDS[facts["field"]]], names="、".join(facts["names"]))
    if "date" in facts:
        facts["date"] = date_cn(facts["date"])
    return UI[f"missing_{gap.key}"].format(**facts)


def check_missing(check: Check) -> list[str]:
    """What a clerk has to add for one check; empty when it passed."""
    return [gap_sentence(gap) for gap in check.gaps]


def station_missing(score: StationScore) -> list[str]:
    """Everything a station's clerk has to add, check by check."""
    return [item for check in score.checks for item in check_missing(check)]


def region_summary(scores: list[StationScore]) -> str:
    """One line summing up the region: stations, full marks, average."""
    average = sum(s.points for s in scores) / len(scores) if scores else 0
    full = sum(s.points == s.total for s in scores)
    return UI["score_overall"].format(stations=len(scores), full=full, average=f"{average:.1f}", total=len(CHECKS))
