"""How values are written on the site: links between site paths."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.region.formats import relative_url

SEGMENT = st.sampled_from(["s", "d", "zd", "a1", "cases", "2026", "code.svg", "张三", ".", ".."])
SITE_PATH = st.lists(SEGMENT, max_size=4).map("/".join)


def by_posixpath(page: str, target: str) -> str:
    """The plain definition: posixpath's relative path between the two, a folder keeping its slash."""
    if target.startswith("#"):
        return target
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath(posixpath.join("/", path), posixpath.join("/", page))
    if (not path or path.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


@settings(max_examples=500, derandomize=True)
@given(page=SITE_PATH, target=SITE_PATH, folder=st.booleans(), page_folder=st.booleans(), anchor=st.booleans())
def test_links_between_site_paths_are_posixpaths_relative_path(
    page: str, target: str, folder: bool, page_folder: bool, anchor: bool
) -> None:
    page += "/" if page_folder and page else ""
    target += "/" if folder and target else ""
    target += "#next" if anchor else ""
    assert relative_url(page, target) == by_posixpath(page, target)


def test_a_station_page_links_to_its_deputy_code_and_home() -> None:
    assert relative_url("s/zd/", "d/wang-li/") == "../../d/wang-li/"
    assert relative_url("s/zd/", "s/zd/code.svg") == "code.svg"
    assert relative_url("s/zd/", "") == "../../"
    assert relative_url("", "s/zd/#plan") == "s/zd/#plan"
    assert relative_url("s/zd/", "https://wj.example.cn/s/zd") == "https://wj.example.cn/s/zd"
