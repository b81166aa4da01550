"""Nothing outside the repository is read or published, whatever a pull request puts in stations/ or content/.

Links to files elsewhere (a stand-in for /etc/passwd holding a marker), links to
folders, special files and oversized files are planted, and every command that
reads data is run for real: each refuses with the file named, exit code 1, and
the marker appears nowhere — not in its output, not in anything it wrote.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import make_project, run_build, run_generator
from tests.minimal import FILES, write_region

SECRET = "SECRET-OF-THE-RUNNER-7f3a"
LINK = "这是一个符号链接（快捷方式），为了安全不会读取它指向的内容；请换成文件或文件夹本身"
SPECIAL = "这不是普通文件（可能是设备、管道等特殊文件），不会读取；请删除它，换成普通文件"
WITH_PHOTO = FILES["zd/deputies.yml"].replace("    role: 站长\n", "    role: 站长\n    photo: photos/wang-li.jpg\n")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, as the runner's home would be, with a secret file and a station in it."""
    folder = tmp_path / "outside"
    (folder / "photos").mkdir(parents=True)
    (folder / "secret.txt").write_text(f"root:{SECRET}:0:0\n", encoding="utf-8")
    (folder / "photos" / "wang-li.jpg").write_text(SECRET, encoding="utf-8")
    (folder / "station").mkdir()
    station = FILES["zd/station.yml"].replace("id: zd", "id: ext").replace("杏林社区联络站", SECRET)
    (folder / "station" / "station.yml").write_text(station, encoding="utf-8")
    return folder


def project_with(tmp_path: Path, plant, changes: dict[str, str | None] | None = None) -> Path:
    data = write_region(tmp_path / "data", changes)
    project = make_project(tmp_path / "project", stations=data)
    plant(project / "stations")
    return project


def assert_secret_nowhere(project: Path, *outputs: str) -> None:
    for text in outputs:
        assert SECRET not in text
    for path in project.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert SECRET.encode() not in path.read_bytes(), path


PLANTS = {
    "a photo that links to a file elsewhere": (
        lambda s, o: ((s / "zd/photos").mkdir(), (s / "zd/photos/wang-li.jpg").symlink_to(o / "secret.txt")),
        {"zd/deputies.yml": WITH_PHOTO},
        f"stations/zd/deputies.yml:7:12 照片 photos/wang-li.jpg 不能发布：{LINK}",
    ),
    "a photos folder that links elsewhere": (
        lambda s, o: (s / "zd/photos").symlink_to(o / "photos", target_is_directory=True),
        {"zd/deputies.yml": WITH_PHOTO},
        f"stations/zd/photos:1:1 {LINK}",
    ),
    "a station folder that links elsewhere": (
        lambda s, o: (s / "ext").symlink_to(o / "station", target_is_directory=True),
        None,
        f"stations/ext:1:1 {LINK}",
    ),
    "a station.yml that links to a file elsewhere": (
        lambda s, o: ((s / "zd/station.yml").unlink(), (s / "zd/station.yml").symlink_to(o / "secret.txt")),
        None,
        f"stations/zd/station.yml:1:1 {LINK}",
    ),
    "a cases file that links to /dev/zero": (
        lambda s, o: (s / "zd/cases-2027.yml").symlink_to("/dev/zero"),
        None,
        f"stations/zd/cases-2027.yml:1:1 {LINK}",
    ),
    "a named pipe where a file should be": (
        lambda s, o: os.mkfifo(s / "zd/cases-2027.yml"),
        None,
        f"stations/zd/cases-2027.yml:1:1 {SPECIAL}",
    ),
    "the data folder itself a link": (
        lambda s, o: (shutil.move(s, o / "stations"), s.symlink_to(o / "stations", target_is_directory=True)),
        None,
        f"stations:1:1 {LINK}",
    ),
    "a data file over the size limit": (
        lambda s, o: (s / "zd/cases-2025.yml").write_text("year: 2025\ncases: []\n" + "#" * 3_000_000, "utf-8"),
        None,
        "stations/zd/cases-2025.yml:1:1 文件超过 2 MB，不会读取；数据文件通常只有几十 KB，请检查是否放错了文件，或把内容拆分到按年份的文件中",
    ),
}


@pytest.mark.parametrize("command", ["validate", "report", "fmt"])
@pytest.mark.parametrize("case", list(PLANTS), ids=list(PLANTS))
def test_every_command_refuses_what_is_not_a_plain_file_inside(tmp_path: Path, outside: Path, case, command) -> None:
    plant, changes, expected = PLANTS[case]
    project = project_with(tmp_path, lambda stations: plant(stations, outside), changes)
    result = run_generator(project, command)
    if command == "fmt" and "照片 " in expected:  # fmt reads no photos: nothing to refuse, nothing followed
        assert result.returncode == 0
        assert_secret_nowhere(project, result.stdout, result.stderr)
        return
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert_secret_nowhere(project, result.stdout, result.stderr)


def test_a_build_with_linked_photos_and_stations_publishes_nothing_from_outside(tmp_path: Path, outside: Path) -> None:
    def plant(stations: Path) -> None:
        (stations / "zd/photos").mkdir()
        (stations / "zd/photos/wang-li.jpg").symlink_to(outside / "secret.txt")
        (stations / "cz/photos").symlink_to(outside / "photos", target_is_directory=True)
        (stations / "ext").symlink_to(outside / "station", target_is_directory=True)

    with_photo = FILES["cz/deputies.yml"].replace(
        "    level: 全国\n", "    level: 全国\n    photo: photos/wang-li.jpg\n"
    )
    project = project_with(tmp_path, plant, {"zd/deputies.yml": WITH_PHOTO, "cz/deputies.yml": with_photo})
    result = run_build(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [f"stations/cz/photos:1:1 {LINK}", f"stations/ext:1:1 {LINK}"]
    assert not (project / "site").exists()
    assert_secret_nowhere(project, result.stdout, result.stderr)


def test_hand_written_pages_that_link_elsewhere_are_refused_and_the_old_site_stays(
    tmp_path: Path, outside: Path
) -> None:
    project = project_with(tmp_path, lambda stations: None)
    assert run_build(project).returncode == 0
    before = (project / "site/index.html").read_bytes()
    (project / "content/leak.md").symlink_to(outside / "secret.txt")
    (project / "content/more").symlink_to(outside, target_is_directory=True)
    result = run_build(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [f"content/leak.md:1:1 {LINK}", f"content/more:1:1 {LINK}"]
    assert (project / "site/index.html").read_bytes() == before
    assert_secret_nowhere(project, result.stdout, result.stderr)


def test_import_refuses_an_export_that_is_a_link(tmp_path: Path, outside: Path) -> None:
    project = project_with(tmp_path, lambda stations: None)
    (project / "export.csv").symlink_to(outside / "secret.txt")
    result = run_generator(project, "import-cases", "--station", "zd", "export.csv")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"export.csv:1:1 {LINK}"
    assert_secret_nowhere(project, result.stdout, result.stderr)
