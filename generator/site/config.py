"""A district's mkdocs.yml as MkDocs itself reads it, for the keys the tool needs (addresses, folders, name).

Read by MkDocs' own loader (`mkdocs.utils.yaml`), not a copy of it: the file it
INHERITs (the tool's `mkdocs.base.yml`) merged under it, `!ENV` values taken
from the environment and `!relative` paths, so the folder the tool writes pages
into and the address its codes carry are always those MkDocs builds with. Like
the hook, this is where a successor to MkDocs would take its place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
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


def environment(configs: list[Path]) -> list[tuple[str, str | None]]:
    """The variables the configuration's `!ENV` tags name, with their values now, in the order written.

    A change of one changes what MkDocs builds as surely as an edit of the file: the build's stamp and
    the pages' frame cover them (`stamp`).
    """
    names: list[str] = []
    for path in configs:
        if path.is_file():
            names += _env_names(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), set())
    return [(name, os.environ.get(name)) for name in dict.fromkeys(names)]


def _env_names(node: yaml.Node | None, seen: set[int]) -> list[str]:
    """The variable names under `node`: `!ENV NAME`, or `!ENV [NAME, OTHER, default]` (the last is the default)."""
    if node is None or id(node) in seen:
        return []
    seen.add(id(node))
    if node.tag == "!ENV":
        if isinstance(node, yaml.ScalarNode):
            return [str(node.value)]
        if isinstance(node, yaml.SequenceNode):
            items = node.value[:-1] if len(node.value) > 1 else node.value
            return [str(item.value) for item in items if isinstance(item, yaml.ScalarNode)]
        return []
    if isinstance(node, yaml.MappingNode):
        return [name for pair in node.value for part in pair for name in _env_names(part, seen)]
    if isinstance(node, yaml.SequenceNode):
        return [name for item in node.value for name in _env_names(item, seen)]
    return []
