"""Parsed data files kept across builds by their bytes: a build parses only the files that changed.

Parsing is most of what reading a region costs (a 100-station district is some 340,000 YAML events,
each value's position recorded), and the privacy guard's scan of every text comes next. Both depend on
a file's bytes alone, so an entry holds, for one file's exact bytes and this tool's exact code, the
plain data, what later checks worked out from it (`SourceFile.derived`: the guard's findings, the
placeholders) and the positions of its values and keys. The positions are unpacked only when a
problem or warning must point at a line; the typed model is checked by pydantic again from the data
on every read, so nothing reaches the model unchecked.

An entry is plain JSON, never pickle (the CI templates restore `build/.cache` from elsewhere; loading
it must not run code), written atomically behind a checksum: a damaged, foreign or stale entry is a
miss, and the file is read as if there were no cache. Every safety rule of reading still holds: a
file is read through `files` (links, special files, size limits) and only its bytes are looked up;
a file that had any problem is never kept. Entries no longer read by a build are removed by it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from array import array
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

from generator.atomic import write_atomically
from generator.data.source import DataPath, SourceFile, parse_source
from generator.problems import Position

CACHE_DIR = Path("build") / ".cache" / "sources"  # under the project
_SUFFIX = ".json"
_DIGEST = hashlib.sha256().digest_size
_TOOL = Path(__file__).resolve().parents[1]  # the generator package


def _tool_fingerprint() -> bytes:
    """What an entry's content depends on besides the file: every module of the tool and the YAML parser.

    All the tool's code, not only this stage's: what later checks keep in `derived` is theirs.
    """
    digest = hashlib.sha256(f"{sys.version}\npyyaml {version('pyyaml')} {yaml.__with_libyaml__}\n".encode())
    for path in sorted(_TOOL.rglob("*.py")):
        digest.update(path.relative_to(_TOOL).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


class SourceCache:
    """The entries of one project's folder (`folder`; None: nothing kept, every file parsed)."""

    _fingerprint: bytes | None = None

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()  # the entries this read found or will write
        self.pending: dict[str, SourceFile] = {}  # parsed now, written by `write` once the checks are done

    def key(self, raw: bytes, kind: str) -> str:
        """The entry of a file's bytes read as `kind` (its model), used by this read (so not removed)."""
        if self.folder is None:
            return ""
        if SourceCache._fingerprint is None:
            SourceCache._fingerprint = _tool_fingerprint()
        key = hashlib.sha256(SourceCache._fingerprint + kind.encode() + b"\0" + raw).hexdigest()
        self.used.add(key)
        return key

    def load(self, key: str, raw: bytes, path: Path, display: str) -> SourceFile | None:
        """The file as `source.read_source` would give it, from its entry; None when there is none."""
        if self.folder is None:
            return None
        try:
            entry = (self.folder / f"{key}{_SUFFIX}").read_bytes()
        except OSError:
            return None
        payload = entry[_DIGEST:]
        if entry[:_DIGEST] != hashlib.sha256(payload).digest():
            return None
        head, _, positions = payload.partition(b"\n")  # JSON has no raw line break
        try:
            plain = json.loads(head)
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except ValueError:
            return None
        if not isinstance(plain, dict) or plain.get("key") != key:
            return None
        source = SourceFile(path=path, display=display, data=plain["data"], text=text)
        source.derived.update(plain["derived"])
        source.unpack_later(lambda: _positions(source, positions))
        return source

    def keep(self, key: str, source: SourceFile) -> None:
        """Write `source` with `write` (after the checks that add to its `derived`)."""
        if self.folder is not None:
            self.pending[key] = source

    def write(self) -> None:
        """Write the files parsed by this read, and remove the entries it did not use.

        Only plain data (JSON's) is kept of `derived`; a check that keeps anything else there is not cached.
        """
        if self.folder is None:
            return
        for key, source in self.pending.items():
            try:
                head = json.dumps({"key": key, "data": source.data, "derived": source.derived}, ensure_ascii=False)
            except (TypeError, ValueError):
                continue
            # the lines and columns alone, in the order of the data: the paths are the data's own
            lines = array("I", chain.from_iterable(source.values.values()))
            lines.extend(chain.from_iterable(source.keys.values()))
            payload = head.encode("utf-8") + b"\n" + lines.tobytes()
            with contextlib.suppress(OSError):  # no entry: the next build parses the file again
                write_atomically(self.folder / f"{key}{_SUFFIX}", hashlib.sha256(payload).digest() + payload)
        self.pending.clear()
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                if entry.suffix == _SUFFIX and entry.stem not in self.used:
                    entry.unlink(missing_ok=True)


def _positions(source: SourceFile, packed: bytes) -> tuple[dict[DataPath, Position], dict[DataPath, Position]]:
    """The positions of `source`'s values and keys from its entry's numbers, or by parsing its text again.

    The parser records them in the order of the file, which is the order of the data, values and keys
    each: walking the data gives back every path.
    """
    numbers = array("I")
    numbers.frombytes(packed[: len(packed) - len(packed) % numbers.itemsize])
    paths: list[DataPath] = []
    key_paths: list[DataPath] = []
    _walk(source.data, (), paths, key_paths)
    if len(numbers) != 2 * (len(paths) + len(key_paths)):  # not this data's: read the text as without cache
        parsed = parse_source(source.text, source.path, source.display)
        return parsed.values, parsed.keys
    pairs = map(Position._make, zip(numbers[0::2], numbers[1::2], strict=True))
    values = dict(zip(paths, pairs, strict=False))
    keys = dict(zip(key_paths, pairs, strict=False))
    return values, keys


def _walk(data: Any, path: DataPath, values: list[DataPath], keys: list[DataPath]) -> None:
    """Every path of `data` in the parser's order: a value, then what it holds (a key before its value)."""
    values.append(path)
    if type(data) is dict:
        for key, value in data.items():
            keys.append((*path, key))
            _walk(value, (*path, key), values, keys)
    elif type(data) is list:
        for index, value in enumerate(data):
            _walk(value, (*path, index), values, keys)
