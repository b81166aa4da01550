"""The photo pipeline: upright, cropped, stripped, sized; cached across builds; every published image read back.

Photos are made here with Pillow the way phones save them (orientation tags,
GPS, camera make and serial, an ICC profile, XMP, HEIC), run through the real
pipeline and the real build, and each published image is opened again with
Pillow to check what a resident's phone would receive.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from generator.data.images import MAX_PIXELS, TooLarge
from generator.render.photocache import Photos
from generator.render.photos import LANDSCAPE, PORTRAIT, derivatives
from tests.conftest import EXAMPLE, Build
from tests.photofiles import jpeg_declaring, peak_megabytes, png_declaring, unfit_profiles
from tests.render.test_codes import SITE_URL
from tests.render.test_placards import printed_codes, raster

# The transform that stores an upright image under each EXIF orientation (its inverse is what viewers apply).
STORED = {
    1: [],
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_90],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_270],
}


def upright_portrait() -> Image.Image:
    """600×800, white with a red block at the top left: where it lands tells the orientation."""
    image = Image.new("RGB", (600, 800), (255, 255, 255))
    image.paste((220, 20, 20), (0, 0, 200, 200))
    return image


def as_phone_saves(image: Image.Image, orientation: int, **save) -> bytes:
    stored = image
    for transpose in STORED[orientation]:
        stored = stored.transpose(transpose)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMakerX"
    exif[0xA431] = "SERIAL-42"
    exif[0x8825] = {1: "N", 2: (30.0, 16.0, 12.5), 3: "E", 4: (120.0, 9.0, 3.2)}
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=exif, **save)
    return out.getvalue()


def published(data: bytes, shape=PORTRAIT) -> list[Image.Image]:
    return [Image.open(io.BytesIO(item.data)) for item in derivatives(data, shape)]


@pytest.mark.parametrize("orientation", list(STORED))
def test_every_orientation_comes_out_upright(orientation: int) -> None:
    for image in published(as_phone_saves(upright_portrait(), orientation)):
        assert image.height * 3 == image.width * 4
        corner = image.convert("RGB").getpixel((2, 2))
        assert corner[0] > 150 and corner[1] < 100, f"orientation {orientation}: the red corner moved"


def test_nothing_of_the_original_file_survives() -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><GPSLatitude>30,16.2N</GPSLatitude></x:xmpmeta>'
    source = as_phone_saves(upright_portrait(), 6, icc_profile=icc, xmp=xmp)
    assert b"PhoneMakerX" in source and b"GPSLatitude" in source
    for item in derivatives(source, PORTRAIT):
        image = Image.open(io.BytesIO(item.data))
        assert not image.getexif(), item.suffix
        assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp"} & set(image.info), (item.suffix, image.info)
        for trace in (b"PhoneMakerX", b"SERIAL-42", b"GPSLatitude", b"Exif"):
            assert trace not in item.data, (item.suffix, trace)


def test_sizes_are_what_pages_and_cards_show_and_never_upscaled() -> None:
    made = derivatives(as_phone_saves(upright_portrait(), 1), PORTRAIT)
    assert [(d.suffix, d.width, d.height) for d in made] == [
        ("-72.webp", 72, 96),
        ("-72.jpg", 72, 96),
        ("-144.webp", 144, 192),
        ("-144.jpg", 144, 192),
        ("-216.webp", 216, 288),
        ("-216.jpg", 216, 288),
        ("-print.jpg", 300, 400),
    ]
    small = io.BytesIO()
    Image.new("RGB", (400, 300), (90, 90, 90)).save(small, "PNG")  # cropped to 225 px wide
    assert [d.width for d in derivatives(small.getvalue(), PORTRAIT)] == [72, 72, 144, 144, 216, 216, 225]
    wide = [(d.width, d.height) for d in derivatives(as_phone_saves(upright_portrait(), 6), LANDSCAPE)]
    assert wide == [(360, 270), (360, 270)], "a station photo: landscape, never wider than its source"


def test_heic_as_iphones_save_it_works() -> None:
    out = io.BytesIO()
    upright_portrait().save(out, "HEIF", quality=80)
    images = published(out.getvalue())
    assert images[-1].size == (300, 400)
    assert images[0].format == "WEBP" and images[1].format == "JPEG"


def test_the_cache_serves_the_same_bytes_and_a_damaged_entry_is_made_again(tmp_path: Path) -> None:
    photo = tmp_path / "a.jpg"
    photo.write_bytes(as_phone_saves(upright_portrait(), 8))
    broken = tmp_path / "b.jpg"
    broken.write_bytes(photo.read_bytes()[:2000] + b"\0" * 5000)
    cold = Photos(tmp_path / "cache")
    cold.make({"a": (photo, PORTRAIT), "b": (broken, PORTRAIT)}, workers=1)
    first = cold.get("a")
    assert first is not None and cold.get("b") is None, "a photo that cannot be decoded is left out, no crash"
    (entry,) = (tmp_path / "cache").glob("*.photo")
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")  # the checksum no longer matches
    again = Photos(tmp_path / "cache")
    again.make({"a": (photo, PORTRAIT)}, workers=1)
    assert again.get("a") == first


def saved(image: Image.Image, kind: str = "PNG", **save) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **save)
    return out.getvalue()


def centre(data: bytes) -> tuple[int, int, int]:
    """The colour in the middle of the photo's print image, as a resident sees it."""
    image = Image.open(io.BytesIO(derivatives(data, PORTRAIT)[-1].data)).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))


