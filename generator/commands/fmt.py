"""`python -m generator fmt`: rewrite the data files in the one canonical layout, comments kept.

A file whose meaning or comments the rewrite would change is left alone and named.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.problems import DataError, one_line
from generator.strings.messages import ERR, SAID

NAME = "fmt"
FAILED = ERR["failed_fmt"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return commands.add_parser(NAME, help="把数据文件整理成统一格式（保留注释）")


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.data.canonical import format_files

    written, problems = format_files(args.data, Path.cwd())
    for display in written:
        print(one_line(SAID["formatted"].format(file=display)))
    print(SAID["fmt_done"].format(count=len(written)) if written else SAID["fmt_clean"])
    if problems:
        raise DataError(problems)
    return 0
