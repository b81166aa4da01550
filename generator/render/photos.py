"""Photos as residents and printers get them: upright, cropped to a portrait, small, and stripped of metadata.

A clerk's phone photo is 3–8 MB, often HEIC, often lying on its side with an
EXIF orientation tag, and carries GPS coordinates and the phone's make and
serial. Nothing of the original is ever published: each photo is decoded
(Pillow, with pillow-heif for HEIC/HEIF), turned upright, converted to sRGB,
cropped to the 3:4 portrait the pages and cards use, and re-encoded from bare
pixels at the sizes that are shown — WebP with a JPEG fallback for the web,
one JPEG at print resolution for cards — so no EXIF, GPS, XMP, ICC profile or
thumbnail can survive. The same decoding makes the clean copy the `photos`
command keeps in the repository (`clean_copy`). A photo is hostile until
decoded: its size is checked from the header, it is decoded under a memory
bound, an ICC profile that does not fit is ignored, and every Pillow mode
(16-bit grey, palettes with transparency, CMYK) ends as the sRGB it shows.
Pure: bytes in, bytes out; caching is `photocache`.
"""

from __future__ import annotations

import hashlib
import io
from contextlib import closing
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms, ImageOps

from generator.data import images  # opens photos (HEIC/HEIF too) after checking their size


@dataclass(frozen=True)
class Shape:
    """How one kind of photo is published: its crop and the widths made of it."""

    ratio: tuple[int, int]  # width : height
    widths: tuple[int, ...]  # for the web, each as WebP and JPEG
    print_width: int | None  # one JPEG for print, or none


# A deputy's avatar is 72 CSS px wide: 1x, 2x and 3x screens; a card's photo is 20 mm wide,
# so 300 px prints at 381 dpi. A station's photo spans the column of a phone (about 360 CSS px).
PORTRAIT = Shape((3, 4), (72, 144, 216), 300)
LANDSCAPE = Shape((4, 3), (360, 720), None)
WEBP_QUALITY = 78
JPEG_QUALITY = 82
# Bump whenever the derivatives' bytes change for the same source (the cache key carries it).
PIPELINE_VERSION = 3
# A photo is shrunk by whole factors to no less than twice what is made of it, then resampled (as `thumbnail`).
REDUCING_GAP = 2
WORK_PIXELS = 20_000_000  # the most a decoded photo is worked on at: 80 MB as RGB
BAND_PIXELS = 1_000_000  # a photo is flattened and reduced this many pixels at a time
# The repository's copy of a photo (`photos` command): large enough for any page or print to come.
CLEAN_LONG_SIDE = 2400
CLEAN_QUALITY = 90
_SRGB = ImageCms.createProfile("sRGB")
_SPACES = {"RGB": "RGB", "CMYK": "CMYK", "L": "GRAY"}  # Pillow's mode: the ICC colour space it needs
# The transposition that turns a photo upright under each EXIF orientation (as `ImageOps.exif_transpose`).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Derivative:
    """One published image of a photo."""

    suffix: str  # e.g. "-192.webp"
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class PublishedPhoto:
    """Where a photo's derivatives are on the site, for `<picture>` and print: site paths with their widths."""

    webp: tuple[tuple[str, int], ...]
    jpeg: tuple[tuple[str, int], ...]
    width: int  # the smallest web image's size: the box a page reserves, so nothing shifts when it loads
    height: int
    print: str | None


def publish(base: str, key: str, made: list[Derivative]) -> tuple[PublishedPhoto, dict[str, bytes]]:
    """Name the derivatives after the photo (`base`, its site path without suffix) and its key; the files to write.

    The key in the name changes with the photo, so a phone that cached the old one fetches the new.
    """
    stem = f"{base}-{key[:10]}"
    files = {f"{stem}{item.suffix}": item.data for item in made}
    web = [item for item in made if not item.suffix.startswith("-print")]
    published = PublishedPhoto(
        webp=tuple((f"{stem}{item.suffix}", item.width) for item in web if item.suffix.endswith(".webp")),
        jpeg=tuple((f"{stem}{item.suffix}", item.width) for item in web if item.suffix.endswith(".jpg")),
        width=web[0].width,
        height=web[0].height,
        print=next((f"{stem}{item.suffix}" for item in made if item.suffix.startswith("-print")), None),
    )
    return published, files


def source_key(data: bytes, shape: Shape) -> str:
    """The photo's identity for caches and published names: its content, its shape and the pipeline's version."""
    return hashlib.sha256(f"photo:{PIPELINE_VERSION}:{shape}:".encode() + data).hexdigest()


def decoded(data: bytes, least: int, gap: int = REDUCING_GAP) -> Image.Image:
    """Decoded, turned upright and in sRGB, as bare pixels, each side at least `least` (or all there is).

    Memory stays near the decoded source, once: a JPEG is decoded straight at the smallest scale (1/2,
    1/4, 1/8) still large enough (`draft`); any other photo is shrunk by a whole factor (as `thumbnail`
    does, to no less than `gap` times `least`) band by band, and everything else works on that small
    image (at most `WORK_PIXELS`). The header is checked first (`images.opened`: `TooLarge` above
    `MAX_PIXELS`). Nothing of the file's metadata is kept: the result is made from bare pixels.
    """
    with closing(images.opened(data)) as image:  # closing frees the decoded source (`with` alone does not)
        orientation = images.exif_of(image).get(ExifTags.Base.Orientation, 1)
        icc = image.info.get("icc_profile")
        image.draft("RGB", (least, least))
        image.load()
        small = _shrunk(image, least * gap)
    small = _srgb(small, icc)
    method = _UPRIGHT.get(orientation)
    if method is not None:  # FLIP_LEFT_RIGHT is 0
        small = small.transpose(method)
    bare = Image.new("RGB", small.size)  # a new image: no info, no EXIF, no profile
    bare.paste(small)
    return bare


