"""The change summary of a pull request: two crafted data trees in, plain Chinese out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.cli import main
from generator.region.validate import validate_region
from generator.tools.changes import Calendar, Change, compare, describe_changes, summary
from tests.conftest import BUILD_DATE
from tests.minimal import FILES, write_region

TODAY = dt.date.fromisoformat(BUILD_DATE)

NEW_CASE = """\
  - id: 2026-003
    received: 2026-11-02
    channel: 电话
    category: 民生保障
    summary: 建议社区食堂延长营业时间。
    status: 受理
"""


def model(root: Path, changes: dict[str, str | None] | None = None):
    return validate_region(write_region(root, changes), root, TODAY)


def edit(name: str, *pairs: tuple[str, str]) -> str:
    text = FILES[name]
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_a_pull_request_in_plain_words(tmp_path: Path) -> None:
    base = model(tmp_path / "base")
    head = model(
        tmp_path / "head",
        {
            # a deputy added, one changed, one moved out of a station's linked list
            "zd/deputies.yml": edit(
                "zd/deputies.yml",
                ("    level: 乡\n", "    level: 乡\n    occupation: 杏林社区主任\n"),
            )
            + "  - id: li-na\n    name: 李娜\n    level: 县\n",
            "cz/deputies.yml": "deputies:\n  - id: sun-hong\n    name: 孙红\n    level: 全国\n",
            # the monthly day moves, a dated session is added
            "zd/schedule.yml": edit(
                "zd/schedule.yml",
                ("    day: 28\n", "    day: 27\n"),
                ("    topic: 局长有约\n", "    topic: 局长有约\n  - date: 2026-12-20\n    time: '09:00-11:00'\n"),
            ),
            # a case answered, a case added
            "zd/cases-2026.yml": edit(
                "zd/cases-2026.yml",
                (
                    "    summary: 建议增设公交站台。\n    status: 受理\n",
                    "    summary: 建议增设公交站台。\n    department: 区交通局\n    status: 已答复\n"
                    "    assigned: 2026-03-02\n    processing: 2026-03-03\n    replied: 2026-03-20\n"
                    "    reply: 已在人民路增设公交站台。\n",
                ),
            )
            + NEW_CASE,
            # an activity renamed, a theme added
            "zd/plan-2026.yml": edit(
                "zd/plan-2026.yml",
                ("    title: 代表述职会\n", "    title: 年终代表述职会\n"),
                ("themes:\n", "themes:\n  - month: 12\n    theme: 年度回顾\n"),
            ),
        },
    )
    changes, calendar = compare(base, head)
    # the published half year: six 28ths become 27ths, and the new dated session
    assert calendar == Calendar(added=7, removed=6)
    assert summary(changes, calendar) == (
        "数据变化\n"
        "\n"
        "本次修改：新增代表 1 名、修改代表信息 2 名、修改固定接待日 1 条、新增专场接待 1 场、新增月度主题 1 条、"
        "修改活动 1 项、新增办理案例 1 件、更新办理进展 1 件。\n"
        "\n"
        "按修改后的接待安排，今天起 180 天内的接待日程新增 7 场、减少 6 场。\n"
        "\n"
        "- 新增代表：李娜（杏林社区联络站）\n"
        "- 修改代表：王丽（杏林社区联络站）：所在联络站\n"
        "- 修改代表：赵刚（杏林社区联络站）：职业职务\n"
        "- 修改固定接待日：杏林社区联络站 每月27日 09:00-11:30：每月几号\n"
        "- 新增专场接待：杏林社区联络站 2026年12月20日 09:00-11:00\n"
        "- 新增月度主题：杏林社区联络站 2026年12月主题：年度回顾\n"
        "- 修改活动：年终代表述职会（杏林社区联络站）：活动名称\n"
        "- 新增办理案例：杏林社区联络站 案例 2026-003（民生保障）\n"
        "- 办理案例状态更新：杏林社区联络站 案例 2026-002（交通出行）：受理 → 已答复\n"
    )


def test_removals_and_activity_status(tmp_path: Path) -> None:
    base = model(tmp_path / "base")
    head = model(
        tmp_path / "head",
        {
            "zd/deputies.yml": edit("zd/deputies.yml", ("  - id: zhao-gang\n    name: 赵刚\n    level: 乡\n", "")),
            "zd/schedule.yml": "rules:\n"
            + FILES["zd/schedule.yml"].split("rules:\n")[1].split("sessions:\n")[0]
            + "sessions: []\n",
            "zd/plan-2026.yml": edit(
                "zd/plan-2026.yml",
                (
                    "    type: 代表述职\n    month: 12\n",
                    "    type: 代表述职\n    month: 3\n    status: 已完成\n    record: 述职3人。\n",
                ),
            ),
            "zd/cases-2026.yml": FILES["zd/cases-2026.yml"].split("  - id: 2026-002")[0],
        },
    )
    changes, calendar = compare(base, head)
    assert changes == [
        Change("deputy", "removed", "赵刚（杏林社区联络站）"),
        Change("session", "removed", "杏林社区联络站 2026年12月5日 14:00-16:00"),
        Change("activity", "status", "代表述职会（杏林社区联络站）", "计划 → 已完成"),
        Change("case", "removed", "杏林社区联络站 案例 2026-002（交通出行）"),
    ]
    assert calendar == Calendar(added=0, removed=1)
    assert summary(changes, calendar).splitlines()[2] == (
        "本次修改：删除代表 1 名、删除专场接待 1 场、更新活动状态 1 项、删除办理案例 1 件。"
    )


def test_no_change_to_the_data(tmp_path: Path) -> None:
    base = model(tmp_path / "base")
    # comments and layout only
    head = model(tmp_path / "head", {"zd/deputies.yml": "# 代表信息\n" + FILES["zd/deputies.yml"]})
    changes, calendar = compare(base, head)
    assert (changes, calendar) == ([], Calendar(0, 0))
    assert summary(changes, calendar, markdown=True) == (
        "### 数据变化\n\n本次修改没有改变网站上公开的数据（只改了格式、注释或其他文件）。\n"
    )


def test_markdown_summary_escapes_text_from_the_data(tmp_path: Path) -> None:
    base = model(tmp_path / "base")
    hostile = "deputies:\n  - id: x\n    name: '*王*<img src=x>[链接](http://a)'\n    level: 乡\n"
    head = model(tmp_path / "head", {"cz/deputies.yml": hostile})
    lines = summary(*compare(base, head), markdown=True).splitlines()
    assert "- 新增代表：\\*王\\*\\<img src=x\\>\\[链接\\](http://a)（东街中心站）" in lines


def test_a_new_data_folder_is_all_new_and_broken_trees_are_said_so(tmp_path: Path) -> None:
    head = write_region(tmp_path / "head")
    text = describe_changes(tmp_path / "missing", head, TODAY)
    assert text.splitlines()[2] == (
        "本次修改：新增站点 3 个、新增代表 3 名、新增固定接待日 1 条、新增专场接待 1 场、新增月度主题 1 条、"
        "新增活动 2 项、新增办理案例 2 件。"
    )
    broken = write_region(tmp_path / "broken", {"zd/deputies.yml": "deputies:\n  - id: a\n\tname: 甲\n"})
    assert describe_changes(broken, head, TODAY, markdown=True) == (
        "### 数据变化\n\n修改前的数据有 1 处问题，无法读取，因此无法逐项比较；请以数据检查的结果为准。\n"
    )
    assert describe_changes(head, broken, TODAY) == (
        "数据变化\n\n修改后的数据有 1 处问题，请先按数据检查的提示改正；改正后这里会列出数据变化。\n"
    )


# Fictional 2027 days (no official 2027 arrangement existed when this was written).
HOLIDAYS_2027 = "year: 2027\nholidays:\n  - name: 元旦\n    start: 2027-01-01\n    end: 2027-01-03\n"


def test_a_declared_holiday_year_is_named_with_its_effect_on_the_calendar(tmp_path: Path) -> None:
    rule_on_the_first = {"zd/schedule.yml": edit("zd/schedule.yml", ("    day: 28\n", "    day: 1\n"))}
    base = model(tmp_path / "base", rule_on_the_first)
    head = model(tmp_path / "head", {**rule_on_the_first, "holidays-2027.yml": HOLIDAYS_2027})
    changes, calendar = compare(base, head)
    assert changes == [Change("holiday", "added", "2027 年")]
    assert calendar == Calendar(added=1, removed=1)  # 2027-01-01 moves to 2027-01-04
    assert summary(changes, calendar).splitlines()[2::2] == [
        "本次修改：新增法定节假日安排 1 年。",
        "按修改后的接待安排，今天起 180 天内的接待日程新增 1 场、减少 1 场。",
        "- 新增法定节假日安排：2027 年",
    ]
    later = model(
        tmp_path / "later", {**rule_on_the_first, "holidays-2027.yml": HOLIDAYS_2027.replace("01-03", "01-02")}
    )
    assert compare(head, later)[0] == [Change("holiday", "changed", "2027 年", "放假安排")]


def test_the_command_prints_the_summary_in_either_format(tmp_path: Path, capsys, monkeypatch) -> None:
    base = write_region(tmp_path / "base")
    head = write_region(tmp_path / "head", {"zd/deputies.yml": edit("zd/deputies.yml", ("name: 王丽", "name: 王莉"))})
    monkeypatch.chdir(tmp_path)
    for form, markdown in (("text", False), ("markdown", True)):
        assert main(["--today", BUILD_DATE, "changes", "base/stations", "head/stations", "--format", form]) == 0
        assert capsys.readouterr().out == describe_changes(base, head, TODAY, markdown=markdown)
    assert main(["--today", BUILD_DATE, "changes", "base/stations", "head/stations"]) == 0
    assert capsys.readouterr().out.startswith("数据变化\n")
