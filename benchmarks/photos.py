"""Photo processing at city size: cold (every photo decoded and encoded) and cached, on all cores.

`python -m benchmarks.photos --photos 15000` writes that many phone-sized JPEGs
(1200×1600, photo-like texture, distinct bytes) into a temporary folder, runs
the build's photo step (`render/photocache.Photos`) twice — with an empty cache,
then with the cache it filled — and records wall time, CPU time and the cache's
size in `benchmarks/RESULTS.md` under "Photos".
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

from benchmarks.sections import write_section
from generator.render.cache import usable_cores
from generator.render.photocache import Photos
from generator.render.photos import PORTRAIT
from tests.crowded import phone_photo

HERE = Path(__file__).resolve().parent


def write_photos(folder: Path, count: int) -> list[Path]:
    """`count` distinct phone photos, cheaply: one textured base, shifted and tinted for each."""
    base = Image.open(io.BytesIO(phone_photo(0)))
    wide = ImageOps.expand(base, border=64, fill=(128, 128, 128))
    paths = []
    for number in range(count):
        dx, dy = number % 64, (number // 64) % 64
        tint = 0.85 + (number % 31) / 100
        photo = wide.crop((dx, dy, dx + 1200, dy + 1600)).point(lambda v, t=tint: min(255, int(v * t)))
        path = folder / f"p{number:05d}.jpg"
        photo.save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def run(paths: list[Path], cache: Path) -> float:
    """Wall seconds of the build's photo step (the pool's workers run under the forkserver, out of our rusage)."""
    start = time.perf_counter()
    photos = Photos(cache)
    photos.make({path.stem: (path, PORTRAIT) for path in paths})
    for path in paths:  # the build reads every photo's derivatives back to write them into the site
        assert photos.get(path.stem) is not None
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=15000)
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        start = time.perf_counter()
        paths = write_photos(folder, args.photos)
        made = time.perf_counter() - start
        source = sum(p.stat().st_size for p in paths)
        cold = run(paths, folder / "cache")
        warm = run(paths, folder / "cache")
        cached = sum(p.stat().st_size for p in (folder / "cache").iterdir())
    rows = [
        "## Photos",
        "",
        f"`python -m benchmarks.photos --photos {args.photos}` ({usable_cores()} cores; writing the test photos took"
        f" {made:.0f} s): {args.photos:,} phone photos of 1200×1600 ({source / args.photos / 1024:.0f} KB each),"
        f" seven derivatives each ({cached / args.photos / 1024:.0f} KB each in the cache).",
        "",
        "| run | wall | per photo |",
        "| --- | ---: | ---: |",
        f"| cold (empty cache) | {cold:.0f} s | {cold / args.photos * 1000:.1f} ms |",
        f"| cached | {warm:.1f} s | {warm / args.photos * 1000:.2f} ms |",
        "",
    ]
    print("\n".join(rows))
    write_section(args.results, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
