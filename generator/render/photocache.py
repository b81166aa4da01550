"""Make every photo's derivatives at once: from a cache kept across builds, the rest over all cores.

Decoding an 8 MB phone photo and encoding seven images of it takes a good part
of a second; a city has a photo per deputy (some 15,000). Entries are keyed by
the photo's content, its shape, the pipeline version and Pillow's, in a
`cache.Store` (checksummed, atomic), so a rebuild decodes no photo it has seen.
A photo that cannot be decoded (a damaged file that passed the header check)
yields no derivatives: the page shows the letter avatar and the build says
which photo it was.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

from generator.data.files import MAX_PHOTO_BYTES, UnsafeFile, read_file
from generator.render.cache import Store, map_all, usable_cores
from generator.render.photos import Derivative, Shape, derivatives, source_key

CACHE_DIR = Path("build/.cache/photos")
POOL_MIN_PHOTOS = 8  # a photo costs far more than starting the workers
_PILLOW = version("pillow")
_HEAD = struct.Struct(">HHI")  # width, height, length of each derivative


def _key(data: bytes, shape: Shape) -> str:
    return f"{source_key(data, shape)}-{_PILLOW}"


def _made(path: Path, shape: Shape) -> bytes | None:
    """The packed derivatives of the photo at `path` (read in the worker: only the result crosses back)."""
    try:
        return _pack(derivatives(read_file(path, path.as_posix(), MAX_PHOTO_BYTES), shape))
    except (OSError, ValueError, SyntaxError, UnsafeFile):  # Pillow's decoders raise these for broken data
        return None


class Photos:
    """The derivatives of a build's photos, by name: made or found in the cache, read back one photo at a time.

    A city's derivatives are hundreds of megabytes: they stay in the cache, not in memory, unless the
    cache cannot be written.
    """

    def __init__(self, cache_dir: Path | None):
        self.store = Store(cache_dir, ".photo")
        self.keys: dict[str, str | None] = {}  # None: the photo could not be decoded
        self._kept: dict[str, bytes] = {}  # only when the store could not keep them

    def make(self, sources: Mapping[str, tuple[Path, Shape]], workers: int | None = None) -> None:
        missing = []
        for name, (path, shape) in sources.items():
            key = _key(read_file(path, path.as_posix(), MAX_PHOTO_BYTES), shape)
            self.keys[name] = key
            if self.store.read(key) is None:
                missing.append((name, key, path, shape))
        arguments = [(path, shape) for _, _, path, shape in missing]
        made = map_all(_made, arguments, usable_cores() if workers is None else workers, POOL_MIN_PHOTOS)
        for (name, key, _, _), packed in zip(missing, made, strict=True):
            if packed is None:
                self.keys[name] = None
                continue
            self.store.write(key, packed)
            if self.store.read(key) is None:
                self._kept[key] = packed

    def get(self, name: str) -> tuple[str, list[Derivative]] | None:
        """The photo's key and derivatives, or None when it could not be decoded."""
        key = self.keys.get(name)
        if key is None:
            return None
        made = _unpack(self._kept.get(key) or self.store.read(key))
        return (key, made) if made else None


def _pack(made: list[Derivative]) -> bytes:
    parts = [struct.pack(">H", len(made))]
    for item in made:
        suffix = item.suffix.encode()
        parts += [
            struct.pack(">B", len(suffix)),
            suffix,
            _HEAD.pack(item.width, item.height, len(item.data)),
            item.data,
        ]
    return b"".join(parts)


def _unpack(packed: bytes | None) -> list[Derivative] | None:
    if packed is None:
        return None
    try:
        (count,), at = struct.unpack_from(">H", packed), 2
        made = []
        for _ in range(count):
            (length,) = struct.unpack_from(">B", packed, at)
            suffix = packed[at + 1 : at + 1 + length].decode()
            at += 1 + length
            width, height, size = _HEAD.unpack_from(packed, at)
            at += _HEAD.size
            made.append(Derivative(suffix, width, height, packed[at : at + size]))
            at += size
        return made if at == len(packed) else None
    except (struct.error, UnicodeDecodeError):
        return None
