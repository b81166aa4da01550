"""The generated trees: a file no longer generated is removed, from the last commit's record or by a walk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.site.output import OutputTree


def commit(root: Path, files: dict[str, str]) -> None:
    with OutputTree(root) as tree:
        for name, text in files.items():
            tree.add(name, text)


def listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.mark.parametrize("record", ["kept", "missing", "damaged"])
def test_files_no_longer_generated_go_with_their_empty_folders(tmp_path: Path, record: str) -> None:
    root = tmp_path / "docs"
    commit(root, {"s/a/index.md": "A", "s/b/index.md": "B", "s/b/charts/x.svg": "X", "index.md": "H"})
    names = tmp_path / ".docs.names"
    assert names.is_file()
    if record == "missing":
        names.unlink()
    elif record == "damaged":
        names.write_text('{"not": "a list"', encoding="utf-8")
    commit(root, {"s/a/index.md": "A2", "index.md": "H"})
    assert listing(root) == ["index.md", "s", "s/a", "s/a/index.md"]
    assert (root / "s/a/index.md").read_text(encoding="utf-8") == "A2"


def test_a_failed_generation_leaves_the_tree_and_its_record(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    commit(root, {"a.md": "A", "b.md": "B"})
    with pytest.raises(RuntimeError), OutputTree(root) as tree:
        tree.add("a.md", "A")
        raise RuntimeError("a page failed")
    commit(root, {"a.md": "A"})
    assert listing(root) == ["a.md"]


def test_without_a_record_the_walk_also_removes_what_the_tree_never_made(tmp_path: Path) -> None:
    """A file put in the tree by hand is removed when no record says what the tree holds (an older tool's build)."""
    root = tmp_path / "docs"
    commit(root, {"a.md": "A"})
    (root / "stray").mkdir()
    (root / "stray" / "page.md").write_text("x", encoding="utf-8")
    (tmp_path / ".docs.names").unlink()
    commit(root, {"a.md": "A"})
    assert listing(root) == ["a.md"]


@pytest.mark.parametrize("outside", ["../outside.txt", "{victim}", "a/../../outside.txt", ".."])
def test_a_record_naming_a_file_outside_the_tree_is_not_trusted(tmp_path: Path, outside: str) -> None:
    """The record is a file beside the tree: one that names anything outside it is ignored and the tree walked."""
    root = tmp_path / "docs"
    commit(root, {"a.md": "A", "b.md": "B"})
    victim = tmp_path / "outside.txt"
    victim.write_text("kept", encoding="utf-8")
    named = outside.format(victim=victim)  # "{victim}": its absolute path
    (tmp_path / ".docs.names").write_text(json.dumps(["a.md", "b.md", named]), encoding="utf-8")
    commit(root, {"a.md": "A"})
    assert victim.read_text(encoding="utf-8") == "kept"
    assert listing(root) == ["a.md"]
