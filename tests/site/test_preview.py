"""The preview's generation started on a save, before MkDocs asks for it: used only if nothing changed since.

The server's own behaviour is driven for real in `test_serve.py`; here the generation child is driven directly,
as the hook drives it: `start` when a save is seen, `generate` when MkDocs' build asks.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from generator.problems import DataError
from generator.site.preview import EarlyStart, PreviewGeneration
from tests.conftest import BUILD_DATE, make_project

TODAY = dt.date.fromisoformat(BUILD_DATE)


@pytest.fixture
def preview(tmp_path: Path):
    project = make_project(tmp_path / "project")
    generation = PreviewGeneration()
    arguments = (project / "stations", project / "mkdocs.yml", TODAY)
    try:
        assert generation.generate(*arguments) is False  # nothing started early: generated when asked
        yield project, generation, arguments
    finally:
        generation.close()


def station_page(project: Path) -> str:
    return (project / "build" / "docs" / "s" / "liutang" / "index.md").read_text(encoding="utf-8")


def rename(project: Path, old: str, new: str) -> None:
    source = project / "stations" / "liutang" / "station.yml"
    source.write_text(source.read_text(encoding="utf-8").replace(f"name: {old}", f"name: {new}", 1), encoding="utf-8")


def test_a_generation_started_on_a_save_is_the_answer_when_nothing_changed_since(preview) -> None:
    project, generation, arguments = preview
    rename(project, "柳塘街道", "柳塘新村街道")
    generation.start(*arguments)
    assert generation.generate(*arguments) is True
    assert "柳塘新村街道人大代表联络中心站" in station_page(project)


def test_a_save_after_the_early_start_is_generated_again(preview) -> None:
    project, generation, arguments = preview
    rename(project, "柳塘街道", "柳塘新村街道")
    generation.start(*arguments)
    time.sleep(0.01)  # a later save has a later modification time, as any save the file system reports
    rename(project, "柳塘新村街道", "柳塘东街道")
    assert generation.generate(*arguments) is False
    assert "柳塘东街道人大代表联络中心站" in station_page(project)


def test_an_early_start_on_broken_data_answers_with_its_errors_and_keeps_the_last_pages(preview) -> None:
    project, generation, arguments = preview
    deputies = project / "stations" / "liutang" / "deputies.yml"
    deputies.write_text(deputies.read_text(encoding="utf-8").replace("level: 县", "level: 村", 1), encoding="utf-8")
    generation.start(*arguments)
    with pytest.raises(DataError) as raised:
        generation.generate(*arguments)
    assert any("deputies.yml" in problem.render() for problem in raised.value.problems)
    assert "柳塘街道人大代表联络中心站" in station_page(project)


def test_a_save_seen_by_the_file_system_starts_the_generation(preview) -> None:
    """Native file events start it (MkDocs' poll is not running here): the next `generate` finds it done."""
    project, generation, arguments = preview
    early = EarlyStart(generation, lambda: arguments)
    early.watch([project / "stations"])
    try:
        rename(project, "柳塘街道", "柳塘新村街道")
        deadline = time.monotonic() + 60  # bounds a failure only
        while generation.pending() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert generation.generate(*arguments) is True
    finally:
        early.stop()
    assert "柳塘新村街道人大代表联络中心站" in station_page(project)