def near(colour: tuple[int, ...], expected: tuple[int, int, int], within: int = 12) -> bool:
    return all(abs(a - b) <= within for a, b in zip(colour, expected, strict=True))


def transparent_palette() -> Image.Image:
    """A palette photo whose background is index 0, black and transparent, with a blue block."""
    image = Image.new("P", (600, 800), 0)
    image.putpalette([0, 0, 0, 30, 60, 200] + [0, 0, 0] * 254)
    image.paste(1, (150, 200, 450, 600))
    image.info["transparency"] = 0
    return image


def transparent_grey() -> Image.Image:
    image = Image.new("LA", (600, 800), (0, 0))  # black, fully transparent
    image.paste((90, 255), (150, 200, 450, 600))
    return image


MODES = [
    # 16-bit grey: 20000 of 65535 is a dark grey; clipped to 8 bits it would be white
    ("16-bit grey PNG", saved(Image.new("I;16", (600, 800), 20000)), (78, 78, 78)),
    ("16-bit grey PNG, white", saved(Image.new("I;16", (600, 800), 65535)), (255, 255, 255)),
    ("palette with a transparent background", saved(transparent_palette(), transparency=0), (30, 60, 200)),
    ("grey with alpha", saved(transparent_grey()), (90, 90, 90)),
    ("CMYK JPEG", saved(Image.new("CMYK", (600, 800), (0, 255, 255, 0)), "JPEG", quality=95), (255, 0, 0)),
    ("bilevel PNG", saved(Image.new("1", (600, 800), 1)), (255, 255, 255)),
]  # fmt: skip


@pytest.mark.parametrize(("data", "colour"), [m[1:] for m in MODES], ids=[m[0] for m in MODES])
def test_every_kind_of_pixel_is_published_as_it_looks(data: bytes, colour) -> None:
    assert near(centre(data), colour), centre(data)


@pytest.mark.parametrize("data", [saved(transparent_palette(), transparency=0), saved(transparent_grey())])
def test_transparency_is_laid_on_white_not_black(data: bytes) -> None:
    image = Image.open(io.BytesIO(derivatives(data, PORTRAIT)[-1].data)).convert("RGB")
    assert near(image.getpixel((3, 3)), (255, 255, 255)), image.getpixel((3, 3))


def test_16_bit_grey_keeps_its_shades() -> None:
    ramp = Image.linear_gradient("L").resize((600, 800)).convert("I").point(lambda v: v * 257)
    image = Image.open(io.BytesIO(derivatives(saved(ramp.convert("I;16")), PORTRAIT)[-1].data)).convert("L")
    top, bottom = image.getpixel((150, 10)), image.getpixel((150, 390))
    assert top < 40 and bottom > 215, (top, bottom)


@pytest.mark.parametrize("name", list(unfit_profiles()))
def test_a_profile_that_does_not_fit_the_pixels_is_ignored_not_fatal(name: str) -> None:
    data = saved(Image.new("RGB", (600, 800), (200, 40, 40)), "JPEG", quality=95, icc_profile=unfit_profiles()[name])
    assert Image.open(io.BytesIO(data)).info["icc_profile"]
    assert near(centre(data), (200, 40, 40)), "taken as sRGB"


