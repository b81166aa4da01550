"""What validation refuses of a photo, at the line of its `photo:` field, before any build decodes it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from generator.problems import DataError
from generator.region.validate import validate_region
from tests.minimal import FILES, write_region

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
