"""Read the files of `stations/` and `content/` without ever leaving the repository.

Everything in these trees arrives by pull request, also from strangers whose
pull requests CI builds, so a path is untrusted until proven a plain file
inside the tree: a symbolic link (to `/etc/passwd`, to a folder elsewhere) is
refused wherever it stands, so is any special file (a device such as
`/dev/zero`, a pipe, a socket), and a file over its size limit is refused
before it is read. Folders are listed with `os.scandir`, whose entries say
what they are without following links; files are opened with `O_NOFOLLOW`
and checked on the open descriptor, so nothing is read from what a link
points at. Problems name the file and never quote what a link points to.

`DataTree` also carries an overlay: texts a command is about to write (an
import), read in place of the disk, so the region can be validated as it
will be before anything is written. Nothing here writes.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator.problems import Position, Problem
from generator.strings.messages import ERR

MAX_DATA_BYTES = 2 * 1024 * 1024  # a YAML or content file: a city's largest is about 60 KB
MAX_PHOTO_BYTES = 30 * 1024 * 1024  # a phone's photo is 3-8 MB
_START = Position(1, 1)


class UnsafeFile(Exception):
    """A path that must not be read; carries the one problem that says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.render())
        self.problem = problem


def megabytes(limit: int) -> str:
    return f"{limit / 1024 / 1024:g}"


def open_file(path: Path, display: str, limit: int = MAX_DATA_BYTES) -> BinaryIO:
    """`path` opened for reading if it is a plain file of at most `limit` bytes, else raise UnsafeFile.

    The last component is opened without following a link, and the checks are
    made on the open file, so a link or device swapped in meanwhile is caught.
    Callers check the folders above (`scan`, `check_inside`).
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile(Problem(display, _START, ERR["unsafe_link"])) from None
        raise UnsafeFile(Problem(display, _START, ERR["unreadable_file"])) from None
    info = os.fstat(handle)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = Problem(display, _START, ERR["unsafe_special"])
    elif info.st_size > limit:
        problem = Problem(display, _START, ERR["file_too_big"].format(limit=megabytes(limit)))
    if problem:
        os.close(handle)
        raise UnsafeFile(problem)
    return os.fdopen(handle, "rb")


def read_file(path: Path, display: str, limit: int = MAX_DATA_BYTES) -> bytes:
    """The bytes of `path` if it is a plain file of at most `limit` bytes, else raise UnsafeFile (see `open_file`)."""
    with open_file(path, display, limit) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise UnsafeFile(Problem(display, _START, ERR["file_too_big"].format(limit=megabytes(limit))))
    return data


def check_inside(root: Path, relative: str, display: str) -> Path:
    """The path of `relative` under `root` if every step of it is a real folder and it ends in a plain file.

    For paths written in the data (a photo), checked component by component
    with `lstat` so no link on the way is followed. Raises UnsafeFile, or
    FileNotFoundError when nothing is there.
    """
    current = root
    parts = Path(relative).parts
    for index, part in enumerate(parts):
        if part in ("", ".", ".."):
            raise UnsafeFile(Problem(display, _START, ERR["unsafe_outside"]))
        current = current / part
        info = os.lstat(current)  # FileNotFoundError when missing
        if stat.S_ISLNK(info.st_mode):
            raise UnsafeFile(Problem(display, _START, ERR["unsafe_link"]))
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            raise FileNotFoundError(current)
        if last and not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(Problem(display, _START, ERR["unsafe_special"]))
    return current


@dataclass
class Listing:
    """A folder's visible entries, by kind, sorted by name; links and special files are problems."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan(folder: Path, display) -> Listing:
    """List `folder` without following links; hidden entries (a leading dot) are left out.

    `display` turns a path into the name clerks see.
    """
    listing = Listing()
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                listing.problems.append(Problem(display(path), _START, ERR["unsafe_link"]))
            elif entry.is_dir(follow_symlinks=False):
                listing.folders.append(path)
            elif entry.is_file(follow_symlinks=False):
                listing.files.append(path)
            else:
                listing.problems.append(Problem(display(path), _START, ERR["unsafe_special"]))
    return listing


def walk(root: Path, display) -> tuple[list[Path], list[Problem]]:
    """Every plain file under `root` (hidden ones left out), in sorted order, and the problems met."""
    found: list[Path] = []
    problems: list[Problem] = []
    pending = [root]
    while pending:
        listing = scan(pending.pop(), display)
        found += listing.files
        problems += listing.problems
        pending += reversed(listing.folders)
    return sorted(found), problems


def root_problem(root: Path, display: str) -> Problem | None:
    """Why the tree's own folder cannot be read (a link, or not a folder), or None."""
    try:
        info = os.lstat(root)
    except FileNotFoundError:
        return Problem(display, _START, ERR["no_data_dir"].format(path=display))
    if stat.S_ISLNK(info.st_mode):
        return Problem(display, _START, ERR["unsafe_link"])
    if not stat.S_ISDIR(info.st_mode):
        return Problem(display, _START, ERR["no_data_dir"].format(path=display))
    return None


@dataclass
class DataTree:
    """The data folder as the loader reads it: safely, with an optional overlay of texts about to be written.

    `overlay` maps paths under `root` to the bytes they will hold; the listing
    and the reads see them as if written.
    """

    root: Path
    project: Path
    overlay: Mapping[Path, bytes] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        """The path clerks see: relative to the project when it is inside it."""
        try:
            return path.absolute().relative_to(self.project.absolute()).as_posix()
        except ValueError:
            return path.as_posix()

    def scan(self, folder: Path) -> Listing:
        listing = scan(folder, self.display) if folder.is_dir() else Listing()
        extra = [path for path in self.overlay if path.parent == folder and path not in listing.files]
        listing.files = sorted([*listing.files, *extra])
        below = {folder / path.relative_to(folder).parts[0] for path in self.overlay if folder in path.parents}
        listing.folders = sorted(set(listing.folders) | {p for p in below if p not in listing.files})
        return listing

    def read(self, path: Path, limit: int = MAX_DATA_BYTES) -> bytes:
        """The bytes of a file found by `scan` (or in the overlay); raises UnsafeFile."""
        if path in self.overlay:  # what a command is about to write is held to the limits of what it may read
            if len(self.overlay[path]) > limit:
                raise UnsafeFile(
                    Problem(self.display(path), _START, ERR["file_too_big"].format(limit=megabytes(limit)))
                )
            return self.overlay[path]
        return read_file(path, self.display(path), limit)
