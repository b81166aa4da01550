"""`python -m generator export`: the sheets `import` reads, filled from the data, to edit in WPS or Excel.

Imported back, a fresh export changes nothing; an edited cell is that one change.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.problems import one_line
from generator.strings.messages import ERR, SAID

NAME = "export"
FAILED = ERR["failed_export"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        NAME,
        help="把现有的数据导出成 import 能读的表格（.xlsx 或 .csv），在 WPS 或 Excel 里修改后再导入",
        description="导出 stations 站点名单、deputies 代表名单、rota 接待安排表、cases 办理登记册、receptions 接待登记表，"
        "列和模板一样；all 把五份表格导出到一个文件夹。改好后用 import 导回（先加 --dry-run 看会改动什么）。",
    )
    parser.add_argument(
        "kind", choices=["stations", "deputies", "rota", "cases", "receptions", "all"], help="表格的种类"
    )
    parser.add_argument("file", type=Path, help="导出的文件（.xlsx 或 .csv）；all 时是文件夹")
    parser.add_argument("--station", help="只导出这个站点（站点编号）")
    parser.add_argument("--year", type=int, help="只导出这一年的（接待安排、办理登记册、接待登记表）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.export import export_all, export_sheet

    where = {"station": args.station, "year": args.year}
    if args.kind == "all":
        written = export_all(args.data, Path.cwd(), args.file, today, **where)
    else:
        written = [(args.file, export_sheet(args.kind, args.data, Path.cwd(), args.file, today, **where))]
    for file, count in written:
        print(one_line(SAID["export_written"].format(file=file.as_posix(), count=count)))
    print(SAID["export_next"])
    return 0
