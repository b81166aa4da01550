"""Options several commands share, declared once so they read the same in every command's help."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_config(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """`--config`: the site's settings file, mkdocs.yml unless told."""
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=help)
