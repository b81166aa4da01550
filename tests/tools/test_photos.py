"""`python -m generator photos FOLDER`: photos named after deputies matched to their records, never guessed."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image

from tests.conftest import make_project, run_generator
from tests.minimal import FILES, write_region

SECOND_WANG_LI = "  - id: wang-li-2\n    name: 王丽\n    level: 乡\n    constituency: 第9选区\n"


def jpeg(size=(600, 800), color=(90, 120, 150)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def project_with(tmp_path: Path, deputies: str | None = None) -> Path:
    changes = {"cz/deputies.yml": deputies} if deputies else None
    return make_project(tmp_path / "project", stations=write_region(tmp_path / "data", changes))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def photo_of(project: Path, station: str, deputy_id: str) -> str | None:
    data = yaml.safe_load((project / "stations" / station / "deputies.yml").read_text(encoding="utf-8"))
    return next(d.get("photo") for d in data["deputies"] if d["id"] == deputy_id)


def test_photos_by_name_and_by_id_are_copied_and_recorded(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    folder = project / "照片"
    folder.mkdir()
    (folder / "赵刚.jpg").write_bytes(jpeg())
    (folder / "sun-hong.JPEG").write_bytes(jpeg(color=(10, 20, 30)))
    (folder / "名单.xlsx").write_bytes(b"not a photo: left alone")
    result = run_generator(project, "photos", "照片")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "已配上：孙红（sun-hong）→ stations/cz/photos/sun-hong.jpg",
        "已配上：赵刚（zhao-gang）→ stations/zd/photos/zhao-gang.jpg",
        "配上照片 2 张（0 张已是最新），没有使用 0 张；请运行 make serve 看看效果，再提交",
    ]
    assert photo_of(project, "zd", "zhao-gang") == "photos/zhao-gang.jpg"
    assert (project / "stations/zd/photos/zhao-gang.jpg").read_bytes() == jpeg()
    assert run_generator(project, "validate").returncode == 0
    again = run_generator(project, "photos", "照片")
    assert (
        again.stdout.splitlines()[-1]
        == "配上照片 0 张（2 张已是最新），没有使用 0 张；请运行 make serve 看看效果，再提交"
    )


def test_two_deputies_of_one_name_and_an_unknown_name_are_reported_not_guessed(tmp_path: Path) -> None:
    project = project_with(tmp_path, FILES["cz/deputies.yml"].replace("linked:", SECOND_WANG_LI + "linked:"))
    folder = project / "照片"
    folder.mkdir()
    (folder / "王丽.jpg").write_bytes(jpeg())
    (folder / "钱多多.jpg").write_bytes(jpeg())
    before = snapshot(project / "stations")
    result = run_generator(project, "photos", "照片")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "提示：钱多多.jpg 找不到同名或同编号的代表，没有使用；请把文件名改成代表的姓名或编号",
        "提示：有重名的代表，没有使用 王丽.jpg：wang-li（杏林社区联络站）、wang-li-2（东街中心站）；请把文件名改成其中一位的代表编号",
        "配上照片 0 张（0 张已是最新），没有使用 2 张；请运行 make serve 看看效果，再提交",
    ]
    assert snapshot(project / "stations") == before
    (folder / "王丽.jpg").rename(folder / "wang-li-2.jpg")
    assert run_generator(project, "photos", "照片").returncode == 0
    assert photo_of(project, "cz", "wang-li-2") == "photos/wang-li-2.jpg"


def test_an_unusable_photo_refuses_the_whole_folder_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    folder = project / "照片"
    folder.mkdir()
    (folder / "赵刚.jpg").write_bytes(jpeg())
    (folder / "孙红.jpg").write_bytes(jpeg((200, 260)))
    before = snapshot(project / "stations")
    result = run_generator(project, "photos", "照片")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "照片/孙红.jpg:1:1 照片 孙红.jpg 只有 200×260 像素，印在卡片上会模糊；请换一张短边至少 300 像素的照片（手机原图就可以）"
    )
    assert snapshot(project / "stations") == before
    (folder / "孙红.jpg").unlink()
    dry = run_generator(project, "photos", "照片", "--dry-run")
    assert dry.stdout.splitlines()[-1] == "将配上照片 1 张（0 张已是最新），不会使用 0 张；这次没有写入任何文件"
    assert snapshot(project / "stations") == before
