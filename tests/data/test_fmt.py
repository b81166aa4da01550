"""The canonical format: key order from the model, comments kept, idempotent, checked by validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data.canonical import canonical_text, check_region, data_files, write
from generator.data.files import DataTree
from generator.data.model import CasesFile, DeputiesFile, PlanFile, ScheduleFile
from tests.conftest import EXAMPLE, make_project, run_generator
from tests.minimal import write_region

SHUFFLED_CASES = """\
# yaml-language-server: $schema=../../schema/cases.schema.json
# 意见建议办理情况
cases:   # 按受理日期排列
  # 第一件
  - status: 受理     # 还没有交办
    summary: 建议增设公交站台。TRAILING
    # 编号按年度排
    id: 2026-002
    received: "2026-03-01"
    channel: 扫码
    category: 交通出行
  # 第二件
  - {id: 2026-003, received: 2026-03-02, channel: 来访, category: 城市建设, summary: 路灯不亮。, status: 受理}


  - id: 2026-004
    received: 2026-03-05
    channel: 来访
    category: 城市建设
    summary: |
      第一行
      第二行
    status: 受理
# 年度
year: 2026
# 文件结束
""".replace("TRAILING", "   ")  # trailing spaces, which the canonical form drops

CANONICAL_CASES = """\
# yaml-language-server: $schema=../../schema/cases.schema.json
# 意见建议办理情况
# 年度
year: 2026

cases:   # 按受理日期排列
  # 第一件
  - id: 2026-002
    # 编号按年度排
    received: 2026-03-01
    channel: 扫码
    category: 交通出行
    summary: 建议增设公交站台。
    status: 受理     # 还没有交办

  # 第二件
  - id: 2026-003
    received: 2026-03-02
    channel: 来访
    category: 城市建设
    summary: 路灯不亮。
    status: 受理

  - id: 2026-004
    received: 2026-03-05
    channel: 来访
    category: 城市建设
    summary: |
      第一行
      第二行
    status: 受理
