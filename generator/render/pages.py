"""Render the region model into MkDocs pages: one Markdown file per page, body in escaped HTML.

Every value from YAML reaches the page through Jinja with autoescaping, and
Markdown never sees it: the body is finished HTML, which the MkDocs hook passes
to the theme unparsed (parsing it again was most of MkDocs' time at city size),
and which would still be one raw HTML block without the hook. So a name such as
`**x**`, `<script>` or `{{ x }}` shows literally. The only rich text clerks may write,
the work rules, goes through a CommonMark renderer with raw HTML switched off
and links limited to http(s).

Addresses come from ids only (see `paths.py`). Page titles go into
front matter HTML-escaped, because MkDocs' theme templates print them unescaped.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe
import yaml
from markdown_it import MarkdownIt

from generator.data.values import ActivityStatus, CaseStatus, DeputyRole
from generator.problems import Problem, one_line
from generator.region import formats
from generator.region.assemble import RegionModel
from generator.region.paths import (
    DATA_INDEX,
    FINISHED_HTML,
    GUIDE,
    SCORE_INDEX,
    activity_path,
    cases_path,
    deputy_path,
    group_deputies_path,
    group_print_path,
    group_stations_path,
    station_path,
)
from generator.render.feeds import FEED_NAME, subscribe_url
from generator.render.photos import LANDSCAPE, PORTRAIT, Shape
from generator.strings.messages import ERR
from generator.strings.site import FIGURE_NOTES, RECORD_NOTES, UI

TEMPLATES = Path(__file__).parent / "templates"
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: a tenth of the time, the same values
PATHS = {  # the addresses templates link to, from ids (region/paths.py)
    "station_path": station_path,
    "deputy_path": deputy_path,
    "activity_path": activity_path,
    "cases_path": cases_path,
    "group_deputies_path": group_deputies_path,
    "group_print_path": group_print_path,
    "group_stations_path": group_stations_path,
}


class _Text:
    """Lets templates write `t.key` for UI strings, failing loudly on a missing key."""

    def __getattr__(self, key: str) -> str:
        return UI[key]

    def __getitem__(self, key: str) -> str:
        return UI[key]


def _rules_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "entity"])  # no requests to other hosts, ever; &lt; shows as the clerk wrote it
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://"))  # type: ignore[method-assign]
    return md


class CompiledOnce(jinja2.BytecodeCache):
    """The templates' compiled code kept in this process's memory, by template name: a process that generates
    again (live preview's child, on every edit) compiles each template once, not on every generation.

    Jinja checks an entry against its template's source (a checksum) before using it, so an edited template or
    an override of the same name is compiled anew. Nothing is read from disk: no code is loaded from a cache a
    CI restores. Every environment `make_environment` makes has the same options, so their code is the same; an
    environment of other options has a cache of its own (the theme's under preview, `mkdocs_hook.on_env`).
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name  # not the file's path: each copy of a project has its own, with the same templates

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledOnce()


class _Environment(jinja2.Environment):
    """Jinja's environment, reading a view's dict by key before attribute: a view's `values` or `items` is its
    data, not the dict's method."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class _Words:
    """A vocabulary of `data/values.py` as templates compare with it: `CaseStatus.RATED` is the value views hold,
    `CaseStatus.key(value)` the lower-case name, for a CSS class."""

    def __init__(self, vocabulary: type[enum.Enum]):
        self._vocabulary = vocabulary

    def __getattr__(self, name: str) -> Any:
        return self._vocabulary[name].value

    def key(self, value: Any) -> str:
        return self._vocabulary(value).name.lower()


def _day(value: dt.date | str) -> dt.date:
    """A date as views hold it (ISO) or as the model does."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def make_environment(
    overrides: Path | None, site_url: str, *, example: bool = False, county: str = "区"
) -> jinja2.Environment:
    """The templates' environment; `example` marks every page and placard of the invented example district,
    `county` is what the county-level congress is called here (RegionModel.county)."""
    search = [str(overrides)] if overrides and overrides.is_dir() else []
    env = _Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_COMPILED,
    )
    rules = _rules_renderer()
    env.globals["t"] = _Text()
    env.globals["subscribe_url"] = lambda path: subscribe_url(site_url, path)
    env.globals["feed_name"] = FEED_NAME
    env.globals["example"] = example
    env.globals["figure_note_lines"] = FIGURE_NOTES
    env.globals["record_note_lines"] = RECORD_NOTES
    env.globals["data_index"] = DATA_INDEX
    env.globals.update(score_page=SCORE_INDEX, guide_page=GUIDE)  # pages for clerks, linked from others
    env.globals.update(PATHS)
    env.globals.update({v.__name__: _Words(v) for v in (ActivityStatus, CaseStatus, DeputyRole)})
    env.filters.update(
        day=_day,
        date_cn=lambda day: formats.date_cn(_day(day)),
        weekday_cn=lambda day: formats.weekday_cn(_day(day)),
        levels_cn=lambda levels: formats.levels_cn(levels, county),
        levels_short=lambda levels: formats.levels_short(levels, county),
        tel=formats.tel_target,
        search_terms=formats.search_terms,
        markdown=lambda text: markupsafe.Markup(rules.render(text)),
    )
    return env


