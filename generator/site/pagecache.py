"""MkDocs' output kept between builds, so a rebuild renders only the pages whose source changed.

Every build runs MkDocs with `--dirty` into one folder kept under
`build/.cache/`: MkDocs then skips each page and file whose output is newer
than its source, and the generator rewrites a source only when its content
changed (`output.py`), so MkDocs renders only the pages an edit changed. What is skipped is
exactly what a clean build would write because each page's HTML depends only
on its own source and on the *frame* (tool, theme, overrides, configuration,
installed packages, footer): the nav is hand-written and never lists station
or deputy pages, and no page shows its neighbours. The frame is fingerprinted
(`stamp.frame`) and recorded beside the folder once MkDocs succeeded; a different
frame, a missing record (a failed or killed run removed it) empties the folder, so
the next build is clean.

The hook (`mkdocs_hook.py`) removes the output of every source MkDocs is about
to render before it writes, and afterwards every output no source makes any
more. So a file in the folder is never rewritten in place: the site is put
together from it by hard links (no copy of a city's gigabyte), and a later
build cannot reach into a published site through a shared file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.problems import DataError, Position, Problem
from generator.region.paths import SITE_FACTS
from generator.site import stamp
from generator.strings.messages import ERR

PAGES = Path("build") / ".cache" / "pages"  # under the project, beside the code and photo caches
FRAME = PAGES.with_name("pages-frame.txt")


def build_pages(config: Path, project: Path, today: dt.date, frame: str | None) -> None:
    """MkDocs' pages for the docs tree as it is now into `PAGES`, rendering only what changed since the last build.

    Raises a DataError in Chinese when MkDocs fails (the next build is then a clean one).
    """
    pages, recorded = project / PAGES, project / FRAME
    try:
        previous = recorded.read_text(encoding="utf-8")
    except OSError:
        previous = None
    if frame is None or previous != frame:
        shutil.rmtree(pages, ignore_errors=True)
    recorded.parent.mkdir(parents=True, exist_ok=True)
    recorded.unlink(missing_ok=True)  # while MkDocs runs, the folder is of no known frame
    run_mkdocs(config, project, pages, today, dirty=True)
    if frame is not None:
        recorded.write_text(frame, encoding="utf-8")


# Material (9.8) prints an English notice of its end of life before every MkDocs run; a clerk cannot act on it
# (README, "MkDocs and its successor"). The variable is the one material/templates/__init__.py reads.
MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}


def run_mkdocs(config: Path, project: Path, staging: Path, today: dt.date, *, dirty: bool = False) -> None:
    """MkDocs' own command line into `staging` (a fresh folder unless `dirty`), or a DataError (and no folder) in Chinese.

    Running MkDocs through its command line keeps us off its internals, so a successor tool can take its place.
    """
    if not dirty:
        shutil.rmtree(staging, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(config),
        "--site-dir",
        str(staging),
        *(["--dirty"] if dirty else []),
    ]
    # MkDocs stamps the build date (sitemap) from SOURCE_DATE_EPOCH: tie it to our build date
    # so the same data and date give byte-identical output.
    epoch = int(dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC).timestamp())
    env = {**os.environ, **MKDOCS_ENV, "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        detail = (result.stderr or result.stdout).strip().splitlines()
        message = ERR["build_failed"].format(detail=" / ".join(detail[-5:]))
        raise DataError([Problem(config.name, Position(1, 1), message)])


def link_tree(source: Path, target: Path) -> None:
    """`target` as a fresh copy of `source` made of hard links; real copies where links cannot be made."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=_link)


def link_into(source: Path, target: Path) -> None:
    """Every file of `source` into `target` as `link_tree` does, beside what `target` holds; a file of the same
    name there is replaced (unlinked first: it is a link into MkDocs' kept output, never written through)."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=_link, dirs_exist_ok=True)


def _link(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except FileExistsError:
        os.unlink(dst)
        _link(src, dst)
    except OSError:  # another file system, or links refused: the same bytes, copied
        shutil.copy2(src, dst)


def page_frame(configs: list[Path], docs_dir: Path) -> str | None:
    """The frame of the pages about to be built: `stamp.frame` with the footer the hook gives every page."""
    try:
        facts = (docs_dir / SITE_FACTS).read_bytes()
    except OSError:
        facts = b""
    return stamp.frame(configs, facts)
