"""`python -m generator validate`: check the data, the district's own pages and, if asked, the files' layout.

Schedule warnings (and a site's settings that name another district) never
fail the check: they are printed, as plain lines or as GitHub annotations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.commands.options import add_config
from generator.problems import DataError
from generator.strings.messages import ERR, SAID

NAME = "validate"
FAILED = ERR["failed"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="检查数据")
    parser.add_argument(
        "--previous", type=Path, help="上次发布的 sessions.json（默认 site/sessions.json），用于检查提前公告"
    )
    parser.add_argument("--check-format", action="store_true", help="同时检查数据文件是否为统一格式")
    add_config(parser, help="网站设置文件（默认 mkdocs.yml）")
    parser.add_argument(
        "--format", choices=("text", "github"), default="text", help="github：输出 GitHub Actions 的行内标注"
    )
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.data.canonical import format_problems
    from generator.region.notices import MANIFEST, read_manifest, schedule_warnings, warning_line
    from generator.region.validate import validate_region
    from generator.site.content import site_content

    layout = format_problems(args.data, Path.cwd()) if args.check_format else []
    layout += site_content(Path.cwd())[1]  # the district's own pages are checked with the data
    try:
        model = validate_region(args.data, Path.cwd(), today)
    except DataError as exc:  # format and page problems are reported with the others
        raise DataError(exc.problems + layout) from None
    if layout:
        raise DataError(layout)
    from generator.site.config import read_config
    from generator.site.identity import identity_problems

    warnings = schedule_warnings(model, read_manifest(args.previous or Path("site") / MANIFEST))
    if args.config.is_file():
        warnings += identity_problems(args.config, read_config(args.config), model.region)
    if args.format == "github":
        from generator.tools.annotations import report_warnings

        report_warnings(warnings)
    else:
        for warning in warnings:
            print(warning_line(warning), file=sys.stderr)
    cases = sum(len(s.cases) for s in model.stations.values())
    print(SAID["ok"].format(stations=len(model.stations), deputies=len(model.deputies), cases=cases))
    return 0
