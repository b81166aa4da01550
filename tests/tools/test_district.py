"""A district of one's own: init, new stations, the identity check, placeholders, level spellings, upgrade.

Everything runs the real commands in a copy of the repository (git-tracked files),
as a new district would from a fresh clone, and reads the built site back:
pages parsed, codes decoded with zxing-cpp, feeds and open data as text, the
search index decompressed, placards printed by Chromium and read with poppler.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.region.validate import validate_region
from generator.site.identity import EXAMPLE_HOSTS, EXAMPLE_REGION
from tests.conftest import BUILD_DATE, EXAMPLE, ROOT, WorkingTreeRead, run_build, run_generator, working_tree_read
from tests.minimal import write_region
from tests.render.test_codes import decode_png

NAME, URL = "云溪区", "https://rd.yunxi.gov.cn/"
EXAMPLE_WORDS = ("青禾", "qinghe", "柳塘", "liutang")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "clerk",
    "GIT_AUTHOR_EMAIL": "clerk@example.cn",
    "GIT_COMMITTER_NAME": "clerk",
    "GIT_COMMITTER_EMAIL": "clerk@example.cn",
}


def clone(target: Path) -> Path:
    """The repository as a fresh clone has it: every tracked (or new, not ignored) file, nothing built."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    with working_tree_read():  # a clone carries the working tree's district, as a real one does
        for name in filter(None, listed):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_built(district: Path, target: Path, *leave: str) -> Path:
    """A copy of a built district, without its top-level folders named in `leave` (build, site)."""
    shutil.copytree(
        district, target, ignore=lambda folder, names: [n for n in names if Path(folder) == district and n in leave]
    )
    return target


