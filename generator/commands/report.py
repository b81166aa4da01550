"""`python -m generator report`: each station's completeness of the five disclosures and what is still missing."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.strings.messages import ERR

NAME = "report"
FAILED = ERR["failed"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="列出各站五公开完成度和待补充的内容")
    parser.add_argument("--format", choices=("text", "markdown"), default="text", help="输出格式（默认 text）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.region.score import region_scores
    from generator.region.validate import validate_region
    from generator.tools.report import render_report

    model = validate_region(args.data, Path.cwd(), today)
    print(render_report(region_scores(model), today, args.format), end="")
    return 0
