"""Write a generated tree of files so that only real changes touch the disk.

Files are compared with the tree on disk as they are added: an unchanged file
is only remembered by name, a changed one is written at once into a pending
folder beside the tree. So memory stays bounded by one file, not the whole
site (a province's tree is gigabytes). `commit` then moves the pending files
into place and removes files that are no longer generated; `discard` (or a
failure before `commit`; see the context manager) leaves the previous tree exactly as it was.
Unchanged files keep their timestamps, so live preview and `mkdocs --dirty`
see only real edits. Each commit records the names it left beside the tree
(`.<tree>.names`), so the next one removes the files no longer generated from
that list instead of walking every file of the tree (19,000 at 100 stations);
without a trustworthy record it walks.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
from pathlib import Path

import orjson

from generator.atomic import write_atomically

# Under the project: the generated files that are not pages (codes, feeds, open data, photos, charts, placards,
# redirects), kept beside MkDocs' docs tree so that MkDocs never walks them; linked into the site by the build
# and served beside MkDocs by the preview.
FILES = Path("build") / "files"


class OutputTree:
    def __init__(self, root: Path):
        self.root = root
        self.pending = root.with_name(f".{root.name}.pending")
        self.record = root.with_name(f".{root.name}.names")  # the names the last commit left in the tree
        shutil.rmtree(self.pending, ignore_errors=True)  # left by a run that failed
        self.names: set[str] = set()
        self.changed: list[str] = []
        self._folders: set[str] = set()  # pending folders already made

    def add(self, relative: str, content: str | bytes) -> None:
        if relative in self.names:
            raise ValueError(f"generated twice: {relative}")
        self.names.add(relative)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = os.path.join(self.root, relative)  # strings, not Path: this runs for every file of the site
        try:
            if os.stat(target).st_size == len(data):
                with open(target, "rb") as existing:
                    if existing.read() == data:
                        return
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
        staged = os.path.join(self.pending, relative)
        folder = os.path.dirname(staged)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(staged, "wb") as out:
            out.write(data)
        self.changed.append(relative)

    def keep(self, relative: str) -> None:
        """`relative` is generated as it already is on disk (the memo says so): remembered by name, never read."""
        if relative in self.names:
            raise ValueError(f"generated twice: {relative}")
        self.names.add(relative)

    def __enter__(self) -> OutputTree:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: object, traceback: object) -> None:
        """Commit when the block completed, discard when it raised."""
        if kind is None:
            self.commit()
        else:
            self.discard()

    def discard(self) -> None:
        """Forget everything added; the tree on disk is untouched."""
        shutil.rmtree(self.pending, ignore_errors=True)
        self.names.clear()
        self.changed.clear()
        self._folders.clear()

    def commit(self) -> int:
        """Move changed files into place, delete stale ones; return how many files were written.

        A tree made for the first time is the pending folder itself: renamed into place at once, not
        moved file by file (a cold build's tens of thousands of files and folders).
        """
        previous = self._recorded()
        self.record.unlink(missing_ok=True)  # until this commit is complete, the next one walks the tree
        if not self.root.exists() and self.pending.is_dir():
            self.root.parent.mkdir(parents=True, exist_ok=True)
            self.pending.rename(self.root)
        else:
            for relative in self.changed:
                target = self.root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.pending / relative, target)
            if previous is not None:
                remove(self.root, previous - self.names)
            elif self.root.is_dir():
                prune(self.root, self.names)
        if self.root.is_dir():
            write_atomically(self.record, orjson.dumps(sorted(self.names)))
        written = len(self.changed)
        self.discard()
        return written

    def _recorded(self) -> set[str] | None:
        """The names the last commit left in the tree, or None when it is not known (then the tree is walked)."""
        try:
            names = orjson.loads(self.record.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not isinstance(names, list) or not all(isinstance(n, str) and _inside(n) for n in names):
            return None  # not a record this tree wrote: never let it name a file elsewhere
        return set(names)


def _inside(relative: str) -> bool:
    """Whether `relative` is a plain path inside a tree, as `add` takes them (no "..", not absolute)."""
    normal = posixpath.normpath(relative) == relative and relative not in (".", "..")
    return normal and not relative.startswith(("/", "../"))


def prune(root: Path, keep: set[str]) -> None:
    """Remove every file under `root` whose path (relative, with /) is not in `keep`, and the folders left empty.

    Plain string paths, not Path objects: this walks every file of a city's site.
    """
    top = os.fspath(root)
    for folder, _, files in os.walk(top, topdown=False):
        prefix = os.path.relpath(folder, top).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in files:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.listdir(folder):
            os.rmdir(folder)


def remove(root: Path, names: set[str]) -> None:
    """Remove the files `names` (relative to `root`, with /) where they are, and the folders they leave empty."""
    top = os.fspath(root)
    folders: set[str] = set()
    for relative in names:
        try:
            os.unlink(os.path.join(top, relative))
        except (FileNotFoundError, NotADirectoryError):
            continue  # already gone
        parts = relative.split("/")[:-1]
        folders.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # still holds files
            os.rmdir(os.path.join(top, folder))


def swap_in(staging: Path, target: Path, keep: Path | None = None) -> None:
    """Put the complete folder `staging` in place of `target`, keeping neither half.

    With `keep`, the folder replaced is moved there for the caller to remove when it has time (a
    city's site is ~90,000 files to unlink), if it can be moved there; otherwise it is removed now.
    """
    previous = target.with_name(f".{target.name}.old")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    if keep is not None and not keep.exists():
        try:
            keep.parent.mkdir(parents=True, exist_ok=True)
            previous.rename(keep)
        except OSError:
            pass  # another file system: removed below
    shutil.rmtree(previous, ignore_errors=True)
