"""Thin MkDocs hook: generated pages skip Markdown; dirty builds stay exact; live preview regenerates pages.

In a `--dirty` build (every `build`, see `pagecache.py`, and `make serve`),
before MkDocs writes anything the hook removes the output of each file it is
about to render or copy again, so a kept output is never rewritten in place,
and afterwards it removes every output no source makes any more (a deleted
station's pages), so the folder holds exactly what a clean build would.

Under `mkdocs serve` (`make serve`, with `--dirty`) each change regenerates the
docs tree, where only files whose content changed are rewritten, so MkDocs
renders only those pages again, all of them when the theme changed. Generation
runs in a child process kept between edits (`preview.PreviewGeneration`): the
server has threads and must not fork, the child renders on every core. It starts
as soon as the file system reports a save (`preview.EarlyStart`), before MkDocs'
poll starts the build that asks for it.

Generated pages (front matter `lz_html`, see `pages.py`) are finished HTML:
their body is handed to the theme as it is, instead of Python-Markdown parsing
every tag of it as a raw HTML block only to emit it unchanged.

Page generation is only active under `mkdocs serve`; `python -m generator build`
generates pages itself before calling MkDocs. Invalid data during preview is
reported in Chinese in the terminal and in the browser: the build still
completes (a failed build would leave every request waiting for the next good
one), the last good pages stay in the docs tree, and while the errors last the
server answers every page with an error page listing them (`ERROR_PAGE`), which
reloads into the site once the files are fixed. In every build the hook also
hands the theme templates (`overrides/`) our interface words and the footer, so
the header's controls read from `strings/` like every page.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.clock import build_date
from generator.problems import CRASH_LOG, DataError, Problem, write_crash_log
from generator.region.paths import FINISHED_HTML, SITE_FACTS
from generator.site.content import sanitize
from generator.site.output import FILES, prune, remove
from generator.site.search import SEARCH_RANKING
from generator.strings.messages import ERR
from generator.strings.site import SEARCH_KIND_KEY, SEARCH_UI, UI

log = logging.getLogger("mkdocs.hooks.lianluo")
BASE_CONFIG = Path(__file__).parent / "mkdocs.base.yml"  # what each district's mkdocs.yml inherits
_serving = False
_dirty = False
_expected: set[str] = set()  # under a dirty build: every output path (relative to site_dir) this build makes
_built: set[str] | None = None  # under preview, after its first build: the outputs the last build left
_theme: tuple | None = None  # the theme files as of the last preview build
_finished: dict[str, str] = {}  # body of each generated page, between its Markdown and content events
_problems: list[Problem] | None = None  # while the data has errors under preview: what the error page lists
_generation = None  # under preview: the child process that generates the docs tree (preview.PreviewGeneration)
_early = None  # under preview: what starts a generation as soon as a save is seen (preview.EarlyStart)
_theme_code = None  # under preview: the theme's templates compiled once (render.pages.CompiledOnce)
ERROR_PAGE = "lz-preview-error/"  # in the preview's site folder only; `build` never writes it
TABLE_OPEN = '<div class="lz-table-wrap" tabindex="0" role="region" aria-label="{label}"><table class="lz-table">'


class _MissingWhileBroken(logging.Filter):
    """While the data has errors before anything was generated, the nav's pages are missing: expected, not fatal."""

    def filter(self, record: logging.LogRecord) -> bool:
        return _problems is None or "not found in the documentation files" not in record.getMessage()


class _DirtyIsIntended(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale navigation: ours cannot (see on_pre_build).

    Under `strict: true` that warning alone would abort every preview.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class _PublishedBeside(logging.Filter):
    """Drops MkDocs' note that a page links to an excluded file when the file is one of ours beside the docs tree
    (`_name_beside`): it is published all the same, there is nothing for a clerk to do."""

    files: Path | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        found = re.search(r"contains a link to '([^']+)' which is excluded from the built site", record.getMessage())
        return not (found and self.files is not None and (self.files / found.group(1)).is_file())


_published_beside = _PublishedBeside()


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyIsIntended())
    if _serving:
        logging.getLogger("mkdocs.structure.nav").addFilter(_MissingWhileBroken())


def _theme_outputs(config) -> set[str]:
    """What MkDocs writes from the theme's own templates on every build (the sitemap also gzipped)."""
    names = set(config.theme.static_templates) | set(config.extra_templates)
    return names | {f"{name}.gz" for name in names if name == "sitemap.xml"}


