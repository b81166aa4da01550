"""A station pushed to the limits a placard must survive: many deputies, long names, no photos."""

from __future__ import annotations

from pathlib import Path

from tests.minimal import FILES, write_region

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
LONG_NAME = "·阿卜杜热合曼买买提"  # 11 characters with the surname, like many Uyghur names


def crowded_name(i: int) -> str:
    """A different long name for each `i`; past the surnames, a second surname character is added."""
    second = SURNAMES[i // len(SURNAMES) - 1] if i >= len(SURNAMES) else ""
    return f"{SURNAMES[i % len(SURNAMES)]}{second}{LONG_NAME}"


def write_crowded_region(root: Path, deputies: int = 60) -> Path:
    """The minimal region whose station `zd` has `deputies` deputies, three levels each, and a long name."""
    lines = [FILES["zd/deputies.yml"].rstrip("\n")]  # keeps the two deputies other files refer to
    for i in range(deputies - 2):
        role = "副站长" if i == 0 else "进站代表"
        lines += [
            f"  - id: d{i:03d}",
            f"    name: {crowded_name(i)}",
            "    level: [全国, 省, 市]",
            f"    role: {role}",
        ]
    rules = ["rules:"]
    for day in (1, 5, 10, 15, 20, 28):
        rules += [
            "  - repeat: 每月",
            f"    day: {day}",
            '    time: "09:00-11:30"',
            "    place: 杏林社区党群服务中心二楼代表接待室（杏林路5号东侧，近公交杏林站）",
            "    deputies: [wang-li, d000]",
        ]
    return write_region(
        root,
        {
            "zd/deputies.yml": "\n".join(lines) + "\n",
            "zd/schedule.yml": "\n".join(rules) + "\n",
            "zd/station.yml": (
                "id: zd\nname: 测试区东街街道杏林社区人大代表联络站（含杏林、杏南、杏北三个小区）\nkind: 联络站\nparent: cz\n"
                "area: [测试区, 东街街道, 杏林社区]\naddress: 测试区东街街道杏林路5号杏林社区党群服务中心二楼东侧代表之家\n"
                'hours: 工作日 8:30-12:00，14:00-17:30；每月28日全天\nphone: "0571-8000 0003"\nmanaged_by: 东街街道人大工委\n'
            ),
        },
    )


LONG_RULE_PLACE = "杏林社区党群服务中心二楼代表接待室（杏林路5号东侧，近公交杏林站）"
LONG_STATION = (
    "name: 测试区东街街道杏林社区人大代表联络站（含杏林、杏南、杏北三个小区）\n"
    "area: [测试区, 东街街道, 杏林社区]\naddress: 测试区东街街道杏林路5号杏林社区党群服务中心二楼东侧代表之家\n"
    'hours: 工作日 8:30-12:00，14:00-17:30；每月28日全天\nphone: "0571-8000 0003"\nmanaged_by: 东街街道人大工委\n'
)


def write_counts_region(root: Path, counts: range, most: int = 62) -> Path:
    """The crowded region and, under its centre, one station per count in `counts` (`n<count>`), each
    with the longest texts a placard cuts to size and that many of `zd`'s deputies visiting it."""
    data = write_crowded_region(root, deputies=most)
    for count in counts:
        folder = data / f"n{count:02d}"
        folder.mkdir()
        (folder / "station.yml").write_text(
            f"id: n{count:02d}\nkind: 联络站\nparent: cz\n{LONG_STATION}", encoding="utf-8"
        )
        ids = ["wang-li", "zhao-gang", *(f"d{i:03d}" for i in range(most - 2))][:count]
        if ids:
            linked = "".join(f"  - id: {i}\n    role: 进站代表\n" for i in ids)
            (folder / "deputies.yml").write_text(f"deputies: []\nlinked:\n{linked}", encoding="utf-8")
        rules = "".join(
            f'  - repeat: 每月\n    day: {day}\n    time: "09:00-11:30"\n    place: {LONG_RULE_PLACE}\n'
            for day in (1, 5, 10, 15, 20, 28)
        )
        (folder / "schedule.yml").write_text(f"rules:\n{rules}", encoding="utf-8")
    return data
