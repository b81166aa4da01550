"""Print the placards to PDF with headless Chromium, driven by Playwright.

Chromium is the system's, found through $CHROMIUM or on PATH: Playwright's own
browser download needs the internet, which an intranet build machine does not
have. Its old headless shell (Debian package `chromium-headless-shell`, the
browser Playwright itself runs headless) is preferred to the full browser: it
lays out and prints in its own few processes, where the full browser starts a
renderer and a print compositor for every sheet, and prints the same pages with
a third of the processor time. Placards are printed from the generated
files (`output.FILES`), where their codes, photos and stylesheet already sit, so
no MkDocs build is needed.

Before printing, each fixed-size sheet is checked for content that does not
fit, and the deputies' grid for type smaller than `placards.SMALLEST_TYPE`: a
placard is never silently cut. Each station's PDFs go into a fresh folder that
replaces `<out>/<station>/` only when all of them printed, so a station's files
are all new or all old; stations print in several tabs at once, one a core. A
station that does not print is reported and the batch goes on with the others;
a full batch also removes the folders of stations that no longer exist.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.problems import DataError, Problem
from generator.render.cache import usable_cores
from generator.render.placards import SMALLEST_TYPE, Placard
from generator.site.output import swap_in
from generator.strings.messages import ERR

# Elements that must hold their content (a sheet, and the boxes that share its height), and deputies'
# grids set smaller than the smallest type (in placard units: 1 mm on A4, √2 mm on A3).
_OVERFLOW_CHECK = """(smallest) => {
  const unit = (document.body.classList.contains('paper-a3') ? Math.SQRT2 : 1) * 96 / 25.4;
  const over = [...document.querySelectorAll('.sheet, .placard__deputies, .placard__grid, .card')]
    .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
    .map(el => el.className);
  const small = [...document.querySelectorAll('.placard__grid ul')]
    .filter(ul => parseFloat(getComputedStyle(ul).fontSize) / unit < smallest - 0.05)
    .map(() => 'type');
  return [...over, ...small];
}"""

CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in containers and CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str:
    names = ("chromium-headless-shell", "chromium", "chromium-browser")  # the shell first (see the docstring)
    candidates = [os.environ.get("CHROMIUM"), *(shutil.which(name) for name in names)]
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


@dataclass
class Printed:
    written: list[Path]  # the PDFs written
    stations: int  # stations printed in full
    problems: list[Problem]  # of the stations that were not printed


def print_placards(files_dir: Path, placards: list[Placard], out_dir: Path, prune: bool = False) -> Printed:
    """Print each placard to `out_dir/<station>/<name>.pdf`, station by station, all of a station or none.

    Stations are printed in as many tabs at once as there are cores (Chromium lays out and prints each tab
    in a process of its own); what is written and said is in the order of `placards` all the same.
    With `prune` (a batch of every station), folders of `out_dir` that belong to no station printed
    or attempted are removed.
    """
    executable = find_chromium()
    check_cjk_font()
    by_station: dict[str, list[Placard]] = {}
    for placard in placards:
        by_station.setdefault(placard.station.id, []).append(placard)
    refused = asyncio.run(_print_stations(executable, files_dir, by_station, out_dir))
    result = Printed([], 0, [])
    for station_id, station_placards in by_station.items():
        if refused[station_id]:
            result.problems += refused[station_id]
            continue
        result.written += [out_dir / station_id / f"{p.name}.pdf" for p in station_placards]
        result.stations += 1
    if prune and out_dir.is_dir():
        for folder in out_dir.iterdir():
            if folder.is_dir() and folder.name not in by_station:
                shutil.rmtree(folder, ignore_errors=True)
    return result


async def _print_stations(
    executable: str, files_dir: Path, by_station: dict[str, list[Placard]], out_dir: Path
) -> dict[str, list[Problem]]:
    """Each station's sheets printed in one of several tabs; what was refused, by station."""
    from playwright.async_api import async_playwright

    waiting = list(by_station.items())
    refused: dict[str, list[Problem]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:

            async def tab() -> None:
                page = await browser.new_page()
                await page.emulate_media(media="print")
                while waiting:
                    station_id, station_placards = waiting.pop(0)
                    refused[station_id] = await _print_station(page, files_dir, station_placards, out_dir, station_id)

            await asyncio.gather(*(tab() for _ in range(min(usable_cores(), len(waiting)))))
        finally:
            await browser.close()
    return refused


async def _print_station(
    page, files_dir: Path, placards: list[Placard], out_dir: Path, station_id: str
) -> list[Problem]:
    """One station's PDFs into a fresh folder that replaces `out_dir/<station>` only when all of them printed."""
    staging = out_dir.with_name(f".{out_dir.name}.{station_id}.new")  # no folder made for nothing
    shutil.rmtree(staging, ignore_errors=True)
    refused = []
    for placard in placards:
        await page.goto((files_dir / placard.path).as_uri(), wait_until="load")
        if await page.evaluate(_OVERFLOW_CHECK, SMALLEST_TYPE):
            refused.append(Problem.general(ERR["placard_overflow"].format(title=placard.title)))
            continue
        staging.mkdir(parents=True, exist_ok=True)
        await page.pdf(path=str(staging / f"{placard.name}.pdf"), prefer_css_page_size=True, print_background=True)
    if refused:
        shutil.rmtree(staging, ignore_errors=True)
        return refused
    staging.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    swap_in(staging, out_dir / station_id)
    return []
