"""`python -m generator placards`: print the placards, deputy cards, rota and plan of the stations as PDF."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.commands.options import add_config
from generator.strings.messages import ERR

NAME = "placards"
FAILED = ERR["failed_placards"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="把公示牌、代表码卡片、接待安排和活动计划打印成 PDF")
    add_config(parser)
    parser.add_argument("--out", type=Path, default=Path("placards"), help="PDF 输出文件夹（默认 placards）")
    parser.add_argument("--station", action="append", default=[], help="只打印这个站点（可重复）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.site.build import print_station_placards

    print_station_placards(args.data, args.config, today, args.out, args.station)
    return 0
