"""`import stations|deputies|rota|cases|receptions`: a district's own spreadsheets, as kept by hand, become a valid, canonical stations/.

Every workbook here is made by the test the way districts keep them: a title
merged above the header, the header on row 3, notes under the table, blank
rows, a formula column, Excel date serials and dates typed as text, GBK CSV,
full-width digits, HTML pasted into cells, level spellings of every kind,
two deputies of the same name, columns in another order. Each import runs the
real command line, is validated (with the format check) and the district is
built; refusals leave stations/ byte-identical and never print a personal value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import vobject
import yaml
from bs4 import BeautifulSoup
from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from benchmarks.synthetic import Size, write_region
from generator.render.workbooks import template_workbook
from generator.strings.sheets import SHEET_COLUMNS, SHEET_KINDS
from generator.tools import rota
from generator.tools.imports import person_id, station_id, station_stem
from tests.conftest import make_project, run_build, run_generator

NAME, URL = "云溪区", "https://rd.yunxi.gov.cn/"
ID_NUMBER = "33010619850307123" + ric.calc_check_digit("330106198503071230")
# Planted in the sheets; none of it may reach stations/ or the site.
PRIVATE = [ID_NUMBER, "13912345678", "13812345678", "1985-03-07", "幸福小区5幢2单元301室", "张三", "0571-86123401"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def xlsx(
    path: Path, rows: list[list[object]], *, title: str | None = None, notes: list[str] = (), width: int = 8
) -> Path:
    """A sheet as clerks keep it: a merged title, a blank row, the table, a blank row, notes under it."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.append([])
    for row in rows:
        sheet.append(row)
    sheet.append([])
    for note in notes:
        sheet.append([note])
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[object]], encoding: str) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


STATION_ROWS = [
    ["序号", "站点名称", "站点类型", "上级站点", "所属镇街", "地址", "联系电话", "开放时间", "管理单位"],
    ["=ROW()-3", "云溪区人大代表联络总站", "总站", "", "", "云溪区人民路1号", "0571-8600 0001", "工作日 8:30-17:00", "云溪区人大常委会"],
    ["=ROW()-3", "云溪街道人大代表联络中心站", "中心站", "云溪区人大代表联络总站", "云溪街道", "云溪路18号", "0571-8600 0002", "工作日 8:30-12:00、14:00-17:30", "云溪街道人大工委"],
    ["=ROW()-3", "望江社区人大代表联络站", "", "云溪街道人大代表联络中心站", "云溪街道", "望江路８号", "０５７１-８６００ ０００３", "工作日 8:30-12:00、14:00-17:30", "云溪街道人大工委"],
    [None] * 9,
    ["=ROW()-3", "河口村人大代表联络点", "联络点", "望江社区人大代表联络站", "云溪街道", "河口村村委会", "0571-8600 0004", "", ""],
    ["=ROW()-3", "东湖镇人大代表联络中心站", "", "", "东湖镇", "东湖镇府前街2号", "0571-8600 0005", "8:30-17:00", "东湖镇人大主席团"],
    ["=ROW()-3", "东湖社区人大代表联络站", "联络站", "", "东湖镇", "东湖路9号", "0571-8600 0006", "工作日 9:00-12:00、13:30-17:00", "东湖镇人大主席团"],
]  # fmt: skip

DEPUTY_HEADER = ["序号", "姓名", "性别", "民族", "政治面貌", "代表类别", "选区", "工作单位及职务", "所属联络站", "站内职务",
                 "同时进站", "联系电话", "是否同意公开", "身份证号", "出生年月", "家庭住址", "备注"]  # fmt: skip
DEPUTY_ROWS = [
    [1, "王秀兰", "女", "汉族", "中共党员", "市、区人大代表", "第12选区", "望江社区党委书记", "望江社区人大代表联络站", "站长", "是", "13700001111", "是", ID_NUMBER, "1985-03-07", "幸福小区5幢2单元301室", ""],
    [2, "王  芳", "女", "汉族", "群众", "区镇两级", "第3选区", "云溪电器厂职工", "望江社区人大代表联络站", "", "", "13912345678", "否", "", "", "", ""],
    [3, "王芳", "女", "畲族", "群众", "镇人大代表", "第5选区", "河口村村民", "河口村人大代表联络点", "驻站代表", "", "", "", "", "", "", ""],
    [4, "欧阳建国", "男", "汉族", "民盟盟员", "省级", "第1选区", "东湖中学校长", "东湖社区人大代表联络站", "<b>副站长</b>", "东湖镇人大代表联络中心站", "", "", "", "", "", ""],
    [5, "单宏", "男", "汉族", "中共党员", "全国人大代表", "", "云溪区人民政府区长", "云溪区人大代表联络总站", "", "", "", "", "", "", "", ""],
    [6, "李建国", "男", "汉族", "群众", "区", "第7选区", "退休", "望江社区人大代表联络站", "", "", "", "", "", "", "", "2025年已调离"],
    [7, "赵明", "男", "汉族", "群众", "区", "第8选区", "个体户", "东湖社区人大代表联络站", "", "", "", "", "", "", "", "病故"],
    [8, "吕丽华", "女", "汉族", "九三学社社员", "区（县）", "第9选区", "云溪医院医生", "云溪街道人大代表联络中心站", "轮值站长", "", "", "", "", "", "", ""],
]  # fmt: skip

ROTA_ROWS = [
    ["站点", "接待日", "时段", "接待代表", "备注"],
    ["望江社区人大代表联络站", "每月15日上午", "", "王秀兰、wang-fang", "7、8月暂停"],
    ["望江社区人大代表联络站", "每月最后一个周五", "14:30-16:30", "王秀兰", "春节期间暂停"],
    ["河口村人大代表联络点", "每周三下午", "14:00-16:00", "王芳", ""],
    ["东湖社区人大代表联络站", "每月第二个周三", "9：00－11：30", "欧阳建国", "遇节假日顺延"],
    ["云溪街道人大代表联络中心站", "单月10日下午", "", "吕丽华", ""],
    ["云溪区人大代表联络总站", "每周一上午", "", "单宏", ""],
]

REGISTER_HEADER = ["序号", "所属联络站", "受理日期", "来源", "反映人", "联系电话", "问题类别", "反映内容", "受理代表",
                   "承办部门", "办理状态", "答复日期", "答复内容", "满意度", "不予受理理由"]  # fmt: skip


