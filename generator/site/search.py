"""Index the built site for full-text search with Pagefind, before the site is swapped in.

Pagefind reads the built HTML and writes a static, chunked index beside it
(`pagefind/`): a reader's browser downloads only the fragments a query needs,
so search stays light at city size, where a single index file of every page
(Material's lunr search) would not. We run the *extended* binary from the
`pagefind-bin-extended` wheel on PyPI, the build that segments Chinese text
into words (plain Pagefind would index a whole Chinese sentence as one word).
The browser segments the reader's query the same way (Intl.Segmenter).

Only what a page marks with `data-pagefind-body` is indexed (the page content,
never the navigation or footer); `data-pagefind-meta="kind:…"` names the kind
of page a result is (站点/代表/案例/活动/说明). This module never changes a page:
it only adds the `pagefind/` folder, and a failure leaves the old site in place.

A build after an edit starts from the last build's bundle (`KEPT`). Pagefind names a page's fragment, a chunk
of the word index and the index's metadata by a hash of their content, and skips compressing and writing
one whose file is already in its output folder: over the 100-station site, Pagefind takes 4.1 s instead of 6.3 s
(one run each). Its short names (seven hexadecimal digits) can collide across builds, which its own source warns
about: a new page's fragment could take the name of a kept fragment of another page and be served with that
page's text. So every fragment the new index names that was kept from before must belong to a page of this
site, and to no other fragment's page, and every kept chunk of the word index must run from and to the words the
index looks for in it; else the bundle is made again from nothing (filters, which our pages do not use, are not
checked). Fragments whose names collided within a build, which Pagefind lengthens in the order it reads the pages,
are published but not kept. What the new index no longer names is removed, so the published bundle holds exactly
what a build from nothing would write (the page cache's state machine compares the two, byte for byte).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

import cbor2
import orjson

from generator.atomic import write_atomically
from generator.problems import DataError, Problem
from generator.render.cache import usable_cores
from generator.site.pagecache import link_tree
from generator.site.stamp import pagefind_settings
from generator.strings.messages import ERR

BUNDLE = "pagefind"  # folder of the search index and UI, at the site root
KEPT = Path("build") / ".cache" / "search"  # under the project: the last build's bundle, which the next one starts from
KEPT_STATE = KEPT.with_name("search.json")  # beside it: what it was made with, what each kept file holds
HASHED = ("fragment", "index", "filter")  # folders of the bundle's content-named files

# How the reader's browser ranks results (Pagefind's `ranking` options, given to its UI by the header).
# Names are searched most, and a deputy's or station's page carries its name in hidden pieces
# (`formats.search_terms`): each piece is repeated more on a shorter name, so that the exact name
# weighs most for every part of the query. For those counts to decide:
SEARCH_RANKING = {
    # a word counts only at the query part's own length, not as a longer word starting with it (王芳 in 王芳斌)
    "termSimilarity": 10,
    # counts are not divided by the length of the page: a deputy with many cases listed is not pushed down
    "pageLength": 0,
    # a page whose name holds the query is lifted above pages that only mention it; the shown summary is not searched
    "metaWeights": {"name": 10, "summary": 0},
}


def pagefind_binary() -> Path:
    """The extended Pagefind executable installed from PyPI (never the plain build)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:
        raise DataError([Problem.general(ERR["no_pagefind"])]) from exc
    return get_executable()


