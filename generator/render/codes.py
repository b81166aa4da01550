"""QR codes for stations, deputies and activities (联络站码、代表码、活动码): SVG for print, PNG for sharing.

Each code encodes an absolute address built from `site_url` and ids only, so a code printed
on a wall keeps working when names change. Error correction Q and a 4-module quiet zone
survive a wall, and a code must stay at version 4 or lower (33 modules: a 2 cm code keeps
modules of 0.6 mm). A page's own address does when it is short; when it would need a denser
code (activities, `a/<station>/<activity>/`, or every page under a long site address) the
code gets a short address of its own (`code_addresses`): the site address and a number, which
a static redirect page in the site (`redirect.html`) forwards to the page. The number is
encoded in the QR numeric mode, 3.3 bits a digit against 8 for a letter, so a site address
12 characters longer than the example's still leaves nine digits.
Pure rendering: no file is written or printed here (`codecache` keeps them across builds).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from urllib.parse import urlsplit

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_Q
from qrcode.util import MODE_8BIT_BYTE, MODE_NUMBER, QRData

from generator.problems import DataError, Position, Problem
from generator.strings.messages import ERR

ERROR_CORRECTION = ERROR_CORRECT_Q
QUIET_ZONE = 4
MAX_COARSE_VERSION = 4
PNG_MODULE_PX = 12
# Bump whenever the drawing below changes a byte of its output, so that cached codes of older drawings are not reused.
DRAWING_FORMAT = 3
SHORT_DIGITS = (6, 12)  # fewest and most digits of a short address: at least a million numbers, at most 10^12


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


def _segments(url: str) -> list[QRData | str]:
    """How `url` is encoded: a short address's number in numeric mode, everything else as bytes."""
    digits = len(url) - len(url.rstrip("0123456789"))
    if digits >= SHORT_DIGITS[0] and url[-digits - 1] == "/":
        return [QRData(url[:-digits].encode(), MODE_8BIT_BYTE), QRData(url[-digits:].encode(), MODE_NUMBER)]
    return [url]


def version_of(url: str) -> int:
    """The QR version `url` needs at level Q."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION)
    for segment in _segments(url):
        qr.add_data(segment)
    return qr.best_fit()


@cache
def _coarse_length() -> int:
    """The longest address (in bytes) a coarse code holds: encoding every page's address to find out is slow."""
    length = 1
    while version_of("x" * (length + 1)) <= MAX_COARSE_VERSION:
        length += 1
    return length


def short_digits(site_url: str) -> int:
    """How many digits a short address under `site_url` may have and keep its code coarse (0: none fits)."""
    low, high = SHORT_DIGITS
    return max((n for n in range(low, high + 1) if version_of(site_url + "9" * n) <= MAX_COARSE_VERSION), default=0)


def code_addresses(site_url: str, pages: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """The address each page's code encodes: `site_url` + the page's path if that code is coarse,
    else `site_url` + a number of its own (the short path), which the site redirects to the page.

    A page's number is a hash of its path, so it stays the same from build to build however the
    other pages change. Should two paths hash alike, the later one in sorted order takes the
    next free number: a new page moves an existing page's number only if it collides with it
    and sorts first (at nine digits and 20,000 codes, one chance in 50,000 for each new page).
    Without room for even SHORT_DIGITS[0] digits, codes keep the page's address (and are dense).
    `taken` are top-level folders of the site that a number must not be.
    """
    site_url = site_url.rstrip("/") + "/"
    digits = short_digits(site_url)
    addresses, used = {}, set(taken)
    for page in sorted(pages):
        url = site_url + page
        if len(url.encode()) <= _coarse_length() or not digits:
            addresses[page] = url
            continue
        number = _number(page, digits, 0)
        attempt = 0
        while number in used:
            attempt += 1
            number = _number(page, digits, attempt)
        used.add(number)
        addresses[page] = site_url + number
    return addresses


def is_dense(address: str) -> bool:
    """Whether the code of `address` (from `code_addresses`) is denser than MAX_COARSE_VERSION: a page's own
    address too long for a coarse code, kept because no short address fits under its site's address."""
    return not address.rsplit("/", 1)[-1].isdigit() and len(address.encode()) > _coarse_length()


def short_path(site_url: str, address: str) -> str | None:
    """The site path of a short address (`123456789`), or None for a page's own address."""
    path = address.removeprefix(site_url.rstrip("/") + "/")
    return path if path.isdigit() else None


def _number(page: str, digits: int, attempt: int) -> str:
    seed = hashlib.sha256(f"{page}#{attempt}".encode()).digest()
    return str(int.from_bytes(seed[:8], "big") % 10**digits).zfill(digits)


def make_code(page: str, url: str) -> Code:
    """Encode `url` once (qrcode picks the version and the best of its 8 masks) and draw that symbol twice.

    Both images are drawn straight from the module matrix: qrcode's image classes draw module by
    module in Python, which cost more than encoding itself.
    """
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    for segment in _segments(url):
        qr.add_data(segment)
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
