"""Live preview as `make serve` runs it: `mkdocs serve --dirty` with the generator's hook.

Only pages whose generated source changed are rendered again, so a clerk's edit
shows quickly even in a large region; a change to the theme must still reach
every page. Driven for real: a server process, files edited on disk, pages fetched
over HTTP until they show the change (the wait only bounds a failure).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import fetch_text, free_port, make_project, run_generator, stop_server

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
    """The example project under `make serve`'s two commands, with its address."""
    project = make_project(tmp_path_factory.mktemp("serve") / "project")
    assert run_generator(project, "generate").returncode == 0
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    address = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(address + "s/liutang/", "</h1>", server)
        yield project, address, server
    finally:
        stop_server(server)


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


def test_a_theme_change_reaches_every_page_in_preview(preview) -> None:
    project, address, server = preview
    _edit(project / "overrides" / "main.html", "{% block extrahead %}", "{% block extrahead %}<!-- lz-theme-2 -->")
    _wait_for(address + "s/liutang/", "lz-theme-2", server)
    for page in ("", "s/xinghua/", "d/", "guide/"):
        assert "lz-theme-2" in _wait_for(address + page, "</h1>", server), page