def on_files(files, config):
    """Name the generated files beside the docs tree, for links to them to be checked, when a hand-written page is
    to be rendered; under a dirty build, remove each output about to be made again and remember every output."""
    if not _dirty or any(_hand_written(page) for page in files.documentation_pages() if page.is_modified()):
        _name_beside(files, config)
    if not _dirty:
        return files
    site = Path(config.site_dir)
    _expected.clear()
    _expected.update(_theme_outputs(config))
    for name in _expected:
        (site / name).unlink(missing_ok=True)
    for file in files:
        if file.inclusion.is_excluded():
            continue
        _expected.add(file.dest_uri)
        if file.is_modified():
            Path(file.abs_dest_path).unlink(missing_ok=True)
    return files


def _hand_written(page) -> bool:
    """Whether a page's source is a hand-written page, not one the generator finished (front matter `lz_html`):
    only a hand-written page's links go through MkDocs, so only its rendering needs the files beside named
    (some 15,000 at 100 stations: naming them was a third of a dirty rebuild)."""
    try:
        with open(page.abs_src_path, "rb") as source:
            head = source.read(1024)
    except OSError:
        return True
    return f"\n{FINISHED_HTML}: true\n".encode() not in head.split(b"\n---", 1)[0] + b"\n"


def _name_beside(files, config) -> None:
    """The generated files that are not pages (`output.FILES`) among MkDocs' files, excluded: a hand-written page's
    link to one (a sheet template, open data) is checked and made relative as any, and MkDocs copies none of them
    (the build links them into the site, the preview serves them beside)."""
    from mkdocs.structure.files import File, InclusionLevel

    beside = Path(config.config_file_path).parent / FILES
    top = str(beside)
    for folder, _, names in os.walk(top):
        prefix = os.path.relpath(folder, top).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in names:
            if files.get_file_from_path(prefix + name) is None:
                excluded = InclusionLevel.EXCLUDED
                files.append(File(prefix + name, top, config.site_dir, config.use_directory_urls, inclusion=excluded))


def on_config(config):
    """The district's site name and description as text: the theme prints them unescaped in every page's head."""
    _published_beside.files = Path(config.config_file_path).parent / FILES
    logging.getLogger("mkdocs.structure.pages").addFilter(_published_beside)
    for key in ("site_name", "site_description", "site_author"):
        if config.get(key):
            config[key] = Markup.escape(config[key])
    return config


