"""Placards printed to PDF by the real Chromium, read back with poppler and PDFium and a real QR decoder."""

from __future__ import annotations

import datetime as dt
import math
import os
import posixpath
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from generator.region.validate import validate_region
from generator.render.placards import GRID_HEIGHT, SMALLEST_TYPE, Placard, all_placards, station_placards
from tests.conftest import BUILD_DATE, DISTRICT_SITE_URL, Build, make_project, run_generator
from tests.crowded import crowded_name, write_counts_region, write_crowded_region
from tests.minimal import write_region
from tests.phone import phone_decodes, rasterise
from tests.render.test_codes import SITE_URL, decode_png
from tests.site.test_published import unfilled

A4 = (595.3, 841.9)  # points
A3 = (841.9, 1190.6)
DPI = 150


def run_placards(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_generator(project, "placards", *args, env=env)


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The error lines of a run, without its warnings (提示)."""
    return [line for line in result.stderr.splitlines() if not line.startswith("提示：")]


def pdf_info(pdf: Path) -> tuple[int, tuple[float, float]]:
    """Page count and page size in points, as poppler's pdfinfo reads them."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    return pages, (float(width), float(height))


def pdf_text(pdf: Path) -> str:
    """The text of the PDF with line breaks and spaces removed (Chinese wraps anywhere)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", text.stdout)


def raster(pdf: Path, page: int = 1) -> Image.Image:
    """One page as PDFium draws it at `DPI`, in grey."""
    return rasterise(pdf, page, DPI)


def printed_codes(image: Image.Image) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def symbol_width_cm(code: zxingcpp.Barcode) -> float:
    position = code.position
    width_px = math.dist((position.top_left.x, position.top_left.y), (position.top_right.x, position.top_right.y))
    return width_px / DPI * 2.54


FLOW_MARGIN_MM = 15  # the left and right page margins of the notice, plan and report (templates/print/*.html)


def ink_spans(pdf: Path, dpi: int = 600, strip_mm: float = 25) -> list[tuple[float, float]]:
    """Each page's leftmost and rightmost printed mark, in millimetres from the page's left edge, as PDFium
    draws the PDF Chromium printed (a border is ink too, unlike what pdftotext reports). Only the page's two
    outer strips are read, where the margins are.

    Rows crossed by a rule (a heading's underline, a table's horizontal line) are left out: a rule spans the
    page's content box as Chromium rounds it, the same for every document; what is measured is whatever else
    reaches furthest, a table's outer border or a line of text."""
    pages, (width_pt, _) = pdf_info(pdf)
    per_mm, strip_pt = dpi / 25.4, strip_mm / 25.4 * 72
    rule = 8 * per_mm  # pixels: a row of a strip this much inked is a rule
    ink = bytes(1 if v < 235 else 0 for v in range(256))  # not paper
    spans = []
    for page in range(1, pages + 1):
        ends = []
        for cut in ((0, 0, width_pt - strip_pt, 0), (width_pt - strip_pt, 0, 0, 0)):  # the left strip, the right
            image = rasterise(pdf, page, dpi, cut)
            x0, width = math.ceil(cut[0] * (dpi / 72)), image.width  # PDFium cuts whole pixels, as many as this
            marks = image.tobytes().translate(ink)  # a byte a pixel, 1 where there is ink
            for y in range(image.height):
                row = marks[y * width : (y + 1) * width]
                inked = row.count(1)
                if inked and inked < rule:
                    ends += [(x0 + row.find(1)) / per_mm, (x0 + row.rfind(1) + 1) / per_mm]
        spans.append((min(ends, default=math.inf), max(ends, default=-math.inf)))
    return spans


def assert_inside_the_margins(pdf: Path) -> None:
    """Every mark of every page lies within the A4 sheet's left and right margins (a pixel of rounding).

    Measured against the paper, 210 mm: Chromium's PDF page is A4 to within its own rounding (a third of a
    millimetre narrower), and the printer puts it on A4."""
    assert_size(pdf_info(pdf)[1], A4)
    width_mm = A4[0] / 72 * 25.4
    for number, (left, right) in enumerate(ink_spans(pdf), 1):
        assert left >= FLOW_MARGIN_MM - 0.05, f"{pdf.name} page {number}: ink from {left:.2f} mm"
        assert right <= width_mm - FLOW_MARGIN_MM + 0.05, f"{pdf.name} page {number}: ink to {right:.2f} mm"


def expected_codes(site: Path, placard: Placard) -> list[str]:
    """The addresses a placard's codes must lead to, as the site's own code images hold them."""
    if placard.kind == "cards":
        pages = [f"d/{m.deputy.id}/" for m in placard.station.members]
    else:
        pages = [f"s/{placard.station.id}/"]
    return sorted(decode_png((site / page / "code.png").read_bytes())[0] for page in pages)


def assert_a_phone_scans_every_code(pdf: Path, placard: Placard, expected: list[str]) -> None:
    """Every code of every page of `pdf` is printed at least `placard.smallest_code_mm` wide, and a phone at
    the print's reading distance (tests/phone.py) reads each of them with zxing-cpp and with zbar alike."""
    printed = []
    pages = range(1, pdf_info(pdf)[0] + 1)
    with ThreadPoolExecutor(1) as phone:  # each page's photo is taken while the flat raster is read
        photos = [phone.submit(phone_decodes, pdf, placard.reading_distance_mm, page) for page in pages]
        for page, photo in zip(pages, photos, strict=True):
            codes = printed_codes(raster(pdf, page))
            for code in codes:
                size = symbol_width_cm(code) * 10
                assert size >= placard.smallest_code_mm, (pdf.name, page, code.text, round(size, 1))
            texts = sorted(c.text for c in codes)
            zxing, zbar = photo.result()
            assert (zxing, zbar) == (texts, texts), (pdf.name, page, placard.reading_distance_mm, texts, zxing, zbar)
            printed += texts
    assert sorted(printed) == expected, pdf.name


def assert_size(actual: tuple[float, float], expected: tuple[float, float]) -> None:
    assert actual == pytest.approx(expected, abs=2), f"page size {actual}, expected {expected}"


@pytest.fixture(scope="session")
def crowded_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crowded")
    project = make_project(root / "project", stations=write_crowded_region(root / "data", deputies=60))
    result = run_placards(project, "--station", "zd")
    assert result.returncode == 0, result.stderr
    return project / "placards" / "zd"


def test_every_station_gets_its_placards_on_the_expected_paper(example_pdfs: Path, example_model) -> None:
    for station_id, station in example_model.stations.items():
        folder = example_pdfs / station_id
        assert pdf_info(folder / "placard-a4.pdf")[0] == 1
        assert_size(pdf_info(folder / "placard-a4.pdf")[1], A4)
        assert pdf_info(folder / "placard-a3.pdf")[0] == 1
        assert_size(pdf_info(folder / "placard-a3.pdf")[1], A3)
        if station.members:
            pages, size = pdf_info(folder / "cards.pdf")
            assert pages == math.ceil(len(station.members) / 10), station_id
            assert_size(size, A4)
        for month in ("2026-11", "2026-12"):
            assert pdf_info(folder / f"notice-{month}.pdf")[0] >= 1
        for year in station.plans:
            assert_size(pdf_info(folder / f"plan-{year}.pdf")[1], A4)


def test_pdfs_embed_a_named_chinese_font_and_carry_real_text(example_pdfs: Path, example_model) -> None:
    station = example_model.stations["liutang"]
    for pdf in sorted((example_pdfs / "liutang").glob("*.pdf")):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in fonts.splitlines()[2:]]
        assert rows, f"{pdf.name} has no fonts"
        assert any("WenQuanYi" in row[0] and row[-5] == "yes" for row in rows), fonts
        assert not any("Type" in row and "3" in row for row in rows), f"{pdf.name} has Type 3 glyphs: {fonts}"
        assert station.station.name in pdf_text(pdf), pdf.name


