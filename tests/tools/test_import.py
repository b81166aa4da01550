"""`import-cases` on realistic form exports: personal data gone, idempotent, the clerk's file kept, bad input refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from stdnum import luhn
from stdnum.cn import ric

from generator.problems import DataError
from generator.region.validate import validate_region
from tests.conftest import make_project, run_build, run_generator
from tests.minimal import FILES, write_region

ID_NUMBER = "33010619850307123" + ric.calc_check_digit("330106198503071230")
CARD = "622202123456789012" + luhn.calc_check_digit("622202123456789012")

# Everything private planted in the exports below; none of it may reach the repository or the site.
PLANTED = [
    "李秀英",
    "王建国",
    "张伟",
    "13812345678",
    "139 1234 5678",
    "0571-86123401",
    ID_NUMBER,
    "lxy1960@qq.com",
    CARD,
    "88号",
    "3幢2单元201室",
    "杏花苑7-2",
    "wjg@163.com",
]

# 问卷星 ("序号", "提交答卷时间", numbered questions) as its CSV download has it
WJX_HEADER = [
    "序号",
    "提交答卷时间",
    "所用时间",
    "来源",
    "来源详情",
    "来自IP",
    "1、您的姓名",
    "2、联系电话",
    "3、问题类别",
    "4、意见建议内容",
]
WJX_ROWS = [
    [
        "1",
        "2026/11/19 9:12:33",
        "95秒",
        "微信",
        "N/A",
        "115.1.2.3(浙江-杭州)",
        "李秀英",
        "13812345678",
        "城市建设",
        "我是李秀英，家住柳塘路88号杏花小区3幢2单元201室，小区门口路灯坏了半个月。\n请回电13812345678或0571-86123401。",
    ],
    [
        "2",
        "2026/11/20 14:01:02",
        "80秒",
        "手机提交",
        "N/A",
        "115.1.2.4(浙江-杭州)",
        "王建国",
        "139 1234 5678",
        "交通出行",
        f"公交站台没有遮雨棚，老人等车淋雨。我的身份证号{ID_NUMBER}，邮箱lxy1960@qq.com",
    ],
    [
        "3",
        "2026/11/21 10:00:00",
        "60秒",
        "微信",
        "N/A",
        "115.1.2.5",
        "张伟",
        "",
        "",
        f"补贴没到账，卡号{CARD}，联系人：张伟",
    ],
    ["4", "2026/11/21 11:00:00", "5秒", "微信", "N/A", "115.1.2.6", "", "", "", ""],
]
WJX_CASES = [
    {
        "id": "2026-1119-1",
        "received": "2026-11-19",
        "channel": "扫码",
        "category": "城市建设",
        "summary": "我是【姓名】，家住柳塘路【详细地址】杏花小区【详细地址】，小区门口路灯坏了半个月。 请回电【手机号】或【电话】。",
        "status": "受理",
    },
    {
        "id": "2026-1120-2",
        "received": "2026-11-20",
        "channel": "扫码",
        "category": "交通出行",
        "summary": "公交站台没有遮雨棚，老人等车淋雨。我的身份证号【身份证号】，邮箱【邮箱】",
        "status": "受理",
    },
    {
        "id": "2026-1121-3",
        "received": "2026-11-21",
        "channel": "扫码",
        "category": "其他",
        "summary": "补贴没到账，卡号【银行卡号】，联系人：【姓名】",
        "status": "受理",
    },
]
WJX_OUTPUT = [
    "提示：第 5 行没有填写意见建议内容，没有导入",
    "已导入 3 条新的意见建议（跳过 0 条已导入过的），从内容中去掉了 9 处个人信息"
    "（姓名 2、手机号 1、电话 1、身份证号 1、邮箱 1、银行卡号 1、详细地址 2）",
    "已写入 stations/zd/cases-2026.yml",
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", write_region(tmp_path / "source"))


def import_cases(project: Path, export: Path, station: str = "zd"):
    return run_generator(project, "import-cases", "--station", station, str(export))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def new_cases(project: Path, year: int = 2026) -> list[dict[str, str]]:
    """The cases the import appended, read back with PyYAML (not the library that wrote them)."""
    data = yaml.load((project / f"stations/zd/cases-{year}.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return data["cases"][2:] if year == 2026 else data["cases"]


def assert_nothing_private(text: str) -> None:
    flat = re.sub(r"[\s\-]", "", text)
    for value in PLANTED:
        assert value not in text, value
        assert re.sub(r"[\s\-]", "", value) not in flat, value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_wjx_csv_becomes_scrubbed_draft_cases(project: Path, tmp_path: Path, encoding: str) -> None:
    export = write_csv(tmp_path / "问卷星.csv", WJX_HEADER, WJX_ROWS, encoding)
    result = import_cases(project, export)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == WJX_OUTPUT
    assert "请逐条核对诉求摘要" in result.stdout
    assert new_cases(project) == WJX_CASES
    assert_nothing_private((project / "stations/zd/cases-2026.yml").read_text(encoding="utf-8"))
    assert run_generator(project, "validate").returncode == 0


def test_tencent_xlsx_with_dates_and_several_personal_columns(project: Path, tmp_path: Path) -> None:
    header = ["编号", "开始答题时间", "结束答题时间", "答题时长", "1.姓名（必填）", "2.手机号码", "3.身份证号码"]
    header += ["4.家庭住址", "5.电子邮箱", "6.诉求类型", "7.反映内容"]
    rows: list[list[object]] = [
        [
            1024,
            dt.datetime(2026, 11, 2, 8, 59),
            dt.datetime(2026, 11, 2, 9, 3),
            "4分钟",
            "王建国",
            13812345678,
            ID_NUMBER,
            "杏花苑7-2",
            "wjg@163.com",
            "环境保护",
            "杏花苑7-2楼下餐馆油烟直排，王建国多次反映无果，可发邮件wjg@163.com",
        ]
    ]
    result = import_cases(project, write_xlsx(tmp_path / "腾讯问卷.xlsx", header, rows))
    assert result.returncode == 0, result.stderr
    assert new_cases(project) == [
        {
            "id": "2026-1102-1024",
            "received": "2026-11-02",
            "channel": "扫码",
            "category": "环境保护",
            "summary": "【详细地址】楼下餐馆油烟直排，【姓名】多次反映无果，可发邮件【邮箱】",
            "status": "受理",
        }
    ]
    assert_nothing_private((project / "stations/zd/cases-2026.yml").read_text(encoding="utf-8"))


def test_reimport_adds_nothing_in_either_format(project: Path, tmp_path: Path) -> None:
    cases_file = project / "stations/zd/cases-2026.yml"
    assert import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, WJX_ROWS)).returncode == 0
    after_first = cases_file.read_bytes()

    again = import_cases(project, write_csv(tmp_path / "b.csv", WJX_HEADER, WJX_ROWS, "gbk"))
    assert again.returncode == 0, again.stderr
    assert "没有新的意见建议需要导入（3 条都已导入过），案例文件没有改动" in again.stdout
    as_xlsx = [[int(r[0]), dt.datetime.strptime(r[1], "%Y/%m/%d %H:%M:%S"), *r[2:]] for r in WJX_ROWS]
    assert import_cases(project, write_xlsx(tmp_path / "c.xlsx", WJX_HEADER, as_xlsx)).returncode == 0
    assert cases_file.read_bytes() == after_first

    # a later export holds the old rows and one new one: only the new one is added
    later = [*WJX_ROWS, ["5", "2026/11/22 8:00:00", "", "", "", "", "", "", "社会治理", "小区垃圾分类亭破损"]]
    result = import_cases(project, write_csv(tmp_path / "d.csv", WJX_HEADER, later))
    assert "已导入 1 条新的意见建议（跳过 3 条已导入过的）" in result.stdout
    assert [c["id"] for c in new_cases(project)] == ["2026-1119-1", "2026-1120-2", "2026-1121-3", "2026-1122-5"]


def test_submissions_without_an_id_get_a_stable_content_hash(project: Path, tmp_path: Path) -> None:
    header = ["提交时间", "微信昵称", "诉求类型", "问题描述"]
    rows = [["2026-11-03 10:00", "老李", "城市建设", "路灯不亮"], ["2026-11-03 10:05", "老张", "城市建设", "井盖松动"]]
    assert import_cases(project, write_csv(tmp_path / "jsj.csv", header, rows)).returncode == 0
    ids = [c["id"] for c in new_cases(project)]
    assert all(re.fullmatch(r"2026-1103-[0-9a-f]{8}", i) for i in ids) and len(set(ids)) == 2
    assert "已导入 0 条" not in import_cases(project, write_csv(tmp_path / "jsj2.csv", header, rows[::-1])).stdout
    assert [c["id"] for c in new_cases(project)] == ids


def test_the_clerks_comments_and_layout_stay(project: Path, tmp_path: Path) -> None:
    cases_file = project / "stations/zd/cases-2026.yml"
    original = (
        "# yaml-language-server: $schema=../../schema/cases.schema.json\n"
        "# 杏林社区联络站 2026 年意见建议（联络员每月更新）\n"
        "year: 2026\n\n"
        + FILES["zd/cases-2026.yml"]
        .removeprefix("year: 2026\n")
        .replace("    summary: 群众反映某小区路灯损坏。\n", "    summary: 群众反映某小区路灯损坏。  # 已回访\n")
        .replace("  - id: 2026-002", "\n  # 下面一条等待交办\n  - id: 2026-002")
    )
    cases_file.write_text(original, encoding="utf-8")
    assert import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, WJX_ROWS)).returncode == 0
    text = cases_file.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert text[len(original) :].startswith("\n  - id: 2026-1119-1\n    received: 2026-11-19\n    channel: 扫码\n")
    assert text.count("\n\n  - id: 2026-11") == 3  # a blank line before each new case


def test_a_new_year_gets_its_own_file(project: Path, tmp_path: Path) -> None:
    rows = [["7", "2025/12/30 16:20:00", "", "", "", "", "", "", "民生保障", "希望增加老年食堂"]]
    result = import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, rows))
    assert result.returncode == 0, result.stderr
    text = (project / "stations/zd/cases-2025.yml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../schema/cases.schema.json\n"
        "# 意见建议办理情况（五公开之五）：杏林社区联络站 2025 年\n"
        "# 只写诉求摘要，不得写入群众姓名、电话、身份证号和门牌号。\n"
        "year: 2025\n\n"
        "cases:\n"
        "  - id: 2025-1230-7\n    received: 2025-12-30\n    channel: 扫码\n    category: 民生保障\n"
        "    summary: 希望增加老年食堂\n    status: 受理\n"
    )
    assert run_generator(project, "validate").returncode == 0


def test_settings_in_region_yml(tmp_path: Path) -> None:
    region = FILES["region.yml"] + (
        "import:\n  channel: 网络\n  category: 未分类\n  categories:\n    道路问题: 交通出行\n"
        "  columns:\n    content: [请写下您想对代表说的话]\n    name: [怎么称呼您]\n"
    )
    project = make_project(tmp_path / "project", write_region(tmp_path / "source", {"region.yml": region}))
    header = ["序号", "提交答卷时间", "怎么称呼您", "1、反映的是哪方面问题", "2、请写下您想对代表说的话"]
    rows = [
        ["1", "2026-11-05 9:00", "刘大爷", "道路问题", "刘大爷说路口太窄"],
        ["2", "2026-11-05 9:30", "", "", "建议多办讲座"],
    ]
    result = import_cases(project, write_csv(tmp_path / "a.csv", header, rows))
    assert result.returncode == 0, result.stderr
    assert [(c["channel"], c["category"], c["summary"]) for c in new_cases(project)] == [
        ("网络", "未分类", "【姓名】说路口太窄"),  # the category column's header is not one the importer knows
        ("网络", "未分类", "建议多办讲座"),
    ]
    header[3] = "问题类别"
    result = import_cases(
        project, write_csv(tmp_path / "b.csv", header, [[*rows[0][:1], "2026-11-06 9:00", *rows[0][2:]]])
    )
    assert new_cases(project)[-1]["category"] == "交通出行"


BAD_EXPORTS = [
    (
        "missing content column",
        lambda p: write_csv(p / "x.csv", ["序号", "提交答卷时间", "1、您的姓名"], [["1", "2026/11/19 9:00", "李秀英"]]),
        "x.csv:1:1 第一行（列名）中找不到“意见建议内容”这一列（现有的列：序号、提交答卷时间、1、您的姓名）；"
        "请导出完整的原始数据，或在 region.yml 的 import.columns.content 中写上这一列的列名",
    ),
    (
        "undecodable bytes",
        lambda p: write_bytes(p / "x.csv", b"\xff\xfe\x00\xd8garbage\xff\n"),
        "x.csv:1:1 无法识别文件的编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重试",
    ),
    (
        "empty file",
        lambda p: write_bytes(p / "x.csv", b""),
        "x.csv:1:1 文件是空的，请在表单后台重新导出",
    ),
    (
        "header only",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, []),
        "x.csv:1:1 文件里只有列名，没有任何一条内容不为空的答卷，没有可导入的意见建议",
    ),
    (
        "rows with no content",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, [WJX_ROWS[3]]),
        "x.csv:1:1 文件里只有列名，没有任何一条内容不为空的答卷，没有可导入的意见建议",
    ),
    (
        "a date that is not a date",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, [WJX_ROWS[0], ["2", "2026/11/31", *WJX_ROWS[1][2:]]]),
        "x.csv:3:2 “提交答卷时间”列（B 列）的“2026/11/31”不是日期，请检查这一行，或重新导出",
    ),
    (
        "text that is not a date is not shown",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, [WJX_ROWS[0], ["2", "昨天", *WJX_ROWS[1][2:]]]),
        "x.csv:3:2 “提交答卷时间”列（B 列）的内容不是日期（可能是列错位了；为保护个人信息，内容不显示），请检查这一行，或重新导出",
    ),
    (
        "a phone number in the date column is never shown",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, [["3", "13912345678", *WJX_ROWS[0][2:]]]),
        "x.csv:2:2 “提交答卷时间”列（B 列）的内容不是日期（可能是列错位了；为保护个人信息，内容不显示），请检查这一行，或重新导出",
    ),
    (
        "a cell of 200,000 characters",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, [[*WJX_ROWS[0][:9], "路灯" * 100_000]]),
        "x.csv:2:10 J 列这一格有 200000 个字，超过 10000 字的上限，不像一条意见建议；请检查是否粘贴了整篇文档，精简后重新导入",
    ),
    (
        "two columns with the same header",
        lambda p: write_csv(p / "x.csv", [*WJX_HEADER, "4、意见建议内容"], [[*WJX_ROWS[0], "另一条"]]),
        "x.csv:1:11 有两列的列名都是“4、意见建议内容”（J、K 列），无法判断用哪一列；请删除或改名其中一列后重新导入",
    ),
    (
        "not really an xlsx file",
        lambda p: write_bytes(p / "x.xlsx", b"PK\x03\x04 not a workbook"),
        "x.xlsx:1:1 无法读取这个 Excel 文件（可能已损坏，或是旧版 .xls 文件改了扩展名）；请重新导出，或在 Excel 中另存为 .xlsx",
    ),
    (
        "old xls format",
        lambda p: write_bytes(p / "x.xls", b"\xd0\xcf\x11\xe0 old excel"),
        "x.xls:1:1 只能导入 .xlsx 或 .csv 文件（这个文件是 .xls）；请在表单后台重新导出，或在 Excel 中另存为 .xlsx",
    ),
    (
        "a submission dated after today",
        lambda p: write_csv(p / "x.csv", WJX_HEADER, [["9", "2026/12/01 9:00", *WJX_ROWS[0][2:]]]),
        "导入后的数据无法通过检查，没有写入任何文件；下面的行号是导入后文件中的行号，请改正导出文件或已有的数据后重新导入\n"
        "stations/zd/cases-2026.yml:25:15 案例 2026-1201-9 的受理日期 2026-12-01 晚于今天，请检查日期",
    ),
]


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in BAD_EXPORTS], ids=[c[0] for c in BAD_EXPORTS])
def test_a_bad_export_is_refused_and_nothing_changes(project: Path, make, expected: str) -> None:
    before = snapshot(project / "stations")
    export = make(project)
    result = run_generator(project, "import-cases", "--station", "zd", export.name)
    assert result.returncode == 1
    assert result.stderr.splitlines()[: expected.count("\n") + 1] == expected.splitlines()
    assert "Traceback" not in result.stderr
    assert snapshot(project / "stations") == before


def test_refusals_never_print_a_personal_value(project: Path) -> None:
    """A shifted export puts a phone in the date column: the message names the cell, not the number."""
    export = write_csv(project / "x.csv", WJX_HEADER, [["3", "13912345678", *WJX_ROWS[0][2:]]])
    result = run_generator(project, "import-cases", "--station", "zd", export.name)
    assert result.returncode == 1
    assert "13912345678" not in result.stderr + result.stdout and "1391234" not in result.stderr


def test_qq_and_wechat_ids_are_scrubbed_from_the_content(project: Path, tmp_path: Path) -> None:
    row = [*WJX_ROWS[0][:9], "楼道灯坏了，联系我QQ：2856712345，微信号：zhang_san88，vx: lixiu-ying2026。"]
    result = import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, [row]))
    assert result.returncode == 0, result.stderr
    summary = new_cases(project)[-1]["summary"]
    assert summary == "楼道灯坏了，联系我QQ：【QQ号】，微信号：【微信号】，vx: 【微信号】。"
    text = (project / "stations/zd/cases-2026.yml").read_text(encoding="utf-8")
    assert "2856712345" not in text and "zhang_san88" not in text and "lixiu-ying2026" not in text


def test_unknown_station_is_refused(project: Path, tmp_path: Path) -> None:
    result = import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, WJX_ROWS), station="nowhere")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "没有这些站点：nowhere；请检查 --station 后面的站点编号"


def test_nothing_private_reaches_the_built_site(project: Path, tmp_path: Path) -> None:
    assert import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, WJX_ROWS)).returncode == 0
    build = run_build(project)
    assert build.returncode == 0, build.stderr
    published = [
        p
        for p in (project / "site").rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".csv", ".ics", ".xml", ".js", ".txt")
    ]
    for path in published:
        assert_nothing_private(path.read_text(encoding="utf-8", errors="replace"))
    page = (project / "site/s/zd/cases/2026/index.html").read_text(encoding="utf-8")
    assert "小区门口路灯坏了半个月" in page and "【详细地址】" in page and "【手机号】" in page


def test_unusual_layouts_of_the_cases_file(project: Path, tmp_path: Path) -> None:
    cases_file = project / "stations/zd/cases-2026.yml"
    cases_file.write_text("year: 2026\ncases: []\n", encoding="utf-8")
    assert import_cases(project, write_csv(tmp_path / "a.csv", WJX_HEADER, WJX_ROWS[:1])).returncode == 0
    assert cases_file.read_text(encoding="utf-8").startswith("year: 2026\ncases:\n  - id: 2026-1119-1\n")

    # cases before the year: the new cases go in between, every old line stays
    odd = "cases:\n  - id: old\n    received: 2026-01-05\n    channel: 来访\n    category: 其他\n"
    odd += "    summary: 路灯不亮\n    status: 受理\nyear: 2026  # 年度写在最后\n"
    cases_file.write_text(odd, encoding="utf-8")
    assert import_cases(project, write_csv(tmp_path / "b.csv", WJX_HEADER, WJX_ROWS[1:2])).returncode == 0
    text = cases_file.read_text(encoding="utf-8")
    assert text.startswith(odd.removesuffix("year: 2026  # 年度写在最后\n") + "\n  - id: 2026-1120-2\n")
    assert text.endswith("    status: 受理\nyear: 2026  # 年度写在最后\n")

    # cases written as a flow list cannot take new ones without rewriting the clerk's line
    cases_file.write_text(
        "year: 2026\ncases: [{id: old, received: 2026-01-05, channel: 来访, category: 其他, "
        "summary: 路灯不亮, status: 受理}]\n",
        encoding="utf-8",
    )
    before = snapshot(project / "stations")
    result = import_cases(project, write_csv(tmp_path / "c.csv", WJX_HEADER, WJX_ROWS[2:3]))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "stations/zd/cases-2026.yml:2:1 案例文件的写法无法在不改动原有内容的情况下追加新案例（如 cases 写成了 [...] 的形式）；"
        "请按示例改成每条案例以“  - id:”开头的写法后重新导入"
    )
    assert snapshot(project / "stations") == before


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "import:\n  chanel: 扫码\n",
            "stations/region.yml:4:3 地区信息有无法识别的字段 chanel，请检查拼写或删除这一行（是不是要写 channel？）",
        ),
        (
            "import:\n  channel: 微信\n",
            "stations/region.yml:4:12 地区信息的 import.channel 取值“微信”无效，应为 来访/扫码/走访/电话/来信/网络/座谈/其他 之一",
        ),
        (
            "improt:\n  channel: 扫码\n",
            "stations/region.yml:3:1 地区信息有无法识别的字段 improt，请检查拼写或删除这一行（是不是要写 import？）",
        ),
    ],
)
def test_mistakes_in_the_import_settings(tmp_path: Path, block: str, expected: str) -> None:
    data = write_region(tmp_path, {"region.yml": FILES["region.yml"] + block})
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, dt.date(2026, 11, 24))
    assert [p.render() for p in caught.value.problems] == [expected]
