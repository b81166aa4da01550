"""`python -m generator schema`: write the JSON Schemas editors check the data files with, or check they are current."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.strings.messages import ERR

NAME = "schema"
FAILED = ERR["failed"]


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(NAME, help="写出编辑器使用的 JSON Schema")
    parser.add_argument("--check", action="store_true", help="只检查已提交的 Schema 是否最新")
    return parser


def run(args: argparse.Namespace, today: dt.date) -> int:
    from generator.data.schema import write_schemas

    stale = write_schemas(Path.cwd() / "schema", check=args.check)
    if args.check and stale:  # for the maintainer who changed the model, in CI
        print(f"schema/ is out of date ({', '.join(stale)}): run `python -m generator schema`", file=sys.stderr)
        return 1
    return 0