def test_station_placard_code_decodes_and_is_printed_at_least_5cm_wide(example_pdfs: Path, example_model) -> None:
    for station_id in example_model.stations:
        for paper, minimum in (("a4", 5.0), ("a3", 7.0)):
            codes = printed_codes(raster(example_pdfs / station_id / f"placard-{paper}.pdf"))
            assert [c.text for c in codes] == [f"{SITE_URL}/s/{station_id}/"]
            assert symbol_width_cm(codes[0]) >= minimum, (station_id, paper, symbol_width_cm(codes[0]))


def test_every_code_of_every_print_scans_with_a_phone_at_its_reading_distance(
    example: Build, example_pdfs: Path, example_model
) -> None:
    """Placards on the wall, the month's notice, the annual plan and report on the board, cards in the hand."""
    placards = all_placards(example_model)
    assert {p.kind for p in placards} == {"placard", "cards", "notice", "plan", "report"}
    for placard in placards:
        pdf = example_pdfs / placard.station.id / f"{placard.name}.pdf"
        assert_a_phone_scans_every_code(pdf, placard, expected_codes(example.site, placard))


def test_reading_distances_give_each_print_its_least_code_size(example_model) -> None:
    """A tenth of the distance: 5 cm on an A4 placard or notice, 7 cm on A3, 2.5 cm on a card."""
    sizes = {(p.kind, p.paper): p.smallest_code_mm for p in all_placards(example_model)}
    assert sizes == {
        ("placard", "A4"): 50,
        ("placard", "A3"): 70,
        ("notice", "A4"): 50,
        ("plan", "A4"): 50,
        ("report", "A4"): 50,
        ("cards", "A4"): 25,
    }


