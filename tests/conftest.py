"""Shared fixtures: real builds of the example district and of small crafted regions.

Builds run the project's own command (`python -m generator build`, which runs
MkDocs) in a copy of the project, so tests never touch the working tree's
`build/` or `site/` and can run in parallel with a developer's preview.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from generator.site.printing import CHROMIUM_ARGS, find_chromium

ROOT = Path(__file__).resolve().parent.parent
# The tool's tests read the example district from where districts never edit it, so a district that
# replaced stations/, content/ and mkdocs.yml with its own still runs them green.
EXAMPLE = ROOT / "examples" / "qinghe"
BUILD_DATE = "2026-11-24"
TOOL_PARTS = ("overrides", "generator")

# What a district replaces with its own: the suite never reads it from the working tree, so a district's clone
# runs it green whatever its data. An audit hook makes any such read fail the test that made it (and only
# `working_tree_read` lets the few tests about the working tree itself, or a fresh clone of it, through).
WORKING_DISTRICT = tuple(str(ROOT / name) for name in ("stations", "content", "mkdocs.yml"))
_AUDITED = {"open", "os.listdir", "os.scandir"}
_tree_reads = 0


class WorkingTreeRead(AssertionError):
    """A test read the working tree's district instead of the example in examples/ (an assertion, so that no
    `except OSError`, such as pathlib's glob ignoring unreadable folders, can hide it)."""


def _no_working_district(event: str, args: tuple) -> None:
    if event not in _AUDITED or _tree_reads or not args or not isinstance(args[0], str | bytes | os.PathLike):
        return
    path = os.fsdecode(args[0])
    if not os.path.isabs(path) and event == "open" and not isinstance(args[1], str):
        return  # os.open of a name relative to a folder's descriptor (shutil.rmtree), not to the working folder
    path = os.path.abspath(path)
    if path.startswith(WORKING_DISTRICT) and any(path == d or path.startswith(d + os.sep) for d in WORKING_DISTRICT):
        raise WorkingTreeRead(f"the tests read the example from examples/, not the working tree's {path}")


sys.addaudithook(_no_working_district)


@contextlib.contextmanager
def working_tree_read():
    """Let a test read the working tree's district: a test about the working tree itself, or a clone of it."""
    global _tree_reads
    _tree_reads += 1
    try:
        yield
    finally:
        _tree_reads -= 1


