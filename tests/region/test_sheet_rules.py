"""What real rotas and registers need: the last weekday of a month, months and periods without reception, undated steps."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.data.model import ReceptionRule
from generator.problems import DataError
from generator.region.schedule import describe_rule
from generator.region.validate import validate_region
from tests.minimal import write_region
from tests.region.test_calendar import expand

TODAY = dt.date(2026, 11, 24)


def test_the_last_weekday_of_each_month() -> None:
    found = [
        day
        for day, *_ in expand(
            {"repeat": "每月", "weekday": "周五", "week": "最后", "holiday": "照常"}, "2026-01-01", "2026-04-30"
        )
    ]
    assert found == ["2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"]


def test_months_and_periods_without_reception_have_no_days() -> None:
    rule = {"repeat": "每周", "weekday": "周三", "holiday": "照常", "skip_months": [7, 8]}
    assert [d for d, *_ in expand(rule, "2026-06-20", "2026-09-05")] == ["2026-06-24", "2026-09-02"]
    rule = {"repeat": "每月", "day": 10, "holiday": "照常", "pauses": [{"start": "2026-03-01", "end": "2026-04-30"}]}
    assert [d for d, *_ in expand(rule, "2026-02-01", "2026-05-31")] == ["2026-02-10", "2026-05-10"]


def test_a_spring_festival_pause_cancels_instead_of_moving() -> None:
    # 2026: Spring Festival off 02-15..02-23; 02-18 is a Wednesday
    rule = {"repeat": "每周", "weekday": "周三", "pause_holidays": ["春节"]}
    assert expand(rule, "2026-02-16", "2026-02-26") == [
        ("2026-02-18", None, True, "春节期间暂停"),
        ("2026-02-25", None, False, None),
    ]
    assert expand({"repeat": "每周", "weekday": "周三"}, "2026-02-16", "2026-02-24")[0][:2] == (
        "2026-02-24",
        "2026-02-18",
    )


def test_rules_are_described_as_a_wall_board_says_them() -> None:
    rule = ReceptionRule(
        repeat="每月", weekday="周五", week="最后", time="14:30-16:30", skip_months=[8, 7], pause_holidays=["春节"]
    )
    assert describe_rule(rule) == "每月最后一个周五 14:30-16:30（7、8月暂停；春节期间暂停）"


UNDATED = """\
year: 2026
cases:
  - id: 2026-001
    received: 2026-02-01
    channel: 来访
    category: 城市建设
    summary: 群众反映某小区路灯损坏。
    status: 已评价
    replied: 2026-02-10
    reply: 已修复路灯。
    satisfaction: 满意
    undated: [{steps}]
"""


def test_a_register_may_leave_intermediate_steps_undated(tmp_path) -> None:
    region = write_region(tmp_path, {"zd/cases-2026.yml": UNDATED.format(steps="交办, 办理中, 已评价")})
    model = validate_region(region, tmp_path, TODAY)
    assert [c.undated for c in model.stations["zd"].cases] == [["交办", "办理中", "已评价"]]


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ("交办, 办理中", "案例 2026-001 的状态是“已评价”，请填写 rated（已评价的日期）"),
        (
            "交办, 办理中, 已评价, 已答复",
            "案例 2026-001 的 undated 里写了“已答复”：受理日期和答复日期必须照实填写，不能写成日期不详；请删除这一项并填写日期",
        ),
    ],
)
def test_undated_steps_are_still_checked(tmp_path, steps: str, expected: str) -> None:
    region = write_region(tmp_path, {"zd/cases-2026.yml": UNDATED.format(steps=steps)})
    with pytest.raises(DataError) as caught:
        validate_region(region, tmp_path, TODAY)
    assert [p.message for p in caught.value.problems] == [expected]


def test_an_undated_step_not_reached_or_dated_is_refused(tmp_path) -> None:
    text = (
        UNDATED.format(steps="交办")
        .replace("status: 已评价", "status: 受理")
        .replace("    replied: 2026-02-10\n    reply: 已修复路灯。\n    satisfaction: 满意\n", "")
    )
    region = write_region(tmp_path, {"zd/cases-2026.yml": text})
    with pytest.raises(DataError) as caught:
        validate_region(region, tmp_path, TODAY)
    assert [p.message for p in caught.value.problems] == [
        "案例 2026-001 的状态是“受理”，还没到“交办”这一步，请从 undated 中删除这一项"
    ]
    text = UNDATED.format(steps="交办, 办理中, 已评价").replace(
        "    replied:", "    assigned: 2026-02-02\n    replied:"
    )
    region = write_region(tmp_path / "b", {"zd/cases-2026.yml": text})
    with pytest.raises(DataError) as caught:
        validate_region(region, tmp_path / "b", TODAY)
    assert [p.message for p in caught.value.problems] == [
        "案例 2026-001 已经填写了 assigned（交办的日期），请从 undated 中删除“交办”"
    ]
