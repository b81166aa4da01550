"""The "我要提建议" action: the linked form knows where the resident came from, and a fallback without a form."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.conftest import Build, build_minimal
from tests.minimal import FILES


def primary_action(build: Build, address: str):
    action = build.page(address).select_one(".lz-actions a.md-button--primary")
    assert action is not None, f"no primary action on {address}"
    return action


def test_region_form_template_carries_station_and_deputy(example: Build, example_model) -> None:
    """Stations without their own form use the region's; deputies' pages add the deputy."""
    assert example_model.region.form == "https://wj.example.cn/s/qinghe-jianyi{?station,deputy}"
    action = primary_action(example, "s/nanan/")
    assert action.get_text() == "我要提建议"
    assert action["href"] == "https://wj.example.cn/s/qinghe-jianyi?station=nanan"
    deputy = next(m.deputy for m in example_model.stations["nanan"].members if m.deputy.home.id == "nanan")
    action = primary_action(example, f"d/{deputy.id}/")
    assert action["href"] == f"https://wj.example.cn/s/qinghe-jianyi?station=nanan&deputy={deputy.id}"
    activity = next(iter(example_model.stations["nanan"].plans[2026].activities))
    action = primary_action(example, f"a/nanan/{activity.id}/")
    assert action["href"] == "https://wj.example.cn/s/qinghe-jianyi?station=nanan"


def test_station_form_overrides_the_region_form(example: Build, example_model) -> None:
    assert primary_action(example, "s/liutang/")["href"] == "https://wj.example.cn/s/liutang"
    deputy = next(m.deputy for m in example_model.stations["liutang"].members if m.deputy.home.id == "liutang")
    assert primary_action(example, f"d/{deputy.id}/")["href"] == f"https://wj.example.cn/s/liutang?deputy={deputy.id}"
    # with a form, calling stays available next to it
    call = example.page("s/liutang/").select_one(".lz-actions a[href^='tel:']")
    assert call.get_text() == "打电话反映" and call["href"] == "tel:057186213401"


def test_values_put_into_the_form_address_are_percent_encoded(tmp_path: Path) -> None:
    region = FILES["region.yml"] + "form: https://wj.example.cn/s/x{?station_name,deputy_name}\n"
    station = FILES["zd/station.yml"].replace("name: 杏林社区联络站", "name: 杏林&社区 <b>站</b>")
    station = station.replace("form: https://wj.example.cn/s/zd\n", "")
    build = build_minimal(tmp_path, {"region.yml": region, "zd/station.yml": station})
    assert build.result.returncode == 0, build.result.stderr
    href = primary_action(build, "s/zd/")["href"]
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wj.example.cn", "/s/x")
    assert parse_qs(parts.query) == {"station_name": ["杏林&社区 <b>站</b>"]}
    assert "<" not in href and "&社区" not in href
    href = primary_action(build, "d/wang-li/")["href"]
    assert parse_qs(urlsplit(href).query) == {"station_name": ["杏林&社区 <b>站</b>"], "deputy_name": ["王丽"]}


def test_without_a_form_the_station_can_be_called_texted_or_mailed(tmp_path: Path) -> None:
    mobile = FILES["cz/station.yml"].replace(
        'phone: "0571-8000 0002"', 'phone: "138 0000 0002"\nemail: dongjie@example.cn'
    )
    station = FILES["zd/station.yml"].replace("form: https://wj.example.cn/s/zd\n", "")
    build = build_minimal(tmp_path, {"cz/station.yml": mobile, "zd/station.yml": station})
    assert build.result.returncode == 0, build.result.stderr

    actions = build.page("s/cz/").select(".lz-actions a")
    assert [(a.get_text(), a["href"]) for a in actions] == [
        ("打电话提建议", "tel:13800000002"),
        ("发短信提建议", "sms:13800000002"),
        (
            "发邮件提建议",
            "mailto:dongjie@example.cn?subject=%E6%84%8F%E8%A7%81%E5%BB%BA%E8%AE%AE%EF%BC%88%E4%B8%9C%E8%A1%97%E4%B8%AD%E5%BF%83%E7%AB%99%EF%BC%89",
        ),
    ]
    assert "暂未开通网上表单" in build.page("s/cz/").select_one(".lz-actions").get_text()
    # a landline cannot take a text message, and no address means no mail link
    actions = build.page("s/zd/").select(".lz-actions a")
    assert [(a.get_text(), a["href"]) for a in actions] == [("打电话提建议", "tel:057180000003")]
    # the deputy's page offers the same ways in as the deputy's home station
    assert [a["href"] for a in build.page("d/wang-li/").select(".lz-actions a")] == ["tel:057180000003"]