def init(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_generator(project, "init", "--name", NAME, "--url", URL, *args)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone turned into 云溪区 with init and two new stations, then built."""
    project = clone(tmp_path_factory.mktemp("district"))
    result = init(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "已写入 stations/region.yml"
    for args in (("yunxi", "--parent", "zongzhan", "--name", "云溪街道人大代表联络中心站"),
                 ("wangjiang", "--parent", "yunxi", "--name", "望江社区人大代表联络站")):  # fmt: skip
        added = run_generator(project, "new-station", *args)
        assert added.returncode == 0, added.stderr
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    return project


def test_no_published_file_names_the_example_district(district: Path) -> None:
    site = district / "site"
    checked = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".pf_fragment" or path.suffix.startswith(".pf_"):
            data = gzip.decompress(data)  # Pagefind's index: what a search could show
        text = data.decode("utf-8", errors="ignore")
        for word in EXAMPLE_WORDS:
            assert word not in text, f"{path.relative_to(site)} names {word}"
        checked += 1
    assert checked > 50
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert NAME in page.title.get_text() and not page.select(".lz-example-note")


def test_every_code_and_feed_points_at_the_district_address(district: Path) -> None:
    codes = sorted((district / "site").rglob("code.png"))
    assert len(codes) == 3
    for code in codes:
        (address,) = decode_png(code.read_bytes())
        assert address.startswith(URL), address
        assert address == URL + code.parent.relative_to(district / "site").as_posix() + "/"
    data = json.loads((district / "site/data/deputies.json").read_text(encoding="utf-8"))
    assert data["documentation"] == f"{URL}data/" and data["region"] == NAME


def test_placeholders_are_warned_and_published_as_to_be_announced(district: Path) -> None:
    result = run_generator(district, "validate")
    assert result.returncode == 0
    assert (
        "stations/zongzhan/station.yml:15:10 提示：address 还是“待填写”，网站上会显示“待公布”；请在发布前填上实际内容"
        in (result.stderr.splitlines())
    )
    assert sum("还是“待填写”" in line for line in result.stderr.splitlines()) == 3 + 4 + 4
    page = BeautifulSoup((district / "site/s/yunxi/index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one(".lz-page").get_text()
    assert "待填写" not in text and "待公布" in text
    assert not page.select('a[href^="tel:"]'), "no number to call until the clerk writes one"
    assert not page.select(".lz-maps a"), "no place to search the maps for until the clerk writes the address"
    entry = validate_region(district / "stations", district, dt.date.fromisoformat(BUILD_DATE)).stations["yunxi"]
    assert entry.waiting == ("address", "hours", "phone", "managed_by")
    assert [getattr(entry.station, key) for key in entry.waiting] == [None] * 4, "not known: the pages say so"
    report = run_generator(district, "report")
    assert "站点的地址、开放时间、公开电话、管理单位尚未填写" in report.stdout


def test_init_names_import_for_a_district_with_its_own_sheets(tmp_path: Path) -> None:
    result = init(clone(tmp_path))
    assert result.returncode == 0, result.stderr
    hint = result.stdout.splitlines()[-1]
    assert "python -m generator import stations|deputies|rota|cases|receptions" in hint
    assert "python -m generator new-station" in hint  # for a district without sheets
    assert hint.index("import stations") < hint.index("make validate") < hint.index("make serve")


def test_init_refuses_to_overwrite_a_district_and_writes_nothing(district: Path) -> None:
    before = snapshot(district / "stations")
    again = run_generator(district, "init", "--name", "别的区", "--url", "https://rd.biede.gov.cn/")
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "这里已经是一个地区的网站（mkdocs.yml 没有标明是示例），为免覆盖，没有做任何改动；确实要重新开始时，请加上 --force",
        "没有做任何改动，请按上面的提示改正后重新运行",
    ]
    assert snapshot(district / "stations") == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--url", "https://rd.qinghe.example.cn/"],
            "网站地址 https://rd.qinghe.example.cn/ 还是示例地区的地址，二维码、日历和开放数据都会指向示例网站；"
            "请在 mkdocs.yml 的 site_url 中改成本网站的网址（或运行 python -m generator init）",
        ),
        (
            ["--url", "https://lianluo.example.org"],
            "网站地址 https://lianluo.example.org/ 是只用于举例或测试的域名，居民扫码无法打开；请在 mkdocs.yml 的 site_url 中改成本网站的网址",
        ),
        (
            ["--url", "rd.yunxi.gov.cn"],
            "mkdocs.yml 里没有网站地址 site_url；请写上本网站对外的网址，如 https://rd.本区域名.gov.cn/，二维码和日历都用它",
        ),
        (
            ["--url", URL, "--head-id", "总站"],
            "站点编号“总站”无效，编号只能用小写字母、数字和连字符（如 xinghua），不超过 40 个字符",
        ),
    ],
)
def test_init_refuses_what_cannot_be_published_and_leaves_the_example(tmp_path: Path, args, expected) -> None:
    project = clone(tmp_path)
    before = snapshot(project / "stations")
    result = run_generator(project, "init", "--name", NAME, *args)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == expected
    assert snapshot(project / "stations") == before
    assert yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["example"] is True
    assert not list(project.glob(".init*")), "no staging folder is left behind"


def test_build_refuses_the_example_address_and_leaves_the_site_untouched(district: Path, tmp_path: Path) -> None:
    project = copy_built(district, tmp_path / "project", "build")
    before = snapshot(project / "site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(URL, "https://rd.qinghe.example.cn/"), "utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert (
        "mkdocs.yml:5:11 网站地址 https://rd.qinghe.example.cn/ 还是示例地区的地址，二维码、日历和开放数据都会指向示例网站；"
        "请在 mkdocs.yml 的 site_url 中改成本网站的网址（或运行 python -m generator init）"
        in result.stderr.splitlines()
    )
    assert snapshot(project / "site") == before
    placards = run_generator(project, "placards", "--station", "zongzhan")
    assert placards.returncode == 1 and not (project / "placards").exists()
    # the preview and validate only warn, so a clerk sees it at once without losing the preview
    for command in ("validate", "generate"):
        warned = run_generator(project, command)
        assert (
            warned.returncode == 0 and "mkdocs.yml:5:11 提示：网站地址 https://rd.qinghe.example.cn/" in warned.stderr
        )


def test_build_refuses_a_site_named_for_another_region(district: Path, tmp_path: Path) -> None:
    project = copy_built(district, tmp_path / "project", "build", "site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: 云溪区", "site_name: 青禾区"), "utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml:4:12 网站名称“青禾区人大代表联络站”不含本地区的名称“云溪区”（region.yml 的 name）；"
        "请在 mkdocs.yml 的 site_name 中改成本地区的网站名称，如“云溪区人大代表联络站”"
    )


def test_init_with_force_starts_over(district: Path, tmp_path: Path) -> None:
    project = copy_built(district, tmp_path / "project", "build", "site")
    result = run_generator(project, "init", "--name", "云山县", "--url", "https://rd.yunshan.gov.cn/", "--force")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "stations").iterdir()) == ["region.yml", "zongzhan"]
    assert "site_url: https://rd.yunshan.gov.cn/" in (project / "mkdocs.yml").read_text(encoding="utf-8")


def test_new_station_without_a_parent_makes_the_head_only_when_there_is_none(tmp_path: Path) -> None:
    project = clone(tmp_path)
    for folder in (project / "stations").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    made = run_generator(project, "new-station", "zongzhan", "--name", "青禾区人大代表联络总站")
    assert made.returncode == 0, made.stderr
    station = yaml.safe_load((project / "stations/zongzhan/station.yml").read_text(encoding="utf-8"))
    assert station["kind"] == "总站" and "parent" not in station and station["address"] == "待填写"
    again = run_generator(project, "new-station", "second", "--name", "另一个总站")
    assert again.returncode == 1
    assert again.stderr.splitlines()[0] == (
        "本地区已有总站 zongzhan（青禾区人大代表联络总站），新站点要写明上级站点：请加上 --parent 上级站点编号"
    )
    assert not (project / "stations/second").exists()


def test_levels_as_districts_write_them_are_read_normalised_and_named_for_a_county(tmp_path: Path) -> None:
    deputies = """\
deputies:
  - id: wang-li
    name: 王丽
    level: 县人大代表
  - id: zhao-gang
    name: 赵刚
    level: 市、县
  - id: zhao-lei
    name: 赵磊
    level: [县镇两级]
  - id: sun-li
    name: 孙丽
    level: 全国人大代表
"""
    region = "name: 云山县\norganizer: 云山县人大常委会\n"
    data = write_region(tmp_path / "data", {"region.yml": region, "zd/deputies.yml": deputies})
    project = clone(tmp_path / "project")
    shutil.rmtree(project / "stations")
    shutil.copytree(data, project / "stations")
    config = project / "mkdocs.yml"
    config.write_text(
        "INHERIT: generator/site/mkdocs.base.yml\nsite_name: 云山县人大代表联络站\nsite_url: https://rd.yunshan.gov.cn/\n",
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    cards = BeautifulSoup((project / "site/s/zd/index.html").read_text(encoding="utf-8"), "html.parser")
    levels = {
        c.select_one(".lz-card__name").get_text(): c.select_one(".lz-card__meta").get_text()
        for c in cards.select(".lz-card")
    }
    assert levels["王丽"] == "县人大代表"
    assert levels["赵刚"] == "市人大代表、县人大代表"
    assert levels["赵磊"] == "县人大代表、乡镇人大代表"
    assert levels["孙丽"] == "全国人大代表"
    formatted = run_generator(project, "fmt")
    assert formatted.returncode == 0, formatted.stderr
    written = yaml.safe_load((project / "stations/zd/deputies.yml").read_text(encoding="utf-8"))
    assert [d["level"] for d in written["deputies"]] == ["县", ["市", "县"], ["县", "乡"], "全国"]


def test_the_example_address_is_the_one_the_identity_check_knows() -> None:
    settings = yaml.safe_load((EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {settings["site_url"].split("/")[2]} == EXAMPLE_HOSTS
    assert settings["extra"]["example"] is True
    assert yaml.safe_load((EXAMPLE / "stations/region.yml").read_text(encoding="utf-8"))["name"] == EXAMPLE_REGION


def test_another_districts_data_under_the_cloned_example_settings_is_refused_and_warned(tmp_path: Path) -> None:
    """A district that replaced stations/ but kept mkdocs.yml as cloned (the example marker, the example's name
    and address): publishing would put the example's name on its pages and the example's address in its codes."""
    project = clone(tmp_path / "clone")
    shutil.rmtree(project / "stations")
    shutil.copytree(write_region(tmp_path / "other"), project / "stations")
    expected = (
        "mkdocs.yml:9:12 mkdocs.yml 写着这是示例地区（extra 下的 example: true），但数据（stations/region.yml 的 name）"
        "是“测试区”，不是示例的“青禾区”；这样发布，网站名称和所有二维码、日历、开放数据都还是示例网站的。"
        "请运行 make init NAME=测试区 URL=本网站的网址，或在 mkdocs.yml 中把 site_name 和 site_url 改成本地区的，"
        "并删去 extra 下的 example: true"
    )
    assert (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[8] == "  example: true"
    built = run_build(project)
    assert built.returncode == 1 and built.stderr.splitlines()[0] == expected
    assert not (project / "site").exists() and not (project / "build" / "docs").exists()
    placards = run_generator(project, "placards", "--station", "zd")
    assert placards.returncode == 1 and placards.stderr.splitlines()[0] == expected
    assert not (project / "placards").exists()
    # validate and the preview only warn, naming the same line and fix
    for command in ("validate", "generate"):
        warned = run_generator(project, command)
        assert warned.returncode == 0, warned.stderr
        assert expected.replace("mkdocs.yml:9:12 ", "mkdocs.yml:9:12 提示：") in warned.stderr.splitlines()


def test_upgrade_takes_the_tool_and_never_touches_the_district(tmp_path: Path) -> None:
    env = {**os.environ, **GIT_ENV}

    def git(repo: Path, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout

    upstream = clone(tmp_path / "upstream")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "tool")
    district = tmp_path / "district"
    git(tmp_path, "clone", "-q", str(upstream), str(district))
    assert init(district).returncode == 0
    git(district, "add", "-A")
    git(district, "commit", "-qm", "our district")
    ours = snapshot(district / "stations") | {"mkdocs.yml": (district / "mkdocs.yml").read_bytes()}

    # the tool moves on: a module changes, one is added, one removed, and its own example data changes
    (upstream / "generator/tools/report.py").write_text(
        (upstream / "generator/tools/report.py").read_text(encoding="utf-8") + "\n# newer\n", encoding="utf-8"
    )
    (upstream / "generator/tools/added.py").write_text('"""A module of the newer tool."""\n', encoding="utf-8")
    git(upstream, "rm", "-q", "benchmarks/hostile.py")
    (upstream / "stations/region.yml").write_text("name: 改过的示例\n", encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "newer tool")

    (district / "stray.txt").write_text("uncommitted", encoding="utf-8")
    refused = run_generator(district, "upgrade", "--from", str(upstream))
    assert refused.returncode == 1 and "还有没提交的修改" in refused.stderr
    assert refused.stderr.splitlines()[-1] == "工具没有升级，本地区的文件没有改动，请按上面的提示改正后重新运行"
    (district / "stray.txt").unlink()

    result = run_generator(district, "upgrade", "--from", str(upstream))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(f"已从 {upstream} 取来新版工具，改动了 3 个文件")
    assert (district / "generator/tools/report.py").read_text(encoding="utf-8").endswith("# newer\n")
    assert (district / "generator/tools/added.py").is_file()
    assert not (district / "benchmarks/hostile.py").exists()
    assert snapshot(district / "stations") | {"mkdocs.yml": (district / "mkdocs.yml").read_bytes()} == ours
    assert run_generator(district, "validate").returncode == 0


def test_the_seed_district_is_the_example_while_it_says_so() -> None:
    """Upstream ships the example as the district's starting point; a district that ran init says nothing."""
    with working_tree_read():
        settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
        if (settings.get("extra") or {}).get("example") is True:
            assert snapshot(ROOT / "stations") == snapshot(EXAMPLE / "stations")
            assert (ROOT / "mkdocs.yml").read_bytes() == (EXAMPLE / "mkdocs.yml").read_bytes()


def test_the_tool_tests_never_read_the_working_trees_district() -> None:
    """A district replaces stations/, content/ and mkdocs.yml with its own, and the suite still runs green: every
    test reads the example from examples/, and any read of the working tree's district fails the test that made
    it (the audit hook in tests/conftest.py, active for the whole suite). Here, the hook is shown to catch each
    way a test could read it: a file, a folder listing, a relative path from the repository's root."""
    with pytest.raises(WorkingTreeRead):
        (ROOT / "stations" / "region.yml").read_text(encoding="utf-8")
    with pytest.raises(WorkingTreeRead):
        list((ROOT / "content").iterdir())
    with pytest.raises(WorkingTreeRead):
        (ROOT / "mkdocs.yml").read_bytes()
    with pytest.raises(WorkingTreeRead):
        list((ROOT / "stations").rglob("*.yml"))
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        with pytest.raises(WorkingTreeRead):
            Path("stations/region.yml").read_bytes()
    finally:
        os.chdir(here)
    (EXAMPLE / "stations" / "region.yml").read_text(encoding="utf-8")  # the example itself is read freely
