"""Photos as residents and printers get them: upright, cropped to a portrait, small, and stripped of metadata.

A clerk's phone photo is 3–8 MB, often HEIC, often lying on its side with an
EXIF orientation tag, and carries GPS coordinates and the phone's make and
serial. Nothing of the original is ever published: each photo is decoded
(Pillow, with pillow-heif for HEIC/HEIF), turned upright, converted to sRGB,
cropped to the 3:4 portrait the pages and cards use, and re-encoded from bare
pixels at the sizes that are shown — WebP with a JPEG fallback for the web,
one JPEG at print resolution for cards — so no EXIF, GPS, XMP, ICC profile or
thumbnail can survive. Pure: bytes in, bytes out; caching is `photocache`.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

from generator.data import images  # noqa: F401  (registers the HEIC/HEIF reader)


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
PIPELINE_VERSION = 2
_SRGB = ImageCms.createProfile("sRGB")


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


def _upright_srgb(data: bytes, largest: int) -> Image.Image:
    """Decoded, turned upright and in sRGB, as bare pixels: nothing of the file's metadata is kept.

    A JPEG is decoded straight at the smallest scale (1/2, 1/4, 1/8) still at least `largest`
    pixels on each side: a phone photo is four times what any derivative needs.
    """
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (largest, largest))
        image.load()
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGBA").convert("RGB") if "A" in upright.mode else upright.convert("RGB")
        if icc and upright.mode == "RGB":
            with io.BytesIO(icc) as profile:
                upright = ImageCms.profileToProfile(upright, ImageCms.ImageCmsProfile(profile), _SRGB)
        rgb = upright.convert("RGB")
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())  # a new image: no info, no EXIF, no profile


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
    image = _upright_srgb(data, max(widest, widest * ratio[1] // ratio[0]))
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
