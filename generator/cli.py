"""The command line: `python -m generator validate | generate | build | placards | schema | report | new-station`.

A thin layer: parse arguments, call one function per command, turn `DataError`
into Chinese lines on stderr and exit code 1. No command prints a traceback for
bad data, and no command writes anything when the data is invalid. Any other
error is a bug: one Chinese sentence and exit code 2, the traceback kept in
`build/last-error.log`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.clock import build_date
from generator.data.model import StationKind
from generator.problems import CRASH_LOG, DataError, one_line, write_crash_log
from generator.strings.messages import ERR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="人大代表联络站“五公开”网站生成器")
    parser.add_argument("--data", type=Path, default=Path("stations"), help="数据文件夹（默认 stations）")
    parser.add_argument("--today", help="按哪一天生成（YYYY-MM-DD，默认今天）")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="检查数据")
    validate.add_argument(
        "--previous", type=Path, help="上次发布的 sessions.json（默认 site/sessions.json），用于检查提前公告"
    )
    validate.add_argument("--check-format", action="store_true", help="同时检查数据文件是否为统一格式")
    validate.add_argument(
        "--format", choices=("text", "github"), default="text", help="github：输出 GitHub Actions 的行内标注"
    )
    generate = commands.add_parser("generate", help="检查数据并生成页面文件（不运行 MkDocs）")
    generate.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build = commands.add_parser("build", help="检查数据并生成网站到 site/")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    placards = commands.add_parser("placards", help="把公示牌、代表码卡片、接待安排和活动计划打印成 PDF")
    placards.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    placards.add_argument("--out", type=Path, default=Path("placards"), help="PDF 输出文件夹（默认 placards）")
    placards.add_argument("--station", action="append", default=[], help="只打印这个站点（可重复）")
    import_cases = commands.add_parser("import-cases", help="把表单导出的意见建议（.xlsx 或 .csv）导入为案例草稿")
    import_cases.add_argument("--station", required=True, help="站点编号")
    import_cases.add_argument("export", type=Path, help="表单后台导出的 .xlsx 或 .csv 文件")
    schema = commands.add_parser("schema", help="写出编辑器使用的 JSON Schema")
    schema.add_argument("--check", action="store_true", help="只检查已提交的 Schema 是否最新")
    report = commands.add_parser("report", help="列出各站五公开完成度和待补充的内容")
    report.add_argument("--format", choices=("text", "markdown"), default="text", help="输出格式（默认 text）")
    new_station = commands.add_parser("new-station", help="新建一个站点文件夹，内含带说明的模板文件")
    new_station.add_argument("id", help="站点编号（小写字母、数字和连字符，也是文件夹名）")
    new_station.add_argument("--parent", required=True, help="上级站点编号")
    new_station.add_argument("--name", required=True, help="站点名称")
    new_station.add_argument("--kind", choices=[k.value for k in StationKind], help="站点类型（默认比上级低一级）")
    new_station.add_argument("--cases", action="store_true", help="同时建立当年的案例文件 cases-年份.yml")
    commands.add_parser("fmt", help="把数据文件整理成统一格式（保留注释）")
    changes = commands.add_parser("changes", help="用中文描述两份数据之间的变化（用于拉取请求的摘要）")
    changes.add_argument("base", type=Path, help="修改前的数据文件夹")
    changes.add_argument("head", type=Path, help="修改后的数据文件夹")
    changes.add_argument("--format", choices=("text", "markdown"), default="text")
    args = parser.parse_args(argv)

    try:
        today = build_date(args.today)
    except ValueError:
        parser.error(f"--today {args.today}")

    try:
        if args.command == "validate":
            from generator.data.canonical import format_problems
            from generator.region.notices import MANIFEST, read_manifest, report_warnings, schedule_warnings
            from generator.region.validate import validate_region

            layout = format_problems(args.data, Path.cwd()) if args.check_format else []
            try:
                model = validate_region(args.data, Path.cwd(), today)
            except DataError as exc:  # format problems are reported with the others
                raise DataError(exc.problems + layout) from None
            if layout:
                raise DataError(layout)
            warnings = schedule_warnings(model, read_manifest(args.previous or Path("site") / MANIFEST))
            if args.format == "github":
                from generator.tools.annotations import report_warnings
            report_warnings(warnings)
            cases = sum(len(s.cases) for s in model.stations.values())
            print(ERR["ok"].format(stations=len(model.stations), deputies=len(model.deputies), cases=cases))
        elif args.command == "generate":
            from generator.site.build import generate_pages

            generate_pages(args.data, args.config, today)
        elif args.command == "build":
            from generator.site.build import build_site

            build_site(args.data, args.config, today)
        elif args.command == "placards":
            from generator.site.build import print_station_placards

            print_station_placards(args.data, args.config, today, args.out, args.station)
        elif args.command == "import-cases":
            from generator.tools.importer import import_cases, print_report

            print_report(import_cases(args.data, Path.cwd(), args.station, args.export, today))
        elif args.command == "schema":
            from generator.data.schema import write_schemas

            return write_schemas(Path.cwd() / "schema", check=args.check)
        elif args.command == "report":
            from generator.region.score import region_scores
            from generator.region.validate import validate_region
            from generator.tools.report import render_report

            model = validate_region(args.data, Path.cwd(), today)
            print(render_report(region_scores(model), today, args.format), end="")
        elif args.command == "new-station":
            from generator.tools.scaffold import new_station

            written = new_station(
                args.data, Path.cwd(), today, args.id, args.parent, args.name, args.kind, with_cases=args.cases
            )
            for path in written:
                print(one_line(ERR["new_station_written"].format(path=path.as_posix())))
            print(ERR["new_station_next"])
        elif args.command == "fmt":
            from generator.data.canonical import format_files

            format_files(args.data, Path.cwd())
        elif args.command == "changes":
            from generator.tools.changes import describe_changes

            print(describe_changes(args.base, args.head, today, markdown=args.format == "markdown"), end="")
    except DataError as exc:
        if getattr(args, "format", "") == "github":
            from generator.tools.annotations import report_problems

            report_problems(exc.problems)
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        summaries = {
            "placards": ERR["failed_placards"],
            "new-station": ERR["failed_new_station"],
            "fmt": ERR["failed_fmt"],
        }
        summary = summaries.get(args.command, ERR["failed"])
        print(summary.format(count=len(exc.problems)), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: said in one sentence, the trace kept for the maintainer
        log = write_crash_log(exc, Path(CRASH_LOG))
        print(one_line(ERR["internal_error"].format(log=log.as_posix())), file=sys.stderr)
        return 2
    return 0