def compile_templates(overrides: Path | None) -> None:
    """Compile every template into this process's cache of compiled templates (`CompiledOnce`), once: an
    environment made later loads each from there instead of compiling it again."""
    env = make_environment(overrides, "")
    for name in env.list_templates(extensions=["html", "svg", "xml", "txt"]):
        env.get_template(name)


def render_page(env: jinja2.Environment, text: str) -> str:
    """A page's Markdown source from its canonical text (`Page.text`): front matter and the finished HTML.

    The template reads the page's view as JSON gives it back, so it can show nothing the text does not hold.
    """
    page = json.loads(text)
    about = page["page"]

    def url(target: str) -> str:
        return formats.relative_url(about["path"], target)

    body = env.get_template(page["template"]).render(page=about, url=url, **page["view"])
    # Should Markdown ever see the body, it ends a raw HTML block at a blank line: keep the body one block.
    body = "\n".join(line for line in body.splitlines() if line.strip())
    meta = {"title": str(markupsafe.escape(about["title"])), "hide": page["hide"], FINISHED_HTML: True}
    if page["kind"]:
        meta["search_kind"] = UI[page["kind"]]  # overrides/main.html marks the content for Pagefind
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}\n"


def site_facts(model: RegionModel) -> bytes:
    """What the theme's templates show on every page: the footer line naming the organiser."""
    footer = UI["footer"].format(organizer=model.region.organizer, region=model.region.name)
    return json.dumps({"footer": footer}, ensure_ascii=False, sort_keys=True).encode("utf-8")


def render_preview_error(env: jinja2.Environment, problems: list[Problem]) -> str:
    """The page live preview shows while the data has errors: each problem's place and message."""
    lines = [
        (f"{p.file}:{p.position.line}:{p.position.column}" if p.file else "", one_line(p.message)) for p in problems
    ]
    return env.get_template("preview_error.html").render(
        title=ERR["preview_error_title"],
        lead=ERR["preview_error_lead"].format(count=len(lines)),
        fix=ERR["preview_error_fix"],
        problems=lines,
    )


def render_redirect(env: jinja2.Environment, title: str, path: str, short: str, site_url: str) -> str:
    """The static page at a code's short address (`<short>/index.html`), forwarding to the page at `path`."""
    return env.get_template("redirect.html").render(
        title=title,
        target=formats.relative_url(f"{short}/", path),
        canonical=site_url.rstrip("/") + "/" + path,
    )


def photo_sources(model: RegionModel) -> dict[tuple[str, str], tuple[Path, Shape]]:
    """Photos to publish, by (station id, path as written): the file and how it is cropped."""
    found: dict[tuple[str, str], tuple[Path, Shape]] = {}
    for station in model.stations.values():
        if station.station.photo:
            found[(station.id, station.station.photo)] = (station.folder / station.station.photo, LANDSCAPE)
    for deputy in model.deputies.values():
        if deputy.deputy.photo:
            found[(deputy.home.id, deputy.deputy.photo)] = (deputy.home.folder / deputy.deputy.photo, PORTRAIT)
    return found