@dataclass
class Build:
    project: Path
    result: subprocess.CompletedProcess[str]

    @property
    def site(self) -> Path:
        return self.project / "site"

    def page(self, address: str) -> BeautifulSoup:
        """The parsed page served at `address` (e.g. "s/liutang/")."""
        return BeautifulSoup((self.site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def copy_project(target: Path) -> Path:
    """The tool's code and theme with the example's mkdocs.yml and pages, without data (also for the benchmark)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in TOOL_PARTS:
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(EXAMPLE / "mkdocs.yml", target / "mkdocs.yml")
    if (EXAMPLE / "content").is_dir():
        shutil.copytree(EXAMPLE / "content", target / "content")
    else:
        (target / "content").mkdir()
    return target


def make_project(target: Path, stations: Path | None = None, *, warm: bool = True) -> Path:
    """A copy of the project with the example district's data, or with `stations` instead (and then the
    settings of a district of its own, `own_config`); the example's with the stores of its build once made, unless
    not `warm`."""
    copy_project(target)
    shutil.copytree(stations or EXAMPLE / "stations", target / "stations")
    if stations:
        own_config(target)
    if warm and not stations:
        _warm(target)
    return target


# The address a crafted or synthetic district is published at in the tests: neither the example's nor reserved.
DISTRICT_SITE_URL = "https://rd.ceshiqu.example.cn/"


def own_config(project: Path) -> None:
    """Make the example's mkdocs.yml in `project` that of the district whose data is in `project/stations`: its
    name, an address of its own, no example marker, as `init` writes them. The example's settings over another
    district's data are refused by `build` (generator/site/identity.py). Data without a readable region name
    keep the example's settings: they fail validation before the identity check is reached."""
    try:
        region = yaml.safe_load((project / "stations" / "region.yml").read_text(encoding="utf-8"))["name"]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return
    example = yaml.safe_load((EXAMPLE / "stations" / "region.yml").read_text(encoding="utf-8"))["name"]
    if not isinstance(region, str) or region == example:
        return
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(example, region)  # the site's name and description
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {DISTRICT_SITE_URL}", text)
    text = re.sub(r"(?m)^#[^\n]*\nextra:\n  example: true\n", "", text)
    config.write_text(text, encoding="utf-8")


def run_generator(
    project: Path, *args: str, env: dict[str, str] | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """`python -m generator --today BUILD_DATE <args>` in `project`, as a clerk would run it.

    In this process through `generator.cli.main` (what `python -m generator` calls), with the working folder,
    the environment and the standard streams of the command; a Python start-up per command would cost
    more than most commands. `process=True` runs the project's own copy of the tool in a subprocess: for
    the few tests that prove the entry point itself, or that change the tool's files in `project`.
    """
    command = ["--today", BUILD_DATE, *args]
    if process:
        return subprocess.run(
            [sys.executable, "-m", "generator", *command], cwd=project, capture_output=True, text=True, env=env
        )
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    os.chdir(project)
    codes: list[int] = []

    def run() -> None:
        try:
            codes.append(main(command))
        except SystemExit as exit:  # argparse's usage errors and --help
            codes.append(exit.code if isinstance(exit.code, int) else 1)

    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if _in_event_loop():  # a module's browser is open here: `placards` starts its own Playwright elsewhere
                worker = threading.Thread(target=run)
                worker.start()
                worker.join()
            else:
                run()
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    assert codes, err.getvalue()
    return subprocess.CompletedProcess(command, codes[0], out.getvalue(), err.getvalue())


def _in_event_loop() -> bool:
    """Whether this thread runs an event loop, as Playwright's sync API does while a browser is open: it refuses
    to start another Playwright in such a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_generator(project, *args, "build")


def copy_sources(project: Path, target: Path) -> None:
    """What a fresh checkout holds: the tool, the data, the pages and the configuration, no build."""
    for part in [*TOOL_PARTS, "stations", "content", "mkdocs.yml"]:
        source = project / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)


def tree_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_trees(made: Path, expected: Path, after: str) -> None:
    """The same files with the same bytes under both folders (two sites, two docs trees)."""
    got, want = tree_files(made), tree_files(expected)
    assert sorted(got) == sorted(want), f"after {after}: {set(got) ^ set(want)}"
    differing = [name for name in want if got[name] != want[name]]
    assert not differing, f"after {after}: {differing[:5]}"


def build_minimal(root: Path, changes: dict[str, str | None] | None = None) -> Build:
    """Build the small crafted region of `tests/minimal.py`, with some files replaced or removed."""
    from tests.minimal import write_region

    data = write_region(root / "data", changes)
    project = make_project(root / "project", stations=data)
    return Build(project, run_build(project))


# pytest keeps the folders of the last runs (`tmp_path_retention_count`) and removes older ones when a run ends:
# a run leaves about 260,000 files, so that removal took 20–30 s after the last test. The run removes them from
# its start instead, in a thread beside the tests, exactly those pytest would remove (not another run's, which
# holds its folder's lock). Anything a stopped run leaves is named `garbage-*`, which pytest removes itself.
_removal: threading.Thread | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _removal
    if hasattr(session.config, "workerinput") or session.config.option.basetemp:
        return
    current = session.config._tmp_path_factory.getbasetemp()  # the run's folder, as the tmp_path fixtures get it
    keep = int(session.config.getini("tmp_path_retention_count"))
    number = re.compile(r"pytest-(\d+)")
    runs = {int(m[1]): path for path in current.parent.iterdir() if (m := number.fullmatch(path.name))}
    newest = max(runs, default=0)
    old = [path for n, path in runs.items() if n <= newest - keep and not (path / ".lock").exists()]
    doomed = []
    for path in old:
        with contextlib.suppress(OSError):
            doomed.append(path.rename(path.with_name(f"garbage-{os.getpid()}-{path.name}")))
    if doomed:
        _removal = threading.Thread(target=_remove, args=(doomed,))
        _removal.start()


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_sessionfinish() -> None:
    if _removal is not None:
        _removal.join()


# The session's builds are made once for the whole run, by the first xdist worker that asks for one, under a lock;
# the other workers wait for it and read what it made (pytest-xdist's recipe for session fixtures). They are
# read-only once made: a test that changes a build copies it first.
def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this run sees (the run's base folder), or this process's own without workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Build]) -> Build:
    """`make(folder)` run by one worker of the run; the build it returned, to every worker."""
    from filelock import FileLock

    shared = _shared_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.json"
    with FileLock(shared / f"{name}.lock"):
        if done.is_file():
            made = json.loads(done.read_text(encoding="utf-8"))
            result = subprocess.CompletedProcess(made["args"], made["returncode"], made["stdout"], made["stderr"])
            return Build(Path(made["project"]), result)
        shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed making it left
        folder.mkdir()
        build = make(folder)
        assert build.result.returncode == 0, build.result.stderr
        result = build.result
        made = {"project": str(build.project), "args": result.args, "returncode": result.returncode}
        done.write_text(json.dumps({**made, "stdout": result.stdout, "stderr": result.stderr}), encoding="utf-8")
        return build


# The content-addressed stores of `build/.cache` (QR codes, photos, parsed files): a new copy of the example starts
# with the example's, as a district's CI restores them. An entry's name is the hash of all it depends on, so a
# store changes no byte of the site; tests of the stores themselves build without (`make_project(warm=False)`).
WARM_STORES = ("codes", "photos", "sources")
_example_stores: Path | None = None


def _warm(project: Path) -> None:
    if _example_stores is None:
        return
    for store in WARM_STORES:
        if (_example_stores / store).is_dir():
            shutil.copytree(_example_stores / store, project / "build" / ".cache" / store, dirs_exist_ok=True)


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The example district, built once for the whole run."""
    global _example_stores

    def make(folder: Path) -> Build:
        project = make_project(folder / "project", warm=False)
        return Build(project, run_build(project))

    build = _made_once(tmp_path_factory, "example", make)
    _example_stores = build.project / "build" / ".cache"
    return build


# A district of the size real ones have (the trial: 22 stations of 10–40 deputies, namesakes among
# them), made by the benchmark's generator; some stations without an online form, and a site address
# 12 characters longer than the example's, the case the QR codes must still keep coarse.
REALSIZE = {"stations": 22, "deputies": 22.0, "cases": 30.0}
REALSIZE_SEED = 8
LONG_SITE_URL = "https://lianluozhan.rd.qinghe.example.cn/"


@pytest.fixture(scope="session")
def realsize(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real-size synthetic district, built once for the whole run."""
    from benchmarks.synthetic import Size, write_region

    def make(root: Path) -> Build:
        data = root / "stations"
        write_region(data, Size(**REALSIZE), REALSIZE_SEED)
        for n, station in enumerate(sorted(p for p in data.iterdir() if p.is_dir())):
            if n % 3 == 0:  # as in real districts, not every station has a form of its own
                path = station / "station.yml"
                text = path.read_text(encoding="utf-8")
                lines = text.splitlines(True)
                path.write_text("".join(line for line in lines if not line.startswith("form:")), "utf-8")
        project = make_project(root / "project", data)
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {LONG_SITE_URL}", text), encoding="utf-8")
        return Build(project, run_build(project))

    return _made_once(tmp_path_factory, "realsize", make)


@pytest.fixture(scope="session")
def realsize_model(realsize: Build):
    import datetime as dt

    from generator.region.validate import validate_region

    return validate_region(realsize.project / "stations", realsize.project, dt.date.fromisoformat(BUILD_DATE))


def _printed(tmp_path_factory: pytest.TempPathFactory, build: Build, name: str) -> Path:
    """Every placard of `build`, printed once for the run: the batch must print every station."""
    _made_once(tmp_path_factory, name, lambda _: Build(build.project, run_generator(build.project, "placards")))
    return build.project / "placards"


@pytest.fixture(scope="session")
def realsize_pdfs(tmp_path_factory: pytest.TempPathFactory, realsize: Build) -> Path:
    """Every placard of the real-size district (placards tests)."""
    return _printed(tmp_path_factory, realsize, "realsize-pdfs")


@pytest.fixture(scope="session")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory, example: Build) -> Path:
    """Every placard of the example district (placards and photo tests)."""
    return _printed(tmp_path_factory, example, "example-pdfs")


@pytest.fixture(scope="session")
def example_model():
    import datetime as dt

    from generator.region.validate import validate_region

    return validate_region(EXAMPLE / "stations", EXAMPLE, dt.date.fromisoformat(BUILD_DATE))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # keep test output readable
        pass


def free_port() -> int:
    """A local TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server started in its own session and everything it started; kill it if it is busy building."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def fetch_text(url: str) -> str:
    """The page at `url` as text, or "" while the server cannot answer it (not up, rebuilding)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve(directory: Path):
    """Serve a built site over HTTP on a free local port, as a web server would; yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def served_site(example: Build):
    """The built example site over HTTP on localhost, as a browser reads it."""
    yield from serve(example.site)


# Module scope: printing placards starts its own Playwright, which cannot run inside another one.
@pytest.fixture(scope="module")
def browser():
    """The system's Chromium, driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The fast tier (`make test-fast`, `pytest -m "not slow and not browser"`) for the edit loop: a test is `browser`
# when it drives Chromium (pages in a browser, PDFs printed), `slow` when it builds a site with MkDocs and Pagefind
# or prints placards, by the fixtures it asks for or the module it is in. `make test` runs every tier.
BROWSER_FIXTURES = {"browser", "served_site", "example_pdfs", "realsize_pdfs"}
SLOW_FIXTURES = {"example", "realsize", "realsize_model", "planted", "monorepo", "district", "imported", "workspace"}
SLOW_MODULES = {
    "tests/site/",  # every one builds a site, serves a preview or builds a portal
    "tests/render/test_placards.py",
    "tests/render/test_photos.py",
    "tests/render/test_codecache.py",
    "tests/render/test_hostile_text.py",
    "tests/tools/test_district.py",
    "tests/tools/test_imports.py",
    "tests/tools/test_import.py",
    "tests/tools/test_export.py",
    "tests/tools/test_ci.py",
    "tests/tools/test_scaffold.py",
}


# The longest modules of `make test`, longest first (pytest --durations, 2 cores): xdist (`--dist loadfile
# --no-loadscope-reorder`) hands modules out in collection order, so the long ones start first and the short
# ones fill in at the end, and both workers finish together instead of one idling for the last long module.
LONGEST_FIRST = (
    "tests/site/test_realsize.py",
    "tests/site/test_browser.py",
    "tests/render/test_placards.py",
    "tests/site/test_pagecache.py",
    "tests/tools/test_export.py",
    "tests/site/test_published.py",
    "tests/site/test_serve.py",
    "tests/site/test_build.py",
    "tests/render/test_photos.py",
    "tests/site/test_scale.py",
    "tests/site/test_portal.py",
    "tests/tools/test_imports.py",
    "tests/tools/test_ci.py",
)


def _rank(where: str) -> int:
    return LONGEST_FIRST.index(where) if where in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: _rank(Path(item.fspath).relative_to(ROOT).as_posix()))
    for item in items:
        where = Path(item.fspath).relative_to(ROOT).as_posix()
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & (SLOW_FIXTURES | BROWSER_FIXTURES) or any(where.startswith(m) for m in SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