def test_station_placard_shows_deputies_schedule_phone_and_how_to_suggest(example_pdfs: Path, example_model) -> None:
    station = example_model.stations["liutang"]
    text = pdf_text(example_pdfs / "liutang" / "placard-a4.pdf")
    for member in station.members:
        assert member.deputy.deputy.name in text
    assert "每月28日09:00-11:30" in text
    assert station.station.phone.replace(" ", "") in text
    assert "怎样反映意见建议" in text and "我要提建议" in text


def test_deputy_cards_carry_each_deputys_code_and_cut_marks(example_pdfs: Path, example_model) -> None:
    station = example_model.stations["liutang"]
    pdf = example_pdfs / "liutang" / "cards.pdf"
    image = raster(pdf)
    decoded = sorted(c.text for c in printed_codes(image))
    assert decoded == sorted(f"{SITE_URL}/d/{m.deputy.id}/" for m in station.members)
    text = pdf_text(pdf)
    for member in station.members:
        assert member.deputy.deputy.name in text
    # cut marks: dark ticks in the white margin above the first row, on the cards' left and right edges
    pixels = image.convert("L")
    for x_mm in (15, 105, 195):
        column = round(x_mm / 25.4 * DPI)
        top_margin = [pixels.getpixel((x, y)) for x in range(column - 2, column + 3) for y in range(20, 60)]
        assert min(top_margin) < 100, f"no cut mark at {x_mm} mm"
    assert min(pixels.getpixel((x, 35)) for x in range(150, 600)) > 200, "nothing but marks in the margin"


