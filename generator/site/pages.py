"""Make the generated pages and their charts: only those whose view changed are rendered, on every core.

Each job of `views.page_jobs` runs in a forked worker: it makes its pages' views, hashes each page's
canonical text, and renders only pages (and charts) the memo does not already have on disk. So an edit's
generation costs the views, which are cheap, and the renderings of what the edit touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import jinja2

from generator.render.cache import map_forked
from generator.render.charts import render_chart
from generator.render.pages import render_page
from generator.render.views.plain import canonical, plain
from generator.render.views.site import Job
from generator.site.memo import Memo
from generator.site.output import OutputTree

File = tuple[str, str, str, str | None]  # tree label ("docs", "files"), relative path, key, content (None: on disk)
JOBS_MIN = 8  # jobs worth forking workers for; fewer are made here


@dataclass
class Made:
    """A page as the build goes on with it: where it is, its code, and its files (None: unchanged on disk)."""

    path: str
    source: str
    title: str
    code: str | None
    files: list[File]


def make_pages(env: jinja2.Environment, jobs: list[Job], memo: Memo, cores: int) -> list[Made]:
    """Every page of `jobs`, in order, rendered where the memo does not have it."""

    def make(index: int) -> list[Made]:
        made = []
        for page in jobs[index]():
            text = page.text()
            files = [_file(memo, "docs", page.source, text, partial(render_page, env, text))]
            for chart in page.charts:
                name = f"{page.path}charts/{chart.name}.svg"
                files.append(_file(memo, "files", name, canonical(plain(chart)), partial(render_chart, env, chart)))
            made.append(Made(page.path, page.source, page.title, page.code, files))
        return made

    return [page for batch in map_forked(make, len(jobs), cores, JOBS_MIN) for page in batch]


def _file(memo: Memo, label: str, relative: str, text: str, render: Callable[[], str]) -> File:
    """A file made from `text`: rendered, or None when the memo has it on disk as made from that text."""
    key = Memo.key(text)
    return (label, relative, key, None if memo.unchanged(label, relative, key) else render())


def write_pages(made: list[Made], trees: dict[str, OutputTree], memo: Memo) -> None:
    """Put each page's files in their trees: those made are added (and told to the memo), the others kept."""
    for page in made:
        for label, relative, key, content in page.files:
            if content is None:
                trees[label].keep(relative)
            else:
                trees[label].add(relative, content)
                memo.done(label, relative, key)
