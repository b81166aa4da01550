"""Generate the MkDocs source tree from the data, and build the site from it.

`generate_pages` is the standalone step: validate, render every page into
memory, then write the docs tree (hand-written `content/` plus generated pages
and photos). `build_site` then has MkDocs render the pages whose source
changed (`pagecache.py`), puts the site together from them in a fresh folder,
indexes it for search (`search.py`), checks it fetches nothing from elsewhere
(`offline.py`), and swaps it into place only when all of that succeeded, so
`site/` is either the previous complete site or the new complete one, never
half of each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from generator.data.files import MAX_PHOTO_BYTES, DataTree, walk
from generator.data.sourcecache import CACHE_DIR as SOURCE_CACHE
from generator.problems import DataError, Position, Problem, one_line
from generator.region.assemble import RegionModel
from generator.region.notices import MANIFEST, manifest, read_manifest, schedule_warnings, warning_line
from generator.region.paths import SITE_FACTS, media_path
from generator.region.validate import validate_region
from generator.render.cache import usable_cores
from generator.render.codecache import CACHE_DIR, make_codes
from generator.render.codes import canonical_url, code_addresses, is_dense, short_path, version_of
from generator.render.feeds import feed_views
from generator.render.opendata import open_data_views
from generator.render.pages import make_environment, photo_sources, render_redirect, site_facts
from generator.render.photocache import CACHE_DIR as PHOTO_CACHE
from generator.render.photocache import Photos
from generator.render.photos import PublishedPhoto, publish
from generator.render.placards import (
    STYLESHEET,
    STYLESHEET_SOURCE,
    Placard,
    all_placards,
    placard_view,
    render_placard,
)
from generator.render.sitefile import SITE_FILE, site_file
from generator.render.views import site as views
from generator.render.views.plain import canonical
from generator.render.workbooks import template_views
from generator.site import stamp
from generator.site.config import config_chain, docs_dir, read_config
from generator.site.content import site_content
from generator.site.identity import identity_problems, is_example
from generator.site.memo import MEMO, Memo
from generator.site.offline import CHECKED, make_self_contained
from generator.site.output import FILES, OutputTree, swap_in
from generator.site.pagecache import PAGES, build_pages, link_into, link_tree, page_frame
from generator.site.pages import Made, make_files, make_pages, write_files
from generator.site.search import index_site
from generator.strings.messages import ERR, SAID


@dataclass
class Generated:
    docs_dir: Path  # MkDocs' sources
    files_dir: Path  # the generated files that are not pages (codes, feeds, open data, photos, placards …)
    site_dir: Path
    placards: list[Placard]
    pages: int  # Markdown sources in the docs tree: the pages MkDocs makes of them
    notes: list[str]  # warnings for the clerk, in the order they arose, each one line for stderr
    rendered: list[str]  # files made from their views this time ("docs/…", "files/…"); the others were kept


def generate_pages(data_dir: Path, config: Path, today: dt.date, *, publish: bool = False) -> Generated:
    """`generate_docs`, its warnings printed."""
    generated = generate_docs(data_dir, config, today, publish=publish)
    print_notes(generated.notes)
    return generated


def print_notes(notes: list[str]) -> None:
    for note in notes:
        print(note, file=sys.stderr)


def generate_docs(data_dir: Path, config: Path, today: dt.date, *, publish: bool = False) -> Generated:
    """Validate and write the docs tree MkDocs builds from.

    With `publish` (a build, placards), a site still named or addressed as another
    district is refused before anything is written; otherwise (preview) it is a warning.
    """
    project = config.parent.resolve()
    settings = read_config(config)
    docs = docs_dir(project, settings)
    site_dir = project / settings.get("site_dir", "site")
    overrides = project / "overrides" / "pages"

    content, content_problems = site_content(project)
    try:
        model = validate_region(data_dir, project, today, cache=project / SOURCE_CACHE)
    except DataError as exc:  # the pages' problems are reported with the data's
        raise DataError(exc.problems + content_problems) from None
    if content_problems:
        raise DataError(content_problems)
    identity = identity_problems(config, settings, model.region)
    if identity and publish:
        raise DataError(identity)
    notes = [warning_line(w) for w in identity]
    site_url = canonical_url(settings.get("site_url"), "", config.name)  # codes and feeds need the real address
    env = make_environment(overrides, site_url, example=is_example(settings), county=model.county)
    cores = usable_cores()
    files = project / FILES
    # Written only if everything rendered: MkDocs' sources (the pages, hand-written and generated, and the
    # footer the hook reads) in the docs tree; every other file beside it, for MkDocs never to walk.
    with OutputTree(docs) as tree, OutputTree(files) as beside:
        for name, data in sorted(content.items()):
            tree.add(name, data)
        published = publish_photos(model, project / PHOTO_CACHE, beside, notes)
        placards = all_placards(model)
        frame = stamp.frame(config_chain(config), model.county.encode())  # the county's word is in the templates
        memo = Memo(project / MEMO, frame, {"docs": docs, "files": files})
        trees = {"docs": tree, "files": beside}
        site_pages = []
        for page in make_pages(env, views.page_jobs(model, placards, published), memo, cores):
            write_files(page.files, trees, memo)
            page.files.clear()  # written: let the contents go
            site_pages.append(page)
        taken = {name.split("/", 1)[0] for name in content}
        dense = write_codes(env, site_pages, taken, site_url, project / CACHE_DIR, memo, beside)
        beside.add(STYLESHEET, STYLESHEET_SOURCE.read_bytes())
        printing = partial(render_placard, env)
        prints = [(partial(placard_view, p, model, published), [(p.path, printing)]) for p in placards]
        # The region's tables first: theirs is the longest job (every station's rows); last, it left a core idle.
        made = [*open_data_views(model, site_url), *prints, *feed_views(model, site_url), *template_views()]
        write_files(make_files("files", made, memo, cores), trees, memo)
        beside.add(MANIFEST, manifest(model))
        tree.add(SITE_FACTS, site_facts(model))
        beside.add(SITE_FILE, site_file(model, site_url))
        both = tree.names & beside.names
        if both:
            raise ValueError(f"generated twice: {sorted(both)[:5]}")
        generated = {"docs": set(tree.names), "files": set(beside.names)}
    memo.save(generated)  # once both trees are committed
    notes += [warning_line(w) for w in schedule_warnings(model, read_manifest(site_dir / MANIFEST))]
    if dense:
        version, url = max(dense)
        notes.append(ERR["code_version"].format(count=len(dense), url=url, version=version))
    pages_made = len(site_pages) + sum(1 for name in content if name.endswith(".md"))
    rendered = [name for name, _ in memo.made]
    return Generated(docs, files, site_dir, placards, pages_made, notes, rendered)


def write_codes(
    env: jinja2.Environment,
    pages: list[Made],
    taken: set[str],
    site_url: str,
    cache_dir: Path,
    memo: Memo,
    tree: OutputTree,
) -> list[tuple[int, str]]:
    """Each page's code (SVG and PNG) and, for a code with a short address, the redirect page there; the codes
    denser than a phone reads well from a print, as (version, address). `taken`: the site's top-level folders a
    number must not be. A code's files are made from its address (the memo's text for them), so codes whose
    files the memo has are neither made nor read from the code cache; a redirect from its title, page and addresses."""
    addresses = code_addresses(site_url, [p.path for p in pages if p.code], taken)
    names = {page: (f"{page}code.svg", f"{page}code.png") for page in addresses}
    keys = {page: Memo.key(url) for page, url in addresses.items()}
    missing = {p: u for p, u in addresses.items() if not all(memo.unchanged("files", n, keys[p]) for n in names[p])}
    codes = make_codes(missing, cache_dir)
    for page in pages:
        if not page.code:
            continue
        code = codes.pop(page.path, None)  # each code is written once: let it go
        for name, data in zip(names[page.path], (code.svg, code.png) if code else (None, None), strict=True):
            if data is None:
                tree.keep(name)
            else:
                tree.add(name, data)
                memo.done("files", name, keys[page.path])
        short = short_path(site_url, addresses[page.path])
        if short:  # the redirect page there, made from what it says (the memo's text for it)
            redirect, key = f"{short}/index.html", Memo.key(canonical([page.title, page.path, short, site_url]))
            if memo.unchanged("files", redirect, key):
                tree.keep(redirect)
            else:
                tree.add(redirect, render_redirect(env, page.title, page.path, short, site_url))
                memo.done("files", redirect, key)
    return [(version_of(url), url) for url in addresses.values() if is_dense(url)]


def publish_photos(
    model: RegionModel, cache_dir: Path, tree: OutputTree, notes: list[str]
) -> dict[tuple[str, str], PublishedPhoto]:
    """Every photo's derivatives into the tree (never the photo itself); where each is, for the templates.

    A photo that passed validation but cannot be decoded is left out with a warning in `notes`: its page
    shows the letter avatar instead.
    """
    sources = photo_sources(model)
    photos = Photos(cache_dir)
    photos.make({f"{sid}/{path}": source for (sid, path), source in sources.items()})
    published: dict[tuple[str, str], PublishedPhoto] = {}
    for (station_id, path), (file, _) in sources.items():
        made = photos.get(f"{station_id}/{path}")
        if made is None:
            notes.append(one_line(ERR["photo_undecodable"].format(path=file.as_posix())))
            continue
        key, derivatives = made
        base = media_path(station_id, path).rsplit(".", 1)[0]
        published[(station_id, path)], files = publish(base, key, derivatives)
        for site_path, data in files.items():
            tree.add(site_path, data)
    return published


def forkserver() -> multiprocessing.context.BaseContext:
    """The start method of generation's child: forked from a server that has imported the tool once.

    Without the preload each child imports the whole tool again (0.7 s of CPU), which a process that
    builds many times (a long preview session, the test suite) pays on every build.
    """
    # Only the server's first start reads it; the preview's child runs `preview`.
    multiprocessing.set_forkserver_preload(["__main__", __name__, "generator.site.preview"])
    return multiprocessing.get_context("forkserver")


def _generate_site_dir(data_dir: Path, config: Path, today: dt.date) -> tuple[Path, int, list[str]]:
    """In the child: its warnings come back with the result, to be printed where the command prints."""
    generated = generate_docs(data_dir, config, today, publish=True)
    return generated.site_dir, generated.pages, generated.notes


PHASES = Path("build") / ".cache" / "build-phases.json"  # how long the last build spent in each phase
REPLACED = Path("build") / ".cache" / "replaced-site"  # the site a build replaced, removed by the next build


class Phases:
    """Wall time of each phase of a build, written for `make bench` and anyone asking where the time goes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 2)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.seconds, ensure_ascii=False), encoding="utf-8")


