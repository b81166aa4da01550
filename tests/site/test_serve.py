"""Live preview as `make serve` runs it: `mkdocs serve --dirty` with the generator's hook.

Only pages whose generated source changed are rendered again, so a clerk's edit
shows quickly even in a large region; a change to the theme must still reach
every page; a data error shows in the browser until it is fixed. Driven for real: a server process, files edited on disk, pages fetched
over HTTP until they show the change (the wait only bounds a failure).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.strings.messages import ERR
from tests.conftest import (
    BUILD_DATE,
    ROOT,
    assert_same_trees,
    copy_sources,
    fetch_text,
    free_port,
    make_project,
    run_generator,
    stop_server,
)

GIVE_UP = 300  # seconds: only how long a failing test waits, never a speed requirement


def _wait_for(url: str, text: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + GIVE_UP
    while time.monotonic() < deadline:
        page = fetch_text(url)
        if text in page:
            return page
        assert server.poll() is None, "mkdocs serve stopped"
        time.sleep(0.3)
    pytest.fail(f"{url} never showed {text!r}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory):
    """The example project under `make serve`, with its address."""
    project = make_project(tmp_path_factory.mktemp("serve") / "project")
    (project / "build" / "docs").mkdir(parents=True)
    server, address = _start(project)
    try:
        _wait_for(address + "s/liutang/", "</h1>", server)
        yield project, address, server
    finally:
        stop_server(server)


def _serve_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The server's command line exactly as the Makefile's `serve` runs it, and the variables it sets."""
    dry = subprocess.run(
        ["make", "-n", "serve", f"PY={sys.executable}", f"PORT={port}", "HOST=127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    words = shlex.split(next(line for line in dry.stdout.splitlines() if " mkdocs serve " in line))
    settings = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        settings[name] = value
    return words, settings


def _start(project: Path, env: dict[str, str] | None = None, *, output: bool = False) -> tuple[subprocess.Popen, str]:
    """`make serve`'s server on a free port (with `output`, what it prints is kept); the caller stops it."""
    port = free_port()
    command, settings = _serve_command(port)
    out = subprocess.PIPE if output else subprocess.DEVNULL
    server = subprocess.Popen(
        command,
        cwd=project,
        stdout=out,
        stderr=subprocess.STDOUT if output else subprocess.DEVNULL,
        start_new_session=True,
        env={**(os.environ if env is None else env), **settings},
        text=True,
    )
    return server, f"http://127.0.0.1:{port}/"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_station_shows_in_preview_with_the_pages_that_name_it(preview) -> None:
    project, address, server = preview
    _edit(project / "stations" / "liutang" / "station.yml", "name: 柳塘街道", "name: 柳塘新村街道")
    page = _wait_for(address + "s/liutang/", "柳塘新村街道人大代表联络中心站", server)
    assert "柳塘街道人大代表联络中心站" not in page
    child = fetch_text(address + "s/xinghua/")  # its breadcrumbs name the parent: regenerated and rendered again
    assert "柳塘新村街道人大代表联络中心站" in child and "柳塘街道人大代表联络中心站" not in child


def test_the_files_beside_the_pages_are_served_as_the_site_publishes_them(preview) -> None:
    """Codes, placards, sheet templates and redirects are not MkDocs' pages: the preview serves them from beside
    the docs tree, byte for byte what the build publishes, and nothing outside that folder."""
    project, address, _ = preview
    files = project / "build" / "files"
    for name in ("s/liutang/code.svg", "s/liutang/print/placard-a4.html", "guide/templates/rota.xlsx"):
        with urllib.request.urlopen(address + name, timeout=30) as response:
            assert response.read() == (files / name).read_bytes(), name
    with urllib.request.urlopen(address + "guide/", timeout=30) as response:
        assert 'href="templates/rota.xlsx"' in response.read().decode("utf-8"), "the guide's link kept as written"
    (project / "build" / "secret.txt").write_text("not the site's", encoding="utf-8")
    for name in ("../secret.txt", "%2E%2E/secret.txt", "s/../../secret.txt"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(address + name, timeout=30)
        assert refused.value.code == 404, name


def test_a_hand_written_page_saved_in_preview_links_to_the_files_beside(preview) -> None:
    """A dirty rebuild names the files beside the docs tree to MkDocs only when a hand-written page is rendered:
    a page a clerk writes while the preview runs links to a sheet template as the built site does."""
    project, address, server = preview
    page = project / "content" / "beside-links.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text("# 下载\n\n[接待表模板](guide/templates/rota.xlsx)\n", encoding="utf-8")
    try:
        html = _wait_for(address + "beside-links/", "接待表模板", server)
        link = BeautifulSoup(html, "html.parser").find("a", string="接待表模板")
        assert link["href"] == "../guide/templates/rota.xlsx"
    finally:
        page.unlink()


def test_a_preview_after_a_build_starts_from_its_pages_and_renders_what_changed(tmp_path: Path) -> None:
    """The pages the build rendered are served as they are (the site's own address as their canonical one) until
    their source changes; then the preview renders them (its own address)."""
    project = make_project(tmp_path / "project")
    built = run_generator(project, "build")
    assert built.returncode == 0, built.stderr
    canonical = 'rel="canonical" href="{}s/liutang/"'
    site_url = re.search(r"(?m)^site_url: (\S+)$", (project / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
    server, address = _start(project, {**os.environ, "BUILD_DATE": BUILD_DATE})
    try:
        page = _wait_for(address + "s/liutang/", "</h1>", server)
        assert canonical.format(site_url) in page, "the build's page, not rendered again"
        _edit(project / "stations" / "liutang" / "station.yml", "name: 柳塘街道", "name: 柳塘新村街道")
        page = _wait_for(address + "s/liutang/", "柳塘新村街道人大代表联络中心站", server)
        assert canonical.format(address) in page, "rendered by the preview once its source changed"
    finally:
        stop_server(server)
    kept = (project / "build" / ".cache" / "pages" / "s" / "liutang" / "index.html").read_text(encoding="utf-8")
    assert canonical.format(site_url) in kept and "柳塘新村" not in kept, "the build's own pages never written through"


def _wait_until_gone(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + GIVE_UP
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=10).close()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return
        except OSError:
            pass  # rebuilding
        assert server.poll() is None, "mkdocs serve stopped"
        time.sleep(0.3)
    pytest.fail(f"{url} was still served")


def test_a_station_added_in_preview_comes_and_goes_with_its_folder(preview) -> None:
    """Its pages appear when the folder is saved and leave the preview when it is deleted: after its first build
    the preview removes what the last build made and no source makes any more."""
    project, address, server = preview
    folder = project / "stations" / "xiling"
    folder.mkdir()
    (folder / "station.yml").write_text(
        "id: xiling\nname: 西岭社区人大代表联络站\nkind: 联络站\nparent: liutang\n"
        "area: [青禾区, 柳塘街道, 西岭社区]\naddress: 西岭路8号\nhours: 工作日 8:30-17:00\n"
        'phone: "0571-8000 0009"\nmanaged_by: 柳塘街道人大工委\n',
        encoding="utf-8",
    )
    try:
        _wait_for(address + "s/xiling/", "西岭社区人大代表联络站", server)
        assert "西岭社区人大代表联络站" in _wait_for(address + "s/liutang/", "西岭社区", server)
    finally:
        shutil.rmtree(folder)
    _wait_until_gone(address + "s/xiling/", server)
    assert "西岭社区" not in _wait_for(address + "s/liutang/", "</h1>", server)


def test_a_theme_change_reaches_every_page_in_preview(preview) -> None:
    project, address, server = preview
    _edit(project / "overrides" / "main.html", "{% block extrahead %}", "{% block extrahead %}<!-- lz-theme-2 -->")
    _wait_for(address + "s/liutang/", "lz-theme-2", server)
    for page in ("", "s/xinghua/", "d/", "guide/"):
        assert "lz-theme-2" in _wait_for(address + page, "</h1>", server), page


def test_a_data_error_shows_in_the_browser_and_the_site_returns_when_fixed(preview) -> None:
    """While a file is wrong every page answers with its errors (no request waits for a good build)."""
    project, address, server = preview
    deputies = project / "stations" / "liutang" / "deputies.yml"
    good = deputies.read_text(encoding="utf-8")
    _edit(deputies, "    level: 县\n    constituency: 第8选区", "    level: 村\n    constituency: 第8选区")
    try:
        page = _wait_for(address + "s/liutang/", ERR["preview_error_title"], server)
        errors = BeautifulSoup(page, "html.parser")
        (problem,) = errors.select("ol.problems li")
        assert problem.code.get_text() == "stations/liutang/deputies.yml:6:12"
        assert "“村”" in problem.get_text() and "全国/省/市/县/乡" in problem.get_text()
        assert "livereload" in page, "the preview's reload script: the page refreshes when the file is fixed"
        for other in ("", "d/xu-guoqiang/", "guide/"):  # every page, at once
            assert ERR["preview_error_title"] in fetch_text(address + other), other
        assert "lz-" in fetch_text(address + "assets/stylesheets/lianluo.css"), "assets are served as they are"
    finally:
        deputies.write_text(good, encoding="utf-8")
    page = _wait_for(address + "s/liutang/", 'class="lz-page lz-station"', server)
    assert ERR["preview_error_title"] not in page


def test_after_edits_in_preview_the_docs_tree_is_what_a_fresh_generate_makes(tmp_path: Path) -> None:
    """The preview keeps each typed file between edits (unchanged bytes are not parsed again): what it
    generates after a run of edits, one of them broken and fixed, must be what a fresh process makes."""
    project = make_project(tmp_path / "project")
    assert run_generator(project, "generate").returncode == 0
    server, address = _start(project, {**os.environ, "BUILD_DATE": BUILD_DATE})
    station, deputies = (
        project / "stations" / "liutang" / "station.yml",
        project / "stations" / "liutang" / "deputies.yml",
    )
    try:
        _wait_for(address + "s/liutang/", "</h1>", server)
        _edit(station, "name: 柳塘街道", "name: 柳塘新村街道")
        _wait_for(address + "s/liutang/", "柳塘新村街道", server)
        _edit(deputies, "name: 许国强", "name: 许国强华")
        _wait_for(address + "d/xu-guoqiang/", "许国强华", server)
        _edit(deputies, "    level: 县\n    constituency: 第8选区", "    level: 村\n    constituency: 第8选区")
        _wait_for(address + "s/liutang/", ERR["preview_error_title"], server)
        _edit(deputies, "    level: 村\n    constituency: 第8选区", "    level: 县\n    constituency: 第8选区")
        _edit(station, "name: 柳塘新村街道", "name: 柳塘街道")  # back to bytes the preview read before
        _wait_for(address + "s/liutang/", "柳塘街道人大代表联络中心站", server)
        _wait_for(address + "d/xu-guoqiang/", "许国强华", server)
    finally:
        stop_server(server)
    fresh = tmp_path / "fresh"
    copy_sources(project, fresh)
    assert run_generator(fresh, "generate").returncode == 0
    for tree in ("docs", "files"):
        assert_same_trees(project / "build" / tree, fresh / "build" / tree, "edits under preview")


def test_ctrl_c_stops_the_preview_at_once_even_while_it_generates(tmp_path: Path) -> None:
    """Ctrl-C reaches the server and the child that generates: both end, with no traceback in the terminal."""
    project = make_project(tmp_path / "project")
    assert run_generator(project, "generate").returncode == 0
    server, address = _start(project, output=True)
    try:
        _wait_for(address + "s/liutang/", "</h1>", server)
        _edit(project / "stations" / "liutang" / "station.yml", "name: 柳塘街道", "name: 柳塘新村街道")
        time.sleep(1)  # the server has seen the change and is generating
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        output, _ = server.communicate(timeout=GIVE_UP)
    finally:
        stop_server(server)
    assert server.returncode is not None
    assert "Traceback" not in output and "Exception ignored" not in output, output[-2000:]
    deadline = time.monotonic() + GIVE_UP  # the helpers multiprocessing started end once the server has
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return  # nothing of the preview is left running
        time.sleep(0.2)
    pytest.fail("a process of the preview was still running")


def test_the_preview_prints_nothing_a_clerk_cannot_act_on(tmp_path: Path) -> None:
    """Neither the theme's English end-of-life notice nor a link MkDocs cannot follow, as `make serve` runs it."""
    project = make_project(tmp_path / "project")
    assert run_generator(project, "generate").returncode == 0
    server, address = _start(project, output=True)
    try:
        _wait_for(address + "guide/", "</h1>", server)
    finally:
        stop_server(server)
    output = server.stdout.read()
    assert "Building documentation" in output, output[-2000:]
    assert "end of life" not in output and "Zensical" not in output, output[:2000]
    assert "unrecognized relative link" not in output and "WARNING" not in output, output[-2000:]


def test_make_serve_takes_the_port_and_host() -> None:
    dry = subprocess.run(
        ["make", "-n", "serve", "PORT=8001", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "mkdocs serve --dirty --dev-addr 0.0.0.0:8001" in dry.stdout
    default = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "--dev-addr 127.0.0.1:8000" in default.stdout
