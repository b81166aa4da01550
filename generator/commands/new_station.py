"""`python -m generator new-station`: a new station's folder, with template files that explain themselves."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.data.model import StationKind
from generator.problems import one_line
from generator.strings.messages import ERR, SAID

NAME = "new-station"
FAILED = ERR["failed_new_station"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="新建一个站点文件夹，内含带说明的模板文件")
    parser.add_argument("id", help="站点编号（小写字母、数字和连字符，也是文件夹名）")
    parser.add_argument("--parent", help="上级站点编号（新建本地区的第一个站点，即总站时不写）")
    parser.add_argument("--name", required=True, help="站点名称")
    parser.add_argument("--kind", choices=[k.value for k in StationKind], help="站点类型（默认比上级低一级）")
    parser.add_argument("--cases", action="store_true", help="同时建立当年的案例文件 cases-年份.yml")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.scaffold import new_station

    written = new_station(
        args.data, Path.cwd(), today, args.id, args.parent, args.name, args.kind, with_cases=args.cases
    )
    for path in written:
        print(one_line(SAID["new_station_written"].format(path=path.as_posix())))
    print(SAID["new_station_next"])
    return 0
