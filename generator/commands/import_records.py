"""`python -m generator import`: bring a district's own sheets into `stations/`.

The station list, the roster of deputies, the rota, the register of cases and
the reception log; imported again, a sheet adds and updates, never deletes.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.strings.messages import ERR

NAME = "import"
FAILED = ERR["failed_import"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        NAME,
        help="导入本地区原有的表格：站点名单、代表名单、接待安排表、办理登记册、接待登记表（.xlsx 或 .csv）",
        description="把本地区原有的表格导入 stations/：stations 站点名单、deputies 代表名单、rota 接待安排表、"
        "cases 办理登记册、receptions 接待登记表。再次导入时只补充和更新，不会删除；"
        "加 --dry-run 只说明会改动什么，不写入任何文件。"
        "请按 站点名单 → 代表名单 → 接待安排表、办理登记册、接待登记表 的顺序导入。",
    )
    parser.add_argument("kind", choices=["stations", "deputies", "rota", "cases", "receptions"], help="表格的种类")
    parser.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
    parser.add_argument("--dry-run", action="store_true", help="只说明会改动什么，不写入任何文件")
    parser.add_argument("--station", help="办理登记册没有“所属联络站”列时，全部导入这个站点（站点编号）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.imports import import_records, print_result

    result = import_records(
        args.kind, args.data, Path.cwd(), args.file, today, dry_run=args.dry_run, station=args.station
    )
    print_result(result)
    return 0
