"""`python -m generator generate`: check the data and write the pages for MkDocs, without running it.

Live preview's hook runs the same generation before each of MkDocs' builds; the pages are in `build/docs/`,
the other files in `build/files/`.
"""

from __future__ import annotations

import argparse
import datetime as dt

from generator.commands.options import add_config
from generator.strings.messages import ERR

NAME = "generate"
FAILED = ERR["failed"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="检查数据并生成页面文件（不运行 MkDocs）")
    add_config(parser)
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.site.build import generate_pages

    generate_pages(args.data, args.config, today)
    return 0
