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
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.problems import DataError, Problem
from generator.strings.messages import ERR

BUNDLE = "pagefind"  # folder of the search index and UI, at the site root

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


def pagefind_command(site: Path) -> list[str]:
    """How the build runs Pagefind over `site` (also what `benchmarks/search.py` measures)."""
    return [
        str(pagefind_binary()),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        "zh",  # every page is Chinese; one index, whatever a page's lang attribute says
        "--quiet",
    ]


def index_site(site: Path, project: Path) -> None:
    """Write the search index into `site/pagefind/`, or raise a DataError in Chinese.

    Pagefind runs in the project folder, so a `pagefind.yml` beside `mkdocs.yml`
    (Pagefind's own settings) applies; the options given here take precedence.
    """
    try:
        result = subprocess.run(pagefind_command(site), cwd=project, capture_output=True, text=True)
    except OSError as exc:
        raise DataError([Problem.general(ERR["search_failed"].format(detail=exc))]) from exc
    if result.returncode != 0:
        detail = " / ".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise DataError([Problem.general(ERR["search_failed"].format(detail=detail))])