def build_site(data_dir: Path, config: Path, today: dt.date) -> Path:
    """Validate, generate and build the whole site into its `site_dir`.

    Generation runs in a child process: the region model it holds (gigabytes for
    a province) is given back to the system before MkDocs and Pagefind, which
    need as much again, start. Its problems still arrive here as a DataError.
    """
    project = config.parent.resolve()
    phases = Phases()
    configs, settings = config_chain(config), read_config(config)
    with phases("fingerprint"):
        inputs = stamp.fingerprint(data_dir, configs, today)
    site_dir = (project / (settings.get("site_dir") or "site")).resolve()
    if stamp.is_current(project, site_dir, inputs):
        print(SAID["build_unchanged"].format(path=site_dir.relative_to(project)))
        return site_dir
    # The site the last build replaced is removed while this one generates (this process only waits then).
    replaced = project / REPLACED
    removing = threading.Thread(target=shutil.rmtree, args=(replaced,), kwargs={"ignore_errors": True})
    removing.start()
    with phases("generate"), ProcessPoolExecutor(max_workers=1, mp_context=forkserver()) as generator:
        generated = generator.submit(_generate_site_dir, data_dir, config, today).result()
    site_dir, pages_built, notes = generated
    print_notes(notes)
    staging = site_dir.with_name(f".{site_dir.name}.new")
    with phases("mkdocs"):
        frame = page_frame(configs, docs_dir(project, settings))
        build_pages(config, project, today, frame)
    with phases("assemble"):
        link_tree(project / PAGES, staging)
        link_into(project / FILES, staging)
    offending = index_and_check(staging, project, urlsplit(settings.get("site_url") or "").hostname, phases)
    if offending:
        raise DataError(_fetch_problems(offending, project, data_dir, config))
    with phases("swap"):
        removing.join()
        swap_in(staging, site_dir, keep=replaced)
    phases.write(project / PHASES)
    print(SAID["built"].format(path=site_dir.relative_to(project), pages=pages_built))
    stamp.record(project, site_dir, inputs)
    return site_dir


