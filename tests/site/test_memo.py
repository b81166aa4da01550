"""The memo: a generation renders only the files whose view changed, and is byte for byte a cold one."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.site.build import Generated, generate_docs
from generator.site.memo import MEMO
from tests.conftest import BUILD_DATE, make_project, tree_files

TODAY = dt.date.fromisoformat(BUILD_DATE)


def generate(project: Path, today: dt.date = TODAY) -> Generated:
    return generate_docs(project / "stations", project / "mkdocs.yml", today)


def generated(project: Path) -> dict[str, bytes]:
    """Both generated trees, by "docs/…" and "files/…"."""
    trees = {"docs": project / "build" / "docs", "files": project / "build" / "files"}
    return {f"{label}/{name}": data for label, root in trees.items() for name, data in tree_files(root).items()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example, generated once: its memo holds every file."""
    made = make_project(tmp_path / "project")
    first = generate(made)
    assert len(first.rendered) > 300  # pages, charts, prints and feeds were all made
    return made


def cold(project: Path, tmp_path: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    """What a fresh copy of `project`'s sources generates, with no memo."""
    fresh = tmp_path / "cold"
    shutil.rmtree(fresh, ignore_errors=True)
    make_project(fresh)
    shutil.rmtree(fresh / "stations")
    shutil.copytree(project / "stations", fresh / "stations")
    generate(fresh, today)
    return generated(fresh)


def test_an_unchanged_generation_renders_nothing(project: Path) -> None:
    before = generated(project)
    again = generate(project)
    assert again.rendered == []
    assert generated(project) == before


def test_a_renamed_deputy_renders_only_what_shows_the_name(project: Path, tmp_path: Path) -> None:
    before = generated(project)
    deputies = project / "stations" / "chanyeyuan" / "deputies.yml"
    deputies.write_text(deputies.read_text(encoding="utf-8").replace("name: 钱海峰", "name: 钱海涛", 1), "utf-8")
    again = generate(project)
    after = generated(project)
    assert after == cold(project, tmp_path)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed <= set(again.rendered)  # every file that changed was made again
    assert "docs/d/" + _deputy_id(deputies, "钱海涛") + "/index.md" in changed
    assert len(again.rendered) < len(after) / 10  # and not the rest of the site
    assert not any(name.startswith("docs/s/liutang/") for name in again.rendered)  # another station, untouched


def _deputy_id(deputies: Path, name: str) -> str:
    import yaml

    found = [d["id"] for d in yaml.safe_load(deputies.read_text(encoding="utf-8"))["deputies"] if d["name"] == name]
    assert len(found) == 1
    return found[0]


def test_another_day_renders_what_shows_the_day(project: Path, tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=12)
    again = generate(project, later)
    assert generated(project) == cold(project, tmp_path, later)
    assert again.rendered


def test_a_generated_file_edited_by_hand_is_made_again(project: Path) -> None:
    before = generated(project)
    page = project / "build" / "docs" / "s" / "liutang" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("柳塘", "别处"), encoding="utf-8")
    again = generate(project)
    assert again.rendered == ["docs/s/liutang/index.md"]
    assert generated(project) == before


def test_a_damaged_memo_makes_everything_again(project: Path) -> None:
    before = generated(project)
    memo = project / MEMO
    memo.write_bytes(memo.read_bytes()[: len(memo.read_bytes()) // 2])
    again = generate(project)
    assert len(again.rendered) > 300
    assert generated(project) == before
    assert json.loads(memo.read_bytes())["entries"]  # and it is whole again


def test_a_template_override_makes_its_pages_again(project: Path) -> None:
    overrides = project / "overrides" / "pages"
    overrides.mkdir(parents=True, exist_ok=True)
    template = (Path(__file__).parents[2] / "generator" / "render" / "templates" / "activity.html").read_text("utf-8")
    (overrides / "activity.html").write_text(template.replace("lz-activity", "lz-activity 本区样式"), "utf-8")
    again = generate(project)
    activities = [name for name in again.rendered if "/a/" in name and name.endswith("index.md")]
    assert activities
    for name in activities:
        assert "本区样式" in (project / "build" / name).read_text(encoding="utf-8")