def register_rows() -> list[list[object]]:
    return [
        [1, "望江社区人大代表联络站", dt.datetime(2025, 3, 5), "来访", "张三", "13812345678", "城市建设",
         "张三反映望江路88号门口路灯不亮，请回电13812345678", "王秀兰", "区城管局", "已办结", "2025/3/20", "已修复路灯", "满意", ""],
        [2, "河口村人大代表联络点", "2025年4月1日", "电话", "", "", "交通出行", "建议村口增设公交站", "王芳",
         "区交通运输局", "办理中", "", "", "", ""],
        [3, "望江社区人大代表联络站", 45800, "网上", "", "", "环境保护", "<p>小区<b>垃圾</b>清运不及时&amp;有异味</p>", "",
         "区环卫处", "已答复", 45810, "已增加清运频次", "", ""],
        [4, "东湖社区人大代表联络站", "2025.6.8", "", "", "", "民生保障", "希望社区增设老年食堂", "欧阳建国", "", "已受理", "", "", "", ""],
        [5, "东湖社区人大代表联络站", "2025.6.9", "来访", "", "", "其他", "反映邻里房屋产权纠纷", "", "", "不予受理", "", "", "", "已进入诉讼程序"],
    ]  # fmt: skip


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sheets")
    register = [REGISTER_HEADER, *register_rows()]
    return {
        "stations": xlsx(folder / "站点名单.xlsx", STATION_ROWS, title="云溪区人大代表联络站点一览表", notes=["注：联络点由所在社区管理。", "填表人：办公室"]),
        "deputies": xlsx(folder / "代表名单.xlsx", [DEPUTY_HEADER, *DEPUTY_ROWS], title="云溪区各级人大代表进站名单", width=17),
        "rota": csv_file(folder / "接待安排表.csv", ROTA_ROWS, "gbk"),
        "cases": xlsx(folder / "办理登记册.xlsx", register, title="2025年群众意见建议办理登记册", notes=["备注：满意度为电话回访结果"]),
    }  # fmt: skip


def copy_district(source: Path, target: Path) -> Path:
    """A copy of a built district without its site and build folders (generator/site stays)."""
    shutil.copytree(
        source,
        target,
        ignore=lambda folder, names: [n for n in names if Path(folder) == source and n in ("site", "build")],
    )
    return target


def new_district(target: Path) -> Path:
    project = make_project(target)
    result = run_generator(project, "init", "--name", NAME, "--url", URL)
    assert result.returncode == 0, result.stderr
    return project


def import_all(project: Path, sheets: dict[str, Path]) -> dict[str, str]:
    out = {}
    for kind in ("stations", "deputies", "rota", "cases"):
        result = run_generator(project, "import", kind, str(sheets[kind]))
        assert result.returncode == 0, result.stderr
        check = run_generator(project, "validate", "--check-format")
        assert check.returncode == 0, check.stderr
        out[kind] = result.stdout
    return out


def read(project: Path, path: str) -> dict:
    return yaml.safe_load((project / "stations" / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, sheets: dict[str, Path]) -> tuple[Path, dict[str, str]]:
    project = new_district(tmp_path_factory.mktemp("district") / "p")
    out = import_all(project, sheets)
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    return project, out


def test_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path, sheets: dict[str, Path]) -> None:
    project = new_district(tmp_path / "p")
    before = snapshot(project / "stations")
    result = run_generator(project, "import", "stations", str(sheets["stations"]), "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "新增站点 5 个、更新站点 1 个、1 个新站点有“待填写”的内容"
    assert "提示：第 12、13 行是表格下方的说明文字，没有导入" in lines
    assert lines[-1] == "这是试运行（--dry-run），没有写入任何文件；确认无误后去掉 --dry-run 再运行一次"
    assert snapshot(project / "stations") == before


def test_four_sheets_become_a_valid_canonical_district(district: tuple[Path, dict[str, str]]) -> None:
    project, out = district
    assert out["stations"].splitlines()[0] == "新增站点 5 个、更新站点 1 个、1 个新站点有“待填写”的内容"
    folders = sorted(p.name for p in (project / "stations").iterdir() if p.is_dir() and not p.name.startswith("."))
    assert folders == ["donghu", "donghu-2", "hekou", "wangjiang", "yunxi", "zongzhan"]
    head = read(project, "zongzhan/station.yml")
    assert (head["name"], head["phone"], head["kind"]) == ("云溪区人大代表联络总站", "0571-8600 0001", "总站")
    wangjiang = read(project, "wangjiang/station.yml")
    assert (wangjiang["parent"], wangjiang["area"]) == ("yunxi", ["云溪区", "云溪街道"])
    assert (wangjiang["kind"], wangjiang["address"], wangjiang["phone"]) == ("联络站", "望江路8号", "0571-8600 0003")
    assert read(project, "hekou/station.yml")["hours"] == "待填写"
    assert read(project, "hekou/station.yml")["managed_by"] == "云溪街道人大工委"  # its cell is empty: its parent's
    assert read(project, "donghu-2/station.yml")["parent"] == "donghu"  # by its township's centre
    assert read(project, "donghu/station.yml")["parent"] == "zongzhan"

    assert out["deputies"].splitlines()[0] == "新增代表 6 名、跳过 2 名（已调离 1 名、已去世 1 名）、新增进站代表 2 名"
    assert "第 9 行 李建国（已调离）没有导入" in out["deputies"]
    assert (
        "第 5 行：同名代表 wang-fang（第3选区，云溪电器厂职工，wangjiang）；wang-fang-2（第5选区，河口村村民，hekou）；请核对每位代表的编号"
        in out["deputies"]
    )
    deputies = {
        d["id"]: d
        for s in ("wangjiang", "hekou", "donghu-2", "zongzhan", "yunxi")
        for d in read(project, f"{s}/deputies.yml")["deputies"]
    }
    assert sorted(deputies) == ["lv-lihua", "ouyang-jianguo", "shan-hong", "wang-fang", "wang-fang-2", "wang-xiulan"]
    assert deputies["wang-xiulan"]["level"] == ["市", "县"] and deputies["wang-xiulan"]["role"] == "站长"
    assert deputies["wang-xiulan"]["contact"] == {"phone": "13700001111"}  # agreed to publish
    assert "contact" not in deputies["wang-fang"]  # did not agree
    assert deputies["wang-fang"]["level"] == ["县", "乡"] and deputies["wang-fang-2"]["level"] == "乡"
    assert deputies["ouyang-jianguo"]["role"] == "副站长" and deputies["ouyang-jianguo"]["party"] == "民盟盟员"
    assert deputies["shan-hong"]["level"] == "全国" and deputies["lv-lihua"]["level"] == "县"
    assert (deputies["wang-fang-2"]["gender"], deputies["wang-fang-2"]["ethnicity"]) == ("女", "畲族")
    assert read(project, "zongzhan/deputies.yml")["linked"] == [{"id": "wang-xiulan", "role": "进站代表"}]
    assert read(project, "donghu/deputies.yml")["linked"] == [{"id": "ouyang-jianguo", "role": "进站代表"}]
    assert "# 同名代表：wang-fang（第3选区" in (project / "stations/wangjiang/deputies.yml").read_text(encoding="utf-8")

    rules = read(project, "wangjiang/schedule.yml")["rules"]
    assert rules[0] | {} == {
        "repeat": "每月",
        "day": 15,
        "skip_months": [7, 8],
        "start": dt.date(2026, 1, 1),  # the sheet names no year: the year it is imported in, and it says so
        "time": "08:30-12:00",
        "deputies": ["wang-xiulan", "wang-fang"],
    }
    assert rules[1] == {
        "repeat": "每月",
        "weekday": "周五",
        "week": "最后",
        "start": dt.date(2026, 1, 1),
        "time": "14:30-16:30",
        "deputies": ["wang-xiulan"],
        "pause_holidays": ["春节"],
    }
    assert (
        "表格标题和文件名里都没有写年份，固定接待日按今年从 2026-01-01 起执行；如果这份接待安排表不是 2026 年的，"
        "请在表格标题写明年份（如“2026年接待安排表”）或加一列“起始日期”，再重新导入"
    ) in out["rota"].splitlines()
    assert read(project, "hekou/schedule.yml")["rules"][0]["time"] == "14:00-16:00"  # its own hours are 待填写
    assert read(project, "donghu-2/schedule.yml")["rules"][0] | {} == {
        "repeat": "每月",
        "weekday": "周三",
        "week": 2,
        "time": "09:00-11:30",
        "deputies": ["ouyang-jianguo"],
        "holiday": "顺延",
        "start": dt.date(2026, 1, 1),
    }
    assert read(project, "zongzhan/schedule.yml")["rules"][0]["time"] == "08:30-12:00"

    assert out["cases"].splitlines()[0] == "新增办理案例 5 件、3 件有日期不详的步骤"
    cases = {
        c["id"][:9]: c
        for s in ("wangjiang", "hekou", "donghu-2")
        for c in read(project, f"{s}/cases-2025.yml")["cases"]
    }
    rated = cases["2025-0305"]
    assert rated["status"] == "已评价" and rated["satisfaction"] == "满意" and rated["deputy"] == "wang-xiulan"
    assert rated["received"] == dt.date(2025, 3, 5) and rated["replied"] == dt.date(2025, 3, 20)
    assert rated["undated"] == ["交办", "办理中", "已评价"] and "assigned" not in rated and "rated" not in rated
    assert rated["summary"] == "【姓名】反映望江路【详细地址】门口路灯不亮，请回电【手机号】"
    assert cases["2025-0401"]["status"] == "办理中" and cases["2025-0401"]["channel"] == "电话"
    serial = cases["2025-0523"]
    assert (serial["received"], serial["replied"], serial["channel"]) == (
        dt.date(2025, 5, 23),
        dt.date(2025, 6, 2),
        "网络",
    )
    assert serial["summary"] == "小区垃圾清运不及时&有异味"
    assert cases["2025-0609"]["reason"] == "已进入诉讼程序" and "undated" not in cases["2025-0609"]


def test_nothing_private_is_written_or_published(district: tuple[Path, dict[str, str]]) -> None:
    project, out = district
    texts = [p.read_text(encoding="utf-8") for p in (project / "stations").rglob("*") if p.is_file()]
    texts += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in (project / "site").rglob("*")
        if p.suffix in (".html", ".json", ".csv", ".ics", ".txt", ".xml")
    ]
    for text in texts + list(out.values()):
        for value in PRIVATE:
            assert value not in text, value
    # the one phone a deputy agreed to publish is on their page; the other is nowhere
    page = (project / "site/d/wang-xiulan/index.html").read_text(encoding="utf-8")
    assert "13700001111" in page


