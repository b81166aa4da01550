"""The report of one import: what it added, updated, kept and left out, as the command prints it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.data.privacy import Kind
from generator.problems import one_line
from generator.strings.messages import ERR, IMPORT_WORDS, SAID

# What to check after an import wrote its files, by the kind of sheet.
REVIEW = {
    "stations": SAID["records_review_stations"],
    "deputies": SAID["records_review_deputies"],
    "rota": SAID["records_review_rota"],
    "cases": SAID["records_review_cases"],
    "receptions": SAID["records_review_receptions"],
}


@dataclass
class ImportResult:
    kind: str
    counts: Counter[str] = field(default_factory=Counter)  # IMPORT_WORDS keys: added_station, skipped_left …
    details: list[str] = field(default_factory=list)
    removed: Counter[Kind] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)  # note rows below the table, left out
    dry_run: bool = False

    def summary(self) -> str:
        parts = []
        for key, words in IMPORT_WORDS.items():
            count = self.counts.get(key, 0)
            if not count or (key.startswith(("skipped_", "field_", "left_", "part_")) and key != "skipped_deputy"):
                continue
            text = words.format(count=count)
            if key == "skipped_deputy":
                reasons = [
                    IMPORT_WORDS[f"skipped_{reason}"].format(count=self.counts[f"skipped_{reason}"])
                    for reason in ("transferred", "deceased", "ended")
                    if self.counts.get(f"skipped_{reason}")
                ]
                text += f"（{'、'.join(reasons)}）"
            parts.append(text)
        if not parts:
            return SAID["records_nothing"]
        return SAID["records_summary"].format(parts="、".join(parts))


def print_result(result: ImportResult) -> None:
    print(one_line(result.summary()))
    if result.removed and (result.files or result.dry_run):
        kinds = "、".join(
            f"{kind.value.strip('【】')} {count}"
            for kind, count in sorted(result.removed.items(), key=lambda item: list(Kind).index(item[0]))
        )
        print(one_line(SAID["records_scrubbed"].format(count=sum(result.removed.values()), kinds=kinds)))
    if result.notes:
        print(one_line(ERR["records_notes"].format(rows="、".join(map(str, result.notes)))))
    for line in result.details:
        print(one_line(line))
    if result.dry_run:
        print(SAID["records_dry_run"])
        return
    for file in result.files:
        print(one_line(SAID["import_written"].format(file=file)))
    if result.files:
        print(REVIEW[result.kind])
