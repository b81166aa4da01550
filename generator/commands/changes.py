"""`python -m generator changes`: the changes between two copies of the data, in Chinese, for a pull request."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.strings.messages import ERR

NAME = "changes"
FAILED = ERR["failed"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="用中文描述两份数据之间的变化（用于拉取请求的摘要）")
    parser.add_argument("base", type=Path, help="修改前的数据文件夹")
    parser.add_argument("head", type=Path, help="修改后的数据文件夹")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.changes import describe_changes

    print(describe_changes(args.base, args.head, today, markdown=args.format == "markdown"), end="")
    return 0
