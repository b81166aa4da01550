"""What a photo file is, from its header only: format, upright size, frames, what it tells of its taker.

Validation refuses what cannot be published before any build decodes it: a
file that is not an image, an animation, a photo too small to print, and a
photo whose header declares more pixels than a phone takes (`MAX_PIXELS`): a
194 KB PNG can declare 40000×40000 pixels, gigabytes once decoded. `opened`
is the one way the pipeline opens a photo, so nothing decodes one whose size
was not checked first. Reading the header never decodes pixels (Pillow's PNG
reader would, to look for EXIF after the image data: it is not asked).
Decoding and re-encoding (and so every byte that is published) is
`render/photos.py`. HEIC/HEIF, as phones write them, is read through pillow-heif.
"""

from __future__ import annotations

import io
import struct
from contextlib import closing
from dataclasses import dataclass
from typing import BinaryIO

import pillow_heif
from PIL import ExifTags, Image, ImageFile

pillow_heif.register_heif_opener()
Image.init()

MIN_SHORT_SIDE = 300  # below this a photo prints soft even on a card
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "HEIF"})  # what phones and cameras write; a GIF is refused
# A 48 MP phone photo (8064×6048) passes; decoding the largest allowed stays near 200 MB.
MAX_PIXELS = 50_000_000
_GPS_IFD = 0x8825
_XMP_GPS = (b"GPSLatitude", b"GPSLongitude")


class TooLarge(ValueError):
    """The header declares more than `MAX_PIXELS`: the photo is not decoded."""

    def __init__(self, width: int, height: int):
        super().__init__(f"{width}×{height} pixels")
        self.width, self.height = width, height


@dataclass(frozen=True)
class Inspection:
    format: str | None
    width: int  # upright, after the EXIF orientation
    height: int
    frames: int
    located: bool = False  # carries where it was taken (EXIF GPS or XMP GPS)
    device: str = ""  # the camera's or phone's make and model, as the file names it

    @property
    def pixels(self) -> int:
        return self.width * self.height


def opened(source: bytes | BinaryIO) -> ImageFile.ImageFile:
    """The photo opened (header read, nothing decoded) when it is a format phones write and not over `MAX_PIXELS`.

    Pillow's own guard (`Image.open`) refuses above some 179 MP with an exception of its own and only warns
    below: this one refuses above `MAX_PIXELS` with `TooLarge`. Raises OSError for what is none of `FORMATS`.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    prefix = stream.read(16)
    for name in sorted(FORMATS):
        factory, accept = Image.OPEN[name]
        recognised = accept is None or accept(prefix)
        if not recognised or isinstance(recognised, str):
            continue
        stream.seek(0)
        try:
            image = factory(stream, "")
        except (IndexError, TypeError, struct.error) as exc:  # what `Image.open` takes for "not this format"
            raise OSError("damaged header") from exc
        width, height = image.size
        if width * height > MAX_PIXELS:
            image.close()
            raise TooLarge(width, height)
        return image
    raise OSError("not a photo format")


def exif_of(image: Image.Image) -> Image.Exif:
    """The EXIF the header carries, without decoding: `getexif()` decodes a whole PNG to look for it."""
    exif = Image.Exif()
    if raw := image.info.get("exif"):
        exif.load(raw)
    return exif


def inspect(source: bytes | BinaryIO) -> Inspection:
    """The photo's format, upright size and frame count, reading no more of it than the header.

    Raises TooLarge above `MAX_PIXELS`, OSError (or ValueError, SyntaxError) for what is no photo.
    """
    with closing(opened(source)) as image:
        width, height = image.size
        exif = exif_of(image)
        if exif.get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):  # turned a quarter: upright the other way
            width, height = height, width
        xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
        xmp = xmp.encode() if isinstance(xmp, str) else xmp
        located = bool(exif.get_ifd(_GPS_IFD)) or any(tag in xmp for tag in _XMP_GPS)
        device = " ".join(
            str(exif.get(tag, "")).strip("\0 ") for tag in (ExifTags.Base.Make, ExifTags.Base.Model)
        ).strip()
        return Inspection(image.format, width, height, getattr(image, "n_frames", 1), located, device)
