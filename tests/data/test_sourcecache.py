"""A build's cache of parsed files changes no answer: the same model, problems and lines as reading afresh."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from generator.data.load import load_region
from generator.data.sourcecache import SourceCache
from generator.problems import DataError
from generator.region.lint import _all_docs
from generator.region.validate import validate_region
from tests.minimal import FILES, write_region

TODAY = dt.date(2026, 11, 24)
QUOTED = FILES["zd/station.yml"].replace("  2. 群众意见建议", "  2. 请拨打王丽代表 13900001111，群众意见建议")
PUBLIC = FILES["zd/deputies.yml"].replace(
    "    role: 站长\n", "    role: 站长\n    contact:\n      phone: 139-0000-1111\n"
)


def problems(data: Path, project: Path, cache: Path | None) -> list[str]:
    with pytest.raises(DataError) as raised:
        validate_region(data, project, TODAY, cache=cache)
    return [problem.render() for problem in raised.value.problems]


def test_files_read_from_the_cache_give_what_parsing_gives(tmp_path: Path) -> None:
    data = write_region(tmp_path / "stations", {"zd/station.yml": QUOTED, "zd/deputies.yml": PUBLIC})
    cache = tmp_path / "cache"
    validate_region(data, tmp_path, TODAY, cache=cache)
    assert len(list(cache.iterdir())) == len(FILES)
    fresh, cached = load_region(data, tmp_path), load_region(data, tmp_path, sources=SourceCache(cache))
    for parsed, kept in zip(_all_docs(fresh), _all_docs(cached), strict=True):
        assert kept.source._unpack is not None, f"{kept.source.display} was parsed again"
        assert (kept.model, kept.source.data, kept.source.text) == (
            parsed.model,
            parsed.source.data,
            parsed.source.text,
        )
        assert list(kept.source.values.items()) == list(parsed.source.values.items())
        assert list(kept.source.keys.items()) == list(parsed.source.keys.items())


def test_checks_of_an_unchanged_cached_file_still_point_at_its_lines(tmp_path: Path) -> None:
    """The station's text quotes a number made public elsewhere; once it is not, the cached file is refused."""
    data = write_region(tmp_path / "stations", {"zd/station.yml": QUOTED, "zd/deputies.yml": PUBLIC})
    cache = tmp_path / "cache"
    validate_region(data, tmp_path, TODAY, cache=cache)  # every file kept, the guard's findings with them
    again = FILES["zd/deputies.yml"] + "  - id: sun-hong\n    name: 孙宏\n    level: 乡\n"  # cz's deputy's id
    (data / "zd/deputies.yml").write_text(again, encoding="utf-8")
    expected = problems(data, tmp_path, None)
    assert any("zd/station.yml:13:14 这里有手机号 139****1111" in line for line in expected)
    assert any("zd/deputies.yml:10:9" in line and "cz/deputies.yml:2 " in line for line in expected)
    assert problems(data, tmp_path, cache) == expected


def test_a_damaged_or_foreign_entry_is_read_as_no_entry(tmp_path: Path) -> None:
    data = write_region(tmp_path / "stations", {"zd/station.yml": QUOTED, "zd/deputies.yml": PUBLIC})
    cache = tmp_path / "cache"
    validate_region(data, tmp_path, TODAY, cache=cache)
    entries = sorted(cache.iterdir())
    entries[0].write_bytes(entries[0].read_bytes()[:-3])  # torn
    entries[1].write_bytes(entries[2].read_bytes())  # another file's entry under this name
    for entry in entries[3:]:  # a good checksum over numbers that are not the data's positions
        payload = entry.read_bytes()[32:]
        head, _, numbers = payload.partition(b"\n")
        entry.write_bytes(hashlib.sha256(head + b"\n" + numbers[:8]).digest() + head + b"\n" + numbers[:8])
    fresh, cached = load_region(data, tmp_path), load_region(data, tmp_path, sources=SourceCache(cache))
    for parsed, kept in zip(_all_docs(fresh), _all_docs(cached), strict=True):
        assert list(kept.source.values.items()) == list(parsed.source.values.items())
    (data / "zd/deputies.yml").write_text(FILES["zd/deputies.yml"], encoding="utf-8")
    assert problems(data, tmp_path, cache) == problems(data, tmp_path, None)


def test_entries_no_build_reads_any_more_are_removed(tmp_path: Path) -> None:
    data = write_region(tmp_path / "stations")
    cache = tmp_path / "cache"
    validate_region(data, tmp_path, TODAY, cache=cache)
    before = set(cache.iterdir())
    (data / "zd/plan-2026.yml").write_text(FILES["zd/plan-2026.yml"].replace("平安建设", "法治建设"), encoding="utf-8")
    validate_region(data, tmp_path, TODAY, cache=cache)
    after = set(cache.iterdir())
    assert len(after) == len(before) and len(after - before) == 1
