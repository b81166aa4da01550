"""Workbooks made to hurt: each is refused or read within bounds, with a message a clerk can act on.

Every file is made here, from a small valid workbook, the way an attacker or a broken
program would make it: a declared dimension of the whole sheet with one far cell, XML
cut in half, an entity bomb, an external entity, a password.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from generator.cli import main
from generator.problems import DataError
from generator.strings.messages import ERR
from generator.tools import sheets
from generator.tools.sheets import read_tables
from tests.conftest import BUILD_DATE, make_project, tree_files
from tests.photofiles import peak_megabytes

SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


STATIONS = workbook([["站点名称", "类型", "上级站点", "地址"], ["杏林社区联络站", "联络站", "", "杏林路5号"]])


def rewritten(raw: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook with one of its parts changed by `change(text) -> text`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data.decode("utf-8")).encode("utf-8") if item.filename == name else data)
    return out.getvalue()


def far_cell(text: str) -> str:
    """A whole sheet declared, and one cell written in its last row and column."""
    text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', text)
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return text.replace("</sheetData>", far + "</sheetData>")


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'


def with_doctype(doctype: str, entity: str):  # type: ignore[no-untyped-def]
    def change(text: str) -> str:
        text = re.sub(r"^<\?xml[^>]*\?>", "", text)
        return doctype + text.replace("杏林路5号", f"&{entity};")

    return change


def encrypted(raw: bytes) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(raw)).encrypt("secret", out)
    return out.getvalue()


HOSTILE = {
    "cut in half": (lambda: rewritten(STATIONS, SHEET, lambda t: t[: len(t) // 2]), "import_bad_xlsx"),
    "entity bomb": (
        lambda: rewritten(STATIONS, SHEET, with_doctype(BOMB, "lol9")),
        "import_unsafe_xlsx",
    ),
    "external entity": (
        lambda: rewritten(STATIONS, SHEET, with_doctype(XXE, "xxe")),
        "import_unsafe_xlsx",
    ),
    "password": (lambda: encrypted(STATIONS), "import_encrypted_xlsx"),
    "not a zip": (lambda: b"PK\x03\x04" + os.urandom(2000), "import_bad_xlsx"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_workbook_is_refused_with_its_reason(tmp_path: Path, case: str) -> None:
    make, key = HOSTILE[case]
    path = tmp_path / "站点名单.xlsx"
    path.write_bytes(make())
    with pytest.raises(DataError) as caught:
        read_tables(path, "站点名单.xlsx")
    assert [p.render() for p in caught.value.problems] == [f"站点名单.xlsx:1:1 {ERR[key]}"]


def test_the_import_command_refuses_it_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project")
    (project / "站点名单.xlsx").write_bytes(encrypted(STATIONS))
    before = tree_files(project / "stations")
    monkeypatch.chdir(project)
    assert main(["--today", BUILD_DATE, "import", "stations", "站点名单.xlsx"]) == 1
    err = capsys.readouterr().err
    assert "站点名单.xlsx:1:1 这个 Excel 文件设置了打开密码" in err and "Traceback" not in err
    assert tree_files(project / "stations") == before


def test_a_sheet_declaring_every_cell_is_read_as_written_in_bounded_memory(tmp_path: Path) -> None:
    """A 5 KB file declaring A1:XFD1048576 with one far cell: its rows as written, in well under a gigabyte."""
    path = tmp_path / "站点名单.xlsx"
    path.write_bytes(rewritten(STATIONS, SHEET, far_cell))
    assert path.stat().st_size < 10_000
    code = (
        "from pathlib import Path; from generator.tools.sheets import read_tables\n"
        f"tables, _ = read_tables(Path({str(path)!r}), 'x.xlsx')\n"
        "rows = tables[0][1]\n"
        "print(len(rows), sum(1 for _, r in rows if any(c is not None for c in r)), len(rows[-1][1]))"
    )
    peak, said = peak_megabytes(code)
    assert said.split() == ["1048576", "3", "16384"]
    assert peak < 1024, f"peak {peak} MB"


def test_a_sheet_past_the_cell_bound_is_refused_at_the_row_where_it_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound on cells, lowered so the test writes a small file: refused at the row that passes it."""
    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 1000)
    path = tmp_path / "大表.xlsx"
    path.write_bytes(workbook([[f"列{i}" for i in range(100)]] + [[1] * 100 for _ in range(20)]))
    with pytest.raises(DataError) as caught:
        read_tables(path, "大表.xlsx")
    (problem,) = caught.value.problems
    assert problem.position.line == 11 and problem.message.startswith(
        "表格太大：一张工作表最多读取 200000 行、1000 个单元格"
    )


def test_an_import_whose_file_would_pass_the_size_limit_writes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Thousands of long submissions for one station: the cases file would pass 2 MB, which `validate` refuses."""
    import csv

    from tests.minimal import write_region

    project = make_project(tmp_path / "project", write_region(tmp_path / "source"))
    rows = [
        [
            str(n),
            f"2026/{1 + n % 10}/{1 + n % 28} 9:00:00",
            "微信",
            "城市建设",
            f"第{n}条：" + "小区门口路灯坏了，" * 40,
        ]
        for n in range(4000)
    ]
    with (project / "导出.csv").open("w", encoding="utf-8-sig", newline="") as export:
        csv.writer(export).writerows([["序号", "提交答卷时间", "来源", "问题类别", "意见建议内容"], *rows])
    before = tree_files(project / "stations")
    monkeypatch.chdir(project)
    assert main(["--today", BUILD_DATE, "import-cases", "--station", "zd", "导出.csv"]) == 1
    err = capsys.readouterr().err
    assert ERR["import_invalid"] in err and "Traceback" not in err
    assert "stations/zd/cases-2026.yml:1:1 文件超过 2 MB，不会读取" in err
    assert tree_files(project / "stations") == before


def test_a_register_too_large_for_one_file_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twenty thousand rows for one station and year: refused from the records, without writing YAML for minutes."""
    import datetime as dt

    from openpyxl import Workbook as Book

    project = make_project(tmp_path / "project")
    book = Book(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["所属联络站", "受理日期", "反映内容", "承办部门", "办理状态", "答复日期", "答复内容"])
    for n in range(20_000):
        day = dt.datetime(2026, 1, 1) + dt.timedelta(days=n % 300)
        sheet.append(
            [
                "石桥产业园人大代表联络站",
                day,
                f"第{n}件：建议修复路灯，夜间出行不便",
                "区城管局",
                "已办结",
                day,
                "已修复",
            ]
        )
    book.save(project / "登记册.xlsx")
    before = tree_files(project / "stations")
    monkeypatch.chdir(project)
    assert main(["--today", BUILD_DATE, "import", "cases", "登记册.xlsx"]) == 1
    err = capsys.readouterr().err
    assert "这张表会给 stations/chanyeyuan/cases-2026.yml 写入 20000 件案例" in err and "Traceback" not in err
    assert tree_files(project / "stations") == before
