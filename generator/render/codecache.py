"""Make every code of the site at once: from a cache kept across builds, the rest over all cores.

A city has some 20,000 codes and encoding one (qrcode tries all 8 masks in pure
Python) costs milliseconds, so a build reuses the codes of earlier builds. The
cache is content-addressed: an entry's name is a hash of everything its bytes
depend on (the address, the code settings, the qrcode and Pillow versions and
`DRAWING_FORMAT`), so an entry is never stale, and deleting the cache changes
no byte of the site. Entries are written atomically and carry a checksum: a
truncated or damaged entry is ignored and made again, never published.
Codes missing from the cache are made in a process pool when there are enough
of them to pay for starting it; results keep the order of the request.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import tempfile
import zlib
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib.metadata import version
from pathlib import Path

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
_DIGEST = hashlib.sha256().digest_size


def make_codes(urls: Mapping[str, str], cache_dir: Path | None = None, workers: int | None = None) -> dict[str, Code]:
    """The code of each page (`{page: url}` → `{page: Code}`, in the same order), reusing `cache_dir`.

    Codes not in the cache are made over `workers` processes (default: every usable core).
    """
    cached = {page: _read(cache_dir, page, url) if cache_dir else None for page, url in urls.items()}
    missing = [(page, url) for page, url in urls.items() if not cached[page]]
    made = {code.page: code for code in _make_all(missing, usable_cores() if workers is None else workers)}
    if cache_dir:
        for code in made.values():
            _write(cache_dir, code)
    return {page: cached[page] or made[page] for page in urls}


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _make_all(missing: list[tuple[str, str]], workers: int) -> list[Code]:
    if workers > 1 and len(missing) >= POOL_MIN_CODES:
        try:
            return make_in_pool(missing, workers)
        except (BrokenProcessPool, OSError):
            pass  # no processes here (a sandbox, a killed worker): the same codes, made in this process
    return [make_code(page, url) for page, url in missing]


def make_in_pool(missing: list[tuple[str, str]], workers: int) -> list[Code]:
    """`make_code` over `workers` processes, results in the order asked; raises if the pool breaks.

    forkserver rather than fork: a forked child of a big build copies the parent's memory page by
    page as its garbage collector walks the model; a forkserver child starts small. As with any
    multiprocessing, the program's main module must be safe to import (`python -m generator`,
    MkDocs and pytest are).
    """
    pages, urls = zip(*missing, strict=True)
    chunk = max(1, len(missing) // (workers * 4))  # a few chunks a worker: balanced, few round trips
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(make_code, pages, urls, chunksize=chunk))


def entry_path(cache_dir: Path, url: str) -> Path:
    key = hashlib.sha256(f"{_SETTINGS}\n{url}".encode()).hexdigest()
    return cache_dir / f"{key}.qr"


def _read(cache_dir: Path, page: str, url: str) -> Code | None:
    """The cached code of `url`, or None when there is none or it cannot be trusted."""
    try:
        data = entry_path(cache_dir, url).read_bytes()
    except OSError:
        return None
    packed = data[_DIGEST:]
    if data[:_DIGEST] != hashlib.sha256(packed).digest():
        return None
    try:
        version_line, svg_length, images = zlib.decompress(packed).split(b"\n", 2)
        svg, png = images[: int(svg_length)], images[int(svg_length) :]
        return Code(page=page, url=url, version=int(version_line), svg=svg, png=png)
    except (zlib.error, ValueError):
        return None


def _write(cache_dir: Path, code: Code) -> None:
    """Store `code`: a checksum, then, compressed, its version, the SVG's length, the SVG and the PNG.

    Written to a temporary file renamed into place, so a reader sees a whole entry or none.
    Compressed, an entry fits one disk block. A cache that cannot be written only makes the
    next build slower.
    """
    packed = zlib.compress(b"%d\n%d\n" % (code.version, len(code.svg)) + code.svg + code.png)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(hashlib.sha256(packed).digest() + packed)
        os.replace(temporary, entry_path(cache_dir, code.url))
    except OSError:
        Path(temporary).unlink(missing_ok=True)
