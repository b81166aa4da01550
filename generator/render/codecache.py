"""Make every code of the site at once: from a cache kept across builds, the rest over all cores.

A city has some 20,000 codes and encoding one (qrcode tries all 8 masks in pure
Python) costs milliseconds, so a build reuses the codes of earlier builds, kept
in a content-addressed `cache.Store`: an entry's name is a hash of everything
its bytes depend on (the address, the code settings, the qrcode and Pillow
versions and `DRAWING_FORMAT`). Codes missing from the cache are made in a
process pool when there are enough of them to pay for starting it; results
keep the order of the request.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

from generator.render.cache import Store, map_all, map_in_pool, usable_cores
from generator.render.codes import DRAWING_FORMAT, ERROR_CORRECTION, PNG_MODULE_PX, QUIET_ZONE, Code, make_code

CACHE_DIR = Path("build/.cache/codes")  # under the project; `make clean` and .gitignore already cover build/
POOL_MIN_CODES = 128  # starting the workers costs about 0.3 s, some 40 codes made in-process
_SETTINGS = json.dumps(
    {
        "drawing": DRAWING_FORMAT,
        "qrcode": version("qrcode"),
        "pillow": version("pillow"),
        "error_correction": ERROR_CORRECTION,
        "border": QUIET_ZONE,
        "png_px": PNG_MODULE_PX,
    },
    sort_keys=True,
)


def make_codes(urls: Mapping[str, str], cache_dir: Path | None = None, workers: int | None = None) -> dict[str, Code]:
    """The code of each page (`{page: url}` → `{page: Code}`, in the same order), reusing `cache_dir`.

    Codes not in the cache are made over `workers` processes (default: every usable core).
    """
    store = Store(cache_dir, ".qr")
    cached = {page: _read(store, page, url) for page, url in urls.items()}
    missing = [(page, url) for page, url in urls.items() if not cached[page]]
    made = map_all(make_code, missing, usable_cores() if workers is None else workers, POOL_MIN_CODES)
    for code in made:
        _write(store, code)
    by_page = {code.page: code for code in made}
    return {page: cached[page] or by_page[page] for page in urls}


def make_in_pool(missing: list[tuple[str, str]], workers: int) -> list[Code]:
    """`make_code` over `workers` processes, in the order asked (see `cache.map_in_pool`)."""
    return map_in_pool(make_code, missing, workers)


def _key(url: str) -> str:
    return hashlib.sha256(f"{_SETTINGS}\n{url}".encode()).hexdigest()


def entry_path(cache_dir: Path, url: str) -> Path:
    return Store(cache_dir, ".qr").path(_key(url))


def _read(store: Store, page: str, url: str) -> Code | None:
    """The cached code of `url`, or None when there is none or it cannot be trusted."""
    packed = store.read(_key(url))
    if packed is None:
        return None
    try:
        version_line, svg_length, images = zlib.decompress(packed).split(b"\n", 2)
        svg, png = images[: int(svg_length)], images[int(svg_length) :]
        return Code(page=page, url=url, version=int(version_line), svg=svg, png=png)
    except (zlib.error, ValueError):
        return None


def _write(store: Store, code: Code) -> None:
    """Store `code`, compressed: its version, the SVG's length, the SVG and the PNG (one disk block)."""
    store.write(_key(code.url), zlib.compress(b"%d\n%d\n" % (code.version, len(code.svg)) + code.svg + code.png))
