"""`python -m generator upgrade`: take a newer tool from its repository, leaving the district's data and settings."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.problems import one_line
from generator.strings.messages import ERR, SAID

NAME = "upgrade"
FAILED = ERR["failed_upgrade"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        NAME,
        help="从工具的仓库取来新版工具，不改动本地区的数据和网站设置",
        description="用 git 从工具的仓库取来新版工具的文件（程序、主题、测试等），"
        "本地区的 stations、content 和 mkdocs.yml 保持不变。运行前请先提交所有修改。",
    )
    parser.add_argument("--from", dest="source", required=True, help="工具仓库的地址或文件夹")
    parser.add_argument("--ref", default="main", help="分支或版本（默认 main）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.district import upgrade_tool

    changed = upgrade_tool(Path.cwd(), args.source, args.ref)
    if changed:
        print(one_line(SAID["upgrade_done"].format(source=args.source, count=len(changed))))
    else:
        print(one_line(SAID["upgrade_nothing"]))
    return 0
