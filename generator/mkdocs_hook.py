"""Thin MkDocs hook for live preview: regenerate pages when data or content change.

Only active under `mkdocs serve`; `python -m generator build` generates pages
itself before calling MkDocs. Invalid data during preview is reported in
Chinese and the last good pages stay in place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.cli import build_date
from generator.problems import DataError

log = logging.getLogger("mkdocs.hooks.lianluo")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config) -> None:
    if not _serving:
        return
    from generator.build import generate_pages

    config_file = Path(config.config_file_path)
    try:
        generate_pages(config_file.parent / "stations", config_file, build_date(None))
    except DataError as exc:
        for problem in exc.problems:
            log.error(problem.render())


def on_serve(server, config, builder):
    # The docs tree is written by the generator from the watched sources
    # (`watch:` in mkdocs.yml); watching it too would build every change twice.
    server.unwatch(config.docs_dir)
    return server
