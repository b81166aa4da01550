"""What validation refuses of a photo, at the line of its `photo:` field, before any build decodes it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from generator.problems import DataError
from generator.region.validate import validate_region
from tests.conftest import make_project, run_generator
from tests.minimal import FILES, write_region
from tests.photofiles import jpeg_declaring, peak_megabytes, png_declaring

TODAY = dt.date(2026, 11, 24)
WITH_PHOTO = FILES["zd/deputies.yml"].replace("    role: 站长\n", "    role: 站长\n    photo: photos/wang-li.{ext}\n")


def image_bytes(size=(600, 800), kind="JPEG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 200)).save(out, kind, **save)
    return out.getvalue()


def animated_webp() -> bytes:
    frames = [Image.new("RGB", (600, 800), color) for color in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=200)
    return out.getvalue()


CASES = [
    ("not an image", "jpg", b"%PDF-1.4 a document renamed", "stations/zd/deputies.yml:7:12 photos/wang-li.jpg 不是能用的照片（不是图片，或文件已损坏）；请换成手机或相机拍的 JPG、PNG、WebP 或 HEIC 照片"),
    ("a GIF renamed .png", "png", image_bytes(kind="GIF"), "stations/zd/deputies.yml:7:12 photos/wang-li.png 不是能用的照片（不是图片，或文件已损坏）；请换成手机或相机拍的 JPG、PNG、WebP 或 HEIC 照片"),
    ("an animation", "webp", animated_webp(), "stations/zd/deputies.yml:7:12 photos/wang-li.webp 是动图，不能作为照片；请换成一张静止的照片"),
    ("a thumbnail", "jpg", image_bytes((240, 320)), "stations/zd/deputies.yml:7:12 照片 photos/wang-li.jpg 只有 240×320 像素，印在卡片上会模糊；请换一张短边至少 300 像素的照片（手机原图就可以）"),
    ("a 198-byte PNG declaring 40000×40000", "png", png_declaring(40000, 40000), "stations/zd/deputies.yml:7:12 照片 photos/wang-li.png 有 40000×40000 像素，超过 5000 万像素，不会读取；请在电脑上把照片缩小（长边 4000 像素左右就够）另存，或用手机的普通模式重新拍"),
    ("a JPEG declaring 40000×40000", "jpg", jpeg_declaring(40000, 40000), "stations/zd/deputies.yml:7:12 照片 photos/wang-li.jpg 有 40000×40000 像素，超过 5000 万像素，不会读取；请在电脑上把照片缩小（长边 4000 像素左右就够）另存，或用手机的普通模式重新拍"),
    ("a PNG just over the cap", "png", png_declaring(7072, 7072), "stations/zd/deputies.yml:7:12 照片 photos/wang-li.png 有 7072×7072 像素，超过 5000 万像素，不会读取；请在电脑上把照片缩小（长边 4000 像素左右就够）另存，或用手机的普通模式重新拍"),
    ("over 30 MB", "jpg", image_bytes() + b"\0" * (31 * 1024 * 1024), "stations/zd/deputies.yml:7:12 照片 photos/wang-li.jpg 超过 30 MB，不会读取；请换成手机拍的原图（通常 3 到 8 MB），不要用扫描件或合成的大图"),
]  # fmt: skip


@pytest.mark.parametrize(("ext", "data", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_photo_that_cannot_be_published_is_refused_at_its_line(tmp_path: Path, ext, data, expected) -> None:
    root = write_region(tmp_path, {"zd/deputies.yml": WITH_PHOTO.format(ext=ext)})
    (root / "zd/photos").mkdir()
    (root / f"zd/photos/wang-li.{ext}").write_bytes(data)
    with pytest.raises(DataError) as caught:
        validate_region(root, tmp_path, TODAY)
    assert [p.render() for p in caught.value.problems] == [expected]


def test_a_photo_lying_on_its_side_is_measured_upright_and_heic_is_accepted(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored 800×280, upright 280×800: too narrow once turned
    sideways = image_bytes((800, 280), exif=exif)
    root = write_region(tmp_path, {"zd/deputies.yml": WITH_PHOTO.format(ext="jpg")})
    (root / "zd/photos").mkdir()
    (root / "zd/photos/wang-li.jpg").write_bytes(sideways)
    with pytest.raises(DataError) as caught:
        validate_region(root, tmp_path, TODAY)
    assert "只有 280×800 像素" in caught.value.problems[0].message
    (root / "zd/deputies.yml").write_text(WITH_PHOTO.format(ext="heic"), encoding="utf-8")
    (root / "zd/photos/wang-li.heic").write_bytes(image_bytes(kind="HEIF"))
    assert validate_region(root, tmp_path, TODAY).deputies["wang-li"].deputy.photo == "photos/wang-li.heic"


def test_a_decompression_bomb_stops_validate_and_build_with_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    stations = write_region(tmp_path / "data", {"zd/deputies.yml": WITH_PHOTO.format(ext="png")})
    project = make_project(tmp_path / "project", stations=stations)
    (project / "stations/zd/photos").mkdir()
    (project / "stations/zd/photos/wang-li.png").write_bytes(png_declaring(40000, 40000))
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    for command in ("validate", "build"):
        result = run_generator(project, command)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[0].startswith(
            "stations/zd/deputies.yml:7:12 照片 photos/wang-li.png 有 40000×40000 像素，超过 5000 万像素，不会读取"
        ), result.stderr
        assert "Traceback" not in result.stderr and "Error" not in result.stderr
        assert sorted(p.relative_to(project) for p in project.rglob("*")) == before, command


def test_validation_reads_a_photo_header_and_never_its_pixels(tmp_path: Path) -> None:
    """A 49 MP PNG (just under the cap) costs validation no more memory than a small photo."""
    peaks = []
    for size in ((600, 800), (7000, 7000)):
        root = write_region(tmp_path / f"{size[0]}", {"zd/deputies.yml": WITH_PHOTO.format(ext="png")})
        (root / "zd/photos").mkdir()
        Image.new("L", size, 128).save(root / "zd/photos/wang-li.png")
        code = (
            "import datetime as dt\nfrom pathlib import Path\n"
            "from generator.region.validate import validate_region\n"
            f"validate_region(Path({str(root)!r}), Path({str(tmp_path)!r}), dt.date(2026, 11, 24))"
        )
        peaks.append(peak_megabytes(code)[0])
    assert peaks[1] - peaks[0] < 20, f"validation decoded the photo: {peaks} MB"


def phone_photo(**exif_tags) -> bytes:
    exif = Image.Exif()
    for tag, value in exif_tags.items():
        exif[int(tag.removeprefix("t"), 16)] = value
    return image_bytes(exif=exif)


TRACES = [
    ("GPS and the phone", phone_photo(t010F="Apple", t0110="iPhone 15", t8825={1: "N", 2: (30.0, 16.0, 12.5)}), "拍摄地点（GPS）和拍摄设备（Apple iPhone 15）"),
    ("the camera only", phone_photo(t0110="DSC-RX100"), "拍摄设备（DSC-RX100）"),
    ("GPS in XMP", image_bytes(xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>30,16.2N</exif:GPSLatitude></x:xmpmeta>'), "拍摄地点（GPS）"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "traces"), [c[1:] for c in TRACES], ids=[c[0] for c in TRACES])
def test_a_photo_telling_where_and_with_what_it_was_taken_is_a_warning_at_its_line(tmp_path: Path, data, traces):
    root = write_region(tmp_path, {"zd/deputies.yml": WITH_PHOTO.format(ext="jpg")})
    (root / "zd/photos").mkdir()
    (root / "zd/photos/wang-li.jpg").write_bytes(data)
    warnings = [w.render() for w in validate_region(root, tmp_path, TODAY).warnings if "照片" in w.message]
    assert warnings == [
        f"stations/zd/deputies.yml:7:12 照片 photos/wang-li.jpg 带有{traces}，会随数据文件一起公开；"
        "请用 python -m generator photos 照片文件夹 重新导入这张照片（程序会另存一份不带这些信息的），"
        "或用图片软件另存一份不带位置和设备信息的照片换上"
    ]
    (root / "zd/photos/wang-li.jpg").write_bytes(image_bytes(exif=Image.Exif()))
    assert not [w for w in validate_region(root, tmp_path, TODAY).warnings if "照片" in w.message]