def test_pages_show_the_new_fields_the_rules_and_unknown_dates(district: tuple[Path, dict[str, str]]) -> None:
    project, _ = district
    site = project / "site"
    deputy = BeautifulSoup((site / "d/wang-fang-2/index.html").read_text(encoding="utf-8"), "html.parser")
    facts = deputy.select_one(".lz-facts").get_text(" ")
    assert "性别 女" in facts and "民族 畲族" in facts and "党派 群众" in facts
    station = (site / "s/wangjiang/index.html").read_text(encoding="utf-8")
    assert "每月最后一个周五 14:30-16:30（春节期间暂停）" in station
    assert "每月15日 08:30-12:00（7、8月暂停）" in station
    cases = BeautifulSoup((site / "s/wangjiang/cases/2025/index.html").read_text(encoding="utf-8"), "html.parser")
    case = next(a for a in cases.select("article.lz-case") if a["data-case"].startswith("2025-0305"))
    steps = [li.get_text(" ", strip=True) for li in case.select(".lz-steps li")]
    assert steps[:5] == [
        "受理 2025年3月5日",
        "交办 日期不详",
        "办理中 日期不详",
        "已答复 2025年3月20日",
        "已评价 日期不详",
    ]
    assert "日期不详" in (site / "cockpit/index.html").read_text(encoding="utf-8")  # said in 这些数字怎么算
    data = json.loads((site / "data/deputies.json").read_text(encoding="utf-8"))
    row = next(r for r in data["records"] if r["id"] == "wang-fang-2")
    assert (row["gender"], row["ethnicity"], row["party"]) == ("女", "畲族", "群众")


def test_an_imported_rota_makes_no_sessions_before_its_year(district: tuple[Path, dict[str, str]]) -> None:
    """The rota imported in 2026 is 2026's: last year the deputies had no sessions on it to miss or leave unrecorded."""
    project, _ = district
    record = BeautifulSoup((project / "site/d/wang-xiulan/index.html").read_text(encoding="utf-8"), "html.parser")
    last_year = next(h for h in record.select("#record h3") if h.get_text(strip=True) == "2025 年")  # she took a case
    assert [li.get_text(strip=True) for li in last_year.find_next_sibling("ul").select("li")] == [
        "已登记的接待中，安排本人的 0 场，到场 0 场（—）",
        "在到场的接待中，共接待群众 0 人次",
        "这一年没有参加已完成的活动",
        "受理群众意见建议 1 件，已办结 1 件，群众满意或基本满意 1 件",
    ]
    events = [e for e in read_feed(project / "site/s/wangjiang/calendar.ics") if e.dtstart.value.year < 2026]
    assert events == []


ROTA_2027 = [
    [*ROTA_ROWS[0], "起始日期", "结束日期"],
    *[[*row, "", ""] for row in ROTA_ROWS[1:] if row[1] not in ("每月最后一个周五", "每周三下午")],
    ["河口村人大代表联络点", "每周三下午", "14:00-16:00", "王芳", "遇节假日照常", "", ""],  # remarks changed
    ["望江社区人大代表联络站", "每月5日下午", "", "王秀兰", "", "2027年3月1日", "2027-06-30"],
]


