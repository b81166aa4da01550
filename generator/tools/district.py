"""The seam between a district and the tool: starting a district of one's own, and taking a newer tool.

A district owns `DISTRICT_PARTS` — its data, its own pages and its mkdocs.yml
(name and address; the rest is inherited from the tool's base configuration).
Everything else in the repository is the tool's (`TOOL_PARTS`).

`init` replaces the example district with a minimal district of one's own
(region, head station, mkdocs.yml with the new name and address). Like `mkdocs
new` it never overwrites what is not the untouched example unless told to, and
it is all-or-nothing: the new files are written into a hidden staging folder,
validated, and swapped in; if anything fails, the old files are put back.

`upgrade` takes the tool's parts from another checkout of the tool (a git
remote or a folder) with git, file by file, and never touches a district part,
so a district never hand-merges its data into a newer tool.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from pydantic import ValidationError

from generator.data.model import Region
from generator.data.values import ID_RE
from generator.problems import DataError, Problem
from generator.region.validate import validate_region
from generator.site.config import read_config
from generator.site.identity import address_problem, is_example
from generator.strings.guide import SCAFFOLD
from generator.strings.messages import ERR
from generator.tools.scaffold import head_station, region_file, station_files

DISTRICT_PARTS = ("stations", "content", "mkdocs.yml")
TOOL_PARTS = (
    "generator",
    "overrides",
    "examples",
    "schema",
    "tests",
    "benchmarks",
    "scripts",
    ".ci",
    ".github",
    ".gitlab-ci.yml",
    ".vscode",
    ".editorconfig",
    ".gitignore",
    "Makefile",
    "pyproject.toml",
    "requirements.txt",
    "requirements-dev.txt",
    "README.md",
    "ARCHITECTURE.md",
)


def _refuse(message: str, **words: str) -> DataError:
    return DataError([Problem.general(message.format(**words))])


def init_district(
    project: Path,
    today: dt.date,
    name: str,
    url: str,
    *,
    organizer: str | None = None,
    head_id: str = "zongzhan",
    head_name: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Replace the example with a minimal district of one's own; return the files written."""
    config = project / "mkdocs.yml"
    if not force and config.is_file() and not is_example(read_config(config)):
        raise _refuse(ERR["init_not_example"])
    url = url.strip()
    url = url if url.endswith("/") else url + "/"
    problem = address_problem(url)
    if problem:
        raise _refuse(problem, url=url)
    if len(head_id) > 40 or not ID_RE.match(head_id):
        raise _refuse(ERR["new_station_id"], id=head_id)
    try:
        region = Region(name=name, organizer=organizer or SCAFFOLD["init_organizer"].format(name=name.strip()))
    except ValidationError:
        raise _refuse(ERR["init_name"], name=name) from None
    head = head_station(region, head_id, head_name or SCAFFOLD["init_head_name"].format(name=region.name))

    staging = project / ".init.new"
    shutil.rmtree(staging, ignore_errors=True)
    stations = staging / "stations"
    folder = stations / head_id
    files = {
        stations / "region.yml": region_file(region, project / "stations", project),
        **{
            folder / file: text
            for file, text in station_files(head, project / "stations" / head_id, project, today.year).items()
        },
        staging / "mkdocs.yml": SCAFFOLD["init_mkdocs"].format(name=region.name, url=url),
        staging / "content" / ".gitkeep": "",
    }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        validate_region(stations, staging, today)
        _swap_in(staging, project)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [project / path.relative_to(staging) for path in files if path.name != ".gitkeep"]


def _swap_in(staging: Path, project: Path) -> None:
    """Move the district parts from `staging` into `project`; if a move fails, put the old ones back."""
    old = project / ".init.old"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    try:
        for part in DISTRICT_PARTS:
            if (project / part).exists():
                (project / part).rename(old / part)
        for part in DISTRICT_PARTS:
            (staging / part).rename(project / part)
    except OSError:
        for part in DISTRICT_PARTS:
            target = project / part
            if (old / part).exists():
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
                (old / part).rename(target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def upgrade_tool(project: Path, source: str, ref: str = "main") -> list[str]:
    """Take the tool's parts from `source` (a git remote or folder) at `ref`; return the paths that changed.

    Refuses when the working tree has uncommitted changes, so the result is
    exactly the upstream tool on top of the district's own commit.
    """

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True)
        if result.returncode != 0:
            raise _refuse(ERR["upgrade_git"], command=" ".join(args[:2]), detail=result.stderr.strip()[-200:])
        return result.stdout

    if not (project / ".git").exists():
        raise _refuse(ERR["upgrade_no_git"])
    if git("status", "--porcelain").strip():
        raise _refuse(ERR["upgrade_dirty"])
    git("fetch", "--quiet", source, ref)
    upstream = set(git("ls-tree", "-r", "--name-only", "FETCH_HEAD", "--", *TOOL_PARTS).splitlines())
    ours = set(git("ls-files", "--", *TOOL_PARTS).splitlines())
    gone = sorted(ours - upstream)
    if gone:
        git("rm", "--quiet", "--", *gone)
    present = [part for part in TOOL_PARTS if any(p == part or p.startswith(part + "/") for p in upstream)]
    if present:
        git("checkout", "FETCH_HEAD", "--", *present)
    return [line[3:] for line in git("status", "--porcelain").splitlines()]
