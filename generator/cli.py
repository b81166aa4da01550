"""The command line: `python -m generator validate | generate | build | placards | import | schema | report | …`.

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
from generator.data.values import StationKind
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
    validate.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="网站设置文件（默认 mkdocs.yml）")
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
    records = commands.add_parser(
        "import",
        help="导入本地区原有的表格：站点名单、代表名单、接待安排表、办理登记册、接待登记表（.xlsx 或 .csv）",
        description="把本地区原有的表格导入 stations/：stations 站点名单、deputies 代表名单、rota 接待安排表、"
        "cases 办理登记册、receptions 接待登记表。再次导入时只补充和更新，不会删除；"
        "加 --dry-run 只说明会改动什么，不写入任何文件。"
        "请按 站点名单 → 代表名单 → 接待安排表、办理登记册、接待登记表 的顺序导入。",
    )
    records.add_argument("kind", choices=["stations", "deputies", "rota", "cases", "receptions"], help="表格的种类")
    records.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
    records.add_argument("--dry-run", action="store_true", help="只说明会改动什么，不写入任何文件")
    records.add_argument("--station", help="办理登记册没有“所属联络站”列时，全部导入这个站点（站点编号）")
    schema = commands.add_parser("schema", help="写出编辑器使用的 JSON Schema")
    schema.add_argument("--check", action="store_true", help="只检查已提交的 Schema 是否最新")
    report = commands.add_parser("report", help="列出各站五公开完成度和待补充的内容")
    report.add_argument("--format", choices=("text", "markdown"), default="text", help="输出格式（默认 text）")
    new_station = commands.add_parser("new-station", help="新建一个站点文件夹，内含带说明的模板文件")
    new_station.add_argument("id", help="站点编号（小写字母、数字和连字符，也是文件夹名）")
    new_station.add_argument("--parent", help="上级站点编号（新建本地区的第一个站点，即总站时不写）")
    new_station.add_argument("--name", required=True, help="站点名称")
    new_station.add_argument("--kind", choices=[k.value for k in StationKind], help="站点类型（默认比上级低一级）")
    new_station.add_argument("--cases", action="store_true", help="同时建立当年的案例文件 cases-年份.yml")
    init = commands.add_parser(
        "init",
        help="把示例换成本地区：写好地区信息、总站和网站的名称、网址",
        description="把示例地区换成本地区：写入 stations/region.yml、总站的 station.yml 和 mkdocs.yml（网站名称和网址），"
        "并删除示例数据。只在示例还没改动时运行；已经是本地区的网站时需要加 --force。",
    )
    init.add_argument("--name", required=True, help="地区名称，如 云溪区")
    init.add_argument("--url", required=True, help="网站对外的网址，如 https://rd.yunxi.gov.cn/（二维码都用它）")
    init.add_argument("--organizer", help="主办单位（默认：地区名称＋人大常委会）")
    init.add_argument("--head-id", default="zongzhan", help="总站编号（默认 zongzhan）")
    init.add_argument("--head-name", help="总站名称（默认：地区名称＋人大代表联络总站）")
    init.add_argument("--force", action="store_true", help="即使已经是本地区的网站也重新开始（会删除现有数据）")
    upgrade = commands.add_parser(
        "upgrade",
        help="从工具的仓库取来新版工具，不改动本地区的数据和网站设置",
        description="用 git 从工具的仓库取来新版工具的文件（程序、主题、测试等），"
        "本地区的 stations、content 和 mkdocs.yml 保持不变。运行前请先提交所有修改。",
    )
    upgrade.add_argument("--from", dest="source", required=True, help="工具仓库的地址或文件夹")
    upgrade.add_argument("--ref", default="main", help="分支或版本（默认 main）")
    photos = commands.add_parser(
        "photos",
        help="把一个文件夹里按姓名或代表编号命名的照片，配到对应代表的记录里",
        description="文件名写代表姓名（如 王秀兰.jpg）或代表编号（如 wang-xiulan.heic）。每张照片复制到代表所在站点的 "
        "photos/ 文件夹，并在 deputies.yml 里写上 photo；重名、找不到的代表会列出来，不会猜。",
    )
    photos.add_argument("folder", type=Path, help="放照片的文件夹")
    photos.add_argument("--dry-run", action="store_true", help="只列出会做的改动，不写任何文件")
    portal = commands.add_parser(
        "portal",
        help="生成市或省的门户网站：汇集各地区已发布的网站",
        description="按 portal.yml 列出的成员网站（各地区自己的网站），生成门户：地区目录、各地办理情况、"
        "合并的接待日历和开放数据，并可同时搜索各地区的网站。读不到的成员继续显示上次读取的数据。",
    )
    portal.add_argument("--file", type=Path, default=Path("portal.yml"), help="门户设置文件（默认 portal.yml）")
    portal.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="门户的网站设置文件（默认 mkdocs.yml）")
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
        elif args.command == "import":
            from generator.tools.imports import import_records, print_result

            result = import_records(
                args.kind, args.data, Path.cwd(), args.file, today, dry_run=args.dry_run, station=args.station
            )
            print_result(result)
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
        elif args.command == "init":
            from generator.tools.district import init_district

            written = init_district(
                Path.cwd(),
                today,
                args.name,
                args.url,
                organizer=args.organizer,
                head_id=args.head_id,
                head_name=args.head_name,
                force=args.force,
            )
            for path in written:
                print(one_line(ERR["init_written"].format(path=path.relative_to(Path.cwd()).as_posix())))
            print(ERR["init_next"])
        elif args.command == "upgrade":
            from generator.tools.district import upgrade_tool

            changed = upgrade_tool(Path.cwd(), args.source, args.ref)
            message = (
                ERR["upgrade_done"].format(source=args.source, count=len(changed))
                if changed
                else ERR["upgrade_nothing"]
            )
            print(one_line(message))
        elif args.command == "photos":
            from generator.tools.photos import match_photos

            result = match_photos(args.data, Path.cwd(), args.folder, today, dry_run=args.dry_run)
            for line in result.matched:
                print(one_line(ERR["photos_matched"].format(match=line)))
            for path in result.replaced:
                print(one_line(ERR["photos_replaced"].format(path=path)))
            for name in result.unknown:
                print(one_line(ERR["photos_unknown"].format(file=name)))
            for line in result.ambiguous:
                print(one_line(ERR["photos_ambiguous"].format(match=line)))
            done = "photos_dry_run" if args.dry_run else "photos_done"
            words = {"matched": len(result.matched), "unchanged": result.unchanged}
            print(ERR[done].format(**words, skipped=len(result.unknown) + len(result.ambiguous)))
        elif args.command == "portal":
            from generator.site.portal import build_portal

            build_portal(args.file, args.config, today)
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
            "init": ERR["failed_init"],
            "upgrade": ERR["failed_upgrade"],
            "photos": ERR["failed_photos"],
            "new-station": ERR["failed_new_station"],
            "fmt": ERR["failed_fmt"],
            "import": ERR["failed_import"],
            "import-cases": ERR["failed_import"],
            "portal": ERR["failed_portal"],
        }
        summary = summaries.get(args.command, ERR["failed"])
        print(summary.format(count=len(exc.problems)), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: said in one sentence, the trace kept for the maintainer
        log = write_crash_log(exc, Path(CRASH_LOG))
        print(one_line(ERR["internal_error"].format(log=log.as_posix())), file=sys.stderr)
        return 2
    return 0