def test_next_years_rota_goes_on_ends_and_begins_rules(tmp_path: Path, district: tuple[Path, dict[str, str]]) -> None:
    """2027's rota, imported in November: a rule it lists again goes on, one it no longer lists ends on 2026-12-31,
    a new one begins when the sheet says (its title's year, or its own dates)."""
    project = copy_district(district[0], tmp_path / "next")
    sheet = xlsx(tmp_path / "接待安排.xlsx", ROTA_2027, title="2027年云溪区人大代表接待安排表", width=7)
    result = run_generator(project, "import", "rota", str(sheet))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "新增固定接待日 1 条、更新固定接待日 1 条、到期结束的固定接待日 1 条"
    assert "固定接待日从 2027-01-01 起执行（表格里写着“2027年”）；这以前的日子不按这些规则安排接待" in lines
    assert (
        "这份表格里已经没有 wangjiang 每月最后一个周五，文件里保留这条规则，写上结束日期 2026-12-31（新表格开始的前一天）"
        in lines
    )
    rules = read(project, "wangjiang/schedule.yml")["rules"]
    assert [(r.get("day") or r.get("weekday"), r["start"], r.get("end")) for r in rules] == [
        (15, dt.date(2026, 1, 1), None),  # goes on: 2026 keeps its sessions
        ("周五", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (5, dt.date(2027, 3, 1), dt.date(2027, 6, 30)),
    ]
    hekou = read(project, "hekou/schedule.yml")["rules"]
    assert [(r["start"], r.get("end"), r.get("holiday")) for r in hekou] == [(dt.date(2026, 1, 1), None, "照常")]
    check = run_generator(project, "validate", "--check-format")
    assert check.returncode == 0, check.stderr
    before = snapshot(project / "stations")
    again = run_generator(project, "import", "rota", str(sheet))
    assert again.stdout.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容"
    assert snapshot(project / "stations") == before

    built = run_build(project)
    assert built.returncode == 0, built.stderr
    starts = [e.dtstart.value for e in read_feed(project / "site/s/wangjiang/calendar.ics")]
    fridays = [d.date() for d in starts if d.time() == dt.time(14, 30)]  # the ended rule's sessions stop
    assert fridays == [dt.date(2026, 10, 30), dt.date(2026, 11, 27), dt.date(2026, 12, 25)]
    fifths = [d.date() for d in starts if d.time() == dt.time(14, 0)]  # the new rule's begin when it does
    assert fifths and min(fifths) == dt.date(2027, 3, 5)  # not 2026-11-05 nor 2026-12-05


def read_feed(path: Path) -> list:
    return list(vobject.readOne(path.read_text(encoding="utf-8")).vevent_list)


def test_the_same_sheets_again_change_nothing(
    tmp_path: Path, district: tuple[Path, dict[str, str]], sheets: dict[str, Path]
) -> None:
    project = copy_district(district[0], tmp_path / "again")
    before = snapshot(project / "stations")
    for kind in ("stations", "deputies", "rota", "cases"):
        result = run_generator(project, "import", kind, str(sheets[kind]))
        assert result.returncode == 0, result.stderr
        assert "已写入" not in result.stdout
        first = result.stdout.splitlines()[0]
        assert first == "表格和现有文件一致，没有需要改动的内容" or first == "跳过 2 名（已调离 1 名、已去世 1 名）", (
            first
        )
    assert snapshot(project / "stations") == before
    assert run_generator(project, "import", "stations", str(sheets["stations"])).stdout.splitlines()[0] == (
        "表格和现有文件一致，没有需要改动的内容"
    )


def test_a_reimport_after_hand_edits_merges_and_never_clobbers(
    tmp_path: Path, district: tuple[Path, dict[str, str]], sheets: dict[str, Path]
) -> None:
    project = copy_district(district[0], tmp_path / "edited")
    path = project / "stations/wangjiang/deputies.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    occupation: 望江社区党委书记\n", "    occupation: 望江社区党委书记、居委会主任  # 2026年改选\n"
    )
    text = text.replace("    role: 站长\n", "    role: 站长\n    pledge: 每月两次进站接待。\n", 1)
    text = text.replace("deputies:\n  - id: wang-xiulan", "deputies:\n  # 站长放在第一位\n  - id: wang-xiulan")
    path.write_text(text, encoding="utf-8")
    assert run_generator(project, "fmt").returncode == 0
    edited = path.read_text(encoding="utf-8")

    rows = [DEPUTY_HEADER, *[list(r) for r in DEPUTY_ROWS]]
    rows[1][7] = "望江社区党委书记（已退休）"  # the sheet changes what the clerk edited: the edit stays
    rows[2][6] = "第4选区"  # the sheet changes what nobody edited: updated
    del rows[8]  # 吕丽华 no longer in the sheet: reported, kept
    rows.append(
        [
            9,
            "孙  红",
            "女",
            "汉族",
            "群众",
            "区",
            "第10选区",
            "东湖镇村医",
            "东湖社区人大代表联络站",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    result = run_generator(
        project, "import", "deputies", str(xlsx(tmp_path / "名单2.xlsx", rows, title="代表名单（更新）", width=17))
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("新增代表 1 名、更新代表 1 名、跳过 2 名")
    assert "王秀兰（wang-xiulan） 的 occupation 手工改过，表格里的新内容没有覆盖它；请核对" in result.stdout
    assert "表格里没有 吕丽华（lv-lihua，yunxi），文件里保留原样；确实不再需要时请手工删除" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert "# 站长放在第一位" in after and "# 2026年改选" in after and "pledge: 每月两次进站接待。" in after
    assert "occupation: 望江社区党委书记、居委会主任" in after and "constituency: 第4选区" in after
    assert after.replace("第4选区", "第3选区") == edited  # nothing else moved
    assert read(project, "donghu-2/deputies.yml")["deputies"][-1]["id"] == "sun-hong"
    assert [d["id"] for d in read(project, "yunxi/deputies.yml")["deputies"]] == ["lv-lihua"]
    assert run_generator(project, "validate", "--check-format").returncode == 0


def test_the_templates_import_into_a_new_district_and_build_byte_identical(tmp_path: Path) -> None:
    project = new_district(tmp_path / "p")
    for kind in SHEET_KINDS:
        data = template_workbook(kind)
        assert data == template_workbook(kind)
        book = load_workbook(io.BytesIO(data))
        headers = [c.value for c in book.worksheets[0][1]]
        assert headers == [
            c[1]
            for c in SHEET_COLUMNS[kind]
            if not (kind == "cases" and c[0] in ("name", "phone", "id_number", "address"))
        ]
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(data)
        result = run_generator(project, "import", kind, str(path))
        assert result.returncode == 0, result.stderr
    assert run_generator(project, "validate", "--check-format").returncode == 0
    first = run_build(project)
    assert first.returncode == 0, first.stderr
    published = (project / "site/guide/templates/deputies.xlsx").read_bytes()
    assert published == template_workbook("deputies")
    assert run_build(project).returncode == 0
    assert (project / "site/guide/templates/deputies.xlsx").read_bytes() == published
    fields = BeautifulSoup((project / "site/guide/fields/index.html").read_text(encoding="utf-8"), "html.parser")
    assert fields.select_one('a[href="../templates/rota.xlsx"]')
    assert fields.select_one('tr[data-sheet-key="deputies.consent"]')


# --- refusals --------------------------------------------------------------------------------------

BAD = [
    (
        "deputies",
        "an unknown station",
        lambda p: xlsx(p, [DEPUTY_HEADER, [*DEPUTY_ROWS[0][:8], "望江联络站", *DEPUTY_ROWS[0][9:]]]),
        ["代表.xlsx:2:9 “所属联络站”列（I 列）的“望江联络站”不是已有的站点；请先用 python -m generator import stations 导入站点名单，或照站点名单改正名称"],
    ),
    (
        "deputies",
        "a level nobody writes",
        lambda p: xlsx(p, [DEPUTY_HEADER, [*DEPUTY_ROWS[0][:5], "人大代表", *DEPUTY_ROWS[0][6:]]]),
        ["代表.xlsx:2:6 “代表类别”列（F 列）的“人大代表”无法识别为代表层级；"],
    ),
    (
        "deputies",
        "a phone number slid into the occupation column, shown masked",
        lambda p: xlsx(p, [DEPUTY_HEADER, [*DEPUTY_ROWS[1][:7], "13912345678", *DEPUTY_ROWS[1][8:]]]),
        ["代表.xlsx:2:8 “工作单位及职务”列（H 列）里有手机号 139****5678：这一列的内容会公开，不能有个人信息；请在表格中删除后重新导入"],
    ),
    (
        "deputies",
        "a cell of 200,000 characters and a problem elsewhere, all at once",
        lambda p: csv_file(p.with_suffix(".csv"), [DEPUTY_HEADER, [*DEPUTY_ROWS[0][:7], "书记" * 100_000, *DEPUTY_ROWS[0][8:]], [*DEPUTY_ROWS[2][:5], "乡长", *DEPUTY_ROWS[2][6:]]], "utf-8-sig"),
        ["代表.csv:2:8 H 列这一格有 200000 个字，超过 10000 字的上限；请检查是否粘贴了整篇文档，精简后重新导入",
         "代表.csv:3:6 “代表类别”列（F 列）的“乡长”无法识别为代表层级；"],
    ),
    (
        "rota",
        "a rule nobody can schedule",
        lambda p: csv_file(p.with_suffix(".csv"), [ROTA_ROWS[0], ["望江社区人大代表联络站", "隔周一上午", "", "王秀兰", "暑假暂停"]], "gb18030"),
        ["代表.csv:2:2 “接待日”列（B 列）里的“隔周一”看不懂；"],
    ),
    (
        "rota",
        "a rule that ends before it starts",
        lambda p: csv_file(p.with_suffix(".csv"), [[*ROTA_ROWS[0], "起始日期", "结束日期"], [*ROTA_ROWS[1], "2026-06-01", "2026年1月1日"]], "utf-8-sig"),
        ["代表.csv:2:7 “结束日期”列（G 列）的结束日期 2026-01-01 早于起始日期 2026-06-01，请检查是否写反了"],
    ),
    (
        "rota",
        "a start that is not a date",
        lambda p: csv_file(p.with_suffix(".csv"), [[*ROTA_ROWS[0], "起始日期"], [*ROTA_ROWS[1], "明年"]], "utf-8-sig"),
        ["代表.csv:2:6 “起始日期”列（F 列）的“明年”不是日期，请写成 2025-03-05、2025/3/5 或 2025年3月5日"],
    ),
    (
        "rota",
        "a morning at a station whose hours are still to be filled in",
        lambda p: csv_file(p.with_suffix(".csv"), [ROTA_ROWS[0], ["河口村人大代表联络点", "每月5日上午", "", "王芳", ""]], "gbk"),
        ["代表.csv:2:3 没有写接待的具体时间，“上午”要按站点“河口村人大代表联络点”的开放时间“待填写”推算，但开放时间看不懂；"],
    ),
    (
        "cases",
        "a replied case without its reply date, a date after today, a formula without a value",
        lambda p: xlsx(p, [REGISTER_HEADER,
                           [1, "望江社区人大代表联络站", "2025-03-05", "来访", "", "", "城市建设", "路灯不亮", "", "", "已办结", "", "已修复", ""],
                           [2, "望江社区人大代表联络站", "2027-01-05", "来访", "", "", "城市建设", "井盖松动", "", "", "受理", "", "", ""],
                           [3, "望江社区人大代表联络站", "=TODAY()", "来访", "", "", "城市建设", "树枝挡路", "", "", "受理", "", "", ""]]),
        ["代表.xlsx:2:12 状态是“已答复”，但没有答复日期；答复日期不能推测，请在“答复日期”列（L 列）补上实际的日期，或把状态改成“办理中”",
         "代表.xlsx:3:3 “受理日期”列（C 列）的日期 2027-01-05 晚于今天，请检查",
         "代表.xlsx:4:3 “受理日期”列（C 列）这一格是公式，文件里没有保存计算结果；请在 Excel 中打开这个文件、保存后重新导入，或把公式换成数值"],
    ),
    (
        "cases",
        "a shifted column puts an ID number where a date goes: never shown",
        lambda p: xlsx(p, [REGISTER_HEADER, [1, "望江社区人大代表联络站", ID_NUMBER, "来访", "", "", "城市建设", "路灯不亮", "", "", "受理", "", "", ""]]),
        ["代表.xlsx:2:3 “受理日期”列（C 列）的内容不是日期（可能是列错位了；为保护个人信息，内容不显示），请检查这一格"],
    ),
    (
        "stations",
        "no name column in the first five rows",
        lambda p: xlsx(p, [["甲", "乙"], ["1", "2"]]),
        ["代表.xlsx:1:1 表格前 5 行中找不到“站点名称”这一列（找到的列名：甲、乙）；请检查表头，或在 region.yml 的 import.stations.columns.name 中写上本地区表格里这一列的列名"],
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, sheets: dict[str, Path]) -> Path:
    project = new_district(tmp_path_factory.mktemp("refusals") / "p")
    for kind in ("stations", "deputies"):
        assert run_generator(project, "import", kind, str(sheets[kind])).returncode == 0
    return project


@pytest.mark.parametrize(("kind", "make", "expected"), [(k, m, e) for k, _, m, e in BAD], ids=[b[1] for b in BAD])
def test_a_bad_sheet_is_refused_with_every_problem_and_nothing_changes(
    imported: Path, kind: str, make, expected: list[str]
) -> None:
    before = snapshot(imported / "stations")
    sheet = make(imported / "代表.xlsx")
    for dry in ((), ("--dry-run",)):
        result = run_generator(imported, "import", kind, sheet.name, *dry)
        assert result.returncode == 1, result.stdout
        lines = result.stderr.splitlines()
        assert len(lines) == len(expected) + 1 and "Traceback" not in result.stderr
        for line, wanted in zip(lines, expected, strict=False):
            assert line.startswith(wanted), line
        assert lines[-1] == f"发现 {len(expected)} 处问题，没有写入任何文件；请逐条改正表格后重新导入"
        for value in (*PRIVATE, "1391234"):
            assert value not in result.stderr + result.stdout
    assert snapshot(imported / "stations") == before
    sheet.unlink()


# --- the pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "start"),
    [
        (("2026年云溪区人大代表接待安排表",), dt.date(2026, 1, 1)),
        (("云溪区接待安排（自2026年3月1日起执行）",), dt.date(2026, 3, 1)),
        (("制表日期：2025年12月20日", "2026年度"), dt.date(2026, 1, 1)),  # when it was made is not when it applies
        (("接待安排表", "rota-2027"), dt.date(2027, 1, 1)),
        (("接待安排表 制表 2025-12-20", "接待安排表"), None),
    ],
)
def test_a_rotas_title_or_file_name_says_when_it_begins(texts: tuple[str, ...], start: dt.date | None) -> None:
    said = rota.takes_effect(*texts)
    assert (said[0] if said else None) == start


@pytest.mark.parametrize(
    ("written", "rules", "extra"),
    [
        ("每月15日上午", [{"repeat": "每月", "day": 15}], {}),
        ("每周三下午", [{"repeat": "每周", "weekday": "周三"}], {}),
        ("每月第二个周三", [{"repeat": "每月", "weekday": "周三", "week": 2}], {}),
        ("每月最后一个周五", [{"repeat": "每月", "weekday": "周五", "week": "最后"}], {}),
        ("单月10日", [{"repeat": "每月", "months": "单月", "day": 10}], {}),
        (
            "每月5日、20日（7、8月暂停）",
            [{"repeat": "每月", "day": 5}, {"repeat": "每月", "day": 20}],
            {"skip_months": [7, 8]},
        ),
        (
            "每周一、三上午，春节期间暂停",
            [{"repeat": "每周", "weekday": "周一"}, {"repeat": "每周", "weekday": "周三"}],
            {"pause_holidays": ["春节"]},
        ),
        ("每月28日，遇节假日提前", [{"repeat": "每月", "day": 28}], {"holiday": "提前"}),
    ],
)
def test_rota_words_become_rules(written: str, rules: list[dict], extra: dict) -> None:
    parsed = rota.parse(written)
    assert (parsed.rules, parsed.extra, parsed.unknown) == (rules, extra, [])


def test_hours_give_the_morning_and_afternoon() -> None:
    assert rota.hours_for("工作日 8:30-12:00、14:00-17:30", "afternoon") == "14:00-17:30"
    assert rota.hours_for("工作日 8:30-17:00", "morning") == "08:30-12:00"
    assert rota.hours_for("工作日 8:30-17:00", "afternoon") == "14:00-17:00"
    assert rota.hours_for("待填写", "morning") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王秀兰", "wang-xiulan"),
        ("欧阳娜娜", "ouyang-nana"),
        ("单宏", "shan-hong"),
        ("吕丽华", "lv-lihua"),
        ("阿依古丽·买买提", "ayiguli-maimaiti"),
    ],
)
def test_person_ids_read_like_the_name(name: str, expected: str) -> None:
    assert person_id(name) == expected


def test_station_ids_drop_the_generic_words() -> None:
    assert station_id("望江社区人大代表联络站") == "wangjiang"
    assert station_id("云溪街道人大代表联络中心站") == "yunxi"
    assert re.fullmatch(r"[a-z0-9]+", station_id("河口村人大代表联络点"))


# --- the reception register --------------------------------------------------------------------------

RECEPTION_HEADER = [
    "序号",
    "站点",
    "接待日期",
    "时段",
    "到场代表",
    "接待人次",
    "反映问题",
    "是否举行",
    "未举行原因",
    "简要记录",
]
RECEPTION_ROWS = [
    [1, "望江社区人大代表联络站", "2025-03-15", "", "王秀兰", 12, 5, "", "", "群众反映望江路路灯不亮、小区停车难"],
    [2, "望江社区人大代表联络站", "2025/6/15", "", "", "", "", "否", "台风预警，接待暂停", ""],
    [3, "东湖社区人大代表联络站", 45810, "9：00－11：30", "欧阳建国、吕丽华", "8人次", 3, "是", "", "反映老年食堂，回电13812345678"],
]  # fmt: skip


def folder_of(project: Path, name: str) -> str:
    """The station folder whose station.yml has `name`."""
    return next(p.parent.name for p in (project / "stations").glob("*/station.yml") if read(project, f"{p.parent.name}/station.yml")["name"] == name)  # fmt: skip


def test_a_reception_register_becomes_each_stations_records(
    tmp_path: Path, district: tuple[Path, dict[str, str]]
) -> None:
    project = copy_district(district[0], tmp_path / "p")
    sheet = xlsx(tmp_path / "接待登记表.xlsx", [RECEPTION_HEADER, *RECEPTION_ROWS], title="2025年代表进站接待登记表")
    result = run_generator(project, "import", "receptions", str(sheet))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "新增接待记录 3 场"
    assert "从内容中去掉了 1 处个人信息（手机号 1）" in result.stdout
    check = run_generator(project, "validate", "--check-format")
    assert check.returncode == 0, check.stderr

    wangjiang, donghu = folder_of(project, "望江社区人大代表联络站"), folder_of(project, "东湖社区人大代表联络站")
    ids = {d["name"]: d["id"] for s in (wangjiang, donghu, folder_of(project, "云溪街道人大代表联络中心站"))
           for d in read(project, f"{s}/deputies.yml")["deputies"]}  # fmt: skip
    assert read(project, f"{wangjiang}/records-2025.yml") == {
        "year": 2025,
        "records": [
            {"date": dt.date(2025, 3, 15), "deputies": [ids["王秀兰"]], "visitors": 12, "matters": 5,
             "note": "群众反映望江路路灯不亮、小区停车难"},
            {"date": dt.date(2025, 6, 15), "held": False, "reason": "台风预警，接待暂停"},
        ],
    }  # fmt: skip
    (east,) = read(project, f"{donghu}/records-2025.yml")["records"]
    assert east["date"] == dt.date(2025, 6, 2) and east["time"] == "09:00-11:30"
    assert east["deputies"] == [ids["欧阳建国"], ids["吕丽华"]], "a deputy of another station stood in"
    assert (east["visitors"], east["matters"]) == (8, 3)
    assert "13812345678" not in east["note"]

    again = run_generator(project, "import", "receptions", str(sheet))
    assert again.returncode == 0 and again.stdout.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容"
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((project / f"site/d/{ids['王秀兰']}/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "共接待群众 12 人次" in page.get_text()


def test_a_bad_reception_register_is_refused_row_by_row(imported: Path, tmp_path: Path) -> None:
    before = snapshot(imported / "stations")
    sheet = xlsx(tmp_path / "接待登记表.xlsx", [RECEPTION_HEADER,
        [1, "望江社区人大代表联络站", "2025-03-15", "", "张无忌", 12, 5, "", "", ""],
        [2, "望江社区人大代表联络站", "2025-04-15", "", "王秀兰", "十二", 5, "也许", "", ""],
        [3, "望江社区人大代表联络站", "2025-05-15", "", "", "", "", "否", "", ""],
        [4, "望江社区人大代表联络站", "2025-06-15", "", "", 3, "", "", "", ""],
        [5, "望江社区人大代表联络站", "2025/6/15", "", "", 4, "", "", "", ""],
        [6, "望江社区人大代表联络站", "2027-01-15", "", "", 4, "", "", "", ""],
    ])  # fmt: skip
    result = run_generator(imported, "import", "receptions", str(sheet))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{sheet.as_posix()}:2:5 “到场代表”列（E 列）的“张无忌”不是“望江社区人大代表联络站”的代表，也不在代表名单里；请照代表名单改正姓名",
        f"{sheet.as_posix()}:3:6 “接待人次”列（F 列）的“十二”不是人数或件数，请写 0 到 10000 之间的整数",
        f"{sheet.as_posix()}:3:8 “是否举行”列（H 列）的“也许”无法识别，请写“是”或“否”",
        f"{sheet.as_posix()}:4:9 这一场写了没有举行，但“未举行原因”列（I 列）是空的；请写明没有举行的原因",
        f"{sheet.as_posix()}:6:3 2025-06-15 这场接待在第 5 行已经有了；同一天有两场时请在“时段”一列写明",
        f"{sheet.as_posix()}:7:3 “接待日期”列（C 列）的日期 2027-01-15 晚于今天，请检查",
        "发现 6 处问题，没有写入任何文件；请逐条改正表格后重新导入",
    ]
    assert snapshot(imported / "stations") == before


# --- what real rosters, registers and station lists leave out or write in remarks -----------------------


def with_region_setting(project: Path, text: str) -> None:
    """Append an `import:` block to region.yml, as a clerk would write it."""
    region = project / "stations/region.yml"
    region.write_text(region.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_remark_that_a_deputy_also_serves_elsewhere_links_them_there(tmp_path: Path, sheets: dict[str, Path]) -> None:
    project = new_district(tmp_path / "p")
    assert run_generator(project, "import", "stations", str(sheets["stations"])).returncode == 0
    blank = [""] * len(DEPUTY_HEADER)

    def deputy(name: str, station: str, remark: str, also: str = "") -> list[object]:
        row = [*blank]
        row[1], row[5], row[8], row[10], row[16] = name, "区", station, also, remark
        return row

    rows = [
        DEPUTY_HEADER,
        deputy("王秀兰", "望江社区人大代表联络站", "同时进云溪街道中心站"),
        deputy("欧阳建国", "东湖社区人大代表联络站", "兼东湖镇人大代表联络中心站站长"),
        deputy("王芳", "河口村人大代表联络点", "2024年起同时编入望江站和东湖中心站"),
        deputy("吕丽华", "云溪街道人大代表联络中心站", "另进河口联络点、总站；兼任本站站长"),
        deputy("单宏", "云溪区人大代表联络总站", "同时进行走访"),  # says nothing about a station
        deputy("孙红", "东湖社区人大代表联络站", "", also="东湖中心站"),
    ]
    result = run_generator(project, "import", "deputies", str(xlsx(tmp_path / "名单.xlsx", rows, width=17)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "新增代表 6 名、新增进站代表 7 名"
    linked = {s: read(project, f"{s}/deputies.yml").get("linked", []) for s in ("yunxi", "donghu", "wangjiang", "hekou", "zongzhan")}  # fmt: skip
    assert linked == {
        "yunxi": [{"id": "wang-xiulan", "role": "进站代表"}],
        "donghu": [
            {"id": "ouyang-jianguo", "role": "进站代表"},
            {"id": "wang-fang", "role": "进站代表"},
            {"id": "sun-hong", "role": "进站代表"},
        ],
        "wangjiang": [{"id": "wang-fang", "role": "进站代表"}],
        "hekou": [{"id": "lv-lihua", "role": "进站代表"}],
        "zongzhan": [{"id": "lv-lihua", "role": "进站代表"}],
    }
    check = run_generator(project, "validate", "--check-format")
    assert check.returncode == 0, check.stderr
    again = run_generator(project, "import", "deputies", str(tmp_path / "名单.xlsx"))
    assert again.stdout.splitlines()[0] == "表格和现有文件一致，没有需要改动的内容"


def test_a_remark_naming_no_station_or_two_is_refused_at_its_row(imported: Path, tmp_path: Path) -> None:
    before = snapshot(imported / "stations")
    rows = [DEPUTY_HEADER, [*DEPUTY_ROWS[1][:16], "同时进西山站"], [*DEPUTY_ROWS[2][:16], "同时进东湖站"]]
    sheet = xlsx(tmp_path / "名单.xlsx", rows)
    result = run_generator(imported, "import", "deputies", str(sheet))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{sheet.as_posix()}:2:17 “备注”列（Q 列）写着同时进“西山站”，但没有这个站点；"
        "请照站点名单写出站点的全名，或先用 python -m generator import stations 导入这个站点",
        f"{sheet.as_posix()}:3:17 “备注”列（Q 列）写着同时进“东湖站”，"
        "可能是 东湖镇人大代表联络中心站（donghu）、东湖社区人大代表联络站（donghu-2）；请照站点名单写出站点的全名，同名的站点写站点编号",
        "发现 2 处问题，没有写入任何文件；请逐条改正表格后重新导入",
    ]
    assert snapshot(imported / "stations") == before


def test_the_reason_a_case_was_not_accepted_is_read_from_the_remarks(imported: Path, tmp_path: Path) -> None:
    project = copy_district(imported, tmp_path / "p")
    header = [*REGISTER_HEADER[:-1], "备注"]
    rows = register_rows()
    rows[1][-1] = "电话回访时群众表示满意"  # a remark on a case that was accepted: not its reason, never read
    sheet = xlsx(tmp_path / "登记册.xlsx", [header, *rows])
    result = run_generator(project, "import", "cases", str(sheet))
    assert result.returncode == 0, result.stderr
    (case,) = [c for c in read(project, "donghu-2/cases-2025.yml")["cases"] if c["status"] == "不予受理"]
    assert case["reason"] == "已进入诉讼程序"
    assert "电话回访" not in "".join(p.read_text(encoding="utf-8") for p in (project / "stations").rglob("*.yml"))


def test_a_register_without_a_reason_column_says_how_to_map_it(imported: Path, tmp_path: Path) -> None:
    project = copy_district(imported, tmp_path / "p")
    before = snapshot(project / "stations")
    header = [*REGISTER_HEADER[:-1], "处理意见"]
    sheet = xlsx(tmp_path / "登记册.xlsx", [header, *register_rows()])
    result = run_generator(project, "import", "cases", str(sheet))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (problem, summary) = result.stderr.splitlines()
    assert problem.startswith(
        f"{sheet.as_posix()}:6:11 第 6 行的状态是“不予受理”，但表格里没有写不予受理理由的一列（能识别的列名：不予受理理由、"
    )
    assert "备注、说明" in problem
    assert problem.endswith(
        "请加上这样一列写明理由，或在 region.yml 的 import.cases.columns.reason 中写上本地区表格里写理由的那一列的列名"
    )
    assert "“办理状态”列" not in problem, "the status column is not what is missing"
    assert summary == "发现 1 处问题，没有写入任何文件；请逐条改正表格后重新导入"
    assert snapshot(project / "stations") == before

    with_region_setting(project, "import:\n  cases:\n    columns:\n      reason: [处理意见]\n")
    mapped = run_generator(project, "import", "cases", str(sheet))
    assert mapped.returncode == 0, mapped.stderr
    (case,) = [c for c in read(project, "donghu-2/cases-2025.yml")["cases"] if c["status"] == "不予受理"]
    assert case["reason"] == "已进入诉讼程序"


def test_stations_without_a_managing_unit_take_their_parents_or_the_regions(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    no_unit = [row[:-1] for row in STATION_ROWS]
    sheet = xlsx(tmp_path / "站点名单.xlsx", no_unit)
    project = new_district(tmp_path / "p")
    result = run_generator(project, "import", "stations", str(sheet))
    assert result.returncode == 0, result.stderr
    assert (
        "6 个站点表格里没有写管理单位，已这样填写：6 个用 region.yml 的主办单位 organizer“云溪区人大常委会”；"
        "请核对，不对时在站点名单里写上“管理单位”，或在 region.yml 的 import.stations.managed_by 中写上本地区站点默认的管理单位"
    ) in result.stdout.splitlines()
    for folder in ("zongzhan", "yunxi", "wangjiang", "hekou", "donghu", "donghu-2"):
        assert read(project, f"{folder}/station.yml")["managed_by"] == "云溪区人大常委会", folder

    # the region's own default; a centre that names its unit passes it down to its stations
    project = new_district(tmp_path / "q")
    with_region_setting(project, "import:\n  stations:\n    managed_by: 云溪区人大常委会代表工作室\n")
    units = ["管理单位", "", "", "", None, "", "东湖镇人大主席团", ""]
    rows = [[*row[:-1], unit] for row, unit in zip(STATION_ROWS, units, strict=True)]
    result = run_generator(project, "import", "stations", str(xlsx(tmp_path / "站点名单2.xlsx", rows)))
    assert result.returncode == 0, result.stderr
    assert (
        "5 个站点表格里没有写管理单位，已这样填写：1 个用上级站点的管理单位、"
        "4 个用 region.yml 的 import.stations.managed_by“云溪区人大常委会代表工作室”；"
    ) in result.stdout
    units = {f: read(project, f"{f}/station.yml")["managed_by"] for f in ("yunxi", "wangjiang", "hekou", "donghu", "donghu-2")}  # fmt: skip
    assert units == {
        "yunxi": "云溪区人大常委会代表工作室",
        "wangjiang": "云溪区人大常委会代表工作室",
        "hekou": "云溪区人大常委会代表工作室",
        "donghu": "东湖镇人大主席团",
        "donghu-2": "东湖镇人大主席团",
    }
    check = run_generator(project, "validate", "--check-format")
    assert check.returncode == 0, check.stderr


def test_remarks_in_a_real_size_roster_link_the_station_they_mean_or_are_refused(tmp_path: Path) -> None:
    """A synthetic district of 200 stations, namesakes among them: a remark never links a station it does not mean."""
    data = tmp_path / "data"
    write_region(data, Size(200, 1.0, 0.0), 7)
    project = make_project(tmp_path / "p", data)
    stations = {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in data.glob("*/station.yml")}
    head = next(sid for sid, station in stations.items() if station["kind"] == "总站")
    targets = sorted(sid for sid in stations if sid != head)
    names = Counter(station["name"] for station in stations.values())

    def roster(path: Path, said: dict[str, str]) -> Path:
        rows = [["姓名", "代表层级", "所属联络站", "备注"]]
        rows += [[f"代表{n:03d}", "区", head, f"同时进{said[sid]}"] for n, sid in enumerate(targets)]
        return xlsx(path, rows)

    def refused(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
        """The intended station of each refused row, and the message."""
        lines = [line for line in result.stderr.splitlines() if ".xlsx:" in line]
        return {targets[int(line.split(".xlsx:")[1].split(":")[0]) - 2]: line for line in lines}

    full = run_generator(project, "import", "deputies", str(roster(tmp_path / "全名.xlsx", {s: stations[s]["name"] for s in targets})))  # fmt: skip
    namesakes = {sid for sid in targets if names[stations[sid]["name"]] > 1}
    assert namesakes and full.returncode == 1 and set(refused(full)) == namesakes
    for sid, line in refused(full).items():
        assert "可能是" in line and f"（{sid}）" in line, line

    short = {sid: station_stem(stations[sid]["name"]) + "站" for sid in targets}
    guessed = run_generator(project, "import", "deputies", str(roster(tmp_path / "简称.xlsx", short)))
    for sid, line in refused(guessed).items():
        assert "可能是" in line and f"（{sid}）" in line, line  # never 没有这个站点: the station it means is among them
    said = {sid: (sid if sid in refused(guessed) else short[sid]) for sid in targets}
    result = run_generator(project, "import", "deputies", str(roster(tmp_path / "改正.xlsx", said)))
    assert result.returncode == 0, result.stderr
    for n, sid in enumerate(targets):
        linked = yaml.safe_load((project / "stations" / sid / "deputies.yml").read_text(encoding="utf-8"))["linked"]
        assert [item["id"] for item in linked if item["id"].startswith("dai-biao")] == [person_id(f"代表{n:03d}")]
