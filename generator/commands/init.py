"""`python -m generator init`: replace the example with a district of one's own (region, head station, site)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.problems import one_line
from generator.strings.messages import ERR, SAID

NAME = "init"
FAILED = ERR["failed_init"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        NAME,
        help="把示例换成本地区：写好地区信息、总站和网站的名称、网址",
        description="把示例地区换成本地区：写入 stations/region.yml、总站的 station.yml 和 mkdocs.yml（网站名称和网址），"
        "并删除示例数据。只在示例还没改动时运行；已经是本地区的网站时需要加 --force。",
    )
    parser.add_argument("--name", required=True, help="地区名称，如 云溪区")
    parser.add_argument("--url", required=True, help="网站对外的网址，如 https://rd.yunxi.gov.cn/（二维码都用它）")
    parser.add_argument("--organizer", help="主办单位（默认：地区名称＋人大常委会）")
    parser.add_argument("--head-id", default="zongzhan", help="总站编号（默认 zongzhan）")
    parser.add_argument("--head-name", help="总站名称（默认：地区名称＋人大代表联络总站）")
    parser.add_argument("--force", action="store_true", help="即使已经是本地区的网站也重新开始（会删除现有数据）")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
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
        print(one_line(SAID["init_written"].format(path=path.relative_to(Path.cwd()).as_posix())))
    print(SAID["init_next"])
    return 0