def index_and_check(
    staging: Path, project: Path, host: str | None, phases: Phases | None = None
) -> dict[str, list[str]]:
    """Index the staged site for search and make it self-contained; what it would still fetch from elsewhere.

    On a failure or anything offending, `staging` is removed: the site in place stays the last good one.
    """
    phases = phases or Phases()
    try:
        with phases("search index"):
            index_site(staging, project)
    except DataError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with phases("offline check"):
        offending = make_self_contained(staging, host, project / CHECKED)
    if offending:
        shutil.rmtree(staging, ignore_errors=True)
    return offending


def _fetch_problems(offending: dict[str, list[str]], project: Path, data_dir: Path, config: Path) -> list[Problem]:
    """Where the district's own files name the hosts the site would fetch from; else the site files, for the theme."""
    hosts = sorted({host for found in offending.values() for host in found})
    problems: list[Problem] = []
    for root in (project / "content", data_dir):
        if not root.is_dir() or root.is_symlink():
            continue
        tree = DataTree(root, project)
        for path in walk(root, tree.display)[0]:
            if path.suffix.lower() not in (".md", ".html", ".yml", ".css"):
                continue
            text = tree.read(path, MAX_PHOTO_BYTES).decode("utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                for host in hosts:
                    if f"//{host}" in line:  # an address, not a mention in the text
                        column = line.index(f"//{host}") + 3
                        message = ERR["third_party_source"].format(host=host)
                        problems.append(Problem(tree.display(path), Position(number, column), message))
    if problems:
        return problems
    files = "、".join(f"{name}（{'、'.join(found)}）" for name, found in list(offending.items())[:5])
    return [Problem(config.name, Position(1, 1), ERR["third_party"].format(files=files))]


def print_station_placards(data_dir: Path, config: Path, today: dt.date, out_dir: Path, stations: list[str]) -> None:
    """Generate the docs tree, then print the placards (of `stations`, or all) to PDF in `out_dir`.

    Every station that prints is written; the others are reported together at the end (a DataError).
    """
    from generator.site.printing import print_placards

    generated = generate_pages(data_dir, config, today, publish=True)
    chosen = generated.placards
    if stations:
        known = {p.station.id for p in chosen}
        unknown = [s for s in stations if s not in known]
        if unknown:
            message = ERR["unknown_station"].format(ids="、".join(unknown))
            raise DataError([Problem.general(message)])
        chosen = [p for p in chosen if p.station.id in stations]
    printed = print_placards(generated.files_dir, chosen, out_dir, prune=not stations)
    if printed.written:
        print(SAID["placards_done"].format(count=len(printed.written), stations=printed.stations, path=out_dir))
    if printed.problems:
        raise DataError(printed.problems)
