"""`python -m generator photos`: match a folder of photos, named by deputy or id, to the deputies' records."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.problems import one_line
from generator.strings.messages import ERR, SAID

NAME = "photos"
FAILED = ERR["failed_photos"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        NAME,
        help="把一个文件夹里按姓名或代表编号命名的照片，配到对应代表的记录里",
        description="文件名写代表姓名（如 王秀兰.jpg）或代表编号（如 wang-xiulan.heic）。每张照片复制到代表所在站点的 "
        "photos/ 文件夹，并在 deputies.yml 里写上 photo；重名、找不到的代表会列出来，不会猜。",
    )
    parser.add_argument("folder", type=Path, help="放照片的文件夹")
    parser.add_argument("--dry-run", action="store_true", help="只列出会做的改动，不写任何文件")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.tools.photos import match_photos

    result = match_photos(args.data, Path.cwd(), args.folder, today, dry_run=args.dry_run)
    for line in result.matched:
        print(one_line(SAID["photos_matched"].format(match=line)))
    for path in result.replaced:
        print(one_line(SAID["photos_replaced"].format(path=path)))
    for name in result.unknown:
        print(one_line(ERR["photos_unknown"].format(file=name)))
    for line in result.ambiguous:
        print(one_line(ERR["photos_ambiguous"].format(match=line)))
    done = SAID["photos_dry_run"] if args.dry_run else SAID["photos_done"]
    words = {"matched": len(result.matched), "unchanged": result.unchanged}
    print(done.format(**words, skipped=len(result.unknown) + len(result.ambiguous)))
    return 0
