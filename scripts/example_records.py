"""Write a year of reception records for the example district: realistic, invented, deterministic.

`python scripts/example_records.py` expands each example station's schedule for
2026 up to the example's build date and writes `records-2026.yml` beside it:
most sessions held, with most of their deputies present and a few to thirty
residents; some not held, with a reason; a few not recorded yet; one deputy
who rarely comes. Cases received on a reception day are linked to it. The same
data gives the same bytes (the random generator is seeded per station).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.data.canonical import canonical_text  # noqa: E402
from generator.data.model import RecordsFile  # noqa: E402
from generator.region.records import receptions  # noqa: E402
from generator.region.validate import validate_region  # noqa: E402

EXAMPLE = ROOT / "examples" / "qinghe"
BUILD_DATE = dt.date(2026, 11, 24)  # the date the tests build the example for
YEAR = 2026
RARELY_THERE = "qian-haifeng"  # the deputy who attends one session in five
NOT_HELD = ("台风预警，接待暂停", "代表参加区人代会，改期另行通知", "场地维修，暂停一次")
NOTES = (
    "群众主要反映老旧小区加装电梯和停车难的问题，已登记转交。",
    "围绕垃圾分类和小区环境听取意见，现场答复政策问题。",
    "反映公交线路调整和路口信号灯设置，代表承诺跟进。",
    "听取辖区企业关于用工和融资的诉求，整理后转交区有关部门。",
    "居民咨询医保报销和养老服务政策，联络员现场解答。",
)
HEADER = "# yaml-language-server: $schema=../../schema/records.schema.json\n# 接待记录：{name} {year} 年。只写人次和问题，不得写入群众姓名、电话等个人信息。\n"


def records_for(model, entry, rng: random.Random) -> list[dict]:
    planned, _ = receptions(model, entry, YEAR)
    by_day = {}
    for case in entry.cases:
        by_day.setdefault(case.received, []).append(case.id)
    written = []
    seen = set()
    for reception in planned:
        occurrence = reception.occurrence
        if (occurrence.date, occurrence.time) in seen:
            continue  # two sessions at the same hour (a rule's and a special one): one record
        seen.add((occurrence.date, occurrence.time))
        chance = rng.random()
        if chance < 0.05:
            continue  # not recorded yet
        record: dict = {"date": occurrence.date}
        if sum(1 for o in planned if o.occurrence.date == occurrence.date) > 1:
            record["time"] = occurrence.time
        if chance < 0.13:
            record |= {"held": False, "reason": rng.choice(NOT_HELD)}
            written.append(record)
            continue
        present = [d for d in occurrence.deputies if rng.random() < (0.2 if d == RARELY_THERE else 0.85)]
        visitors = rng.randint(2, 30)
        record |= {"deputies": present, "visitors": visitors, "matters": max(1, visitors // 3)}
        if by_day.get(occurrence.date):
            record["cases"] = sorted(by_day[occurrence.date])
        record["note"] = rng.choice(NOTES)
        written.append(record)
    return written


def main() -> int:
    model = validate_region(EXAMPLE / "stations", EXAMPLE, BUILD_DATE)
    for entry in model.stations.values():
        rng = random.Random(f"{entry.id}-{YEAR}")
        records = records_for(model, entry, rng)
        body = yaml.safe_dump({"year": YEAR, "records": records}, allow_unicode=True, sort_keys=False)
        text = HEADER.format(name=entry.station.name, year=YEAR) + body
        (entry.folder / f"records-{YEAR}.yml").write_text(canonical_text(text, RecordsFile), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
