"""A content-addressed store of rendered bytes kept across builds, and process pools to fill it.

Slow outputs that depend only on their inputs (a QR code, a photo's
derivatives) are made once: an entry's name is a hash of everything its bytes
depend on, so an entry is never stale and deleting the store changes no byte of
the site. Entries are written atomically (a temporary file renamed into place)
and carry a checksum: a truncated or damaged entry is a miss, made again,
never published. A store that cannot be written only makes the next build slower.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from generator.atomic import write_atomically

T = TypeVar("T")
_DIGEST = hashlib.sha256().digest_size


class Store:
    """One kind of entry (`suffix`) in one folder, by key."""

    def __init__(self, folder: Path | None, suffix: str):
        self.folder = folder
        self.suffix = suffix

    def path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}{self.suffix}"

    def read(self, key: str) -> bytes | None:
        """The entry's bytes, or None when there is none or its checksum fails."""
        if self.folder is None:
            return None
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        payload = data[_DIGEST:]
        return payload if data[:_DIGEST] == hashlib.sha256(payload).digest() else None

    def write(self, key: str, payload: bytes) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(OSError):  # no entry: the next build makes it again
            write_atomically(self.path(key), hashlib.sha256(payload).digest() + payload)


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_in_pool(function: Callable[..., T], arguments: Sequence[Sequence[Any]], workers: int) -> list[T]:
    """`function(*each)` over `workers` processes, results in the order asked; raises if the pool breaks.

    forkserver rather than fork: a forked child of a big build copies the parent's memory page by
    page as its garbage collector walks the model; a forkserver child starts small. As with any
    multiprocessing, the program's main module must be safe to import (`python -m generator`,
    MkDocs and pytest are).
    """
    chunk = max(1, len(arguments) // (workers * 4))  # a few chunks a worker: balanced, few round trips
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(function, *zip(*arguments, strict=True), chunksize=chunk))


def map_all(function: Callable[..., T], arguments: Sequence[Sequence[Any]], workers: int, pool_min: int) -> list[T]:
    """`function(*each)` for every argument tuple: in a pool when there are `pool_min` or more, else here."""
    if workers > 1 and len(arguments) >= pool_min:
        try:
            return map_in_pool(function, arguments, workers)
        except (BrokenProcessPool, OSError):
            pass  # no processes here (a sandbox, a killed worker): the same results, made in this process
    return [function(*each) for each in arguments]


_shared: Callable[[int], Any] | None = None  # what a forked worker of `map_forked` calls (inherited, never pickled)


def _call_shared(index: int) -> Any:
    assert _shared is not None
    return _shared(index)


def map_forked(function: Callable[[int], T], count: int, workers: int, pool_min: int) -> Iterator[T]:
    """`function(i)` for i in 0..count-1, in order, over `workers` forked processes when there are `pool_min` or more.

    For work that needs the whole region model (a page reads its station, its deputies, the region):
    a forked worker shares the model with this process instead of receiving a copy of it, and only
    each result comes back. The collector is frozen first, so the workers' garbage collection does
    not copy the model's memory page by page. Forking is safe only in a process without other
    threads: under live preview (a server's threads), where fork is unavailable or the pool cannot
    start, the same results are made here, one by one.
    """
    global _shared
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or count < pool_min or not forkable:
        yield from map(function, range(count))
        return
    chunk = max(1, min(64, count // (workers * 8)))  # small chunks: few results held ahead of the reader
    _shared = function
    gc.freeze()
    try:
        # initializer: a worker collects garbage even when its parent does not (the preview's child, between edits)
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.enable
        )
    except OSError:
        gc.unfreeze()
        _shared = None
        yield from map(function, range(count))
        return
    try:
        with pool:
            yield from pool.map(_call_shared, range(count), chunksize=chunk)
    finally:
        gc.unfreeze()
        _shared = None
