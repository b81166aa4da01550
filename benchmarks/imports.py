"""Import a Rui'an-size district from its four sheets: `python -m benchmarks.imports`.

Rui'an keeps 1,424 deputies of five levels in 24 stations, one per township
or street. This writes such a district's station list, roster, rota and a
2,000-row handled register as hand-kept workbooks (a merged title, notes under
the table, mixed level spellings, namesakes, transferred deputies, dates typed
every way), starts a district with `init` in a copy of the project, and times
each `import` (wall time and the child's peak memory), then the same sheets
again (which must change nothing), `validate` and `build`. Everything is
invented; the results go to `benchmarks/RESULTS.md` ("Importing a district").
It is a measurement, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from benchmarks.sections import write_section
from benchmarks.synthetic import GIVEN, PLACES, SURNAMES
from tests.conftest import BUILD_DATE, copy_project

HERE = Path(__file__).resolve().parent
STATIONS, DEPUTIES, CASES = 24, 1424, 2000
LEVELS = ("区人大代表", "镇人大代表", "市、区人大代表", "区镇两级", "街道", "省级", "全国人大代表", "市级", "区（县）")
LEVEL_WEIGHTS = (30, 40, 6, 12, 8, 2, 1, 3, 4)
STATUSES = ("已办结", "办理中", "已答复", "已交办", "已受理", "不予受理")
STATUS_WEIGHTS = (60, 10, 10, 8, 8, 4)


def _book(path: Path, title: str, rows: list[list[object]], width: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["注：本表数据均为虚构，仅用于性能测试。"])
    book.save(path)
    return path


def write_sheets(folder: Path, seed: int) -> dict[str, Path]:
    rng = random.Random(seed)
    places = [a[0] + b[0] for a, b in zip(PLACES, PLACES[7:] + PLACES[:7], strict=True)][: STATIONS - 1]
    towns = [f"{p}{'街道' if i % 3 else '镇'}" for i, p in enumerate(places)]
    names = ["瑞溪市人大代表联络总站", *(f"{t}人大代表联络站" for t in towns)]
    stations = [["序号", "站点名称", "站点类型", "上级站点", "所属镇街", "地址", "联系电话", "开放时间", "管理单位"]]
    stations.append(
        [1, names[0], "总站", "", "", "瑞溪市人民路1号", "0577-6580 0000", "工作日 8:30-17:00", "瑞溪市人大常委会"]
    )
    for i, (town, name) in enumerate(zip(towns, names[1:], strict=True), start=2):
        stations.append([i, name, "联络站", names[0], town, f"{town}政府大院{i}号楼", f"0577-6580 {i:04d}",
                         "工作日 8:30-12:00、14:00-17:30", f"{town}人大工委"])  # fmt: skip

    deputies = [["序号", "姓名", "性别", "民族", "党派", "代表层级", "选区", "工作单位及职务", "所属联络站", "站内职务",
                 "同时进总站", "联系电话", "是否同意公开", "备注"]]  # fmt: skip
    people: dict[str, list[str]] = {}
    for i in range(1, DEPUTIES + 1):
        surname = rng.choices(SURNAMES, weights=[1 / (k + 8) for k in range(len(SURNAMES))])[0][0]
        name = surname + "".join(c for c, _ in rng.sample(GIVEN, rng.choice((1, 2, 2))))
        station = names[1 + (i - 1) % (STATIONS - 1)] if i > 20 else names[0]
        role = "站长" if i % 60 == 21 else "副站长" if i % 60 == 22 else ""
        left = "已调离" if i % 400 == 0 else "病故" if i % 701 == 0 else ""
        consent = i % 5 == 0
        phone = f"139{int(hashlib.sha256(str(i).encode()).hexdigest()[:8], 16) % 10**8:08d}"
        deputies.append([i, name, rng.choice("男女"), "汉族", rng.choice(("中共党员", "群众", "民盟盟员")),
                         rng.choices(LEVELS, LEVEL_WEIGHTS)[0], f"第{i % 90 + 1}选区", "某单位职工", station, role,
                         "是" if i % 97 == 0 else "", phone, "是" if consent else "否", left])  # fmt: skip
        if not left:
            people.setdefault(station, []).append(name)

    rota = [["站点", "接待日", "时段", "接待代表", "备注"]]
    words = ("每月15日上午", "每周三下午", "每月第二个周三", "每月最后一个周五", "单月10日")
    for i, name in enumerate(names):
        unique = [n for n in people.get(name, []) if people[name].count(n) == 1][:2]
        rota.append([name, words[i % len(words)], "", "、".join(unique), "7、8月暂停" if i % 4 == 0 else ""])

    register = [["序号", "所属联络站", "受理日期", "来源", "反映人", "联系电话", "问题类别", "反映内容", "承办部门",
                 "办理状态", "答复日期", "答复内容", "满意度", "不予受理理由"]]  # fmt: skip
    start = dt.date(2025, 1, 2)
    for i in range(1, CASES + 1):
        received = start + dt.timedelta(days=rng.randrange(300))
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        replied = received + dt.timedelta(days=rng.randrange(3, 40))
        written = (f"{received.year}.{received.month}.{received.day}", f"{received:%Y/%m/%d}", received)[i % 3]
        done = status in ("已办结", "已答复")
        register.append([i, names[1 + i % (STATIONS - 1)], written, rng.choice(("来访", "电话", "网上", "扫码")),
                         "张某某", f"138{i:08d}", rng.choice(("城市建设", "交通出行", "民生保障", "环境保护")),
                         f"群众反映{rng.choice(places)}路段第{i}处路灯不亮，联系电话138{i:08d}", "市住建局",
                         status, f"{replied:%Y-%m-%d}" if done else "", "已处理" if done else "",
                         rng.choice(("满意", "基本满意", "")) if status == "已办结" else "",
                         "已进入诉讼程序" if status == "不予受理" else ""])  # fmt: skip
    return {
        "stations": _book(folder / "站点名单.xlsx", "瑞溪市人大代表联络站名单", stations, 9),
        "deputies": _book(folder / "代表名单.xlsx", "瑞溪市五级人大代表进站名单", deputies, 14),
        "rota": _book(folder / "接待安排表.xlsx", "接待安排表", rota, 5),
        "cases": _book(folder / "办理登记册.xlsx", "2025年意见建议办理登记册", register, 14),
    }


def run(project: Path, *args: str) -> tuple[float, float, int, str]:
    """Wall seconds, peak MB of the child, exit code, first line of its output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "--today", BUILD_DATE, *args],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        lines = out.read().decode("utf-8", errors="replace").splitlines()
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), lines[0] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        sheets = write_sheets(Path(scratch), args.seed)
        project = copy_project(Path(scratch) / "project")
        steps = [("init", ("init", "--name", "瑞溪市", "--url", "https://rd.ruixi.gov.cn/"))]
        steps += [(f"import {kind}", ("import", kind, str(path))) for kind, path in sheets.items()]
        steps += [(f"again: import {kind}", ("import", kind, str(path))) for kind, path in sheets.items()]
        steps += [("validate", ("validate", "--check-format")), ("build", ("build",))]
        for label, command in steps:
            wall, peak, code, first = run(project, *command)
            rows.append((label, wall, peak, code, first))
            print(f"{label}: {wall:.2f} s, {peak:.0f} MB, exit {code}: {first[:100]}", flush=True)
    table = [
        "## Importing a district",
        "",
        f"`python -m benchmarks.imports` ({os.cpu_count()} cores): a Rui'an-size district ({STATIONS} stations,",
        f"{DEPUTIES:,} deputy rows, a rota, a {CASES:,}-row register; invented) imported from its four workbooks",
        "into a district started with `init`, then the same sheets again, then checked and built. Peak is the",
        "child's largest resident set (wait4).",
        "",
        "| step | wall | peak | exit | first line |",
        "| --- | ---: | ---: | ---: | --- |",
        *[
            f"| {label} | {wall:.2f} s | {peak:.0f} MB | {code} | {first[:80]} |"
            for label, wall, peak, code, first in rows
        ],
        "",
    ]
    write_section(args.results, table)
    return 0 if all(code == 0 for *_, code, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
