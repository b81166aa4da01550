"""`python -m generator portal`: a city's or province's portal over its districts' published sites."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.commands.options import add_config
from generator.strings.messages import ERR

NAME = "portal"
FAILED = ERR["failed_portal"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        NAME,
        help="生成市或省的门户网站：汇集各地区已发布的网站",
        description="按 portal.yml 列出的成员网站（各地区自己的网站），生成门户：地区目录、各地办理情况、"
        "合并的接待日历和开放数据，并可同时搜索各地区的网站。读不到的成员继续显示上次读取的数据。",
    )
    parser.add_argument("--file", type=Path, default=Path("portal.yml"), help="门户设置文件（默认 portal.yml）")
    add_config(parser, help="门户的网站设置文件（默认 mkdocs.yml）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.site.portal import build_portal

    build_portal(args.file, args.config, today)
    return 0