def test_monthly_notice_lists_that_months_sessions(example_pdfs: Path, example_model) -> None:
    import datetime as dt

    station = example_model.stations["liutang"]
    sessions = example_model.sessions(station, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert len(sessions) == 3
    text = pdf_text(example_pdfs / "liutang" / "notice-2026-12.pdf")
    assert "2026年12月人大代表接待选民安排" in text
    for session in sessions:
        assert f"{session.occurrence.date.month}月{session.occurrence.date.day}日" in text
    # November's 28th is a Saturday: the notice shows the day it moved to, and why
    november = pdf_text(example_pdfs / "liutang" / "notice-2026-11.pdf")
    assert "11月30日周一" in november and "原定2026年11月28日，因周末调整" in november
    codes = printed_codes(raster(example_pdfs / "liutang" / "notice-2026-12.pdf"))
    assert [c.text for c in codes] == [f"{SITE_URL}/s/liutang/"]


def test_annual_plan_lists_every_activity(example_pdfs: Path, example_model) -> None:
    plan = example_model.stations["liutang"].plans[2026]
    text = pdf_text(example_pdfs / "liutang" / "plan-2026.pdf")
    for activity in plan.activities:
        assert re.sub(r"\s+", "", activity.title) in text
    for theme in plan.themes:
        assert theme.theme.replace(" ", "") in text


def test_flowing_documents_stay_within_the_page_margins(example_pdfs: Path) -> None:
    """The plan's table (its 状态 column last) and the notice's and report's tables fit A4 with their borders."""
    printed = sorted(example_pdfs.glob("*/plan-*.pdf")) + sorted(example_pdfs.glob("liutang/*-20*.pdf"))
    assert printed
    for pdf in printed:
        assert_inside_the_margins(pdf)


def printed_unfilled(folder: Path) -> list[str]:
    """Every unfilled value (`{placeholder}`, None, nan …) in the text of the PDFs under `folder`."""
    found = []
    for pdf in sorted(folder.rglob("*.pdf")):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
        found += [f"{pdf.relative_to(folder)}: {hit}" for hit in unfilled(text.stdout)]
    return found


def test_no_printed_sheet_shows_an_unfilled_value(example_pdfs: Path) -> None:
    assert not printed_unfilled(example_pdfs)


def test_sixty_deputies_with_long_names_and_no_photos_stay_on_their_pages(crowded_pdfs: Path) -> None:
    assert pdf_info(crowded_pdfs / "placard-a4.pdf")[0] == 1
    assert pdf_info(crowded_pdfs / "placard-a3.pdf")[0] == 1
    assert pdf_info(crowded_pdfs / "cards.pdf")[0] == 6
    names = ["王丽", "赵刚", *(crowded_name(i) for i in range(58))]
    for pdf in ("placard-a4.pdf", "cards.pdf"):
        text = pdf_text(crowded_pdfs / pdf)
        missing = [name for name in names if name not in text]
        assert not missing, f"{pdf} lost names: {missing}"
    codes = printed_codes(raster(crowded_pdfs / "placard-a4.pdf"))
    assert [c.text for c in codes] == [f"{DISTRICT_SITE_URL}s/zd/"] and symbol_width_cm(codes[0]) >= 5.0
    assert len(printed_codes(raster(crowded_pdfs / "cards.pdf", page=6))) == 60 - 50
    # the top gives up room to the deputies, never the code: a phone still reads it, and every card's
    project = crowded_pdfs.parents[1]
    model = validate_region(project / "stations", project, dt.date.fromisoformat(BUILD_DATE))
    site = project / "build" / "files"
    for placard in station_placards(model.stations["zd"], model):
        if placard.kind in ("placard", "cards"):
            pdf = crowded_pdfs / f"{placard.name}.pdf"
            assert_a_phone_scans_every_code(pdf, placard, expected_codes(site, placard))


def test_station_pages_and_the_placards_index_link_every_placard(example: Build, example_model) -> None:
    index = example.page("print/")
    hubs = example_model.hubs
    assert [a["href"] for a in index.select(".lz-tree a")] == [f"../s/{hub.id}/print/" for hub in hubs]
    for station_id, entry in example_model.stations.items():
        links = [a["href"] for a in example.page(f"s/{station_id}/").select("#print li a")]
        names = {"placard-a4.html", "placard-a3.html", "notice-2026-11.html", "notice-2026-12.html"}
        assert names <= {href.rsplit("/", 1)[-1] for href in links}, station_id
        for href in links:
            assert (example.site / "s" / station_id / href).resolve().is_file(), href
        # and on the list of its head or centre station, beside the placard files of its own
        hub = next(s for s in [entry, *reversed(entry.ancestors)] if s.is_hub)
        listed = [a["href"] for a in example.page(f"s/{hub.id}/print/").select(f"#{station_id} li a")]
        assert [posixpath.normpath(f"s/{hub.id}/print/{h}") for h in listed] == [
            posixpath.normpath(f"s/{station_id}/{h}") for h in links
        ]
    assert "打印公示材料" in example.page("").select_one(".lz-generated").get_text()


def test_placard_html_is_a_plain_print_document(example: Build) -> None:
    html = (example.site / "s/liutang/print/placard-a4.html").read_text(encoding="utf-8")
    assert "@page { size: A4 portrait; margin: 0; }" in html
    assert 'href="../../../assets/print/placard.css"' in html
    assert "md-header" not in html and "<script" not in html


def test_missing_chromium_is_a_chinese_error_and_keeps_old_pdfs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    old = project / "placards" / "zd" / "placard-a4.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF old")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    env.pop("CHROMIUM", None)
    result = run_placards(project, env=env)
    assert result.returncode == 1
    assert errors(result) == [
        "没有找到 Chromium 浏览器，无法生成 PDF；请运行 make placards（会自动安装），或安装 Debian 软件包 chromium-headless-shell",
        "发现 1 处问题，请逐条修改后重新生成；有问题的站点没有生成 PDF，原有的 PDF 保持不变",
    ]
    assert old.read_bytes() == b"%PDF old"


