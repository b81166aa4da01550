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
  and is turned 4° in the hand (a perspective warp about the sheet's centre, applied to the sheet before
  the camera samples it).
- Sampling. The sheet is drawn by PDFium at four times the camera's resolution, warped, and then
  averaged down to the camera's pixels, as a sensor's pixels average the light that falls on them.
- Blur. A hand-held phone at arm's length is never quite in focus or still: a Gaussian blur of 0.8 of
  a camera pixel.
- Compression. The frame is stored as a JPEG of quality 70, the compression of a photo shared in a chat.

The whole sheet is in the photo, and both decoders read the whole photo: a page of ten cards must give
up all ten codes at once (zbar finds fewer of many codes than of one, so this asks more of the print
than a photo of each code alone would).

How it is worked out, for speed, changes no pixel of the photo. The warp is worked out in horizontal
bands, one a core at once, tile by tile, and only where the sheet has ink (around it, and where a tile sees
only paper, a bilinear warp gives white); the bands are joined before the pixels are averaged down, blurred
and compressed. Photos of a card sheet, both placards and a notice of the real-size district were compared with
those of one warp of the whole sheet: the same bytes.
"""

from __future__ import annotations

import io
import itertools
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageFilter
from pyzbar import pyzbar

FRAME_PX = 1920  # the preview frame's pixels across its long side
FIELD_OF_VIEW = 69.0  # degrees, across those pixels
OVERSAMPLING = 4  # the sheet rasterised this much finer than the camera sees it
YAW, PITCH, ROLL = 15.0, 8.0, 4.0  # degrees: from the side, from below, turned in the hand
BLUR = 0.8  # camera pixels (Gaussian radius)
JPEG_QUALITY = 70
BANDS = min(4, os.cpu_count() or 1)  # the photo is warped in this many bands at once
TILE = 128  # oversampled pixels: the photo is warped tile by tile, and not where a tile sees only paper
_PDFIUM = threading.Lock()  # PDFium draws one page at a time

Box = tuple[int, int, int, int]  # left, top, right, bottom, in pixels
Matrix = list[list[float]]


def pixels_per_mm(distance_mm: float) -> float:
    """How many of the camera's pixels a millimetre of the sheet covers at `distance_mm`."""
    return FRAME_PX / (2 * distance_mm * math.tan(math.radians(FIELD_OF_VIEW / 2)))


