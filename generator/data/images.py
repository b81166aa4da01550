"""What a photo file is, from its header only: format, upright size, frames. Cheap enough for every validate.

Validation refuses what cannot be published before any build decodes it: a
file that is not an image, an animation, a photo too small to print. Decoding
and re-encoding (and so every byte that is published) is `render/photos.py`.
HEIC/HEIF, as phones write them, is read through pillow-heif.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

MIN_SHORT_SIDE = 300  # below this a photo prints soft even on a card
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "HEIF"})  # what phones and cameras write; a GIF is refused


@dataclass(frozen=True)
class Inspection:
    format: str | None
    width: int  # upright, after the EXIF orientation
    height: int
    frames: int


def inspect(source: bytes | BinaryIO) -> Inspection:
    """The photo's format, upright size and frame count, reading no more of it than the header.

    Raises OSError (or ValueError, SyntaxError) for what is no image.
    """
    with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
        if orientation in (5, 6, 7, 8):  # turned a quarter: the upright photo is the other way round
            width, height = height, width
        return Inspection(image.format, width, height, getattr(image, "n_frames", 1))