def test_the_headless_shell_prints_where_both_chromiums_are_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shell prints the same PDFs with a third of the processor time (benchmarks/RESULTS.md); the full browser
    still prints where it is the only one, and $CHROMIUM names another."""
    from generator.site.printing import find_chromium

    for name in ("chromium", "chromium-headless-shell"):
        (tmp_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert find_chromium() == str(tmp_path / "chromium-headless-shell")
    (tmp_path / "chromium-headless-shell").unlink()
    assert find_chromium() == str(tmp_path / "chromium")
    monkeypatch.setenv("CHROMIUM", "/usr/bin/env")
    assert find_chromium() == "/usr/bin/env"


def test_unknown_station_is_a_chinese_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    result = run_placards(project, "--station", "nope")
    assert result.returncode == 1
    assert "没有这些站点：nope" in result.stderr
    assert not (project / "placards").exists()


def test_an_overridden_placard_that_overflows_its_sheet_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    override = project / "overrides" / "pages" / "print" / "placard.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "print/base.html" %}{% block body %}<main class="sheet placard">'
        "{% for i in range(200) %}<p>{{ station.name }}</p>{% endfor %}</main>{% endblock %}",
        encoding="utf-8",
    )
    result = run_placards(project, "--station", "zd")
    assert result.returncode == 1
    assert errors(result) == [
        "“杏林社区联络站 · 公示牌（A3）”的内容超出了纸张，请精简过长的文字后重试",
        "“杏林社区联络站 · 公示牌（A4）”的内容超出了纸张，请精简过长的文字后重试",
        "发现 2 处问题，请逐条修改后重新生成；有问题的站点没有生成 PDF，原有的 PDF 保持不变",
    ]
    assert not (project / "placards").exists()


# The grid of a placard measured in Chromium: its height and type in placard units, and what overflows.
GRID_CHECK = """(smallest) => {
  const unit = (document.body.classList.contains('paper-a3') ? Math.SQRT2 : 1) * 96 / 25.4;
  return [...document.querySelectorAll('.sheet')].map(sheet => {
    const grid = sheet.querySelector('.placard__grid'), list = grid && grid.querySelector('ul');
    const over = [...sheet.querySelectorAll('.sheet, .placard__deputies, .placard__grid, .placard__grid li')]
      .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1).length;
    return {height: grid ? grid.clientHeight / unit : null, type: list ? parseFloat(getComputedStyle(list).fontSize) / unit : null,
            items: list ? list.children.length : 0, continued: sheet.classList.contains('placard--continued'), over};
  });
}"""


@pytest.fixture(scope="module")
def counts_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stations of 0 to 62 deputies (the most a synthetic city's station has), all with the longest texts a
    placard cuts to size, and one of 100 deputies: generated, not printed."""
    root = tmp_path_factory.mktemp("counts")
    project = make_project(root / "project", stations=write_counts_region(root / "data", range(63), most=100))
    result = run_generator(project, "generate")
    assert result.returncode == 0, result.stderr
    return project


