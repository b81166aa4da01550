"""A small valid region written as text, for tests that break one thing at a time."""

from __future__ import annotations

from pathlib import Path

FILES: dict[str, str] = {
    "region.yml": """\
name: 测试区
organizer: 测试区人大常委会
""",
    "zz/station.yml": """\
id: zz
name: 测试区人大代表联络总站
kind: 总站
area: [测试区]
address: 测试区人民路1号
hours: 工作日 8:30-17:00
phone: "0571-8000 0001"
managed_by: 测试区人大常委会
""",
    "cz/station.yml": """\
id: cz
name: 东街中心站
kind: 中心站
parent: zz
area: [测试区, 东街街道]
address: 东街10号
hours: 工作日 8:30-17:00
phone: "0571-8000 0002"
managed_by: 东街街道人大工委
""",
    "zd/station.yml": """\
id: zd
name: 杏林社区联络站
kind: 联络站
parent: cz
area: [测试区, 东街街道, 杏林社区]
address: 杏林路5号
hours: 工作日 8:30-17:00
phone: "0571-8000 0003"
managed_by: 东街街道人大工委
form: https://wj.example.cn/s/zd
rules: |
  1. 每月28日为代表接待日。
  2. 群众意见建议在15个工作日内答复。
""",
    "zd/deputies.yml": """\
deputies:
  - id: wang-li
    name: 王丽
    level: [市, 县]
    constituency: 第3选区
    role: 站长
  - id: zhao-gang
    name: 赵刚
    level: 乡
""",
    "cz/deputies.yml": """\
deputies:
  - id: sun-hong
    name: 孙红
    level: 全国
linked:
  - id: wang-li
    role: 进站代表
""",
    "zd/schedule.yml": """\
rules:
  - repeat: 每月
    day: 28
    time: "09:00-11:30"
    deputies: [wang-li]
sessions:
  - date: 2026-12-05
    time: "14:00-16:00"
    deputies: [zhao-gang]
    topic: 局长有约
""",
    "zd/plan-2026.yml": """\
year: 2026
themes:
  - month: 11
    theme: 平安建设
activities:
  - id: a1
    title: 走访辖区企业
    type: 调研视察
    date: 2026-03-10
    status: 已完成
    record: 走访企业5家，收集建议8条。
    deputies: [wang-li]
  - id: a2
    title: 代表述职会
    type: 代表述职
    month: 12
""",
    "zd/cases-2026.yml": """\
year: 2026
cases:
  - id: 2026-001
    received: 2026-02-01
    channel: 来访
    category: 城市建设
    summary: 群众反映某小区路灯损坏。
    deputy: wang-li
    department: 区城管局
    status: 已评价
    assigned: 2026-02-02
    processing: 2026-02-03
    replied: 2026-02-10
    rated: 2026-02-12
    reply: 已修复路灯。
    satisfaction: 满意
  - id: 2026-002
    received: 2026-03-01
    channel: 扫码
    category: 交通出行
    summary: 建议增设公交站台。
    status: 受理
""",
}


def write_region(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """Write the minimal region under `root/stations`, with some files replaced or removed."""
    files = {**FILES, **(changes or {})}
    data = root / "stations"
    for name, text in files.items():
        if text is None:
            continue
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return data
