"""`python -m generator build`: check the data and build the whole site into `site/`."""

from __future__ import annotations

import argparse
import datetime as dt

from generator.commands.options import add_config
from generator.strings.messages import ERR

NAME = "build"
FAILED = ERR["failed"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="检查数据并生成网站到 site/")
    add_config(parser)
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.site.build import build_site

    build_site(args.data, args.config, today)
    return 0