def test_placards_fit_one_sheet_for_every_deputy_count_with_the_longest_texts(counts_docs: Path, browser) -> None:
    page = browser.new_page()
    page.emulate_media(media="print")
    seen = []
    for count in range(63):
        for paper in ("a4", "a3"):
            page.goto((counts_docs / "build/files" / f"s/n{count:02d}/print/placard-{paper}.html").as_uri())
            (sheet,) = page.evaluate(GRID_CHECK, SMALLEST_TYPE)
            assert sheet["over"] == 0 and sheet["items"] == count, (count, paper, sheet)
            if count:
                compact = count and page.locator(".is-crowded").count() == 1
                assert sheet["height"] >= GRID_HEIGHT[compact] - 0.5, (count, paper, sheet)
                assert sheet["type"] >= SMALLEST_TYPE - 0.05, (count, paper, sheet)
                seen.append(round(sheet["type"], 1))
    page.close()
    print(f"\ndeputies' type on A4 and A3 for 1..62 deputies with the longest texts: {seen[::2]}")


def test_a_station_too_large_for_one_sheet_continues_on_a_second(counts_docs: Path, browser) -> None:
    result = run_placards(counts_docs, "--station", "zd")
    assert result.returncode == 0, result.stderr
    names = ["王丽", "赵刚", *(crowded_name(i) for i in range(98))]
    for paper, size in (("a4", A4), ("a3", A3)):
        pdf = counts_docs / "placards" / "zd" / f"placard-{paper}.pdf"
        pages, printed = pdf_info(pdf)
        assert pages == 2
        assert_size(printed, size)
        text = pdf_text(pdf)
        assert [name for name in names if name not in text] == []
        assert "代表名单接下一张" in text and "（第2张，共2张）" in text
    page = browser.new_page()
    page.goto((counts_docs / "build/files/s/zd/print/placard-a4.html").as_uri())
    first, second = page.evaluate(GRID_CHECK, SMALLEST_TYPE)
    page.close()
    assert not first["continued"] and second["continued"] and first["items"] + second["items"] == 100
    assert min(first["type"], second["type"]) >= SMALLEST_TYPE - 0.05
    assert abs(first["type"] - second["type"]) < 0.5, "the list shared out so both sheets read alike"


def test_a_batch_prints_every_station_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    override = project / "overrides" / "pages" / "print" / "placard.html"
    override.parent.mkdir(parents=True)
    override.write_text(  # one station's placard cannot fit: its own long text repeated
        '{% extends "print/base.html" %}{% block body %}<main class="sheet placard">'
        '{% for i in range(200 if station.id == "zd" else 1) %}<p>{{ station.name }}</p>{% endfor %}</main>'
        "{% endblock %}",
        encoding="utf-8",
    )
    old = project / "placards" / "zd" / "placard-a4.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF old")
    result = run_placards(project)
    assert result.returncode == 1
    assert errors(result)[-1] == "发现 2 处问题，请逐条修改后重新生成；有问题的站点没有生成 PDF，原有的 PDF 保持不变"
    assert "已生成 2 个站点的" in result.stdout
    for station in ("zz", "cz"):
        assert pdf_info(project / "placards" / station / "placard-a4.pdf")[0] == 1
    assert sorted(p.name for p in (project / "placards" / "zd").iterdir()) == ["placard-a4.pdf"], "all or nothing"
    assert old.read_bytes() == b"%PDF old"
