"""`validate --format github`: problems as workflow commands GitHub shows on the lines of a pull request."""

from __future__ import annotations

from pathlib import Path

from generator.problems import Position, Problem
from generator.tools.annotations import command, error, warning
from tests.conftest import make_project, run_generator
from tests.minimal import write_region


def test_escaping_follows_the_workflow_command_rules() -> None:
    problem = Problem("stations/a,b:c%.yml", Position(3, 7), "第一行\r\n100% 完成")
    assert error(problem) == "::error file=stations/a%2Cb%3Ac%25.yml,line=3,col=7::第一行%0D%0A100%25 完成"
    assert error(Problem.general("没有找到 Chromium")) == "::error::没有找到 Chromium"
    assert warning("提示：a:b,c") == "::warning::提示：a:b,c"  # the message keeps : and ,
    assert command("notice", "x", title="a: b") == "::notice title=a%3A b::x"


def test_validate_prints_annotations_on_stdout_and_the_usual_lines_on_stderr(tmp_path: Path) -> None:
    data = write_region(
        tmp_path / "source", {"zd/deputies.yml": "deputies:\n  - id: a\n    name: 甲\n    level: 议员\n"}
    )
    project = make_project(tmp_path / "project", data)
    result = run_generator(project, "validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=stations/zd/deputies.yml,line=4,col=12::代表“甲”的 level 取值“议员”无效，应为 全国/省/市/县/乡 之一",
    ]
    assert result.stderr.splitlines() == [
        "stations/zd/deputies.yml:4:12 代表“甲”的 level 取值“议员”无效，应为 全国/省/市/县/乡 之一",
        "发现 1 处问题，请逐条修改后重新检查；网站没有生成",
    ]


def test_warnings_become_warning_annotations(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", write_region(tmp_path / "source"))
    result = run_generator(project, "validate", "--format", "github")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "::warning::提示：2027 年的法定节假日安排还没有收录，这一年的接待日暂时没有按节假日调整；国务院公布后（通常在上一年 11 月），"
        "可在 stations/holidays-2027.yml 中填写 2027 年放假安排（写法见联络员指南“法定节假日安排”一节）",
        "::warning::提示：测试区人大代表联络总站 未来 30 天没有接待安排，请在 schedule.yml 中补充",
        "::warning::提示：东街中心站 未来 30 天没有接待安排，请在 schedule.yml 中补充",
        "数据检查通过：3 个站点，3 名代表，2 件案例",
    ]
    plain = run_generator(project, "validate")
    assert "::" not in plain.stdout + plain.stderr  # the default stays the human format
    assert "提示：东街中心站 未来 30 天没有接待安排，请在 schedule.yml 中补充" in plain.stderr.splitlines()