def _shrunk(image: Image.Image, least: int) -> Image.Image:
    """The image flat (`_flat`) and reduced by the largest whole factor that keeps each side at least
    `least`, or more so that it holds no more than `WORK_PIXELS`; a band at a time, so only the
    decoded source and the result are ever whole in memory."""
    width, height = image.size
    factor = max(1, min(width, height) // least)
    while width * height > WORK_PIXELS * factor * factor:  # a panorama: its long side bounds the work
        factor += 1
    rows = factor * max(1, BAND_PIXELS // (width * factor))
    shrunk: Image.Image | None = None
    for top in range(0, height, rows):
        band = _flat(image.crop((0, top, width, min(top + rows, height))))
        if factor > 1:
            band = band.reduce(factor)
        if shrunk is None:
            shrunk = Image.new(band.mode, (-(-width // factor), -(-height // factor)))
        shrunk.paste(band, (0, top // factor))
    assert shrunk is not None  # a photo has at least one row
    return shrunk


def _flat(image: Image.Image) -> Image.Image:
    """Grey, RGB or CMYK, 8 bits, that look like the original: 16-bit grey scaled (not clipped to
    white), palettes expanded, transparency laid on white (as pages and cards are)."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")  # the same 0–65535 values
    if image.mode == "I":  # 16-bit grey, as PNG holds it: 65535 is white
        return image.point(lambda value: value / 257).convert("L")
    if image.mode == "F":
        return image.convert("L")  # Pillow's reading of floats: 0–255
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        background.alpha_composite(image.convert("RGBA"))
        return background.convert("RGB")
    if image.mode in ("L", "RGB", "CMYK"):
        return image
    return image.convert("RGB")


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: the file's colour profile applied when it fits the pixels; a broken or unfit one
    (an RGB photo still carrying the CMYK profile it was converted from) is ignored: the pixels are
    taken as sRGB, as a browser would."""
    profile = _profile(icc, image.mode)
    if profile is not None:
        try:
            return ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):  # lcms could not build or run the transform
            pass
    return image.convert("RGB")


def _profile(icc: bytes | None, mode: str) -> ImageCms.ImageCmsProfile | None:
    """The embedded profile when it reads and describes pixels of this kind (an RGB profile for RGB…)."""
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = profile.profile.xcolor_space.strip()
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return profile if _SPACES.get(mode) == space else None


def _cropped(image: Image.Image, width: int, ratio: tuple[int, int]) -> Image.Image:
    height = width * ratio[1] // ratio[0]
    # a little above the centre: in a portrait the face is in the upper half
    return ImageOps.fit(image, (width, height), method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def derivatives(data: bytes, shape: Shape) -> list[Derivative]:
    """Every image published for a photo: each web width as WebP and JPEG, then the print JPEG.

    Widths larger than the cropped photo are left out (never upscaled), but the
    smallest is always made.
    """
    ratio = shape.ratio
    widest = max(*shape.widths, shape.print_width or 0)
    image = decoded(data, max(widest, widest * ratio[1] // ratio[0]))
    crop_width = min(image.width, image.height * ratio[0] // ratio[1])
    made: list[Derivative] = []
    for width in [w for w in shape.widths if w <= crop_width] or shape.widths[:1]:
        cropped = _cropped(image, width, ratio)
        for kind in ("webp", "jpg"):
            made.append(Derivative(f"-{width}.{kind}", *cropped.size, _encode(cropped, kind)))
    if shape.print_width:
        printed = _cropped(image, min(shape.print_width, crop_width), ratio)
        made.append(Derivative("-print.jpg", *printed.size, _encode(printed, "jpg")))
    return made


def clean_copy(data: bytes) -> bytes:
    """The photo as the repository keeps it: upright, sRGB, at most `CLEAN_LONG_SIDE`, a bare JPEG.

    A phone's original carries where it was taken and the phone's make and serial; a repository of
    station data is public. This copy is made from bare pixels, like every derivative: no EXIF, GPS,
    XMP or profile (its pixels are sRGB, what a JPEG without one is taken to be).
    """
    head = images.inspect(data)
    long_side, short_side = max(head.width, head.height), min(head.width, head.height)
    least = -(-CLEAN_LONG_SIDE * short_side // long_side) if long_side > CLEAN_LONG_SIDE else short_side
    image = decoded(data, least, gap=1)
    if max(image.size) > CLEAN_LONG_SIDE:
        image.thumbnail((CLEAN_LONG_SIDE, CLEAN_LONG_SIDE), Image.Resampling.LANCZOS, reducing_gap=None)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=CLEAN_QUALITY, optimize=True)
    return out.getvalue()
