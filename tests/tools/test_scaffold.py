"""`new-station`: templates that validate, explain every field, follow the house style, and refusals that write nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from generator.data import model as models
from generator.data.canonical import canonical_text
from generator.data.fields import field_docs
from generator.strings.guide import SCAFFOLD_EXAMPLES
from tests.conftest import ROOT, make_project, run_generator
from tests.data.test_schema import EditorLoader, kind_of

MODELS: dict[str, type[BaseModel]] = {
    "station": models.Station,
    "deputies": models.DeputiesFile,
    "schedule": models.ScheduleFile,
    "plan": models.PlanFile,
    "cases": models.CasesFile,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "schema", project / "schema")
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_station_writes_templates_that_pass_validation(project: Path) -> None:
    result = run_generator(
        project, "new-station", "xingfu", "--parent", "liutang", "--name", "幸福里社区联络站", "--cases"
    )
    assert result.returncode == 0, result.stderr
    folder = project / "stations" / "xingfu"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["cases-2026.yml", "deputies.yml", "plan-2026.yml", "schedule.yml", "station.yml"]
    assert result.stdout.splitlines()[:5] == [
        f"已新建 stations/xingfu/{name}"
        for name in ["station.yml", "deputies.yml", "schedule.yml", "plan-2026.yml", "cases-2026.yml"]
    ]

    check = run_generator(project, "validate", "--check-format")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("数据检查通过：10 个站点")
    station = yaml.safe_load((folder / "station.yml").read_text(encoding="utf-8"))
    assert station["kind"] == "联络站" and station["parent"] == "liutang" and station["name"] == "幸福里社区联络站"
    assert not list((project / "stations").glob(".*")), "no staging folder is left behind"


@pytest.mark.parametrize(("parent", "kind"), [("zongzhan", "中心站"), ("liutang", "联络站"), ("xinghua", "联络点")])
def test_kind_defaults_to_one_level_below_the_parent(project: Path, parent: str, kind: str) -> None:
    result = run_generator(project, "new-station", "xin", "--parent", parent, "--name", "新站")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((project / "stations/xin/station.yml").read_text(encoding="utf-8"))["kind"] == kind


def test_kind_can_skip_a_level(project: Path) -> None:
    result = run_generator(project, "new-station", "xin", "--parent", "zongzhan", "--name", "新点", "--kind", "联络点")
    assert result.returncode == 0, result.stderr
    assert run_generator(project, "validate").returncode == 0


REFUSALS = [
    (
        ["Bad_ID", "--parent", "liutang", "--name", "甲"],
        "站点编号“Bad_ID”无效，编号只能用小写字母、数字和连字符（如 xinghua），不超过 40 个字符",
    ),
    (["xinghua", "--parent", "liutang", "--name", "甲"], "站点编号 xinghua 已经有站点在用，请换一个编号"),
    (
        ["notes", "--parent", "liutang", "--name", "甲"],
        "文件夹 stations/notes 已经存在，请换一个站点编号；已有的文件没有改动",
    ),
    (
        ["xin", "--parent", "nowhere", "--name", "甲"],
        "上级站点 nowhere 不存在，请填写已有站点的编号：zongzhan、liutang、nanan、xinghua、meiyuan、shiqiao、chanyeyuan、dongba、luxi",
    ),
    (
        ["xin", "--parent", "xinghua", "--name", "甲", "--kind", "中心站"],
        "上级站点 xinghua 是联络站，下面不能设中心站（上级站点的层级应高于本站）；请换一个上级站点，或用 --kind 指定类型",
    ),
    (
        ["xin", "--parent", "meiyuan", "--name", "甲"],
        "上级站点 meiyuan 是联络点，联络点下面不能再设站点；请换一个上级站点",
    ),
    (
        ["xin", "--parent", "liutang", "--name", "  "],
        "站点名称“  ”无效，请填写站点的正式名称（不能为空，不能含控制字符）",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS, ids=[r[0][0] + "-" + r[0][2] for r in REFUSALS])
def test_refusals_say_why_in_chinese_and_write_nothing(project: Path, args: list[str], message: str) -> None:
    (project / "stations" / "notes").write_text("a stray file where the folder would go\n", encoding="utf-8")
    before = snapshot(project / "stations")
    result = run_generator(project, "new-station", *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [message, "发现 1 处问题，站点没有新建，已有的文件没有改动"]
    assert snapshot(project / "stations") == before


def test_invalid_data_is_reported_before_anything_is_written(project: Path) -> None:
    deputies = project / "stations/xinghua/deputies.yml"
    deputies.write_text(deputies.read_text(encoding="utf-8").replace("level: 市", "level: 议员", 1), encoding="utf-8")
    before = snapshot(project / "stations")
    result = run_generator(project, "new-station", "xin", "--parent", "liutang", "--name", "新站")
    assert result.returncode == 1
    assert "stations/xinghua/deputies.yml" in result.stderr and "议员" in result.stderr
    assert snapshot(project / "stations") == before


def test_templates_carry_the_schema_explain_every_field_and_follow_the_house_style(project: Path) -> None:
    assert (
        run_generator(project, "new-station", "xin", "--parent", "liutang", "--name", "新站", "--cases").returncode == 0
    )
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for path in sorted((project / "stations/xin").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        kind = kind_of(path)
        declared = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
        assert (path.parent / declared).resolve() == (project / "schema" / f"{kind}.schema.json").resolve()
        relative = path.relative_to(project)
        assert [s for s, glob in settings.items() if relative.match(glob)] == [f"./schema/{kind}.schema.json"]
        data = yaml.load(text, Loader=EditorLoader)
        jsonschema.validate(data, json.loads((project / "schema" / f"{kind}.schema.json").read_text()))

        fields = field_docs(MODELS[kind])
        order = [f.key for f in fields]
        written = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
        assert written == [key for key in order if key in written], f"{path.name}: keys in the model's order"
        for field in fields:  # every field is either written or shown commented out, with its title above
            assert re.search(rf"^(# )?{field.key}:", text, re.M), f"{path.name}: {field.key}"
            assert f"# {field.title}（" in text
        for line in text.splitlines():
            assert "\t" not in line and not line.endswith(" ")
            indent = len(line) - len(line.lstrip(" "))
            assert indent % 2 == 0, f"{path.name}: {line!r}"
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert canonical_text(text, MODELS[kind]) == text, f"{path.name} is already in the layout fmt keeps"


STATION = {"id": "xin", "name": "新站", "kind": "联络站", "parent": "liutang", "area": ["青禾区"], "address": "甲",
           "hours": "乙", "phone": "0571-1234 5678", "managed_by": "丙"}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SCAFFOLD_EXAMPLES))
def test_commented_examples_are_valid_records(name: str) -> None:
    """A clerk who uncomments an example gets a record the model accepts (station.yml shows optional fields only)."""
    example = SCAFFOLD_EXAMPLES[name]
    getattr(models, name).model_validate({**STATION, **example} if name == "Station" else example)
