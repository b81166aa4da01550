"""A district's mkdocs.yml as MkDocs itself reads it, for the keys the tool needs (addresses, folders, name).

Read by MkDocs' own loader (`mkdocs.utils.yaml`), not a copy of it: the file it
INHERITs (the tool's `mkdocs.base.yml`) merged under it, `!ENV` values taken
from the environment and `!relative` paths, so the folder the tool writes pages
into and the address its codes carry are always those MkDocs builds with. Like
the hook, this is where a successor to MkDocs would take its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

CHAIN_LIMIT = 8  # MkDocs itself follows any depth; ours is one level, a loop is cut short


def _loader(config: Path) -> type:
    """MkDocs' loader as it loads `config` (its tags resolved against that file)."""
    return get_yaml_loader(config=MkDocsConfig(config_file_path=str(config)))


def read_config(config: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it: the district's keys over those of the file it INHERITs (the tool's base)."""
    with config.open("rb") as file:
        return yaml_load(file, _loader(config))


def config_chain(config: Path) -> list[Path]:
    """The district's mkdocs.yml and the files it INHERITs, nearest first, as MkDocs follows them."""
    chain = [config]
    while len(chain) < CHAIN_LIMIT:
        parent = yaml_load(chain[-1].read_text(encoding="utf-8"), _loader(chain[-1])).get("INHERIT")
        if not isinstance(parent, str):
            break
        chain.append(chain[-1].parent / parent)
    return chain


def docs_dir(project: Path, settings: dict[str, Any]) -> Path:
    """The folder MkDocs builds from (the tool's base sets `build/docs`), as `settings` name it."""
    return project / settings.get("docs_dir", "docs")
