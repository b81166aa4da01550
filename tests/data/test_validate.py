"""The validator: one class of bad input per case, asserting the exact Chinese line (file, line, column)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.problems import DataError
from generator.region.validate import validate_region
from tests.conftest import ROOT
from tests.minimal import FILES, write_region

TODAY = dt.date(2026, 11, 24)


def problems_for(tmp_path: Path, changes: dict[str, str | None]) -> list[str]:
    data = write_region(tmp_path, changes)
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    return [p.render() for p in caught.value.problems]


def replace(name: str, old: str, new: str) -> dict[str, str]:
    assert old in FILES[name], old
    return {name: FILES[name].replace(old, new, 1)}


def test_minimal_region_is_valid(tmp_path: Path) -> None:
    model = validate_region(write_region(tmp_path), tmp_path, TODAY)
    assert list(model.stations) == ["zz", "cz", "zd"]
    assert [m.deputy.id for m in model.stations["cz"].members] == ["sun-hong", "wang-li"]
    assert model.stations["zd"].upcoming[0].occurrence.date == dt.date(2026, 11, 28)


CASES = [
    # --- malformed YAML -------------------------------------------------------------------
    (
        "tab",
        {"zd/deputies.yml": "deputies:\n  - id: a\n\tname: 甲\n"},
        "stations/zd/deputies.yml:3:1 这一行用了制表符（Tab）缩进，请改用空格缩进",
    ),
    (
        "bad indentation",
        {"zd/deputies.yml": "deputies:\n  - id: a\n    name: 甲\n   level: 市\n"},
        "stations/zd/deputies.yml:4:4 缩进不正确：同一层级的行要对齐，列表项以“- ”开头，请对照上下文调整空格",
    ),
    (
        "duplicate key",
        {"zd/deputies.yml": "deputies:\n  - id: a\n    name: 甲\n    name: 乙\n    level: 市\n"},
        "stations/zd/deputies.yml:4:5 键 name 重复出现（第 3 行已有），请删除或合并其中一处",
    ),
    (
        "unclosed quote",
        {"zd/deputies.yml": 'deputies:\n  - id: a\n    name: "甲\n    level: 市\n'},
        "stations/zd/deputies.yml:3:11 引号没有配对，请检查这一行的引号是否成对出现",
    ),
    (
        "colon in a plain value",
        {"zd/deputies.yml": "deputies:\n  - id: a\n    name: 甲: 乙\n    level: 市\n"},
        "stations/zd/deputies.yml:3:12 这一行的冒号位置不对：键和值写在同一行时用“键: 值”，值里含有冒号时请给值加上引号",
    ),
    (
        "empty file",
        {"zd/schedule.yml": "# nothing yet\n"},
        "stations/zd/schedule.yml:1:1 文件是空的，请按照示例填写内容，或删除这个文件",
    ),
    (
        "list at the top",
        {"zd/schedule.yml": "- a\n- b\n"},
        "stations/zd/schedule.yml:1:1 文件最外层应为“键: 值”的形式，请对照示例修改",
    ),
    # --- types and vocabularies -------------------------------------------------------------
    (
        "invalid level",
        replace("zd/deputies.yml", "level: 乡", "level: 议员"),
        "stations/zd/deputies.yml:9:12 代表“赵刚”的 level 取值“议员”无效，应为 全国/省/市/县/乡 之一",
    ),
    (
        "missing required field",
        replace("zd/deputies.yml", "    level: 乡\n", ""),
        "stations/zd/deputies.yml:7:5 代表“赵刚”缺少必填项 level（代表层级），请补上",
    ),
    (
        "unknown field with a suggestion",
        replace("zd/deputies.yml", "constituency:", "constituancy:"),
        "stations/zd/deputies.yml:5:5 代表“王丽”有无法识别的字段 constituancy，请检查拼写或删除这一行（是不是要写 constituency？）",
    ),
    (
        "date that does not exist",
        replace("zd/schedule.yml", "2026-12-05", "2026-02-30"),
        "stations/zd/schedule.yml:7:11 第 1 条接待场次的 date 取值“2026-02-30”不是真实存在的日期，请检查月份和日",
    ),
    (
        "date in the wrong format",
        replace("zd/schedule.yml", "2026-12-05", "12月5日"),
        "stations/zd/schedule.yml:7:11 第 1 条接待场次的 date 取值“12月5日”不是有效日期，请写成 2026-01-05 这样的格式",
    ),
    (
        "day out of range",
        replace("zd/schedule.yml", "day: 28", "day: 32"),
        "stations/zd/schedule.yml:3:10 第 1 条接待规则的 day 取值“32”超出范围，应在 1 到 31 之间",
    ),
    (
        "bad time span",
        replace("zd/schedule.yml", '"09:00-11:30"', "上午"),
        "stations/zd/schedule.yml:4:11 第 1 条接待规则的 time 取值“上午”无效，时间请写成 09:00-11:30 这样的格式",
    ),
    (
        "bad id",
        replace("zd/deputies.yml", "id: zhao-gang", "id: Zhao Gang"),
        "stations/zd/deputies.yml:7:9 代表“赵刚”的 id 取值“Zhao Gang”无效，编号只能用小写字母、数字和连字符（如 wang-xiulan）",
    ),
    (
        "form link that is not http(s)",
        replace("zd/station.yml", "https://wj.example.cn/s/zd", "javascript:alert(1)"),
        "stations/zd/station.yml:10:7 站点“杏林社区联络站”的 form 取值“javascript:alert(1)”无效，链接必须以 http:// 或 https:// 开头",
    ),
    (
        "form template with an unknown placeholder",
        replace("zd/station.yml", "https://wj.example.cn/s/zd", "https://wj.example.cn/s/zd{?user}"),
        "stations/zd/station.yml:10:7 站点“杏林社区联络站”的 form 取值“https://wj.example.cn/s/zd{?user}”里有不认识的占位符或多余的花括号，花括号里只能写 station、station_name、deputy、deputy_name 这几个占位符",
    ),
    (
        "region form template that is not http(s)",
        {"region.yml": FILES["region.yml"] + "form: '{station}'\n"},
        "stations/region.yml:3:7 地区信息的 form 取值“{station}”无效，链接必须以 http:// 或 https:// 开头",
    ),
    (
        "station email that is not an address",
        replace("zd/station.yml", 'phone: "0571-8000 0003"', 'phone: "0571-8000 0003"\nemail: 杏林社区'),
        "stations/zd/station.yml:9:8 站点“杏林社区联络站”的 email 取值“杏林社区”不像邮箱地址，请写成 name@example.cn 的样子",
    ),
    (
        "empty value",
        replace("zd/station.yml", "address: 杏林路5号", "address:"),
        "stations/zd/station.yml:6:9 站点“杏林社区联络站”的 address 不能为空，请填写内容或删除这一行",
    ),
    (
        "text where a list is expected",
        replace("zd/station.yml", "area: [测试区, 东街街道, 杏林社区]", "area: 杏林社区"),
        "stations/zd/station.yml:5:7 站点“杏林社区联络站”的 area 应为列表，每一项另起一行并以“- ”开头",
    ),
    # --- files and folders ----------------------------------------------------------------------
    (
        "unknown file",
        {"zd/members.yml": "a: 1\n"},
        "stations/zd/members.yml:1:1 无法识别的文件 members.yml，站点文件夹里只能有 station.yml、deputies.yml、schedule.yml、plan-年份.yml、cases-年份.yml、records-年份.yml",
    ),
    (
        "year in file and name differ",
        replace("zd/plan-2026.yml", "year: 2026", "year: 2025"),
        "stations/zd/plan-2026.yml:1:7 年度 2025 与文件名中的年份 2026 不一致，请修改其中一处",
    ),
    (
        "station id differs from folder",
        replace("zd/station.yml", "id: zd", "id: zd2"),
        "stations/zd/station.yml:1:5 站点编号 zd2 与文件夹名 zd 不一致，请把 id 改为 zd，或修改文件夹名",
    ),
    # --- cross references -----------------------------------------------------------------------
    (
        "unknown parent",
        replace("zd/station.yml", "parent: cz", "parent: nowhere"),
        "stations/zd/station.yml:4:9 上级站点 nowhere 不存在，请填写已有站点的编号",
    ),
    (
        "parent of a lower kind",
        replace("cz/station.yml", "parent: zz", "parent: zd"),
        "stations/cz/station.yml:4:9 中心站的上级站点 zd 是联络站，上级站点的层级应高于本站",
    ),
    (
        "schedule names an unknown deputy",
        replace("zd/schedule.yml", "deputies: [wang-li]", "deputies: [wang-lii]"),
        "stations/zd/schedule.yml:5:16 代表编号 wang-lii 不存在，请填写已在某个站点 deputies.yml 中登记的代表编号",
    ),
    (
        "deputy id used twice in the region",
        replace("cz/deputies.yml", "id: sun-hong", "id: zhao-gang"),
        "stations/zd/deputies.yml:7:9 代表编号 zhao-gang 重复（stations/cz/deputies.yml:2 已使用），编号在全区内必须唯一，请换一个编号",
    ),
    (
        "weekly rule without weekday",
        replace("zd/schedule.yml", "repeat: 每月", "repeat: 每周"),
        "stations/zd/schedule.yml:2:13 每周接待的规则需要填写 weekday（周一至周日），且不要填写 day、week 或 months",
    ),
    (
        "activity with both date and month",
        replace("zd/plan-2026.yml", "    month: 12\n", "    month: 12\n    date: 2026-12-01\n"),
        "stations/zd/plan-2026.yml:13:5 活动“代表述职会”需要填写 date（日期）或 month（月份）之一，不能都填或都不填",
    ),
    (
        "done activity without record",
        replace("zd/plan-2026.yml", "    record: 走访企业5家，收集建议8条。\n", ""),
        "stations/zd/plan-2026.yml:10:13 活动“走访辖区企业”已完成，请在 record 中写一段简短的活动记录",
    ),
    (
        "case status ahead of its dates",
        replace("zd/cases-2026.yml", "    status: 受理\n", "    status: 已答复\n"),
        "stations/zd/cases-2026.yml:22:13 案例 2026-002 的状态是“已答复”，请填写 assigned（交办的日期）",
    ),
    (
        "case dates out of order",
        replace("zd/cases-2026.yml", "replied: 2026-02-10", "replied: 2026-01-10"),
        "stations/zd/cases-2026.yml:13:14 案例 2026-001 的已答复日期 2026-01-10 早于上一步的日期 2026-02-03，请检查日期",
    ),
    (
        "rejected case without reason",
        replace("zd/cases-2026.yml", "    status: 受理\n", "    status: 不予受理\n"),
        "stations/zd/cases-2026.yml:22:13 案例 2026-002 不予受理，请在 reason 中写明理由（如：已进入诉讼程序）",
    ),
    (
        "rated case without satisfaction",
        replace("zd/cases-2026.yml", "    satisfaction: 满意\n", ""),
        "stations/zd/cases-2026.yml:10:13 案例 2026-001 已评价，请把 satisfaction 填为 满意、基本满意 或 不满意",
    ),
    # --- the mistakes clerks really make, named for what they are, on the line where they are -------
    (
        "a key indented one space too far",
        replace("zd/deputies.yml", "    level: [市, 县]", "     level: [市, 县]"),
        "stations/zd/deputies.yml:4:1 这一行比上一行多缩进了 1 个空格：同一条记录里的键要左对齐，请删掉多出的空格",
    ),
    (
        "a full-width colon after a key",
        replace("zd/deputies.yml", "    name: 王丽", "    name：王丽"),
        "stations/zd/deputies.yml:3:9 这里用了中文冒号“：”，请改成英文冒号“:”，冒号后面加一个空格",
    ),
    (
        "a full-width colon on the last key of a record",
        replace("zd/deputies.yml", "    role: 站长", "    role：站长"),
        "stations/zd/deputies.yml:6:9 这里用了中文冒号“：”，请改成英文冒号“:”，冒号后面加一个空格",
    ),
    (
        "full-width spaces as indentation",
        replace("zd/deputies.yml", "    name: 王丽", "　　name: 王丽"),
        "stations/zd/deputies.yml:3:1 这一行开头用了全角空格（中文输入法下的空格）缩进，请删掉它，改用半角空格缩进",
    ),
    (
        "a full-width space inside a name",
        replace("zd/deputies.yml", "name: 王丽", "name: 王　丽"),
        "stations/zd/deputies.yml:3:11 代表“王　丽”的 name 取值“王　丽”中间有空格，姓名里不要用空格对齐，请删掉空格",
    ),
    (
        "the same deputy written at a second station",
        {
            "cz/deputies.yml": FILES["cz/deputies.yml"].replace(
                "linked:\n  - id: wang-li\n    role: 进站代表\n", "  - id: wang-li\n    name: 王丽\n    level: 市\n"
            )
        },
        "stations/zd/deputies.yml:2:9 代表“王丽”（编号 wang-li）已在 stations/cz/deputies.yml:5 登记；同一位代表也在这里进站时，"
        "请删去这条记录，改在本文件的 linked 下写 - id: wang-li；如果是另一位同名代表，请给这一位换一个编号，如 wang-li-2",
    ),
    (
        "a phone written directly under a deputy",
        replace("zd/deputies.yml", "    role: 站长", '    role: 站长\n    phone: "0571-8000 0009"'),
        "stations/zd/deputies.yml:7:5 代表“王丽”的 phone 要写在 contact 下面：先写一行 contact:，再把 phone 缩进两格写在它下一行",
    ),
    (
        "full-width digits in a phone number",
        replace("zd/station.yml", '"0571-8000 0003"', '"０５７１-8000 0003"'),
        "stations/zd/station.yml:8:8 站点“杏林社区联络站”的 phone 取值“０５７１-8000 0003”里有全角数字（中文输入法下的数字），请改成半角数字 0-9",
    ),
    (
        "a line break in a name",
        replace("zd/deputies.yml", "name: 赵刚", 'name: "赵刚\\nEND:VEVENT"'),
        "stations/zd/deputies.yml:8:11 代表“赵刚\\nEND:VEVENT”的 name 只能写一行，请删掉其中的换行（需要分段的内容请写在简介、记录等栏目里）",
    ),
    (
        "a bad deputy id in an activity's list",
        replace("zd/plan-2026.yml", "deputies: [wang-li]", "deputies: [Wang-Li]"),
        "stations/zd/plan-2026.yml:12:16 活动“走访辖区企业”的 deputies 第 1 项 取值“Wang-Li”无效，编号只能用小写字母、数字和连字符（如 wang-xiulan）",
    ),
    # --- what a file may not do ---------------------------------------------------------------------
    (
        "a date written as seconds since 1970",
        replace("zd/cases-2026.yml", "received: 2026-03-01", "received: 1768780800"),
        "stations/zd/cases-2026.yml:18:15 案例“2026-002”的 received 取值“1768780800”不是有效日期，请写成 2026-01-05 这样的格式",
    ),
    (
        "two documents in one file",
        {"zd/deputies.yml": FILES["zd/deputies.yml"] + "---\nx: 1\n"},
        "stations/zd/deputies.yml:10:1 一个文件里只能有一份数据：这一行的 --- 开始了第二份；请删除这一行，或把后面的内容移到另一个文件",
    ),
    (
        "a NUL byte",
        replace("zd/deputies.yml", "name: 赵刚", "name: 赵\x00刚"),
        "stations/zd/deputies.yml:8:12 这里有不可见的控制字符（U+0000），通常是从别处复制时带进来的；请删除这个字符，或重新输入这一行",
    ),
    (
        "an anchor and an alias",
        {"zd/deputies.yml": "x: &a 1\n" + FILES["zd/deputies.yml"]},
        "stations/zd/deputies.yml:1:4 这里用了锚点或别名（& 或 *）；这些文件不支持引用，请把内容直接写出来，或给以 & 或 * 开头的值加上引号",
    ),
    (
        "billion laughs: 9 levels of 10 aliases",
        {
            "zd/schedule.yml": "a0: &a0 [lol]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
            + "rules: *a9\n"
        },
        "stations/zd/schedule.yml:1:5 这里用了锚点或别名（& 或 *）；这些文件不支持引用，请把内容直接写出来，或给以 & 或 * 开头的值加上引号",
    ),
    (
        "a recursive alias",
        {"zd/schedule.yml": "rules: &a [*a]\n"},
        "stations/zd/schedule.yml:1:8 这里用了锚点或别名（& 或 *）；这些文件不支持引用，请把内容直接写出来，或给以 & 或 * 开头的值加上引号",
    ),
    (
        "nesting 10,000 flow lists deep",
        {"zd/schedule.yml": "rules: " + "[" * 10_000 + "]" * 10_000 + "\n"},
        "stations/zd/schedule.yml:1:31 这里的层级超过 24 层，数据文件不会有这么多层；请检查缩进和括号是否多写了",
    ),
    (
        "nesting 10,000 flow maps deep",
        {"zd/schedule.yml": "rules: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"},
        "stations/zd/schedule.yml:1:100 这里的层级超过 24 层，数据文件不会有这么多层；请检查缩进和括号是否多写了",
    ),
    (
        "nesting 1,000 block lists deep",
        {"zd/schedule.yml": "rules:\n" + "".join(" " * i + "-\n" for i in range(1_000))},
        "stations/zd/schedule.yml:25:24 这里的层级超过 24 层，数据文件不会有这么多层；请检查缩进和括号是否多写了",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_message(tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    assert expected in problems_for(tmp_path, changes)


def test_non_utf8_file(tmp_path: Path) -> None:
    data = write_region(tmp_path)
    (data / "zd" / "deputies.yml").write_bytes(b"deputies:\n  - id: a\n    name: " + "王".encode("gbk") + b"\n")
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    assert [p.render() for p in caught.value.problems] == [
        "stations/zd/deputies.yml:3:11 文件不是 UTF-8 编码，请在编辑器中以 UTF-8 编码另存后再提交"
    ]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    changes = {
        **replace("zd/deputies.yml", "level: 乡", "level: 议员"),
        **replace("zd/station.yml", "parent: cz", "parent: nowhere"),
        "cz/schedule.yml": "rules:\n\t- x\n",
    }
    found = problems_for(tmp_path, changes)
    assert [line.split(" ")[0] for line in found] == [
        "stations/cz/schedule.yml:2:1",
        "stations/zd/deputies.yml:9:12",
    ]  # parents are checked only once every file reads: a second run reports the parent


def test_cli_exits_non_zero_with_chinese_lines_and_no_traceback(tmp_path: Path) -> None:
    write_region(tmp_path, replace("zd/deputies.yml", "level: 乡", "level: 议员"))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--data", "stations", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "stations/zd/deputies.yml:9:12 代表“赵刚”的 level 取值“议员”无效，应为 全国/省/市/县/乡 之一",
        "发现 1 处问题，请逐条修改后重新检查；网站没有生成",
    ]


def test_cli_reports_success(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    write_region(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["--today", "2026-11-24", "validate"]) == 0
    assert capsys.readouterr().out.strip() == "数据检查通过：3 个站点，3 名代表，2 件案例"


def test_a_file_with_thousands_of_mistakes_lists_fifty_and_counts_the_rest(tmp_path: Path) -> None:
    deputies = "deputies:\n" + "  - x\n" * 3000
    problems = problems_for(tmp_path, {"zd/deputies.yml": deputies})
    mine = [p for p in problems if p.startswith("stations/zd/deputies.yml")]
    assert len(mine) == 51
    assert (
        mine[-1]
        == "stations/zd/deputies.yml:3001:1 这个文件还有 2950 处问题没有列出；请先改正上面列出的问题，再重新检查"
    )


def test_two_thousand_empty_station_folders_are_each_reported_once(tmp_path: Path) -> None:
    """A careless copy of a folder tree: every empty folder named, in time linear in their number."""
    data = write_region(tmp_path / "data")
    for number in range(2000):
        (data / f"empty-{number}").mkdir()
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    missing = [p for p in caught.value.problems if "缺少 station.yml" in p.message]
    assert len(missing) == 2000 and len({p.file for p in missing}) == 2000
