"""What a phone's scanner sees of a printed sheet at its reading distance, and what it decodes there.

A printed code is only as good as the photo a resident takes of it, so the tests look at every PDF
the way a phone does (`photograph`) and decode the result with two independent decoders, zxing-cpp
and zbar (`phone_decodes`). The parameters model one ordinary phone, and why:

- Resolution. Scanners decode their preview frames, 1920 × 1080 on today's phones, from the main
  camera (26 mm equivalent focal length: 69° across the long side). At a distance d that side spans
  2·d·tan 34.5° ≈ 1.37·d, so the sheet is seen at 1920 / (1.37·d) pixels a millimetre: 2.8 px/mm
  at 0.5 m, 5.6 px/mm at 0.25 m. This is what makes the distance matter, and why a code must grow
  with it: at a tenth of the distance a version-4 code (33 modules) gets 4.2 pixels a module, whatever
  the distance; at a twentieth, 2.1, which neither decoder reads through the blur below.
- Tilt. Nobody stands square to a wall: the phone looks at the sheet 15° from the side and 8° from below
  and is turned 4° in the hand (a perspective warp, applied to the sheet before the camera samples it).
- Sampling. The sheet is rasterised by poppler at four times the camera's resolution, warped, and then
  averaged down to the camera's pixels, as a sensor's pixels average the light that falls on them.
- Blur. A hand-held phone at arm's length is never quite in focus or still: a Gaussian blur of 0.8 of
  a camera pixel.
- Compression. The frame is stored as a JPEG of quality 70, the compression of a photo shared in a chat.
"""

from __future__ import annotations

import io
import math
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image, ImageFilter
from pyzbar import pyzbar

FRAME_PX = 1920  # the preview frame's pixels across its long side
FIELD_OF_VIEW = 69.0  # degrees, across those pixels
OVERSAMPLING = 4  # the sheet rasterised this much finer than the camera sees it
YAW, PITCH, ROLL = 15.0, 8.0, 4.0  # degrees: from the side, from below, turned in the hand
BLUR = 0.8  # camera pixels (Gaussian radius)
JPEG_QUALITY = 70


def pixels_per_mm(distance_mm: float) -> float:
    """How many of the camera's pixels a millimetre of the sheet covers at `distance_mm`."""
    return FRAME_PX / (2 * distance_mm * math.tan(math.radians(FIELD_OF_VIEW / 2)))


def rasterise(pdf: Path, page: int, dpi: float) -> Image.Image:
    """One page of `pdf` as poppler draws it, in grey (what decoders read)."""
    png = subprocess.run(
        ["pdftoppm", "-r", f"{dpi:.2f}", "-f", str(page), "-l", str(page), "-gray", "-png", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def _solve(matrix: list[list[float]], values: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting, for the eight unknowns of a perspective warp."""
    rows = [[*row, value] for row, value in zip(matrix, values, strict=True)]
    size = len(rows)
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[r][size] / rows[r][r] for r in range(size)]


def _seen_corners(width: int, height: int, focal: float) -> list[tuple[float, float]]:
    """Where the sheet's corners fall in the photo: the sheet turned by YAW, PITCH and ROLL about its
    centre and seen in perspective by a pinhole camera `focal` pixels away (the reading distance)."""
    yaw, pitch, roll = (math.radians(a) for a in (YAW, PITCH, ROLL))
    corners = []
    for x, y in ((0, 0), (width, 0), (width, height), (0, height)):
        px, py, pz = x - width / 2, y - height / 2, 0.0
        px, pz = px * math.cos(yaw) + pz * math.sin(yaw), -px * math.sin(yaw) + pz * math.cos(yaw)
        py, pz = py * math.cos(pitch) - pz * math.sin(pitch), py * math.sin(pitch) + pz * math.cos(pitch)
        px, py = px * math.cos(roll) - py * math.sin(roll), px * math.sin(roll) + py * math.cos(roll)
        scale = focal / (focal + pz)
        corners.append((width / 2 + px * scale, height / 2 + py * scale))
    return corners


def tilt(image: Image.Image, focal: float) -> Image.Image:
    """The sheet as a tilted phone `focal` pixels away sees it, on a white ground, in a canvas that holds it."""
    width, height = image.size
    seen = _seen_corners(width, height, focal)
    margin = round(0.1 * max(width, height))
    seen = [(x + margin, y + margin) for x, y in seen]
    source = [(0, 0), (width, 0), (width, height), (0, height)]
    # PIL maps each output pixel back to the input: solve for the warp from seen corners to the sheet's.
    matrix, values = [], []
    for (u, v), (x, y) in zip(seen, source, strict=True):
        matrix.append([u, v, 1, 0, 0, 0, -x * u, -x * v])
        values.append(x)
        matrix.append([0, 0, 0, u, v, 1, -y * u, -y * v])
        values.append(y)
    coefficients = _solve(matrix, values)
    size = (width + 2 * margin, height + 2 * margin)
    return image.transform(size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR, fillcolor=255)


def photograph(pdf: Path, distance_mm: float, page: int = 1) -> Image.Image:
    """Page `page` of `pdf` as a phone photographs it from `distance_mm` (see the module's docstring)."""
    camera_dpi = pixels_per_mm(distance_mm) * 25.4
    sheet = tilt(rasterise(pdf, page, camera_dpi * OVERSAMPLING), distance_mm * camera_dpi * OVERSAMPLING / 25.4)
    width, height = sheet.size
    frame = sheet.resize((round(width / OVERSAMPLING), round(height / OVERSAMPLING)), Image.Resampling.BOX)
    frame = frame.filter(ImageFilter.GaussianBlur(BLUR))
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(out.getvalue()))


def zxing_texts(image: Image.Image) -> list[str]:
    return sorted(c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def zbar_texts(image: Image.Image) -> list[str]:
    return sorted(s.data.decode() for s in pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE]))


def phone_decodes(pdf: Path, distance_mm: float, page: int = 1) -> tuple[list[str], list[str]]:
    """What zxing-cpp and zbar each read in the phone's photo of the page: sorted texts, one per code."""
    photo = photograph(pdf, distance_mm, page)
    return zxing_texts(photo), zbar_texts(photo)
