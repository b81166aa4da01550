"""QR codes for stations and deputies (联络站码、代表码): SVG for print, PNG for sharing.

Each code encodes the absolute canonical address of its page, built from
`site_url`, so a code printed on a wall keeps working when names change.
Error correction Q and a 4-module quiet zone survive a wall; short addresses
keep the symbol coarse, so `Code.version` lets the build report denser codes.
Pure rendering: no file is written or printed here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_Q

from generator.problems import DataError, Position, Problem
from generator.strings import ERR

QUIET_ZONE = 4
MAX_COARSE_VERSION = 4
PNG_MODULE_PX = 12


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
    # The symbol (version and mask) is computed once and drawn twice: choosing the mask is most of the cost.
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE, box_size=PNG_MODULE_PX)
    qr.add_data(url)
    qr.make(fit=True)
    png = io.BytesIO()
    qr.make_image().save(png, format="PNG")
    # box size 10 makes one SVG unit per module (qrcode counts SVG boxes in tenths of a millimetre)
    qr.box_size = 10
    svg = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    return Code(page=page, url=url, version=qr.version, svg=svg.encode("utf-8"), png=png.getvalue())
