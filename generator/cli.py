"""The command line: `python -m generator validate | generate | build | placards | import | schema | report | …`.

A thin layer: build the parser from the commands (`generator/commands/`, one
module per command, named for it), parse, and run the one asked for. A
`DataError` becomes Chinese lines on stderr and exit code 1. No command prints
a traceback for bad data, and no command writes anything when the data is
invalid. Any other error is a bug: one Chinese sentence and exit code 2, the
traceback kept in `build/last-error.log`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.clock import build_date
from generator.commands import COMMANDS
from generator.problems import CRASH_LOG, DataError, one_line, write_crash_log
from generator.strings.messages import ERR


def parser() -> argparse.ArgumentParser:
    """The options every command shares, then each command's own, in the order of `COMMANDS`."""
    parser = argparse.ArgumentParser(prog="python -m generator", description="人大代表联络站“五公开”网站生成器")
    parser.add_argument("--data", type=Path, default=Path("stations"), help="数据文件夹（默认 stations）")
    parser.add_argument("--today", help="按哪一天生成（YYYY-MM-DD，默认今天）")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser()
    args = arguments.parse_args(argv)
    try:
        today = build_date(args.today)
    except ValueError:
        arguments.error(f"--today {args.today}")

    command = next(command for command in COMMANDS if args.command == command.NAME)
    try:
        return command.run(args, today)
    except DataError as exc:
        if getattr(args, "format", "") == "github":
            from generator.tools.annotations import report_problems

            report_problems(exc.problems)
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        print(command.FAILED.format(count=len(exc.problems)), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: said in one sentence, the trace kept for the maintainer
        log = write_crash_log(exc, Path(CRASH_LOG))
        print(one_line(ERR["internal_error"].format(log=log.as_posix())), file=sys.stderr)
        return 2
