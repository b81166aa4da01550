"""What each generated file was made from, so that a file whose inputs did not change is neither made nor read.

Every generated page is a function of its view and the template set (`render/views/`). The memo records,
per file of the docs tree and of the files beside it, the hash of what it was made from (its canonical
view text) and the file's size and modification time as the build left it. The next generation makes
only files whose hash changed, or whose file on disk is not the one recorded (removed, edited, replaced):
a miss is always safe, it only costs a rendering. The whole memo is keyed on the frame (`stamp.frame`: the
tool with its templates, the packages, the overrides, the configuration) and on what the environment of
the templates takes from the data (the county's word), so a change of either makes everything again.

It is plain JSON, written atomically after the trees it describes were committed; a damaged or foreign
memo is an empty one. A process that generates again (the preview's child) takes the memo it wrote last
from memory while the file is still the one it wrote (same inode, size and modification time): parsing
it takes 0.1 s at 100 stations.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import orjson

from generator.atomic import write_atomically

MEMO = Path("build") / ".cache" / "memo.json"  # under the project
VERSION = 1  # bump when what a key covers changes

Entry = tuple[str, int, int]  # the key, the file's size and its modification time (ns)
Signature = tuple[int, int, int]  # a file's inode, size and modification time (ns)
_last: tuple[Path, Signature, str, dict[str, Entry]] | None = None  # the memo this process last wrote


class Memo:
    def __init__(self, path: Path, frame: str | None, roots: dict[str, Path]):
        """`roots`: each tree the memo speaks of, by the label its entries carry ("docs", "files")."""
        self.path = path
        self.frame = f"{VERSION} {frame}" if frame else None
        self.roots = roots
        self.entries: dict[str, Entry] = {}
        self.made: list[tuple[str, str]] = []  # (label/relative, key) of files made this time
        if self.frame is None:
            return
        if _last is not None and _last[0] == path and _last[1] == _signature(path):  # the file it wrote, unchanged
            self.entries = _last[3] if _last[2] == self.frame else {}  # read only: `save` makes a new one
            return
        try:
            saved = orjson.loads(path.read_bytes())
            if saved["frame"] == self.frame:
                self.entries = {name: (key, size, mtime) for name, (key, size, mtime) in saved["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no memo, or not one this build can trust: every file is made

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def unchanged(self, label: str, relative: str, key: str) -> bool:
        """Whether the file is on disk as it was made from `key`; if not, it is to be made (and `done` told)."""
        name = f"{label}/{relative}"
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            try:
                found = os.stat(os.path.join(self.roots[label], relative))
            except OSError:
                return False
            return (found.st_size, found.st_mtime_ns) == (entry[1], entry[2])
        return False

    def done(self, label: str, relative: str, key: str) -> None:
        """`relative` was made from `key` this time (it is recorded once its tree is committed, by `save`)."""
        self.made.append((f"{label}/{relative}", key))

    def save(self, kept: dict[str, set[str]]) -> None:
        """Record the files made, as committed, and forget files no longer generated (`kept`: names by label)."""
        if self.frame is None:
            return
        entries = {
            name: entry
            for name, entry in self.entries.items()
            if name.split("/", 1)[1] in kept.get(name.split("/", 1)[0], ())
        }
        for name, key in self.made:
            label, relative = name.split("/", 1)
            try:
                found = os.stat(os.path.join(self.roots[label], relative))
            except OSError:
                entries.pop(name, None)
                continue
            entries[name] = (key, found.st_size, found.st_mtime_ns)
        global _last
        data = {"frame": self.frame, "entries": dict(sorted(entries.items()))}
        _last = None
        with contextlib.suppress(OSError):  # no memo: the next generation makes every file again
            write_atomically(self.path, orjson.dumps(data))
            written = _signature(self.path)
            _last = None if written is None else (self.path, written, self.frame, entries)


def _signature(path: Path) -> Signature | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns
