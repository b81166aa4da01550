"""The personal-data detector and the guard that keeps such data out of every public text field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

from generator.data.privacy import GUARDED, HONORIFICS, SURNAMES, Kind, _find_all, find, mask, scrub
from generator.problems import DataError
from generator.region.validate import validate_region
from tests.conftest import EXAMPLE
from tests.minimal import FILES, write_region

TODAY = dt.date(2026, 11, 24)


def id_number(first17: str) -> str:
    """A resident ID number whose check digit is right (computed by the library, not here)."""
    return first17 + ric.calc_check_digit(first17 + "0")  # the library expects a digit in the last place


def card_number(first: str) -> str:
    return first + luhn.calc_check_digit(first)


ID_NUMBER = id_number("33010619850307123")
ID_NUMBER_X = "11010519491231002X"  # check digit X
CARD = card_number("622202123456789012")  # 19 digits, UnionPay
CARD_16 = card_number("436742123456789")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("电话13812345678请回电", Kind.MOBILE, "13812345678"),
        ("手机 138 1234 5678。", Kind.MOBILE, "138 1234 5678"),
        ("手机138-1234-5678", Kind.MOBILE, "138-1234-5678"),
        ("拨+86 139 1234 5678", Kind.MOBILE, "+86 139 1234 5678"),
        ("全角１３８１２３４５６７８", Kind.MOBILE, "１３８１２３４５６７８"),
        ("座机0571-86123401", Kind.LANDLINE, "0571-86123401"),
        ("座机(0571)8612 3401转802", Kind.LANDLINE, "(0571)8612 3401转802"),
        ("座机（0571）86123401", Kind.LANDLINE, "（0571）86123401"),
        ("北京010-6512 3456", Kind.LANDLINE, "010-6512 3456"),
        (f"身份证{ID_NUMBER}。", Kind.ID_NUMBER, ID_NUMBER),
        (f"身份证号{ID_NUMBER_X.lower()}", Kind.ID_NUMBER, ID_NUMBER_X.lower()),
        ("邮箱 zhang.san+1@mail.example.cn。", Kind.EMAIL, "zhang.san+1@mail.example.cn"),
        (f"卡号{CARD}", Kind.BANK_CARD, CARD),
        (f"卡号 {CARD_16[:4]} {CARD_16[4:8]} {CARD_16[8:12]} {CARD_16[12:]}", Kind.BANK_CARD, None),
        ("住柳塘路88号", Kind.ADDRESS, "88号"),
        ("杏花小区3幢2单元201室", Kind.ADDRESS, "3幢2单元201室"),
        ("5号楼1203室", Kind.ADDRESS, "5号楼1203室"),
        ("杏花小区12号楼", Kind.ADDRESS, "12号楼"),
        ("手机138.1234.5678", Kind.MOBILE, "138.1234.5678"),
        ("老身份证330106850307123。", Kind.ID_NUMBER, "330106850307123"),
        ("加QQ：2856712345", Kind.QQ, "2856712345"),
        ("扣扣 12345678 联系", Kind.QQ, "12345678"),
        ("微信：zhang_san88", Kind.WECHAT, "zhang_san88"),
        ("VX lixiu-ying2026 ", Kind.WECHAT, "lixiu-ying2026"),
        ("wx号:abc12345", Kind.WECHAT, "abc12345"),
        ("张大爷反映", Kind.NAME, "张大爷"),
        ("社区李阿姨说", Kind.NAME, "李阿姨"),
        ("王先生来电", Kind.NAME, "王先生"),
        ("欧阳女士建议", Kind.NAME, "欧阳女士"),
    ],
)
def test_each_kind_is_found(text: str, kind: Kind, value: str | None) -> None:
    found = find(text)
    assert [f.kind for f in found] == [kind]
    if value:
        assert found[0].value == value
        assert text[found[0].start : found[0].end] == value


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-18 受理，2026年11月18日答复",
        "每月28日上午09:00-11:30接待，14:00-17:30",
        "案例 2026-001、2026-1118-17",
        "翻修约120平方米，投入资金1250000元，惠及3000户",
        "1998 2000 年以来",
        "地铁3号线柳塘站，柳塘路某路段，3号门",
        "请拨打 12345 政务服务热线或 110",
        # 18 digits failing the ID checksum and the Luhn check alike
        "编号 330106198503071230",
        # 15 digits whose birth date does not exist (month 13)
        "编号 330106851307123",
        "日期 2026.11.24，金额 138.50 元",
        # the proper anonymous form, and forms of address after words that are not surnames
        "王某反映，一位阿姨说，对方女士表示，经常大妈们来，向阿姨了解情况，这位先生",
        "微信公众号、微信群、QQ群里都有通知",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert find(text, kinds=GUARDED) == []


# Pieces personal data is made of, and text around it: every kind's pattern can form from these.
PIECES = st.sampled_from(
    [
        *"0123456789０１２３４５６７８９@＠.-－ 　:：xX",
        *SURNAMES[:8],
        *HONORIFICS,
        "QQ",
        "ｑｑ",
        "微信",
        "ｖｘ",
        "wx",
        "Vx",
        "weixin",
        "路",
        "号",
        "号楼",
        "幢",
        "单元",
        "室",
        "转",
        "(0571)",
        "138",
        "8612",
        "13812345678",
        "2026-04-01",
        "330106198503071234",
        "example.cn",
        "abc_de",
        "的",
        "社区",
        "反映",
    ]
)


# The shortest form of each kind, with nothing else in the text that could let it through.
SHORTEST = [
    "123室",
    "2单元",
    "5幢",
    "柳塘路8号",
    "010-234-5678",
    "a@b.cn",
    "微信abcdef",
    "王先生",
    "QQ12345",
    "12345678901",
]


@given(st.lists(PIECES, max_size=24).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_quick_test_before_the_patterns_never_misses_a_finding(text: str) -> None:
    """Most texts are turned away by one search before any pattern runs: never one that a pattern matches."""
    assert find(text) == _find_all(text, None)


@pytest.mark.parametrize("text", SHORTEST)
def test_the_quick_test_lets_the_shortest_form_of_each_kind_through(text: str) -> None:
    assert _find_all(text, None), f"{text} is no finding: the example is wrong"
    assert find(text) == _find_all(text, None)


def test_a_wrong_check_digit_is_not_an_id_number() -> None:
    wrong = ID_NUMBER[:-1] + ("1" if ID_NUMBER[-1] != "1" else "2")
    assert Kind.ID_NUMBER not in {f.kind for f in find(f"身份证{wrong}")}


def test_mask_keeps_only_the_ends() -> None:
    assert mask("13812345678") == "138****5678"
    assert mask("+86 138-1234-5678") == "138****5678"
    assert mask("0571-86123401") == "057*****3401"
    assert mask(ID_NUMBER_X) == "110***********002X"
    assert mask("zhang.san@qq.com") == "z***@qq.com"


def test_scrub_replaces_with_placeholders_and_keeps_the_rest() -> None:
    text = (
        f"我叫李秀英，住柳塘路88号杏花小区3幢2单元201室，李秀英的电话13812345678，"
        f"座机0571-86123401，身份证{ID_NUMBER}，卡号{CARD}，邮箱lxy@qq.com。柳塘路某路段路灯不亮。"
    )
    result = scrub(text, names=["李秀英"])
    assert result.text == (
        "我叫【姓名】，住柳塘路【详细地址】杏花小区【详细地址】，【姓名】的电话【手机号】，"
        "座机【电话】，身份证【身份证号】，卡号【银行卡号】，邮箱【邮箱】。柳塘路某路段路灯不亮。"
    )
    expected = [Kind.NAME, Kind.NAME, Kind.ADDRESS, Kind.ADDRESS, Kind.MOBILE, Kind.LANDLINE, Kind.ID_NUMBER]
    assert sorted(result.removed) == sorted([*expected, Kind.BANK_CARD, Kind.EMAIL])


def test_scrub_removes_values_given_in_personal_columns_but_not_words() -> None:
    result = scrub("家住杏花苑七号院，没有电话", private=[("杏花苑七号院2号", Kind.ADDRESS), ("没有", Kind.MOBILE)])
    assert result.text == "家住杏花苑七号院，没有电话"  # no digit: an answer like 没有 must not wipe words
    result = scrub("家住杏花苑7-2，路灯坏", private=[("杏花苑7-2", Kind.ADDRESS)])
    assert result.text == "家住【详细地址】，路灯坏"
    assert scrub("联系人：王五，路灯坏").text == "联系人：【姓名】，路灯坏"


# --- the guard in validation ------------------------------------------------------------------------


def problems_for(tmp_path: Path, changes: dict[str, str]) -> list[str]:
    data = write_region(tmp_path, changes)
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    return [p.render() for p in caught.value.problems]


def in_summary(text: str) -> dict[str, str]:
    old = "summary: 建议增设公交站台。"
    assert old in FILES["zd/cases-2026.yml"]
    return {"zd/cases-2026.yml": FILES["zd/cases-2026.yml"].replace(old, f"summary: 建议增设公交站台，{text}。")}


ADVICE = "公开的文字里不得出现群众的个人信息，请删除，或改为占位符 {p}"
HINTS = {
    "【手机号】": "；如果是站点或代表同意公开的号码，请写在 phone 或 contact 中",
    "【电话】": "；如果是站点或代表同意公开的号码，请写在 phone 或 contact 中",
    "【邮箱】": "；如果是站点或代表同意公开的号码，请写在 phone 或 contact 中",
    "【姓名】": "；称呼群众请写“一位居民”“群众”或“王某”",
    "【详细地址】": "；门牌号只写在站点的 address 或接待的 place 中，群众住址只写到小区或路名",
}


@pytest.mark.parametrize(
    ("planted", "value", "shown"),
    [
        ("联系13812345678", "138", "这里有手机号 138****5678"),
        ("座机 0571-8612 3401", "0571", "这里有电话 057*****3401"),
        (f"身份证{ID_NUMBER}", "330", f"这里有身份证号 {ID_NUMBER[:3]}***********{ID_NUMBER[-4:]}"),
        ("邮箱 someone@example.cn", "some", "这里有邮箱 s***@example.cn"),
        (f"卡号{CARD}", "622", f"这里有银行卡号 {CARD[:3]}{'*' * 12}{CARD[-4:]}"),
    ],
)
def test_guard_names_file_line_kind_and_masked_value(tmp_path: Path, planted: str, value: str, shown: str) -> None:
    # line 21 is `    summary: 建议增设公交站台，…`: the value starts in column 14, the planted text 9 characters later
    column = 14 + len("建议增设公交站台，") + planted.index(value)
    placeholder = "【" + shown.split(" ")[0].removeprefix("这里有") + "】"
    assert problems_for(tmp_path, in_summary(planted)) == [
        f"stations/zd/cases-2026.yml:21:{column} {shown}：" + ADVICE.format(p=placeholder) + HINTS.get(placeholder, "")
    ]


@pytest.mark.parametrize(
    ("planted", "value", "shown", "placeholder"),
    [
        ("张大爷反映", "张大爷", "这里有姓名 *大爷", "【姓名】"),
        ("住3栋2单元501室", "3栋", "这里有详细地址 *******1室", "【详细地址】"),
        ("QQ 2856712345", "2856712345", "这里有QQ号 285***2345", "【QQ号】"),
        ("微信 zhang_san88", "zhang_san88", "这里有微信号 *********88", "【微信号】"),
        ("老身份证 330106850307123", "3301", "这里有身份证号 330********7123", "【身份证号】"),
    ],
)
def test_guard_refuses_the_new_kinds_with_the_value_masked(
    tmp_path: Path, planted: str, value: str, shown: str, placeholder: str
) -> None:
    column = 14 + len("建议增设公交站台，") + planted.index(value)
    assert problems_for(tmp_path, in_summary(planted)) == [
        f"stations/zd/cases-2026.yml:21:{column} {shown}：" + ADVICE.format(p=placeholder) + HINTS.get(placeholder, "")
    ]


def test_door_numbers_are_public_in_addresses_and_where_an_address_is_quoted(tmp_path: Path) -> None:
    station = (
        FILES["zd/station.yml"]
        .replace("address: 杏林路5号", "address: 杏林路5号杏林大厦3栋1楼")
        .replace("  2. 群众意见建议", "  2. 接待地点在杏林路5号，群众意见建议")
    )
    schedule = FILES["zd/schedule.yml"].replace(
        "    topic: 局长有约\n", "    topic: 局长有约\n    place: 杏林小区12号楼\n"
    )
    data = write_region(tmp_path, {"zd/station.yml": station, "zd/schedule.yml": schedule})
    validate_region(data, tmp_path, TODAY)


def test_guard_points_at_the_line_inside_a_block(tmp_path: Path) -> None:
    station = FILES["zd/station.yml"].replace("  2. 群众意见建议", "  2. 有事找王站长 13912345678，群众意见建议")
    problems = problems_for(tmp_path, {"zd/station.yml": station})
    assert problems == [
        "stations/zd/station.yml:13:13 这里有手机号 139****5678：" + ADVICE.format(p="【手机号】") + HINTS["【手机号】"]
    ]


def test_declared_public_numbers_may_be_quoted_anywhere(tmp_path: Path) -> None:
    station = FILES["zd/station.yml"].replace(
        "  2. 群众意见建议", "  2. 请拨打本站电话 0571 8000 0003 或王丽代表 13900001111，群众意见建议"
    )
    deputies = FILES["zd/deputies.yml"].replace(
        "    role: 站长\n", "    role: 站长\n    contact:\n      phone: 139-0000-1111\n      email: wangli@example.cn\n"
    )
    data = write_region(tmp_path, {"zd/station.yml": station, "zd/deputies.yml": deputies})
    validate_region(data, tmp_path, TODAY)


def test_the_example_district_has_no_personal_data() -> None:
    model = validate_region(EXAMPLE / "stations", EXAMPLE, TODAY)
    assert model.stations


def test_each_occurrence_is_reported_where_it_stands(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, in_summary("张大爷说，张大爷又说"))
    columns = [int(p.split(":")[2].split(" ")[0]) for p in problems]
    assert len(problems) == 2 and columns[1] - columns[0] == len("张大爷说，")


def test_a_file_full_of_findings_lists_fifty_and_counts_the_rest(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, in_summary("张大爷说，" * 80))
    assert len(problems) == 51
    assert (
        problems[-1]
        == "stations/zd/cases-2026.yml:22:1 这个文件还有 30 处问题没有列出；请先改正上面列出的问题，再重新检查"
    )


BOLD_DIGITS = str.maketrans("0123456789", "".join(chr(0x1D7CE + d) for d in range(10)))
# How a number is disguised, on purpose or by a word processor: each joins the number's groups.
DISGUISES = {
    "no-break spaces": lambda groups: "\u00a0".join(groups),
    "ideographic spaces": lambda groups: "\u3000".join(groups),
    "en dashes": lambda groups: "\u2013".join(groups),
    "em dashes": lambda groups: "\u2014".join(groups),
    "minus signs": lambda groups: "\u2212".join(groups),
    "double spaces": lambda groups: "  ".join(groups),
    "spaced dashes": lambda groups: " - ".join(groups),
    "zero-width spaces": lambda groups: "\u200b".join("".join(groups)),
    "word joiners": lambda groups: "\u2060".join("".join(groups)),
    "soft hyphens": lambda groups: "\u00ad".join("".join(groups)),
    "left-to-right marks": lambda groups: "\u200e".join("".join(groups)),
    "mathematical bold digits": lambda groups: "".join(groups).translate(BOLD_DIGITS),
    "full-width digits": lambda groups: "".join(chr(ord(c) + 0xFEE0) for c in "".join(groups)),
    "grouped by four": lambda groups: " ".join(re.findall(".{1,4}", "".join(groups))),
}
NUMBERS = [(["138", "1234", "5678"], Kind.MOBILE), (["110105", "19491231", "002x"], Kind.ID_NUMBER)]


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize(("groups", "kind"), NUMBERS)
def test_a_number_disguised_as_a_reader_would_not_notice_is_still_found(
    disguise: str, groups: list[str], kind: Kind
) -> None:
    written = DISGUISES[disguise](groups)
    text = f"来访群众电话{written}，请回访"
    findings = find(text)
    assert [f.kind for f in findings] == [kind], (disguise, findings)
    finding = findings[0]
    assert finding.value == written and text[finding.start : finding.end] == written  # the span as written
    assert scrub(text).text == f"来访群众电话{kind.value}，请回访"


@pytest.mark.parametrize(
    ("name", "key"),
    [("王秀\u200b兰", "invisible_char"), ("\u202e兰秀王", "bidi_control"), ("王\u2060丽", "invisible_char")],
)
def test_a_name_with_an_invisible_or_direction_character_is_refused(tmp_path: Path, name: str, key: str) -> None:
    from generator.strings.messages import ERR

    deputies = FILES["zd/deputies.yml"]
    first = deputies.split("name: ", 1)[1].split("\n", 1)[0]
    data = write_region(tmp_path / "data", {"zd/deputies.yml": deputies.replace(f"name: {first}", f"name: {name}", 1)})
    with pytest.raises(DataError) as caught:
        validate_region(data, tmp_path, TODAY)
    expected = ERR[key].split("{field}", 1)[1][:12]
    assert [p for p in caught.value.problems if p.file.endswith("zd/deputies.yml") and expected in p.message]


def test_names_equal_to_a_reader_are_namesakes(tmp_path: Path) -> None:
    """A CJK compatibility ideograph, or a decomposed accent, is the same name on the wall."""
    names = {"lin-1": "林一", "lin-2": "\uf9f4一", "jose-1": "Jos\u00e9", "jose-2": "Jose\u0301", "other": "林二"}
    extra = "".join(f"  - id: {i}\n    name: {name}\n    level: 乡\n" for i, name in names.items())
    deputies = (
        FILES["zd/deputies.yml"].replace("linked:", extra + "linked:")
        if "linked:" in FILES["zd/deputies.yml"]
        else FILES["zd/deputies.yml"] + extra
    )
    model = validate_region(write_region(tmp_path / "data", {"zd/deputies.yml": deputies}), tmp_path, TODAY)
    namesakes = {i: [d.deputy.id for d in model.deputies[i].namesakes] for i in names}
    assert namesakes == {
        "lin-1": ["lin-2"],
        "lin-2": ["lin-1"],
        "jose-1": ["jose-2"],
        "jose-2": ["jose-1"],
        "other": [],
    }
