"""Write a generated tree of files so that only real changes touch the disk.

Everything is rendered into memory first and written only when complete, so a
failure while rendering leaves the previous tree as it was. Unchanged files
keep their timestamps (live preview and caches see only real edits), and files
that are no longer generated are removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class OutputTree:
    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, bytes] = {}

    def add(self, relative: str, content: str | bytes) -> None:
        if relative in self.files:
            raise ValueError(f"generated twice: {relative}")
        self.files[relative] = content.encode("utf-8") if isinstance(content, str) else content

    def commit(self) -> int:
        """Write changed files, delete stale ones; return how many files were written."""
        written = 0
        for relative, content in sorted(self.files.items()):
            target = self.root / relative
            if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(content)
            os.replace(temporary, target)
            written += 1
        if self.root.is_dir():
            for path in sorted(self.root.rglob("*"), reverse=True):
                relative = path.relative_to(self.root).as_posix()
                if path.is_file() and relative not in self.files:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        return written


def swap_in(staging: Path, target: Path) -> None:
    """Put the complete folder `staging` in place of `target`, keeping neither half."""
    previous = target.with_name(f".{target.name}.old")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
