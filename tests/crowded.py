"""A station pushed to the limits a placard and a phone must survive: many deputies, long names, photos."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

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


def phone_photo(seed: int) -> bytes:
    """A 1200×1600 JPEG at phone quality whose detail compresses like a photo's (no real person in it)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 1600), tuple(rng.randrange(120, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):  # blotches of light and colour, then grain: a photo's texture, not a drawing's
        x, y, r = rng.randrange(1200), rng.randrange(1600), rng.randrange(40, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(30, 240) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(18))
    grain = Image.effect_noise((1200, 1600), 28).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def add_photos(data: Path, station: str = "zd") -> int:
    """Give every deputy written at `station` a phone photo; return how many."""
    deputies = data / station / "deputies.yml"
    text = deputies.read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)$", text, flags=re.MULTILINE)
    (data / station / "photos").mkdir(exist_ok=True)
    for number, deputy_id in enumerate(ids):
        (data / station / "photos" / f"{deputy_id}.jpg").write_bytes(phone_photo(number))
    text = re.sub(r"^(  - id: (\S+))$", r"\1\n    photo: photos/\2.jpg", text, flags=re.MULTILINE)
    deputies.write_text(text, encoding="utf-8")
    return len(ids)


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
