"""One way to write a file: whole or not at all.

Every command that writes (a data file it reformats or imports into, a photo, a
cache entry, a stamp, a record of checked files) writes through `write_atomically`:
the bytes go to a temporary file in the same folder, which is then renamed over
the target. A reader, another build or a crash in the middle sees the old file or
the new one, never half of one, and a failed write leaves no temporary behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` (text as UTF-8, line ends as they are) in one rename; raise OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