def pagefind_version() -> str:
    """The version of the installed Pagefind: a portal merges only indexes written by the same one."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind-bin-extended")
    except PackageNotFoundError as exc:
        raise DataError([Problem.general(ERR["no_pagefind"])]) from exc


# Every page is Chinese: one index, whatever a page's lang attribute says.
PAGEFIND_OPTIONS = ("--force-language", "zh", "--quiet")


def pagefind_command(site: Path, output: Path | None = None) -> list[str]:
    """How the build runs Pagefind over `site`, into `output` or the site's own `pagefind/` (what
    `benchmarks/search.py` measures)."""
    where = ["--output-subdir", BUNDLE] if output is None else ["--output-path", str(output)]
    return [str(pagefind_binary()), "--site", str(site), *where, *PAGEFIND_OPTIONS]


def index_site(site: Path, project: Path) -> None:
    """Write the search index into `site/pagefind/`, or raise a DataError in Chinese.

    Pagefind runs in the project folder, so a `pagefind.yml` beside `mkdocs.yml`
    (Pagefind's own settings) applies; the options given here take precedence.
    The bundle is written into `KEPT`, starting from the last build's, and linked into the site.
    """
    kept, state_file = project / KEPT, project / KEPT_STATE
    settings = _settings(project)
    state = _read_state(state_file)
    if state.get("settings") != settings or not state.get("complete"):
        shutil.rmtree(kept, ignore_errors=True)
        state = {}
    for fresh in (False, True):
        before = _prepare(kept)
        write_atomically(state_file, orjson.dumps({"settings": settings, "complete": False}))
        _run_pagefind(site, kept, project)
        try:
            fragments, chunks, named = _named(kept)
            seen = _read(kept, [*fragments, *chunks], state.get("seen", {}) if before else {})
            if fresh or (_belong(fragments, before, site, seen) and _in_place(chunks, before, seen)):
                break
        except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, cbor2.CBORDecodeError) as exc:
            if fresh:
                raise DataError([Problem.general(ERR["search_failed"].format(detail=exc))]) from exc
        shutil.rmtree(kept, ignore_errors=True)  # a name that collided, or a damaged file: all made anew
        state = {}
    for folder in (kept / name for name in HASHED):
        for path in folder.iterdir() if folder.is_dir() else ():
            if f"{folder.name}/{path.name}" not in named:
                path.unlink()
    for path in kept.glob("pagefind.*.pf_meta"):
        if path.name not in named:
            path.unlink()
    link_tree(kept, site / BUNDLE)
    for name in _collided(fragments):  # published; not kept, so that the next build writes them as it names them
        (kept / name).unlink()
        del seen[name]
    write_atomically(state_file, orjson.dumps({"settings": settings, "complete": True, "seen": seen}))


def _settings(project: Path) -> str:
    """What else decides the bundle's bytes: Pagefind's version, its options and the project's settings for it."""
    digest = hashlib.sha256(f"{pagefind_version()}\0{PAGEFIND_OPTIONS}\0".encode())
    digest.update(pagefind_settings(project))
    return digest.hexdigest()


def _read_state(path: Path) -> dict:
    try:
        state = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return state if isinstance(state, dict) and isinstance(state.get("seen", {}), dict) else {}


def _prepare(kept: Path) -> set[str]:
    """The content-named files kept from the last build. The others Pagefind writes every time, so they are
    removed first: each is a hard link into the site in place, which must not change under its readers."""
    if not kept.is_dir():
        return set()
    for path in kept.iterdir():
        if path.is_dir() and path.name not in HASHED:
            shutil.rmtree(path)  # the playground, if a district's pagefind.yml asks for it
        elif not path.is_dir() and not (path.name.startswith("pagefind.") and path.suffix == ".pf_meta"):
            path.unlink()
    return {
        f"{folder}/{path.name}" for folder in HASHED if (kept / folder).is_dir() for path in (kept / folder).iterdir()
    }


def _run_pagefind(site: Path, kept: Path, project: Path) -> None:
    try:
        result = subprocess.run(pagefind_command(site, kept), cwd=project, capture_output=True, text=True)
    except OSError as exc:
        raise DataError([Problem.general(ERR["search_failed"].format(detail=exc))]) from exc
    if result.returncode != 0:
        shutil.rmtree(kept, ignore_errors=True)
        detail = " / ".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise DataError([Problem.general(ERR["search_failed"].format(detail=detail))])


def _unpacked(path: Path) -> bytes:
    """A bundle file's content: gzip, then Pagefind's marker."""
    return gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")


def _named(kept: Path) -> tuple[list[str], dict[str, tuple[str, str]], set[str]]:
    """What the new index names: its fragments, one a page; its word index's chunks, each with the words it
    runs from and to; and every content-named file (the metadata and the filters too)."""
    entry = json.loads((kept / "pagefind-entry.json").read_text(encoding="utf-8"))
    named, fragments, chunks = set(), [], {}
    for language in entry["languages"].values():
        meta = f"pagefind.{language['hash']}.pf_meta"
        named.add(meta)
        _, pages, index, filters, *_ = cbor2.loads(_unpacked(kept / meta))
        fragments += [f"fragment/{page[0]}.pf_fragment" for page in pages]
        chunks |= {f"index/{chunk[2]}.pf_index": (chunk[0], chunk[1]) for chunk in index}
        named |= {f"filter/{row[1]}.pf_filter" for row in filters}
    return fragments, chunks, named | set(fragments) | chunks.keys()


def _what_is_in(path: Path) -> str | list[str]:
    """A fragment's page; a chunk's first and last word."""
    content = _unpacked(path)
    if path.suffix == ".pf_fragment":
        return orjson.loads(content)["url"]
    words = cbor2.loads(content)[0]
    return [words[0][0], words[-1][0]]


def _read(kept: Path, names: list[str], known: dict) -> dict:
    """What is in each named file, read from it (a few milliseconds each, on every core) unless `known` from an
    earlier build, as a file's name stands for its content."""
    unknown = [name for name in dict.fromkeys(names) if name not in known]
    with ThreadPoolExecutor(usable_cores()) as pool:
        read = dict(zip(unknown, pool.map(lambda name: _what_is_in(kept / name), unknown), strict=True))
    return {name: known[name] if name in known else read[name] for name in names}


def _belong(fragments: list[str], before: set[str], site: Path, seen: dict) -> bool:
    """Whether each fragment kept from before is one of this site's pages, which no other fragment is.

    A fragment named like a kept one of another page is found: that page is either in the site, with a fragment
    of its own, or gone from it.
    """
    if not before & set(fragments):
        return True
    pages = set()
    for name in dict.fromkeys(fragments):
        path = unquote(seen[name]).lstrip("/")
        path += "index.html" if path.endswith("/") or not path else ""
        if seen[name] in pages or (name in before and not (site / path).is_file()):
            return False
        pages.add(seen[name])
    return True


def _in_place(chunks: dict[str, tuple[str, str]], before: set[str], seen: dict) -> bool:
    """Whether each chunk kept from before holds the words the new index looks for in it (it names a chunk by the
    words it runs from and to, or as much of them as tells them apart from their neighbours')."""
    for name, (first, last) in chunks.items():
        if name in before and not (seen[name][0].startswith(first) and seen[name][1].startswith(last)):
            return False
    return True


def _collided(fragments: list[str]) -> set[str]:
    """The fragments whose short names collided in this build, so that Pagefind lengthened all but one.

    Which of them gets the short name depends on the order Pagefind reads the pages in; were they kept, a build
    that read the two pages the other way round would find each one's name on the other's file.
    """
    by_short: dict[str, list[str]] = {}
    for name in dict.fromkeys(fragments):
        stem = name.removeprefix("fragment/")
        by_short.setdefault(stem[: stem.index("_") + 8], []).append(name)
    return {name for names in by_short.values() if len(names) > 1 for name in names}
