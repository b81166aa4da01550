"""`python -m generator import-cases`: turn a form's export of residents' suggestions into draft cases."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.strings.messages import ERR

NAME = "import-cases"
FAILED = ERR["failed_import"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="把表单导出的意见建议（.xlsx 或 .csv）导入为案例草稿")
    parser.add_argument("--station", required=True, help="站点编号")
    parser.add_argument("export", type=Path, help="表单后台导出的 .xlsx 或 .csv 文件")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.form_export import import_cases, print_report

    print_report(import_cases(args.data, Path.cwd(), args.station, args.export, today))
    return 0