@pytest.mark.parametrize(
    "data", [png_declaring(40000, 40000), jpeg_declaring(40000, 40000)], ids=["PNG bomb", "JPEG bomb"]
)
def test_a_decompression_bomb_is_refused_from_its_header_and_left_out_of_the_build(data: bytes, tmp_path: Path):
    with pytest.raises(TooLarge):
        derivatives(data, PORTRAIT)
    (tmp_path / "bomb").write_bytes(data)
    photos = Photos(tmp_path / "cache")
    photos.make({"bomb": (tmp_path / "bomb", PORTRAIT)}, workers=1)
    assert photos.get("bomb") is None


def test_the_largest_photo_allowed_is_decoded_under_a_memory_bound(tmp_path: Path) -> None:
    """A 49 MP RGBA PNG (7000×7000, 200 KB on disk) needs its decoded pixels once, not six copies of them.

    Before the bound it peaked at 915 MB; the decoded source alone is 4 bytes a pixel (196 MB).
    """
    big = tmp_path / "big.png"
    code = f"from PIL import Image\nImage.new('RGBA', (7000, 7000), (120, 160, 200, 255)).save({str(big)!r})"
    peak_megabytes(code)
    assert MAX_PIXELS >= 7000 * 7000
    run = (
        "from pathlib import Path\nfrom generator.render.photos import PORTRAIT, derivatives\n"
        f"print(len(derivatives(Path({str(big)!r}).read_bytes(), PORTRAIT)))"
    )
    peak, said = peak_megabytes(run)
    assert said == "7"
    assert peak < 4 * 7000 * 7000 // 2**20 + 100, f"{peak} MB"


# --- on the built example ---------------------------------------------------------------------------


def test_every_published_image_of_the_example_is_stripped_upright_and_bounded(example: Build, example_model) -> None:
    photographed = [e for e in example_model.deputies.values() if e.deputy.photo]
    assert len(photographed) >= len(example_model.deputies) * 3 // 4, "most example deputies have a photo"
    images = sorted((example.site / "media").rglob("*.*"))
    assert len(images) == 7 * len(photographed)
    for path in images:
        image = Image.open(path)
        assert not image.getexif() and "icc_profile" not in image.info, path
        assert image.height * 3 == image.width * 4 and image.width <= 300, path
    originals = {(EXAMPLE / "stations" / e.home.id / e.deputy.photo).read_bytes() for e in photographed}
    assert not {p.read_bytes() for p in images} & originals, "no original is published"


def test_pages_give_each_photo_sizes_alt_and_lazy_loading(example: Build, example_model) -> None:
    page = example.page("s/liutang/")
    pictures = page.select(".lz-card picture")
    assert pictures
    for picture in pictures:
        image = picture.select_one("img")
        assert image["width"] == "72" and image["height"] == "96" and image["loading"] == "lazy"
        assert image["alt"].endswith("的照片") and image["sizes"] == "72px"
        assert picture.select_one("source")["type"] == "image/webp"
        for candidate in [*image["srcset"].split(", "), *picture.select_one("source")["srcset"].split(", ")]:
            url, width = candidate.split(" ")
            assert (example.site / "s/liutang" / url).resolve().is_file() and width in ("72w", "144w", "216w")
    without = [e for e in example_model.stations["liutang"].members if not e.deputy.deputy.photo]
    assert len(page.select(".lz-card .lz-avatar--empty")) == len(without), "the letter stays for those without"
    deputy = next(e for e in example_model.deputies.values() if e.deputy.photo)
    profile = example.page(f"d/{deputy.deputy.id}/").select_one(".lz-profile img")
    assert "loading" not in profile.attrs, "the deputy's own photo is in the first screen"


def test_cards_print_each_photo_sharp_and_keep_their_codes(example: Build, example_pdfs: Path, example_model) -> None:
    station = example_model.stations["liutang"]
    pdf = example_pdfs / "liutang" / "cards.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    photos = [row for row in rows if row[2] == "image" and int(row[3]) == 300 and int(row[4]) == 400]
    assert len(photos) == sum(1 for m in station.members if m.deputy.deputy.photo)
    for row in photos:  # columns 12 and 13: the resolution it is printed at
        assert float(row[12]) >= 200 and float(row[13]) >= 200, row
    decoded = sorted(c.text for c in printed_codes(raster(pdf)))
    assert decoded == sorted(f"{SITE_URL}/d/{m.deputy.id}/" for m in station.members)