def on_env(env, config, files):
    global _theme_code
    if _serving:  # MkDocs makes a new environment for every build: the theme's templates are compiled once a preview
        from generator.render.pages import CompiledOnce

        _theme_code = _theme_code or CompiledOnce()
        env.bytecode_cache = _theme_code
    try:
        facts = json.loads((Path(config.docs_dir) / SITE_FACTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        facts = {}
    env.globals["lz_footer"] = Markup.escape(facts.get("footer", ""))  # the region's words: text, never markup
    env.globals.update(
        lz_ui=UI,
        lz_search_ui=SEARCH_UI,
        lz_search_kind_key=SEARCH_KIND_KEY,
        lz_search_options={"ranking": SEARCH_RANKING},
    )
    if facts.get("merge"):  # a portal's pages also search its members' indexes (site/portal.py): mergeIndex
        env.globals["lz_search_options"] = {"ranking": SEARCH_RANKING, "mergeIndex": facts["merge"]}
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.meta.get(FINISHED_HTML):
        _finished[page.file.src_uri] = markdown.strip("\n")
        return ""
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri in _finished:
        return _finished.pop(page.file.src_uri)
    html = sanitize(html)  # written by clerks: only the allow-list of `content.py` is published
    # A hand-written page's tables scroll sideways on a phone: in a region a keyboard can reach, styled
    # like ours (Material leaves tables that have a class alone).
    return html.replace("<table>", TABLE_OPEN.format(label=UI["table_region"])).replace("</table>", "</table></div>")


def _theme_state(config) -> tuple:
    """What every page's HTML depends on besides its own source: the theme overrides and the configuration."""
    project = Path(config.config_file_path).parent
    watched = [Path(config.config_file_path), BASE_CONFIG, *sorted((project / "overrides").rglob("*"))]
    return tuple((str(path), path.stat().st_mtime_ns) for path in watched if path.is_file())


def on_pre_build(config) -> None:
    global _theme, _problems, _generation
    if not _serving:
        return
    from generator.site.preview import PreviewGeneration

    # `make serve` runs `mkdocs serve --dirty`: MkDocs then renders only pages whose source changed,
    # which is right for our pages (each one is self-contained, the nav is hand-written) until the
    # theme changes. Then every built page is stale: removing them makes MkDocs render all again.
    theme = _theme_state(config)
    first = _theme is None  # the preview's first build
    if _theme is not None and theme != _theme:
        for built in Path(config.site_dir).rglob("*.html"):
            built.unlink()
    _theme = theme
    config_file = Path(config.config_file_path)
    # Problems go to the terminal directly, not through MkDocs' log: under `strict` a logged error
    # fails the build, and a failed build holds every page request until a good one.
    try:
        _generation = _generation or PreviewGeneration()
        _generation.generate(config_file.parent / "stations", config_file, build_date(None))
        _problems = None
    except DataError as exc:
        _problems = exc.problems
    except Exception as exc:  # a bug: one sentence here, the trace in the crash log
        crash = write_crash_log(exc, config_file.parent / CRASH_LOG)
        _problems = [Problem.general(ERR["internal_error"].format(log=crash.as_posix()))]
    for problem in _problems or []:
        print(problem.render(), file=sys.stderr)
    if first and _dirty and _problems is None:
        _start_from_the_build(config)


def _start_from_the_build(config) -> None:
    """A new preview starts from the pages the last build rendered (`pagecache.PAGES`), when they were rendered
    in the same frame (tool, theme, configuration, footer): MkDocs, dirty, then renders only the pages whose
    source is newer, as a build would. They are hard links, never written through (see `on_files`). Only the
    address the preview is served at differs: a page kept from the build names the site's own as its canonical
    address."""
    from generator.site.config import config_chain
    from generator.site.pagecache import FRAME, PAGES, link_into, page_frame

    project = Path(config.config_file_path).parent
    site = Path(config.site_dir)
    try:
        recorded = (project / FRAME).read_text(encoding="utf-8")
    except OSError:
        return
    if (
        any(site.iterdir())
        or page_frame(config_chain(Path(config.config_file_path)), Path(config.docs_dir)) != recorded
    ):
        return
    link_into(project / PAGES, site)


def on_post_build(config) -> None:
    """Under a dirty build, prune outputs of removed sources; under preview, show or remove the error page."""
    global _built
    if _dirty:  # remove what no source of this build makes any more
        if _built is None:
            prune(Path(config.site_dir), _expected)  # the first build of this process: every file is looked at
        else:
            remove(Path(config.site_dir), _built - _expected)  # a later one under preview: what the last one made
        _built = set(_expected)
    if not _serving:
        return
    page = Path(config.site_dir) / ERROR_PAGE / "index.html"
    if _problems is None:
        page.unlink(missing_ok=True)
        return
    from generator.render.pages import make_environment, render_preview_error  # preview only: slow to load

    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render_preview_error(make_environment(None, ""), _problems), encoding="utf-8")


def on_shutdown() -> None:
    if _early is not None:
        _early.stop()
    if _generation is not None:
        _generation.close()


def _beside(files: Path, relative: str) -> Path | None:
    """The generated file a request names under `files`, if there is one (a folder's address: its index.html).

    The address is normalised as MkDocs' server does, so no request leaves the folder.
    """
    relative = relative.encode("latin-1").decode("utf-8", "ignore")  # WSGI's PATH_INFO: decoded bytes as latin-1
    relative += "index.html" if relative.endswith("/") or not relative else ""
    path = files / posixpath.normpath("/" + relative).lstrip("/")
    return path if path.is_file() else None


def on_serve(server, config, builder):
    global _early
    # The docs tree is written by the generator from the watched sources
    # (`watch:` in mkdocs.yml); watching it too would build every change twice.
    server.unwatch(config.docs_dir)
    config_file = Path(config.config_file_path)
    project = config_file.parent
    if _generation is not None:  # a save starts its generation when seen, before MkDocs' poll notices it
        from generator.site.preview import EarlyStart

        _early = EarlyStart(_generation, lambda: (project / "stations", config_file, build_date(None)))
        _early.watch([project / "stations", project / "content", project / "overrides"])
    # While the data has errors, every page request is answered with the error page; assets and the
    # live-reload polling go through. The server adds its reload script to the error page as to any.
    # The generated files that are not pages (`output.FILES`) are served from beside the docs tree, as the
    # build links them into the site: MkDocs neither walks nor copies them on each edit.
    serve_request = server.get_app()
    mount = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    error_path = mount + ERROR_PAGE
    files = project / FILES

    def serve_or_show_errors(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if _problems is not None and not path.startswith("/livereload/") and path.endswith(("/", ".html")):
            environ = {**environ, "PATH_INFO": error_path}
        elif path.startswith(mount):
            beside = _beside(files, path[len(mount) :])
            if beside is not None:
                content_type = mimetypes.guess_type(beside.name)[0] or "application/octet-stream"
                data = beside.read_bytes()
                start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(data)))])
                return [data]
        return serve_request(environ, start_response)

    server.set_app(serve_or_show_errors)
    return server
