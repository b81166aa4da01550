"""Make the generated files from their views: only those whose view changed are rendered, on every core.

Each job runs in a forked worker: it makes its files' views, hashes each one's canonical text, and
renders only files the memo does not already have on disk (pages and their charts: `views.page_jobs`;
prints: `placards.placard_view`; feeds: `feeds.feed_views`; open data: `opendata.open_data_views`). So an edit's generation costs the views, which are cheap, and the renderings
of what the edit touched. A file is always made from the very text that was hashed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

import jinja2

from generator.render.cache import map_forked
from generator.render.charts import Chart, render_chart
from generator.render.pages import render_page
from generator.render.views.plain import ViewFiles, canonical, plain, remembering
from generator.render.views.site import Job
from generator.site.memo import Memo
from generator.site.output import OutputTree

Output = tuple[str, str, str, Callable[[str], str | bytes]]  # tree label, relative path, text, make(text)
File = tuple[str, str, str, str | bytes | None]  # tree label ("docs", "files"), path, key, content (None: on disk)
JOBS_MIN = 8  # jobs worth forking workers for; fewer are made here
A_JOB = 64  # files whose views one job makes


@dataclass
class Made:
    """A page as the build goes on with it: where it is, its code, and its files (None: unchanged on disk)."""

    path: str
    source: str
    title: str
    code: str | None
    files: list[File]


def make_pages(env: jinja2.Environment, jobs: list[Job], memo: Memo, cores: int) -> Iterator[Made]:
    """Every page of `jobs`, in order, with its charts, rendered where the memo does not have them; yielded as the
    workers finish them, so that only a few are held at once (a city's pages are hundreds of megabytes)."""

    def make(index: int) -> list[Made]:
        made = []
        for page in jobs[index]():
            files = [_file(memo, ("docs", page.source, page.text(), partial(render_page, env)))]
            for chart in page.charts:
                name = f"{page.path}charts/{chart.name}.svg"
                files.append(_file(memo, ("files", name, canonical(plain(chart)), partial(_chart, env))))
            made.append(Made(page.path, page.source, page.title, page.code, files))
        return made

    for batch in map_forked(make, len(jobs), cores, JOBS_MIN):
        yield from batch


def _chart(env: jinja2.Environment, text: str) -> str:
    """A chart drawn as SVG from its plain form."""
    view = json.loads(text)
    return render_chart(env, Chart(view["name"], view["title"], [(label, value) for label, value in view["rows"]]))


def make_files(label: str, views: Sequence[ViewFiles], memo: Memo, cores: int) -> Iterator[File]:
    """The files of each view, made from the view's canonical text where the memo does not have them, in order,
    yielded as the workers finish them."""

    def batch(index: int) -> list[File]:
        first = index * A_JOB
        made = []
        with remembering():  # a session is in the region's feed, its station's and its deputies'
            for view, files in views[first : first + A_JOB]:
                text = canonical(view())
                made += [_file(memo, (label, path, text, make)) for path, make in files]
        return made

    jobs = (len(views) + A_JOB - 1) // A_JOB
    for files in map_forked(batch, jobs, cores, JOBS_MIN):
        yield from files


def _file(memo: Memo, output: Output) -> File:
    """A file made from its text: rendered, or None when the memo has it on disk as made from that text."""
    label, relative, text, make = output
    key = Memo.key(text)
    return (label, relative, key, None if memo.unchanged(label, relative, key) else make(text))


def write_files(files: Iterable[File], trees: dict[str, OutputTree], memo: Memo) -> None:
    """Put files in their trees: those made are added (and told to the memo), the others kept as they are."""
    for label, relative, key, content in files:
        if content is None:
            trees[label].keep(relative)
        else:
            trees[label].add(relative, content)
            memo.done(label, relative, key)
