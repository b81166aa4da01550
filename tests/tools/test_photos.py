"""`python -m generator photos FOLDER`: photos named after deputies matched to their records, never guessed."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image

from tests.conftest import make_project, run_generator
from tests.minimal import FILES, write_region
from tests.photofiles import png_declaring
from tests.render.test_photos import as_phone_saves, upright_portrait

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
    copy = Image.open(project / "stations/zd/photos/zhao-gang.jpg")
    assert copy.format == "JPEG" and copy.size == (600, 800)
    assert max(abs(a - b) for a, b in zip(copy.getpixel((300, 400)), (90, 120, 150), strict=True)) <= 3
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


def test_a_phone_photo_is_saved_upright_and_clean_never_as_the_original(tmp_path: Path) -> None:
    """The repository is public: what the command saves carries no GPS, phone, serial, XMP or profile."""
    project = project_with(tmp_path)
    folder = project / "照片"
    folder.mkdir()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>30,16.2N</exif:GPSLatitude></x:xmpmeta>'
    original = as_phone_saves(upright_portrait(), 6, xmp=xmp)  # stored 800×600 on its side
    assert b"PhoneMakerX" in original and b"GPSLatitude" in original
    (folder / "赵刚.jpg").write_bytes(original)
    out = io.BytesIO()
    upright_portrait().save(out, "PNG")
    (folder / "孙红.png").write_bytes(out.getvalue())
    result = run_generator(project, "photos", "照片")
    assert result.returncode == 0, result.stderr
    saved = project / "stations/zd/photos/zhao-gang.jpg"
    data = saved.read_bytes()
    for trace in (b"PhoneMakerX", b"SERIAL-42", b"GPSLatitude", b"Exif", b"ICC_PROFILE", b"xmpmeta"):
        assert trace not in data, trace
    image = Image.open(saved)
    assert image.size == (600, 800) and not image.getexif(), "upright, the orientation applied"
    corner = image.getpixel((5, 5))
    assert corner[0] > 150 and corner[1] < 100, "the red corner is at the top left"
    assert photo_of(project, "cz", "sun-hong") == "photos/sun-hong.jpg", "every copy is a JPEG"
    validated = run_generator(project, "validate")
    assert validated.returncode == 0 and "照片" not in validated.stderr, validated.stderr


def test_a_huge_photo_refuses_the_folder_at_its_header_and_writes_nothing(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    folder = project / "照片"
    folder.mkdir()
    (folder / "赵刚.jpg").write_bytes(jpeg())
    (folder / "孙红.png").write_bytes(png_declaring(40000, 40000))
    before = snapshot(project / "stations")
    result = run_generator(project, "photos", "照片")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "照片/孙红.png:1:1 照片 孙红.png 有 40000×40000 像素，超过 5000 万像素，不会读取；"
        "请在电脑上把照片缩小（长边 4000 像素左右就够）另存，或用手机的普通模式重新拍",
        "照片没有保存，stations/ 里的文件没有改动，请按上面的提示改正后重新运行",
    ]
    assert snapshot(project / "stations") == before


def test_an_original_put_in_by_hand_is_warned_about_and_the_command_replaces_it(tmp_path: Path) -> None:
    by_hand = FILES["zd/deputies.yml"].replace("    level: 乡\n", "    level: 乡\n    photo: photos/IMG_0412.jpg\n")
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data", {"zd/deputies.yml": by_hand}))
    original = project / "stations/zd/photos/IMG_0412.jpg"
    original.parent.mkdir()
    original.write_bytes(as_phone_saves(upright_portrait(), 1))
    warned = run_generator(project, "validate")
    assert warned.returncode == 0, warned.stderr
    assert (
        "stations/zd/deputies.yml:10:12 提示：照片 photos/IMG_0412.jpg 带有拍摄地点（GPS）和拍摄设备（PhoneMakerX）"
        in (warned.stderr)
    )
    folder = project / "照片"
    folder.mkdir()
    (folder / "赵刚.jpg").write_bytes(original.read_bytes())
    result = run_generator(project, "photos", "照片")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "已配上：赵刚（zhao-gang）→ stations/zd/photos/zhao-gang.jpg",
        "已删除原来的照片 stations/zd/photos/IMG_0412.jpg：它已换成另存的 JPG，原图里可能带着拍摄地点等信息",
    ]
    assert not original.exists() and photo_of(project, "zd", "zhao-gang") == "photos/zhao-gang.jpg"
    assert sorted(p.name for p in (project / "stations/zd/photos").iterdir()) == ["zhao-gang.jpg"]
    validated = run_generator(project, "validate")
    assert validated.returncode == 0 and "照片" not in validated.stderr, validated.stderr
