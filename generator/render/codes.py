"""QR codes for stations and deputies (联络站码、代表码): SVG for print, PNG for sharing.

Each code encodes the absolute canonical address of its page, built from
`site_url`, so a code printed on a wall keeps working when names change.
Error correction Q and a 4-module quiet zone survive a wall; short addresses
keep the symbol coarse, so `Code.version` lets the build report denser codes.
Pure rendering: no file is written or printed here (`codecache` keeps them across builds).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_Q

from generator.problems import DataError, Position, Problem
from generator.strings.messages import ERR

ERROR_CORRECTION = ERROR_CORRECT_Q
QUIET_ZONE = 4
MAX_COARSE_VERSION = 4
PNG_MODULE_PX = 12
# Bump whenever the drawing below changes a byte of its output, so that cached codes of older drawings are not reused.
DRAWING_FORMAT = 2


@dataclass(frozen=True)
class Code:
    page: str  # site path of the page the code leads to, e.g. "s/liutang/"
    url: str  # the absolute address it encodes
    version: int  # QR version: 4 and below stay coarse enough for a wall
    svg: bytes
    png: bytes


def canonical_url(site_url: str | None, page: str, config_name: str = "mkdocs.yml") -> str:
    """The absolute address printed in a code; refuses to build codes without a real site address."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.hostname in ("localhost", "127.0.0.1"):
        raise DataError([Problem(config_name, Position(1, 1), ERR["no_site_url"])])
    return f"{site_url.rstrip('/')}/{page}"


def make_code(page: str, url: str) -> Code:
    """Encode `url` once (qrcode picks the version and the best of its 8 masks) and draw that symbol twice.

    Both images are drawn straight from the module matrix: qrcode's image classes draw module by
    module in Python, which cost more than encoding itself.
    """
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    qr.add_data(url)
    qr.make(fit=True)
    matrix = qr.get_matrix()  # True is a dark module; includes the quiet zone
    return Code(page=page, url=url, version=qr.version, svg=draw_svg(matrix), png=draw_png(matrix))


def draw_svg(matrix: list[list[bool]]) -> bytes:
    """One path, one subpath per horizontal run of dark modules, one SVG unit per module.

    Sized in millimetres (1 mm a module) like qrcode's own SVG, so the file opens at a printable size.
    """
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        for dark, modules in groupby(row):
            width = sum(1 for _ in modules)
            if dark:
                runs.append(f"M{x},{y}h{width}v1h-{width}z")
            x += width
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size}mm" height="{size}mm" '
        f'viewBox="0 0 {size} {size}"><path fill="#000" d="{"".join(runs)}"/></svg>\n'
    ).encode("ascii")


def draw_png(matrix: list[list[bool]]) -> bytes:
    """A 1-bit image of the matrix (one pixel a module) scaled up without smoothing."""
    size = len(matrix)
    light = bytes(not dark for row in matrix for dark in row)  # the "1;8" raw mode: one byte a pixel, non-zero is white
    image = Image.frombytes("1", (size, size), light, "raw", "1;8")
    image = image.resize((size * PNG_MODULE_PX, size * PNG_MODULE_PX), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