# 文件结束
"""


def project_with(tmp_path: Path, changes: dict[str, str | None]) -> tuple[Path, Path]:
    """A copy of the project whose data is the minimal region, made canonical, with `changes`."""
    data = write_region(tmp_path / "source")
    for reformat in check_region(data, tmp_path)[0]:
        write(reformat)
    for name, text in changes.items():
        (data / name).write_text(text, encoding="utf-8")
    project = make_project(tmp_path / "project", data)
    return project, project / "stations"


def test_shuffled_file_gets_model_order_and_keeps_every_comment() -> None:
    assert canonical_text(SHUFFLED_CASES, CasesFile) == CANONICAL_CASES


@pytest.mark.parametrize(
    ("model", "written", "canonical"),
    [
        (  # lists of plain values inline, records as blocks, no blank line inside a deputy
            DeputiesFile,
            "linked:\n  - role: 进站代表\n    id: c\ndeputies:\n  - name: 王丽\n    id: wang-li\n    level:\n      - 市\n      - 县\n\n    contact: {phone: '123'}\n",
            "deputies:\n  - id: wang-li\n    name: 王丽\n    level: [市, 县]\n    contact:\n      phone: '123'\n\nlinked:\n  - id: c\n    role: 进站代表\n",
        ),
        (  # monthly themes inline, one per line; sessions without blank lines between them
            PlanFile,
            "themes:\n  - theme: 安全生产\n    month: 1\nyear: 2026\nactivities: []\n",
            "year: 2026\n\nthemes:\n  - {month: 1, theme: 安全生产}\n\nactivities: []\n",
        ),
        (
            ScheduleFile,
            "sessions:\n  - time: '09:00-11:00'\n    date: '2026-12-05'\n\n  - date: 2026-12-06\n    time: '09:00-11:00'\n",
            "sessions:\n  - date: 2026-12-05\n    time: '09:00-11:00'\n  - date: 2026-12-06\n    time: '09:00-11:00'\n",
        ),
    ],
)
def test_layout_rules(model, written: str, canonical: str) -> None:
    assert canonical_text(written, model) == canonical


def test_fmt_is_idempotent_on_the_shuffled_file_and_every_example_file() -> None:
    once = canonical_text(SHUFFLED_CASES, CasesFile)
    assert canonical_text(once, CasesFile) == once
    files, problems = data_files(DataTree(EXAMPLE / "stations", EXAMPLE))
    assert problems == []
    assert sorted(p for p, _ in files) == sorted(EXAMPLE.glob("stations/**/*.yml"))
    for path, model in files:
        text = path.read_text(encoding="utf-8")
        assert canonical_text(text, model) == text, path


def test_example_data_is_canonical() -> None:
    assert check_region(EXAMPLE / "stations", EXAMPLE) == ([], [])


def test_check_format_fails_on_a_shuffled_file_and_passes_after_fmt(tmp_path: Path) -> None:
    project, data = project_with(tmp_path, {"zd/cases-2026.yml": SHUFFLED_CASES})
    checked = run_generator(project, "validate", "--check-format")
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[:2] == [
        "stations/zd/cases-2026.yml:3:1 文件格式不规范（从第 3 行起与统一格式不同），请运行 python -m generator fmt 自动整理后再提交",
        "发现 1 处问题，请逐条修改后重新检查；网站没有生成",
    ]
    assert run_generator(project, "validate").returncode == 0  # the format is checked only when asked

    formatted = run_generator(project, "fmt")
    assert formatted.returncode == 0, formatted.stderr
    assert formatted.stdout.splitlines() == [
        "已整理格式：stations/zd/cases-2026.yml",
        "已整理 1 个文件，请检查修改后提交",
    ]
    assert (data / "zd/cases-2026.yml").read_text(encoding="utf-8") == CANONICAL_CASES
    assert run_generator(project, "validate", "--check-format").returncode == 0
    again = run_generator(project, "fmt")
    assert again.stdout.splitlines() == ["所有数据文件格式都已规范，没有需要整理的文件"]


def test_format_problems_are_reported_with_data_problems(tmp_path: Path) -> None:
    broken = SHUFFLED_CASES.replace("channel: 扫码", "channel: 微信")
    project, _ = project_with(tmp_path, {"zd/cases-2026.yml": broken})
    checked = run_generator(project, "validate", "--check-format")
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        "stations/zd/cases-2026.yml:3:1 文件格式不规范（从第 3 行起与统一格式不同），请运行 python -m generator fmt 自动整理后再提交",
        "stations/zd/cases-2026.yml:10:14 案例“2026-002”的 channel 取值“微信”无效，应为 来访/扫码/走访/电话/来信/网络/座谈/其他 之一",
        "发现 2 处问题，请逐条修改后重新检查；网站没有生成",
    ]


def test_unreadable_files_are_left_alone_and_the_others_formatted(tmp_path: Path) -> None:
    tabbed = "deputies:\n  - id: a\n\tname: 甲\n"
    project, data = project_with(tmp_path, {"zd/deputies.yml": tabbed, "zd/cases-2026.yml": SHUFFLED_CASES})
    result = run_generator(project, "fmt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "stations/zd/deputies.yml:3:1 这一行用了制表符（Tab）缩进，请改用空格缩进",
        "发现 1 处问题，这些文件没有整理，请逐条修改后重试",
    ]
    assert (data / "zd/deputies.yml").read_text(encoding="utf-8") == tabbed
    assert (data / "zd/cases-2026.yml").read_text(encoding="utf-8") == CANONICAL_CASES
    assert not list(data.rglob(".*.tmp"))


def test_a_rewrite_that_would_lose_a_comment_is_refused(tmp_path: Path) -> None:
    # ruamel.yaml drops comments inside [...]; the check sees it and leaves the file alone
    deputies = "deputies:\n  - name: 王丽\n    id: wang-li\n    level: [市,  # 市人大\n      县]\n  - id: zhao-gang\n    name: 赵刚\n    level: 乡\n"
    project, data = project_with(tmp_path, {"zd/deputies.yml": deputies})
    result = run_generator(project, "fmt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "stations/zd/deputies.yml:1:1 无法自动整理这个文件的格式（整理后内容或注释会变化），请对照示例手工调整缩进和键的顺序",
        "发现 1 处问题，这些文件没有整理，请逐条修改后重试",
    ]
    assert (data / "zd/deputies.yml").read_text(encoding="utf-8") == deputies
