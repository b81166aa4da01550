"""Builds of crafted regions: hostile text stays inert, bad data builds nothing, pages do not grow."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from PIL import Image

from generator.cli import main
from generator.site import stamp
from generator.site.config import config_chain, read_config
from tests.conftest import (
    BUILD_DATE,
    DISTRICT_SITE_URL,
    Build,
    build_minimal,
    make_project,
    run_build,
    run_generator,
)
from tests.minimal import FILES, write_region

HOSTILE = "<script>alert(1)</script>**粗体**{{ 7*7 }}[点我](javascript:alert(1))"


def test_hostile_text_shows_literally_and_never_becomes_markup(tmp_path: Path) -> None:
    quoted = HOSTILE.replace("'", "''")
    deputies = FILES["zd/deputies.yml"].replace("name: 王丽", f"name: '{quoted}'")
    deputies = deputies.replace("    role: 站长\n", "    role: 站长\n    bio: '<img src=x onerror=alert(1)>'\n")
    station = FILES["zd/station.yml"].replace(
        "rules: |\n",
        "rules: |\n  <script>alert(2)</script>\n  [坏链接](javascript:alert(3)) [好链接](https://example.cn/rules)\n\n",
    )
    build = build_minimal(tmp_path, {"zd/deputies.yml": deputies, "zd/station.yml": station})
    assert build.result.returncode == 0, build.result.stderr

    profile = build.page("d/wang-li/")
    assert profile.select_one(".lz-page h1").get_text() == HOSTILE
    assert profile.title.get_text().startswith(HOSTILE)
    station_page = build.page("s/zd/")
    assert HOSTILE in [a.get_text() for a in station_page.select(".lz-card__name")]
    for page in (profile, station_page, build.page("s/cz/"), build.page("d/"), build.page("")):
        assert not [s for s in page.select("script") if "alert" in s.get_text()]
        assert not page.select("[onerror]") and not page.select("img[src=x]")
        assert not page.select('a[href^="javascript:"]')
        assert not [b for b in page.select("strong") if b.get_text() == "粗体"]
        assert "49" not in page.select_one(".lz-page").get_text()
    rules = station_page.select_one(".lz-rules")
    assert "<script>alert(2)</script>" in rules.get_text()
    assert [a["href"] for a in rules.select("a")] == ["https://example.cn/rules"]


def test_broken_yaml_gives_a_chinese_line_and_no_site(tmp_path: Path) -> None:
    build = build_minimal(tmp_path, {"zd/deputies.yml": "deputies:\n  - id: a\n\tname: 甲\n"})
    assert build.result.returncode == 1
    assert "Traceback" not in build.result.stderr
    assert (
        build.result.stderr.splitlines()[0]
        == "stations/zd/deputies.yml:3:1 这一行用了制表符（Tab）缩进，请改用空格缩进"
    )
    assert not build.site.exists()
    assert not (build.project / "build").exists()


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    build = build_minimal(tmp_path)
    assert build.result.returncode == 0, build.result.stderr
    before = {p: p.read_bytes() for p in build.site.rglob("*") if p.is_file()}
    (build.project / "stations" / "zd" / "station.yml").write_text("id: zd\nname: [\n", encoding="utf-8")
    again = run_build(build.project)
    assert again.returncode == 1
    assert {p: p.read_bytes() for p in build.site.rglob("*") if p.is_file()} == before


def test_station_page_does_not_grow_with_the_number_of_stations(tmp_path: Path) -> None:
    small = build_minimal(tmp_path / "small")
    extra: dict[str, str | None] = {}
    for n in range(30):
        station = FILES["zd/station.yml"].replace("id: zd", f"id: extra{n}").replace("杏林社区联络站", f"第{n}联络点")
        extra[f"extra{n}/station.yml"] = station.replace("kind: 联络站", "kind: 联络点").replace(
            "parent: cz", "parent: zd"
        )
    large = build_minimal(tmp_path / "large", extra)
    assert small.result.returncode == 0 and large.result.returncode == 0, large.result.stderr
    assert (large.site / "s/extra29/index.html").is_file()
    size = lambda build, page: len((build.site / page / "index.html").read_bytes())  # noqa: E731
    assert size(large, "s/cz") == size(small, "s/cz")
    assert size(large, "d/zhao-gang") == size(small, "d/zhao-gang")


def test_the_same_data_builds_byte_identical_sites(tmp_path: Path) -> None:
    first, second = build_minimal(tmp_path / "a"), build_minimal(tmp_path / "b")
    assert first.result.returncode == 0 and second.result.returncode == 0

    def files(build: Build) -> dict[str, bytes]:
        return {p.relative_to(build.site).as_posix(): p.read_bytes() for p in build.site.rglob("*") if p.is_file()}

    assert files(first) == files(second)


def test_a_rebuild_with_nothing_changed_keeps_the_site_and_any_change_builds_again(tmp_path: Path) -> None:
    """The site is made only from the data, pages, settings, theme, tool and date: the same ones, the same site."""
    build = build_minimal(tmp_path)
    assert build.result.returncode == 0, build.result.stderr

    def state() -> dict[str, tuple[bytes, int]]:
        return {p.relative_to(build.site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in build.site.rglob("*") if p.is_file()}  # fmt: skip

    def rebuilt(*args: str, process: bool = False) -> bool:
        result = run_generator(build.project, *args, "build", process=process)
        assert result.returncode == 0, result.stderr
        return "网站已生成到" in result.stdout

    before = state()
    assert not rebuilt()
    assert state() == before, "nothing was written"
    deputies = build.project / "stations" / "zd" / "deputies.yml"
    deputies.write_text(deputies.read_text(encoding="utf-8").replace("王丽", "王丽华"), encoding="utf-8")
    assert rebuilt()
    assert build.page("d/wang-li/").h1.get_text() == "王丽华"
    assert not rebuilt()
    assert rebuilt("--today", "2026-11-25"), "another date is another site"
    (build.project / "pagefind.yml").write_text('exclude_selectors: [".lz-none"]\n', encoding="utf-8")
    assert rebuilt("--today", "2026-11-25"), "Pagefind's settings"
    template = build.project / "generator" / "render" / "templates" / "deputy.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    # from here on the project's own (edited) copy of the tool runs, in its own process
    assert rebuilt("--today", "2026-11-25", process=True), "a changed template"
    stamp = build.project / "build" / ".cache" / "site-stamp.json"
    stamp.write_text("{damaged", encoding="utf-8")
    assert rebuilt("--today", "2026-11-25", process=True), "a damaged stamp is a miss"
    shutil.rmtree(build.site)
    assert rebuilt("--today", "2026-11-25", process=True), "a removed site is built again"
    assert build.page("d/wang-li/").h1.get_text() == "王丽华"
    assert not [p.name for p in build.project.iterdir() if p.name.startswith(".site")], "no staging left beside"
    replaced = build.project / "build" / ".cache" / "replaced-site"
    assert not replaced.exists() or (replaced / "index.html").is_file(), "at most the one site last replaced"


# A 1×1 PNG: enough for a real file on disk and in the site.
def png_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 100, 50)).save(out, "PNG")
    return out.getvalue()


PNG = png_photo()


def test_photos_are_published_beside_their_pages(tmp_path: Path) -> None:
    deputies = FILES["zd/deputies.yml"].replace("    role: 站长\n", "    role: 站长\n    photo: photos/wang-li.png\n")
    data = write_region(tmp_path / "data", {"zd/deputies.yml": deputies})
    (data / "zd" / "photos").mkdir()
    (data / "zd" / "photos" / "wang-li.png").write_bytes(PNG)
    project = make_project(tmp_path / "project", stations=data)
    build = Build(project, run_build(project))
    assert build.result.returncode == 0, build.result.stderr
    image = build.page("d/wang-li/").select_one("img.lz-avatar")
    assert image["alt"] == "王丽的照片"
    published = (build.site / "d/wang-li" / image["src"]).resolve()
    assert published.parent == build.site / "media/zd/photos" and published.suffix == ".jpg"
    assert Image.open(published).size == (72, 96), "a derivative beside the station's media, never the original"
    assert PNG not in {p.read_bytes() for p in build.site.rglob("*") if p.is_file()}
    assert build.page("d/zhao-gang/").select_one(".lz-avatar--empty").get_text() == "赵"


def test_missing_photo_is_an_error(tmp_path: Path) -> None:
    deputies = FILES["zd/deputies.yml"].replace("    role: 站长\n", "    role: 站长\n    photo: photos/wang-li.png\n")
    build = build_minimal(tmp_path, {"zd/deputies.yml": deputies})
    assert build.result.returncode == 1
    assert build.result.stderr.splitlines()[0] == (
        "stations/zd/deputies.yml:7:12 找不到照片文件 photos/wang-li.png，请把照片放到站点文件夹中，或删除 photo 这一行"
    )


def test_an_unexpected_error_is_one_chinese_sentence_and_a_log_never_a_traceback(tmp_path: Path) -> None:
    data = write_region(tmp_path / "data")
    project = make_project(tmp_path / "project", stations=data)
    (project / "build").mkdir()
    (project / "build/docs").write_text("a file where the docs folder goes", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "程序出错了（不是数据的问题），这次操作没有完成；请把 build/last-error.log 发给网站维护人员"
    )
    assert "Traceback" not in result.stderr + result.stdout
    log = (project / "build/last-error.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "FileExistsError" in log
    assert not (project / "site").exists()


def test_text_that_mentions_hosts_and_ci_commands_builds_and_stays_text(tmp_path: Path) -> None:
    from tests.plant import plant

    text = "参见 cdn.jsdelivr.net ::error file=stations/region.yml,line=1::INJ <javascript:alert(1)> &lt;script&gt;"
    data = write_region(tmp_path / "data", plant(FILES, text, block=f"{text}\n\n[r][r]\n\n[r]: javascript:alert(1)"))
    project = make_project(tmp_path / "project", stations=data)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    build = Build(project, result)
    rules = build.page("s/zd/").select_one(".lz-rules")
    assert "&lt;script&gt;" in rules.get_text() and "参见 cdn.jsdelivr.net" in rules.get_text()
    assert not rules.select("a")  # neither the autolink nor the reference became a link
    assert build.page("d/wang-li/").select_one(".lz-page h1").get_text() == text


def test_a_hand_written_page_that_fetches_from_another_host_is_refused_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    (project / "content/notice.md").write_text(
        "# 通知\n\n见下图（文字里提到 cdn.jsdelivr.net 没有关系）：\n\n![海报](https://cdn.jsdelivr.net/gh/x/poster.png)\n",
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if not line.startswith("提示")][:1] == [
        "content/notice.md:5:15 这里的“cdn.jsdelivr.net”会让网站从外部网站加载图片、样式或脚本，内网无法访问，已停止生成；"
        "请把文件放进仓库（如 content/ 中）并用相对路径引用，普通链接请写成 [文字](网址)",
    ]
    assert not (project / "site").exists()


def test_a_rebuild_checks_what_changed_for_fetches_as_a_cold_build_does(tmp_path: Path) -> None:
    """The offline check remembers the files it passed; an edited or new file is still read."""
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    page = project / "content" / "notice.md"
    page.write_text("# 通知\n\n本月接待日照常。\n", encoding="utf-8")
    assert run_build(project).returncode == 0
    before = (project / "site" / "notice" / "index.html").read_bytes()
    page.write_text('# 通知\n\n<img src="https://cdn.jsdelivr.net/gh/x/poster.png" alt="海报">\n', encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "content/notice.md:3:" in result.stderr and "cdn.jsdelivr.net" in result.stderr
    assert (project / "site" / "notice" / "index.html").read_bytes() == before, "the last good site stays"
    page.unlink()
    assert run_build(project).returncode == 0
    assert not (project / "site" / "notice").exists(), "a removed page leaves the site"


def test_an_env_value_in_mkdocs_yml_is_read_as_mkdocs_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    config = project / "mkdocs.yml"
    from_env = "https://rd.preview.example.cn/"
    text = config.read_text(encoding="utf-8")
    assert f"site_url: {DISTRICT_SITE_URL}\n" in text
    config.write_text(
        text.replace(f"site_url: {DISTRICT_SITE_URL}", f"site_url: !ENV [LZ_SITE_URL, {DISTRICT_SITE_URL}]"),
        encoding="utf-8",
    )
    monkeypatch.setenv("LZ_SITE_URL", from_env)
    monkeypatch.chdir(project)
    assert main(["--today", BUILD_DATE, "generate"]) == 0
    published = json.loads((project / "build/files/lz-site.json").read_text(encoding="utf-8"))
    assert published["site_url"] == from_env, "codes, feeds and open data carry the address MkDocs builds with"
    assert load_config(str(config))["site_url"] == read_config(config)["site_url"] == from_env


def test_a_changed_env_value_of_mkdocs_yml_builds_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(f"site_url: {DISTRICT_SITE_URL}", f"site_url: !ENV [LZ_SITE_URL, {DISTRICT_SITE_URL}]"),
        encoding="utf-8",
    )
    today = dt.date.fromisoformat(BUILD_DATE)

    def fingerprint() -> str | None:
        return stamp.fingerprint(project / "stations", config_chain(config), today)

    monkeypatch.setenv("LZ_SITE_URL", "https://rd.one.example.cn/")
    first, first_frame = fingerprint(), stamp.frame(config_chain(config))
    assert first is not None and fingerprint() == first
    monkeypatch.setenv("LZ_SITE_URL", "https://rd.two.example.cn/")
    assert fingerprint() != first, "MkDocs builds another site: the last one is not current"
    assert stamp.frame(config_chain(config)) != first_frame, "every page is made again under the other address"