def rasterise(pdf: Path, page: int, dpi: float, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> Image.Image:
    """Page `page` (from 1) of `pdf` drawn by PDFium at `dpi`, in grey (what decoders read); with `crop`, only
    what is left when that many points are cut from its left, bottom, right and top edges. PDFium is not
    thread-safe, so one page is drawn at a time, whichever thread asks (about 50 ms for an A4 page at 570 dpi)."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            drawn = document[page - 1].render(scale=dpi / 72, crop=crop, grayscale=True)
            return drawn.to_pil().convert("L")
        finally:
            document.close()


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


def _warp(source: list[tuple[float, float]], target: list[tuple[float, float]]) -> Matrix:
    """The perspective warp (a 3 × 3 matrix, its last element 1) taking four points to four others."""
    matrix, values = [], []
    for (u, v), (x, y) in zip(source, target, strict=True):
        matrix.append([u, v, 1, 0, 0, 0, -x * u, -x * v])
        values.append(x)
        matrix.append([0, 0, 0, u, v, 1, -y * u, -y * v])
        values.append(y)
    a, b, c, d, e, f, g, h = _solve(matrix, values)
    return [[a, b, c], [d, e, f], [g, h, 1.0]]


def _apply(warp: Matrix, x: float, y: float) -> tuple[float, float]:
    (a, b, c), (d, e, f), (g, h, i) = warp
    w = g * x + h * y + i
    return (a * x + b * y + c) / w, (d * x + e * y + f) / w


def _moved(warp: Matrix, by: tuple[int, int]) -> list[float]:
    """The eight coefficients PIL takes for `warp` applied to points moved by `by`: the map from a tile of
    the photo, counted from its corner, to the sheet."""
    (a, b, c), (d, e, f), (g, h, i) = warp
    dx, dy = by
    c, f, i = a * dx + b * dy + c, d * dx + e * dy + f, g * dx + h * dy + i
    return [value / i for value in (a, b, c, d, e, f, g, h)]


def _seen_corners(width: float, height: float, focal: float) -> list[tuple[float, float]]:
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


def _corners(box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    left, top, right, bottom = box
    return [(left, top), (right, top), (right, bottom), (left, bottom)]


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Camera:
    """The phone at its reading distance from a page, and its photo of the page OVERSAMPLING times finer
    than the camera's pixels, before they are averaged down: the tilted sheet on white, in a canvas that
    holds it."""

    sheet: Image.Image  # the page drawn at the camera's resolution on the sheet, times OVERSAMPLING
    canvas: tuple[int, int]  # the oversampled photo's width and height
    seen: Box  # the pixels of the oversampled photo that show the sheet; the rest are white
    to_sheet: Matrix  # from the oversampled photo's pixels to the sheet's (what PIL samples)

    @classmethod
    def at(cls, pdf: Path, page: int, distance_mm: float) -> Camera:
        dpi = pixels_per_mm(distance_mm) * 25.4 * OVERSAMPLING
        sheet = rasterise(pdf, page, dpi)
        width, height = sheet.size
        seen = _seen_corners(width, height, distance_mm * dpi / 25.4)
        margin = round(0.1 * max(width, height))
        seen = [(x + margin, y + margin) for x, y in seen]
        canvas = (width + 2 * margin, height + 2 * margin)
        left, top, right, bottom = _bounds(seen)  # a pixel whose centre is outside the sheet's corners is white
        box = (max(0, math.floor(left) - 1), max(0, math.floor(top) - 1))
        box += (min(canvas[0], math.ceil(right) + 1), min(canvas[1], math.ceil(bottom) + 1))
        return cls(sheet, canvas, box, _warp(seen, _corners((0, 0, width, height))))

    def band(self, top: int, bottom: int) -> Image.Image:
        """The rows from `top` to `bottom` of the sheet in the oversampled photo, warped tile by tile. A tile
        that samples only white paper (the pixels it maps to, and two more around them for the bilinear
        filter's neighbours) is left white, as a bilinear filter gives white from white: every pixel is the
        one a warp of the whole sheet gives."""
        left, _, right, _ = self.seen
        band = Image.new("L", (right - left, bottom - top), 255)
        for y, x in itertools.product(range(top, bottom, TILE), range(left, right, TILE)):
            tile = (x, y, min(x + TILE, right), min(y + TILE, bottom))
            x0, y0, x1, y1 = _bounds([_apply(self.to_sheet, u, v) for u, v in _corners(tile)])
            sampled = (max(0, math.floor(x0) - 2), max(0, math.floor(y0) - 2))
            sampled += (min(self.sheet.width, math.ceil(x1) + 2), min(self.sheet.height, math.ceil(y1) + 2))
            empty = sampled[2] <= sampled[0] or sampled[3] <= sampled[1]
            if empty or self.sheet.crop(sampled).getextrema() == (255, 255):
                continue
            coefficients = _moved(self.to_sheet, (x, y))
            size = (tile[2] - x, tile[3] - y)
            warped = self.sheet.transform(
                size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR, fillcolor=255
            )
            band.paste(warped, (x - left, y - top))
        return band

    def photograph(self) -> Image.Image:
        left, top, _, bottom = self.seen
        cuts = [top + (bottom - top) * k // BANDS for k in range(BANDS + 1)]
        bands = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        with ThreadPoolExecutor(len(bands)) as pool:
            warped = list(pool.map(lambda band: self.band(*band), bands))
        sheet = Image.new("L", self.canvas, 255)
        for (band_top, _), image in zip(bands, warped, strict=True):
            sheet.paste(image, (left, band_top))
        width, height = self.canvas
        frame = sheet.resize((round(width / OVERSAMPLING), round(height / OVERSAMPLING)), Image.Resampling.BOX)
        frame = frame.filter(ImageFilter.GaussianBlur(BLUR))
        out = io.BytesIO()
        frame.save(out, format="JPEG", quality=JPEG_QUALITY)
        return Image.open(io.BytesIO(out.getvalue()))


def photograph(pdf: Path, distance_mm: float, page: int = 1) -> Image.Image:
    """Page `page` of `pdf` as a phone photographs it from `distance_mm` (see the module's docstring)."""
    return Camera.at(pdf, page, distance_mm).photograph()


def zxing_texts(image: Image.Image) -> list[str]:
    return sorted(c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def zbar_texts(image: Image.Image) -> list[str]:
    return sorted(s.data.decode() for s in pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE]))


def phone_decodes(pdf: Path, distance_mm: float, page: int = 1) -> tuple[list[str], list[str]]:
    """What zxing-cpp and zbar each read in the phone's photo of the page: sorted texts, one per code."""
    photo = photograph(pdf, distance_mm, page)
    return zxing_texts(photo), zbar_texts(photo)
