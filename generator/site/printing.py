"""Print the placards to PDF with headless Chromium, driven by Playwright.

Chromium is the system's (Debian package `chromium`), found on PATH or through
$CHROMIUM: Playwright's own browser download needs the internet, which an
intranet build machine does not have. Placards are printed from the generated
docs tree, where their codes, photos and stylesheet already sit, so no MkDocs
build is needed.

Before printing, each fixed-size sheet is checked for content that does not
fit: a placard is never silently cut. PDFs are written into a fresh folder
that replaces the output folder only when every placard printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from generator.problems import DataError, Problem
from generator.render.placards import Placard
from generator.site.output import swap_in
from generator.strings.messages import ERR

# Elements that must hold their content: a sheet, and the boxes that share its height.
_OVERFLOW_CHECK = """() => [...document.querySelectorAll('.sheet, .placard__deputies, .card')]
  .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
  .map(el => el.className)"""

CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in containers and CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str:
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    raise DataError([Problem.general(ERR["no_chromium"])])


def check_cjk_font() -> None:
    """A PDF printed without a Chinese font shows empty boxes: refuse instead."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        found = ""
    if not found.strip():
        raise DataError([Problem.general(ERR["no_cjk_font"])])


def print_placards(
    docs_dir: Path, placards: list[Placard], out_dir: Path, progress: Callable[[Placard], None] | None = None
) -> list[Path]:
    """Print each placard to `out_dir/<station>/<name>.pdf`; return the PDFs written."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    check_cjk_font()
    staging = out_dir.with_name(f".{out_dir.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    written: list[Path] = []
    problems: list[Problem] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.emulate_media(media="print")
            for placard in placards:
                source = docs_dir / placard.path
                page.goto(source.as_uri(), wait_until="load")
                overflowing = page.evaluate(_OVERFLOW_CHECK)
                if overflowing:
                    problems.append(Problem.general(ERR["placard_overflow"].format(title=placard.title)))
                    continue
                target = staging / placard.station.id / f"{placard.name}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
                written.append(out_dir / placard.station.id / target.name)
                if progress:
                    progress(placard)
        finally:
            browser.close()
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        raise DataError(problems)
    staging.mkdir(parents=True, exist_ok=True)
    swap_in(staging, out_dir)
    return written
