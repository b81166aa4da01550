"""Station and deputy QR codes, decoded with a real decoder (zxing-cpp)."""

from __future__ import annotations

import io
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import resvg_py
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from generator.render.codes import MAX_COARSE_VERSION, code_addresses, short_path, version_of
from tests.conftest import EXAMPLE, Build, make_project, run_build
from tests.minimal import write_region

SITE_URL = yaml.safe_load((EXAMPLE / "mkdocs.yml").read_text())["site_url"].rstrip("/")


def decode_png(data: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


def decode_svg(svg: str) -> list[str]:
    """Render the SVG with an independent renderer (resvg) at 8 px a module on white, and decode that."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    png = resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", dpi=96, width=size * 8, height=size * 8)
    return decode_png(png)


def code_pages(example_model) -> list[str]:
    """Wall codes: one per station and per deputy."""
    return [f"s/{sid}/" for sid in example_model.stations] + [f"d/{did}/" for did in example_model.deputies]


def activity_pages(example_model) -> list[str]:
    return [
        f"a/{sid}/{activity.id}/"
        for sid, station in example_model.stations.items()
        for plan in station.plans.values()
        for activity in plan.activities
    ]


def landing(site: Path, address: str) -> str:
    """Where a decoded address leads in the built site: a page's own address, or a short one's redirect target."""
    path = urlsplit(address).path.lstrip("/")
    if not path.isdigit():
        return path
    redirect = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    refresh = redirect.select_one('meta[http-equiv="refresh"]')["content"]
    target = refresh.split("url=", 1)[1]
    assert redirect.select_one("a")["href"] == target, "the link goes where the refresh goes"
    assert not redirect.select("script"), "no script needed"
    return posixpath.normpath(posixpath.join(path, target)) + "/"


def test_every_code_decodes_to_its_page_or_a_short_address_that_leads_there(example: Build, example_model) -> None:
    shortened = []
    for page in code_pages(example_model) + activity_pages(example_model):
        decoded = decode_png((example.site / page / "code.png").read_bytes())
        assert decode_svg((example.site / page / "code.svg").read_text()) == decoded
        (address,) = decoded
        assert address.startswith(f"{SITE_URL}/")
        assert landing(example.site, address) == page
        assert (example.site / page / "index.html").is_file(), f"{page} must be a page of the site"
        if address != f"{SITE_URL}/{page}":
            shortened.append(page)
    # the page's own address wherever it keeps the code coarse: all stations, the activities' are too long
    assert set(activity_pages(example_model)) <= set(shortened)
    assert not [page for page in shortened if page.startswith("s/")]


def test_codes_stay_coarse_with_quiet_zone_and_level_q(example: Build, example_model) -> None:
    for page in code_pages(example_model) + activity_pages(example_model):
        result = zxingcpp.read_barcodes(Image.open(example.site / page / "code.png"))[0]
        assert result.ec_level == "Q"
        svg = (example.site / page / "code.svg").read_text()
        size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
        version = (size - 8 - 17) // 4  # 4 quiet modules each side; version v has 17 + 4v modules
        assert Image.open(example.site / page / "code.png").size == (size * 12, size * 12), "12 px a module"
        assert version <= 4, page
        assert min(int(x) for x in re.findall(r"M(\d+),", svg)) == 4, "4-module quiet zone"


def test_pages_show_their_code_with_downloads(example: Build, example_model) -> None:
    station = next(iter(example_model.stations.values()))
    figure = example.page(f"s/{station.id}/").select_one("figure.lz-code")
    assert figure.img["src"] == "code.svg" and station.station.name in figure.img["alt"]
    assert [a["href"] for a in figure.select("a[download]")] == ["code.png", "code.svg"]
    assert "联络站码" in figure.figcaption.get_text()
    deputy = next(iter(example_model.deputies))
    assert "代表码" in example.page(f"d/{deputy}/").select_one("figure.lz-code figcaption").get_text()


def test_each_activity_has_a_page_with_its_code_linked_from_the_plan(example: Build, example_model) -> None:
    station = example_model.stations["liutang"]
    activity = station.plans[2026].activities[0]
    page = example.page(f"a/liutang/{activity.id}/")
    assert page.h1.get_text() == activity.title
    assert "活动码" in page.select_one("figure.lz-code figcaption").get_text()
    assert station.station.name in page.select_one(".lz-facts").get_text()
    plan_links = [a["href"] for a in example.page("s/liutang/plan/").select("article a")]
    assert f"../../../a/liutang/{activity.id}/" in plan_links
    assert len(activity_pages(example_model)) == 88


def test_no_code_is_reported_dense(example: Build) -> None:
    assert not [line for line in example.result.stderr.splitlines() if "site_url 太长" in line]


def test_short_addresses_keep_codes_coarse_under_a_long_site_address_and_only_then_fail() -> None:
    pages = ["s/chanyeyuan/", "d/ouyang-xiuying-2/", "a/chanyeyuan/2026-12-consultation-2/"]
    longer = "https://lianluozhan.rd.qinghe.example.cn/"  # the example's address and 12 characters more
    addresses = code_addresses(longer, pages)
    assert [version_of(url) <= MAX_COARSE_VERSION for url in addresses.values()] == [True] * 3
    assert all(short_path(longer, url) and len(short_path(longer, url)) == 9 for url in addresses.values())
    assert code_addresses(longer, pages) == addresses, "the same pages, the same numbers"
    assert code_addresses(longer, [*pages, "s/other/"])[pages[0]] == addresses[pages[0]], "others do not move them"
    # where not even six digits fit, the page's own address is kept (the build then says so)
    endless = "https://" + "lianluozhan." * 4 + "example.cn/"
    assert code_addresses(endless, pages) == {page: endless + page for page in pages}


def test_a_site_address_too_long_for_coarse_codes_is_reported_in_plain_words(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url:.*$", "site_url: https://" + "lianluozhan." * 4 + "example.cn/", text))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    (note,) = [line for line in result.stderr.splitlines() if "site_url 太长" in line]
    assert note.startswith("提示：") and "版本" not in note and "码点" not in note


def test_building_codes_without_site_url_is_a_chinese_error(tmp_path: Path) -> None:
    # the example: a district of its own without an address is refused earlier, by the identity check
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml:1:1 mkdocs.yml 没有设置网站正式地址 site_url（如 https://rd.example.gov.cn/），二维码无法生成；请填写后重试"
    )
    assert not (project / "site").exists()
