"""Skip a build whose every input is the same as the last good build's: the site on disk is already it.

The build is deterministic (same data, pages, configuration, theme, tool and
date give byte-identical files), so a fingerprint of all of them says whether a
rebuild could change anything. It covers the data folder and `content/` (every
byte, read as safely as the build reads them), the district's `mkdocs.yml` and
what it inherits (and the variables its `!ENV` tags name), Pagefind's settings,
`overrides/`, the tool's own files, every installed package with its version
(MkDocs, Material, Pagefind, the holiday calendar …) and the build date. The stamp is written only after a build completed and its site was
swapped in, and it names that site folder (its inode and change time), so a
failed build, a removed or replaced `site/`, or a damaged stamp is a miss and
the build runs as usual — never a stale site.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from generator.atomic import write_atomically
from generator.data.files import MAX_PHOTO_BYTES, DataTree, UnsafeFile, root_problem, walk
from generator.site.config import environment

STAMP = Path("build") / ".cache" / "site-stamp.json"  # under the project, beside the code and photo caches
TOOL = Path(__file__).resolve().parents[1]  # the generator package: code, templates, words, tool pages
VERSION = 2  # bump when what the fingerprint covers changes
# Pagefind, run in the project folder, reads its settings from one of these and from PAGEFIND_* variables.
PAGEFIND_CONFIGS = ("pagefind.yml", "pagefind.yaml", "pagefind.toml", "pagefind.json")


def fingerprint(data_dir: Path, configs: list[Path], today: dt.date) -> str | None:
    """A digest of everything the built site is made from; None when an input cannot be read safely
    (the build itself then says why). `configs`: the district's mkdocs.yml and the files it inherits."""
    project = configs[0].parent.resolve()
    digest = hashlib.sha256(f"lz-site-stamp {VERSION} {today.isoformat()}\n".encode())
    if not _add_frame(digest, configs) or not _add_tree(digest, "data", data_dir, project):
        return None
    return digest.hexdigest() if _add_tree(digest, "content", project / "content", project) else None


def frame(configs: list[Path], *extra: bytes) -> str | None:
    """A digest of what every page's HTML depends on besides its own source: the tool, the installed
    packages, the theme overrides, the configuration and Pagefind's settings, and `extra` (the footer)."""
    digest = hashlib.sha256(f"lz-page-frame {VERSION}\n".encode())
    for part in extra:
        digest.update(b"\0extra\0" + part)
    return digest.hexdigest() if _add_frame(digest, configs) else None


def pagefind_settings(project: Path) -> bytes:
    """What Pagefind reads besides the site: its settings file in the project folder and `PAGEFIND_*` variables."""
    found = [project / name for name in PAGEFIND_CONFIGS if (project / name).is_file()]
    files = b"".join(f"\0config {path.name}\0".encode() + path.read_bytes() for path in found)
    return files + repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))).encode()


def _add_frame(digest: hashlib._Hash, configs: list[Path]) -> bool:
    project = configs[0].parent.resolve()
    digest.update("\n".join(_packages()).encode())
    for label, root in (("overrides", project / "overrides"), ("tool", TOOL)):
        if not _add_tree(digest, label, root, project):
            return False
    for path in configs:
        if path.is_file():
            digest.update(f"\0config {path.name}\0".encode())
            digest.update(path.read_bytes())
    digest.update(pagefind_settings(project))
    named = environment(configs)  # mkdocs.yml's `!ENV` values, as MkDocs reads them
    if named:
        digest.update(f"\0environment\0{named!r}".encode())
    return True


@functools.cache
def _packages() -> list[str]:
    """Every installed package as `name==version`, sorted. Each package's metadata file is parsed once
    (each lookup of `Distribution.metadata` parses it again: a tenth of a second a build, twice a build), and
    once a process: packages installed while a preview runs show after it is restarted, as the tool's do."""
    packages = []
    for distribution in metadata.distributions():
        fields = distribution.metadata
        if fields["Name"]:
            packages.append(f"{fields['Name']}=={fields['Version']}")
    return sorted(packages)


def _add_tree(digest: hashlib._Hash, label: str, root: Path, project: Path) -> bool:
    """Every file under `root`, by path and content, into `digest`; False when one cannot be read safely."""
    digest.update(f"\0tree {label}\0".encode())
    if not root.exists() and not root.is_symlink():
        return True
    tree = DataTree(root, project)
    if root_problem(root, tree.display(root)):
        return False
    paths, problems = walk(root, tree.display)
    if problems:
        return False
    for path in paths:
        if "__pycache__" in path.parts:
            continue
        try:
            data = tree.read(path, MAX_PHOTO_BYTES)
        except UnsafeFile:
            return False
        digest.update(f"\0{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return True


def _site_identity(site_dir: Path) -> list[int] | None:
    try:
        info = os.stat(site_dir)
    except OSError:
        return None
    return [info.st_ino, info.st_ctime_ns]


def is_current(project: Path, site_dir: Path, print_: str | None) -> bool:
    """Whether the site on disk was built from exactly the inputs `print_` describes."""
    if print_ is None:
        return False
    try:
        stamp = json.loads((project / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    identity = _site_identity(site_dir)
    return (
        isinstance(stamp, dict)
        and identity is not None
        and stamp
        == {
            "fingerprint": print_,
            "site": str(site_dir.resolve()),
            "identity": identity,
        }
    )


def record(project: Path, site_dir: Path, print_: str | None) -> None:
    """Remember that `site_dir` now holds the site of `print_` (written atomically; no stamp when unknown)."""
    target = project / STAMP
    target.unlink(missing_ok=True)
    identity = _site_identity(site_dir)
    if print_ is None or identity is None:
        return
    stamp = {"fingerprint": print_, "site": str(site_dir.resolve()), "identity": identity}
    write_atomically(target, json.dumps(stamp))
