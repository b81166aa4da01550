"""What a reader and a clerk feel at scale: bytes one search moves, seconds until an edit shows in preview.

Both drive the real thing: the built site served over HTTP and searched in
Chromium through the header's search box, and `make serve`'s two commands
(generate, then `mkdocs serve`) with a station file edited on disk.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from generator.site.printing import CHROMIUM_ARGS, find_chromium
from tests.conftest import fetch_text, free_port, serve, stop_server

# Text is gzipped on the wire (level 6, as nginx and most servers do); Pagefind's own files are compressed already.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _transferred(body: bytes, content_type: str) -> int:
    return len(gzip.compress(body, 6)) if content_type.startswith(TEXT_TYPES) else len(body)


def search_queries(stations: Path) -> list[str]:
    """A deputy's name, a community's name and a word common in cases, taken from the region itself."""
    last = sorted(p for p in stations.iterdir() if (p / "deputies.yml").is_file())[-1]
    deputies = yaml.safe_load((last / "deputies.yml").read_text(encoding="utf-8"))["deputies"]
    station = yaml.safe_load((last / "station.yml").read_text(encoding="utf-8"))
    return [deputies[0]["name"], station["name"][:4], "停车"]


def search_transfer(site: Path, queries: list[str]) -> dict[str, dict[str, int]]:
    """For each query on a fresh phone: bytes and requests from opening the search to the results shown."""
    measured: dict[str, dict[str, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for address in serve(site):
            for query in queries:
                context = browser.new_context(**PHONE)
                page = context.new_page()
                page.goto(address + "s/", wait_until="networkidle")
                responses = []
                page.on("response", lambda response, seen=responses: seen.append(response))
                page.locator("[data-lz-search-open]").click()
                page.locator("#lz-search-ui input").fill(query)
                page.wait_for_function(
                    """() => { const r = [...document.querySelectorAll('.pagefind-ui__result')];
                               return r.length && r.every(x => x.querySelector('.pagefind-ui__result-link')); }""",
                    timeout=120_000,
                )
                page.wait_for_load_state("networkidle")
                sizes = [_transferred(r.body(), r.headers.get("content-type", "")) for r in responses]
                measured[query] = {"kb": round(sum(sizes) / 1024, 1), "requests": len(sizes)}
                context.close()
        browser.close()
    return measured


def serve_latency(project: Path, station: str, today: str, timeout: float = 900) -> dict[str, float]:
    """Seconds from saving an edited station.yml to the station page showing it, under `make serve`.

    Runs what `make serve` runs (`mkdocs serve --dirty`, whose hook generates the docs tree first) on the date
    the project was last built for (`today`, as a clerk previews the day they built), waits until the station
    page is served, then renames the station on disk and polls its page.
    """
    port = free_port()
    started = time.perf_counter()
    (project / "build" / "docs").mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--dirty"]
    server = subprocess.Popen(
        command,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "BUILD_DATE": today, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/s/{station}/"
    try:
        deadline = time.perf_counter() + timeout
        while "<h1" not in fetch_text(url):
            if time.perf_counter() > deadline or server.poll() is not None:
                raise RuntimeError(f"mkdocs serve did not serve {url}")
            time.sleep(0.5)
        first = time.perf_counter() - started
        source = project / "stations" / station / "station.yml"
        text = source.read_text(encoding="utf-8")
        old = yaml.safe_load(text)["name"]
        new = f"{old}（已改）"
        edited = time.perf_counter()
        source.write_text(text.replace(f"name: {old}", f"name: {new}", 1), encoding="utf-8")
        while new not in fetch_text(url):
            if time.perf_counter() - edited > timeout:
                raise RuntimeError(f"the edit did not show on {url}")
            time.sleep(0.1)
        visible = time.perf_counter() - edited
    finally:
        stop_server(server)
    return {"first_serve_s": round(first, 1), "edit_visible_s": round(visible, 2)}
