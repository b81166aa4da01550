"""Write a synthetic region of any size: `python -m benchmarks.synthetic --scale 10 --out DIR`.

For benchmarks and scale tests only. Everything is invented: names are composed
from syllable lists, phone numbers follow one made-up pattern, case summaries
come from templates; no real person's data is ever written.

The region has the shape of real ones: 总站 → 中心站 → 联络站/联络点, 10–60
deputies of five levels per station (most of them 乡 and 县), reception rules of
every kind, annual plans, and cases of every status that satisfy the
closed-loop rules for the build date. The same seed always writes the same
bytes. Each station draws from its own random stream, seeded by the seed and
its place in the hierarchy, and stations are laid out in a fixed order, so a
larger region contains a smaller one's stations unchanged: the same station's
pages can be compared across sizes.

It refuses to write into a folder that is not empty, so it can never overwrite
a region's real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.data.model import Case, ReceptionRule
from generator.data.values import (
    ActivityStatus,
    ActivityType,
    CaseStatus,
    Channel,
    DeputyRole,
    HolidayPolicy,
    Level,
    MonthParity,
    Repeat,
    StaffRole,
    StationKind,
    Weekday,
)
from generator.region.schedule import rule_dates

try:  # the C emitter writes a province in seconds rather than minutes
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

BUILD_DATE = dt.date(2026, 11, 24)
EXAMPLE_STATIONS = 10  # stations in the example district: "scale 1"
DEPUTIES_PER_STATION = 30.0  # a city's density: 15,000 deputies in 500 stations
CASES_PER_STATION = 100.0  # and 50,000 cases
MAX_DEPUTIES = 60  # the most a station holds (and its placard shows)
STATIONS_PER_COUNTY = 250  # larger regions get one head station per county
CASE_YEARS = (2025, 2026)
HEADER = "# 合成数据：仅用于性能测试，人名、电话和事例均为虚构。\n"

# (stations, deputies, cases) of the sizes the targets are stated for.
NAMED_SIZES: dict[str, tuple[int, int, int]] = {
    "city": (500, 15_000, 50_000),
    "province": (3_000, 130_000, 300_000),
}


@dataclass(frozen=True)
class Size:
    stations: int
    deputies: float  # mean per station
    cases: float  # mean per station

    @classmethod
    def parse(cls, name: str) -> Size:
        """A named size ("city", "province") or a multiple of the example district ("1", "10")."""
        if name in NAMED_SIZES:
            stations, deputies, cases = NAMED_SIZES[name]
            return cls(stations, deputies / stations, cases / stations)
        scale = float(name)
        if scale <= 0:
            raise ValueError(name)
        return cls(max(2, round(EXAMPLE_STATIONS * scale)), DEPUTIES_PER_STATION, CASES_PER_STATION)


# --- syllables ------------------------------------------------------------------------------


def _pairs(text: str) -> list[tuple[str, str]]:
    """`"王wang 李li"` → `[("王", "wang"), ("李", "li")]`: a character, then its pinyin for ids."""
    return [(token[0], token[1:]) for token in text.split()]


SURNAMES = _pairs(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 林lin 罗luo "
    "高gao 郑zheng 梁liang 谢xie 宋song 唐tang 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 潘pan 袁yuan "
    "蒋jiang 蔡cai 余yu 杜du 叶ye 程cheng 魏wei 苏su 吕lv 丁ding 沈shen 任ren 姚yao 卢lu 傅fu 钟zhong 崔cui 谭tan 陆lu 范fan "
    "金jin 石shi 戴dai 贾jia 夏xia 邱qiu 方fang 侯hou 邹zou 熊xiong 孟meng 秦qin 白bai 薛xue 尹yin 段duan 雷lei 史shi 龙long "
    "陶tao 贺he 顾gu 毛mao 郝hao 龚gong 邵shao 万wan 钱qian 严yan 洪hong 孔kong"
)
GIVEN = _pairs(
    "建jian 国guo 华hua 明ming 秀xiu 兰lan 英ying 芳fang 伟wei 丽li 军jun 平ping 红hong 强qiang 敏min 静jing 燕yan 海hai "
    "涛tao 霞xia 勇yong 峰feng 辉hui 林lin 玉yu 春chun 志zhi 文wen 德de 云yun 美mei 佳jia 晓xiao 东dong 新xin 荣rong 宏hong "
    "立li 杰jie 雪xue 梅mei 丹dan 琳lin 婷ting 斌bin 鹏peng 亮liang 成cheng 淑shu 慧hui 凤feng 桂gui 永yong 振zhen 宇yu "
    "浩hao 欣xin 怡yi 晨chen"
)
PLACES = _pairs(
    "青qing 禾he 柳liu 塘tang 梅mei 园yuan 石shi 桥qiao 东dong 坝ba 南nan 岸an 西xi 溪xi 杏xing 林lin 芦lu 兴xing 花hua 桃tao "
    "竹zhu 枫feng 云yun 湖hu 山shan 泉quan 安an 宁ning 和he 平ping 丰feng 乐le 永yong 福fu 长chang 新xin 金jin 水shui 清qing "
    "河he 松song 荷he 星xing 月yue 凤feng 鹤he 龙long 川chuan 渡du 港gang 湾wan 塔ta 庄zhuang 岭ling 田tian 沙sha"
)

OCCUPATIONS = [
    "社区党委书记",
    "村党支部书记",
    "村民委员会主任",
    "社区居委会主任",
    "中学教师",
    "小学校长",
    "社区卫生服务中心医生",
    "律师事务所律师",
    "企业负责人",
    "民营企业职工",
    "家庭农场主",
    "种粮大户",
    "个体工商户",
    "物业公司经理",
    "街道办事处干部",
    "镇人民政府干部",
    "区直机关干部",
    "退休教师",
    "快递站点负责人",
    "民宿经营者",
]
PLEDGES = [
    "把群众的急难愁盼带上来，把办理结果带回去。",
    "常到社区走一走，多听群众说一说。",
    "件件有回音，事事有着落。",
    "为老年人和孩子多办实事。",
    "守住本心，为选民说话。",
]
THEMES = [
    "平安建设",
    "春耕备耕",
    "老旧小区改造",
    "防汛防台",
    "垃圾分类",
    "养老服务",
    "教育均衡",
    "交通出行",
    "营商环境",
    "食品安全",
    "生态环境",
    "乡村振兴",
    "医疗卫生",
    "文明创建",
    "就业创业",
    "代表述职与年度回顾",
]
TYPE_SLUGS = {
    ActivityType.RECEPTION: "reception",
    ActivityType.SURVEY: "survey",
    ActivityType.LAW_INSPECTION: "inspection",
    ActivityType.CONSULTATION: "consultation",
    ActivityType.OFFICIALS: "officials",
    ActivityType.REPORT: "report",
    ActivityType.VISIT: "visit",
    ActivityType.TRAINING: "training",
    ActivityType.OTHER: "other",
}
TYPE_WEIGHTS = (30, 14, 6, 10, 8, 6, 14, 8, 4)
TYPE_TITLES = {
    ActivityType.RECEPTION: "{theme}专题接待日",
    ActivityType.SURVEY: "{theme}专题调研",
    ActivityType.LAW_INSPECTION: "{theme}执法检查（配合区人大常委会）",
    ActivityType.CONSULTATION: "{theme}座谈协商会",
    ActivityType.OFFICIALS: "“局长有约”：{theme}",
    ActivityType.REPORT: "代表向选民述职",
    ActivityType.VISIT: "{theme}入户走访",
    ActivityType.TRAINING: "代表履职学习培训",
    ActivityType.OTHER: "{theme}志愿服务",
}
# category: [(summary, department, reply)]; {place} is the station's community or township.
CASES: dict[str, list[tuple[str, str, str]]] = {
    "城市建设": [
        ("群众反映{place}部分路灯损坏，夜间出行不便。", "区城管局", "已更换损坏路灯{n}盏，并纳入日常巡查。"),
        ("居民反映{place}老旧小区雨污管网堵塞，雨天污水外溢。", "区住建局", "已疏通管网{n}米，并列入明年改造计划。"),
    ],
    "交通出行": [
        ("群众建议在{place}增设公交站台并延长末班车时间。", "区交通运输局", "已调整线路，末班车延后{n}分钟。"),
        ("居民反映{place}学校门口上下学时段交通拥堵。", "区公安分局交警大队", "已增设护学岗和临时停车点{n}处。"),
    ],
    "民生保障": [
        ("老年居民反映{place}附近缺少助餐服务点。", "区民政局", "已在社区新设老年食堂{n}处，提供助餐服务。"),
        ("群众反映{place}部分楼栋用水高峰时水压偏低。", "区水务集团", "已更换主管网约{n}米，水压恢复正常。"),
    ],
    "农业农村": [
        ("村民反映{place}机耕路损坏，农机通行困难。", "镇农业农村办", "已硬化修复机耕路约{n}米。"),
        ("种粮户反映{place}粮食烘干能力不足。", "区农业农村局", "已新增烘干机{n}台，夏收前投入使用。"),
    ],
    "生态环境": [
        ("居民反映{place}河道有异味，水面漂浮垃圾。", "区生态环境局", "已完成河道清淤{n}米，建立日常保洁机制。"),
        ("群众反映{place}附近餐饮油烟扰民。", "区市场监管局", "已督促{n}家商户安装油烟净化设备。"),
    ],
    "教育卫生": [
        ("家长反映{place}幼儿园学位紧张。", "区教育局", "已新增幼儿园学位{n}个。"),
        ("居民建议{place}社区卫生服务站延长周末服务时间。", "区卫生健康局", "周末门诊已延长至下午{n}点。"),
    ],
    "社会治理": [
        ("居民反映{place}小区电动自行车充电设施不足。", "街道（镇）综治办", "已新增充电桩{n}个。"),
        ("群众反映{place}物业服务不到位，公共区域保洁差。", "区住建局", "已约谈物业企业，整改问题{n}项。"),
    ],
    "营商环境": [
        ("企业反映{place}产业园区停车位不足。", "区发展改革局", "已新建停车位{n}个。"),
        ("个体户反映{place}办理经营许可流程繁琐。", "区行政审批局", "已推行一窗受理，办理时限缩短{n}天。"),
    ],
}
REJECT_REASONS = [
    "该事项已进入诉讼程序，依法不予受理，已告知当事人相应渠道。",
    "该事项已申请行政复议，依法不予受理。",
    "该纠纷已申请劳动仲裁，依法不予受理，已引导当事人到仲裁机构咨询。",
]
OFFICIALS = ["区市场监管局", "区水利局", "区民政局", "区住建局", "区交通运输局", "区教育局"]
RULES_TEXT = (
    "1. **接待日**：按本站接待安排定期接待群众，遇法定节假日按规则调整并提前{notice}天公告。\n"
    "2. **办理流程**：群众意见建议按“受理→交办→办理→答复→评价”闭环办理。\n"
    "3. **答复时限**：交办事项{days}个工作日内答复，情况复杂的可延长至30个工作日。\n"
    "4. **不予受理**：已进入诉讼、行政复议、仲裁等法定程序的事项不予受理。\n"
    "5. **信息保护**：公开的办理情况不写群众姓名、电话、身份证号和门牌号。\n"
)

# Levels of the deputies based at each kind of station: higher levels sit higher up.
LEVEL_WEIGHTS: dict[StationKind, tuple[float, ...]] = {
    StationKind.HEAD: (0.12, 0.28, 0.45, 0.15, 0.0),
    StationKind.CENTRE: (0.01, 0.04, 0.12, 0.43, 0.40),
    StationKind.STATION: (0.0, 0.0, 0.03, 0.32, 0.65),
    StationKind.POINT: (0.0, 0.0, 0.02, 0.28, 0.70),
}
HIGH_LEVELS = (Level.NATIONAL, Level.PROVINCE, Level.CITY)


# --- layout ------------------------------------------------------------------------------------


@dataclass
class Slot:
    """One station's place in the hierarchy; `key` seeds everything drawn for it."""

    key: str
    kind: StationKind
    parent: Slot | None
    name: str
    place: str  # the community or township it serves
    area: list[str]
    id: str = ""
    serial: int = 0
    high_deputies: list[str] = field(default_factory=list)  # its 全国/省/市 deputies, for children to link


class Names:
    """Unique ids in the order they are asked for: a prefix of the layout always gets the same ids."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def unique(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate


def _place(rng: random.Random) -> tuple[str, str]:
    first, second = rng.sample(PLACES, 2)
    return first[0] + second[0], first[1] + second[1]


def _person(rng: random.Random) -> tuple[str, str]:
    surname = rng.choices(SURNAMES, weights=[1 / (i + 8) for i in range(len(SURNAMES))])[0]
    given = rng.sample(GIVEN, rng.choice((1, 2, 2, 2)))
    return surname[0] + "".join(c for c, _ in given), f"{surname[1]}-{''.join(p for _, p in given)}"


def layout(stations: int, seed: int, names: Names) -> list[Slot]:
    """Stations in tree order: county by county, each township's centre then its stations and points."""
    counties = math.ceil(stations / STATIONS_PER_COUNTY)
    region = _region_name(counties)
    slots: list[Slot] = []
    for k in range(counties):
        budget = stations // counties + (1 if k < stations % counties else 0)
        rng = random.Random(f"{seed}/county/{k}")
        if counties == 1:
            county, area, head_id = region, [region], "zongzhan"
        else:
            county, county_id = _place(rng)
            county += "区"
            area, head_id = [region, county], f"{county_id}-zongzhan"
        head = Slot(f"{k}", StationKind.HEAD, None, f"{county}人大代表联络总站", county, area)
        head.id = names.unique(head_id)
        slots.append(head)
        budget -= 1
        township = 0
        while budget > 0:
            rng = random.Random(f"{seed}/township/{k}/{township}")
            town, town_id = _place(rng)
            town += rng.choice(("镇", "街道"))
            centre = Slot(f"{k}/{township}", StationKind.CENTRE, head, f"{town}人大代表联络中心站", town, [*area, town])
            centre.id = names.unique(town_id)
            slots.append(centre)
            budget -= 1
            last_station = centre
            for i in range(min(rng.randint(4, 20), budget)):
                community, community_id = _place(rng)
                point = i > 0 and rng.random() < 0.25
                if point:
                    community += rng.choice(("小区", "产业园", "商会", "市场"))
                    name = f"{community}代表联络点"
                    parent = last_station if rng.random() < 0.5 else centre
                    kind = StationKind.POINT
                else:
                    community += rng.choice(("社区", "村"))
                    name = f"{community}人大代表联络站"
                    parent, kind = centre, StationKind.STATION
                slot = Slot(f"{k}/{township}/{i}", kind, parent, name, community, [*area, town, community])
                slot.id = names.unique(community_id)
                slots.append(slot)
                if kind is StationKind.STATION:
                    last_station = slot
                budget -= 1
            township += 1
    for serial, slot in enumerate(slots, start=1):
        slot.serial = serial
    return slots


def _region_name(counties: int) -> str:
    return "青岚区" if counties == 1 else "青岚市"


# --- records --------------------------------------------------------------------------------------


def _spread(rng: random.Random, mean: float, cap: float | None = None) -> int:
    """A count around `mean`, skewed like real stations: many small ones, a few large (mean kept)."""
    low, high = mean / 3, 2 * mean
    if cap is not None and high > cap:
        high = cap
    mode = min(max(3 * mean - low - high, low), high)
    return max(1, round(rng.triangular(low, high, mode)))


def _phone(serial: int) -> str:
    return f"0571-8{serial // 10000:03d} {serial % 10000:04d}"


def station_record(slot: Slot, rng: random.Random) -> dict[str, Any]:
    head, _ = _person(rng)
    clerk, _ = _person(rng)
    record: dict[str, Any] = {
        "id": slot.id,
        "name": slot.name,
        "kind": slot.kind.value,
    }
    if slot.parent:
        record["parent"] = slot.parent.id
    record |= {
        "area": slot.area,
        "address": f"{slot.area[-1]}{rng.choice(('人民路', '文化路', '建设路', '和平街', '幸福里'))}{rng.randint(1, 300)}号",
        "location": {"lat": round(30 + rng.random(), 4), "lng": round(120 + rng.random(), 4)},
        "hours": rng.choice(("工作日 8:30-17:00", "工作日 8:30-11:30，13:30-17:00", "每周一至周六 9:00-17:00")),
        "phone": _phone(slot.serial),
        "managed_by": f"{slot.area[min(len(slot.area) - 1, 2)]}人大{'主席团' if slot.kind is not StationKind.HEAD else '常委会'}",
        "staff": [
            {"role": StaffRole.HEAD.value, "name": head},
            {"role": StaffRole.CLERK.value, "name": clerk, "phone": _phone(slot.serial)},
        ],
        "intro": f"{slot.name}服务{slot.place}的群众，五级人大代表编组进站，定期接待选民、收集和转交意见建议。",
        "rules": RULES_TEXT.format(notice=rng.choice((2, 3)), days=rng.choice((10, 15))),
        "form": f"https://wj.example.cn/s/{slot.id}",
    }
    return record


def deputies_record(slot: Slot, rng: random.Random, names: Names, mean: float) -> tuple[dict[str, Any], list[str]]:
    count = _spread(rng, mean, MAX_DEPUTIES)
    deputies: list[dict[str, Any]] = []
    for n in range(count):
        name, pinyin = _person(rng)
        level = rng.choices(list(Level), weights=LEVEL_WEIGHTS[slot.kind])[0]
        levels: Any = level.value
        if level is Level.COUNTY and rng.random() < 0.1:
            levels = [Level.COUNTY.value, Level.TOWNSHIP.value]
        elif level is Level.CITY and rng.random() < 0.1:
            levels = [Level.CITY.value, Level.COUNTY.value]
        role = DeputyRole.HEAD if n == 0 else DeputyRole.DEPUTY_HEAD if n == 1 else DeputyRole.RESIDENT
        if n == 2 and rng.random() < 0.4:
            role = DeputyRole.ROTATING_HEAD
        deputy: dict[str, Any] = {
            "id": names.unique(pinyin),
            "name": name,
            "level": levels,
            "constituency": f"{slot.area[-1]}第{rng.randint(1, 40)}选区",
            "occupation": rng.choice(OCCUPATIONS),
            "role": role.value,
        }
        if rng.random() < 0.15:
            deputy["contact"] = {"phone": f"{_phone(slot.serial)}转{rng.randint(100, 999)}"}
        if rng.random() < 0.5:
            deputy["pledge"] = rng.choice(PLEDGES)
        deputies.append(deputy)
        if level in HIGH_LEVELS:
            slot.high_deputies.append(deputy["id"])
    record: dict[str, Any] = {"deputies": deputies}
    visiting = slot.parent.high_deputies if slot.parent else []
    if visiting and slot.kind is not StationKind.CENTRE:
        record["linked"] = [
            {"id": d, "role": DeputyRole.VISITING.value} for d in rng.sample(visiting, min(len(visiting), 2))
        ]
    return record, [d["id"] for d in deputies]


def schedule_record(rng: random.Random, deputies: Sequence[str]) -> dict[str, Any]:
    rules = []
    for _ in range(rng.choice((1, 1, 2))):
        rule: dict[str, Any] = {}
        shape = rng.choice(("day", "day", "nth", "weekly", "parity"))
        if shape == "weekly":
            rule |= {"repeat": Repeat.WEEKLY.value, "weekday": rng.choice(list(Weekday)[:5]).value}
        elif shape == "nth":
            rule |= {
                "repeat": Repeat.MONTHLY.value,
                "weekday": rng.choice(list(Weekday)).value,
                "week": rng.randint(1, 4),
            }
        else:
            rule |= {"repeat": Repeat.MONTHLY.value, "day": rng.randint(1, 28)}
            if shape == "parity":
                rule["months"] = rng.choice(list(MonthParity)).value
        rule["time"] = rng.choice(("09:00-11:30", "14:00-16:30", "08:30-11:00"))
        if rng.random() < 0.7:
            rule["start"] = dt.date(2026, 1, 1)
        if rng.random() < 0.3:
            rule["end"] = dt.date(2026, 12, 31)
        rule["deputies"] = rng.sample(list(deputies), min(len(deputies), rng.randint(1, 3)))
        if rng.random() < 0.3:
            rule["topic"] = f"{rng.choice(THEMES)}专题接待"
        policy = rng.choices(list(HolidayPolicy), weights=(60, 15, 15, 10))[0]
        if policy is not HolidayPolicy.NEXT:
            rule["holiday"] = policy.value
        if shape != "weekly" and rng.random() < 0.2:
            rule["workdays_only"] = True
        days = list(rule_dates(ReceptionRule.model_validate(rule), dt.date(2026, 9, 1), dt.date(2027, 2, 28)))
        if days and rng.random() < 0.3:
            moved, cancelled = rng.sample(days, 2) if len(days) > 1 else (days[0], None)
            rule["exceptions"] = [
                {"date": moved, "moved_to": moved + dt.timedelta(days=rng.randint(1, 3)), "note": "代表参加人代会"}
            ]
            if cancelled:
                rule["exceptions"].append({"date": cancelled, "note": "场地维修"})
            rule["exceptions"].sort(key=lambda e: e["date"])
        rules.append(rule)
    sessions = []
    for _ in range(rng.randint(0, 3)):
        day = BUILD_DATE + dt.timedelta(days=rng.randint(-30, 90))
        sessions.append(
            {
                "date": day,
                "time": "14:30-16:30",
                "deputies": rng.sample(list(deputies), min(len(deputies), 2)),
                "topic": f"局长有约·{rng.choice(OFFICIALS)}：{rng.choice(THEMES)}",
            }
        )
    sessions.sort(key=lambda s: s["date"])
    return {"rules": rules, "sessions": sessions}


def plan_record(rng: random.Random, year: int, kind: StationKind, deputies: Sequence[str]) -> dict[str, Any]:
    themes = rng.sample(THEMES, 12)
    count = {StationKind.HEAD: 14, StationKind.CENTRE: 11, StationKind.STATION: 9, StationKind.POINT: 5}[kind]
    activities = []
    ids = Names()
    for _ in range(rng.randint(count - 3, count + 3)):
        kind_of = rng.choices(list(ActivityType), weights=TYPE_WEIGHTS)[0]
        month = rng.randint(1, 12)
        dated = rng.random() < 0.85
        day = dt.date(year, month, rng.randint(1, 28)) if dated else None
        past = (day or dt.date(year, month, 28)) < BUILD_DATE
        status = ActivityStatus.PLANNED
        if past:
            status = ActivityStatus.CANCELLED if rng.random() < 0.08 else ActivityStatus.DONE
        activity: dict[str, Any] = {
            "id": ids.unique(f"{year}-{month:02d}-{TYPE_SLUGS[kind_of]}"),
            "title": TYPE_TITLES[kind_of].format(theme=themes[month - 1]),
            "type": kind_of.value,
        }
        activity |= {"date": day} if day else {"month": month}
        activity["deputies"] = rng.sample(list(deputies), min(len(deputies), rng.randint(2, 5)))
        if status is not ActivityStatus.PLANNED:
            activity["status"] = status.value
        if status is ActivityStatus.DONE:
            activity["record"] = (
                f"参加代表{len(activity['deputies'])}人，接待群众{rng.randint(5, 60)}人次，"
                f"收集意见建议{rng.randint(1, 15)}条。"
            )
        activities.append(activity)
    activities.sort(key=lambda a: (a.get("date") or dt.date(year, a["month"], 1), a["id"]))
    return {
        "year": year,
        "themes": [{"month": m, "theme": t} for m, t in enumerate(themes, start=1)],
        "activities": activities,
    }


def _case(rng: random.Random, year: int, place: str, deputies: Sequence[str]) -> dict[str, Any]:
    last = min(dt.date(year, 12, 31), BUILD_DATE)
    received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, (last - dt.date(year, 1, 1)).days))
    category = rng.choice(sorted(CASES))
    summary, department, reply = rng.choice(CASES[category])
    case: dict[str, Any] = {
        "received": received,
        "channel": rng.choice(list(Channel)).value,
        "category": category,
        "summary": summary.format(place=place),
    }
    if rng.random() < 0.9:
        case["deputy"] = rng.choice(list(deputies))
    if rng.random() < 0.05:
        case |= {"status": CaseStatus.REJECTED.value, "reason": rng.choice(REJECT_REASONS)}
    else:
        case |= _closed_loop(rng, received, department, reply)
    return {key: case[key] for key in Case.model_fields if key in case}  # in the order clerks write them


def _closed_loop(rng: random.Random, received: dt.date, department: str, reply: str) -> dict[str, Any]:
    """How far a case has gone, by its age: old ones are mostly replied and rated, recent ones open."""
    age = (BUILD_DATE - received).days
    if age > 60:
        target = rng.choices((CaseStatus.RATED, CaseStatus.REPLIED), weights=(85, 15))[0]
    elif age > 20:
        target = rng.choices((CaseStatus.RATED, CaseStatus.REPLIED, CaseStatus.PROCESSING), weights=(40, 30, 30))[0]
    else:
        steps = (CaseStatus.ACCEPTED, CaseStatus.ASSIGNED, CaseStatus.PROCESSING, CaseStatus.REPLIED)
        target = rng.choices(steps, weights=(30, 30, 30, 10))[0]
    # Walk the closed loop up to the target step, stopping at the last step not after the build date.
    loop: dict[str, Any] = {}
    status, day = CaseStatus.ACCEPTED, received
    for step, key, gap in (
        (CaseStatus.ASSIGNED, "assigned", (0, 3)),
        (CaseStatus.PROCESSING, "processing", (0, 5)),
        (CaseStatus.REPLIED, "replied", (5, 25)),
        (CaseStatus.RATED, "rated", (1, 10)),
    ):
        if status is target:
            break
        day = day + dt.timedelta(days=rng.randint(*gap))
        if day > BUILD_DATE:
            break
        loop[key], status = day, step
    if status is not CaseStatus.ACCEPTED:
        loop["department"] = department
    if status in (CaseStatus.REPLIED, CaseStatus.RATED):
        loop["reply"] = reply.format(n=rng.randint(2, 30))
    if status is CaseStatus.RATED:
        loop["satisfaction"] = rng.choices(("满意", "基本满意", "不满意"), weights=(80, 15, 5))[0]
    return loop | {"status": status.value}


def cases_records(rng: random.Random, slot: Slot, deputies: Sequence[str], mean: float) -> dict[int, dict[str, Any]]:
    count = _spread(rng, mean)
    by_year: dict[int, list[dict[str, Any]]] = {year: [] for year in CASE_YEARS}
    for _ in range(count):
        year = rng.choices(CASE_YEARS, weights=(40, 60))[0]
        by_year[year].append(_case(rng, year, slot.place, deputies))
    records = {}
    for year, cases in by_year.items():
        cases.sort(key=lambda c: c["received"])
        numbered = [{"id": f"{year}-{n:03d}", **case} for n, case in enumerate(cases, start=1)]
        if numbered:
            records[year] = {"year": year, "cases": numbered}
    return records


# --- writing ----------------------------------------------------------------------------------------


def _dump(path: Path, data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(HEADER + text, encoding="utf-8")


@dataclass
class Written:
    stations: int = 0
    deputies: int = 0
    cases: int = 0
    activities: int = 0


def write_region(out: Path, size: Size, seed: int) -> Written:
    """Write `region.yml` and one folder per station under `out`, which must be empty or absent."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(out)
    out.mkdir(parents=True, exist_ok=True)
    names = Names()
    slots = layout(size.stations, seed, names)
    region = _region_name(math.ceil(size.stations / STATIONS_PER_COUNTY))
    _dump(
        out / "region.yml",
        {
            "name": region,
            "organizer": f"{region}人大常委会",
            "intro": f"{region}（虚构）：用于性能测试的合成数据。",
            "phone": _phone(0),
        },
    )
    written = Written(stations=len(slots))
    for slot in slots:
        rng = random.Random(f"{seed}/station/{slot.key}")
        folder = out / slot.id
        folder.mkdir()
        _dump(folder / "station.yml", station_record(slot, rng))
        deputies, own = deputies_record(slot, rng, names, size.deputies)
        _dump(folder / "deputies.yml", deputies)
        _dump(folder / "schedule.yml", schedule_record(rng, own))
        years = (2025, 2026) if slot.kind in (StationKind.HEAD, StationKind.CENTRE) else (2026,)
        for year in years:
            plan = plan_record(rng, year, slot.kind, own)
            _dump(folder / f"plan-{year}.yml", plan)
            written.activities += len(plan["activities"])
        for year, cases in cases_records(rng, slot, own, size.cases).items():
            _dump(folder / f"cases-{year}.yml", cases)
            written.cases += len(cases["cases"])
        written.deputies += len(own)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (must be empty or absent)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", default="1", help="a multiple of the example district, or 'city' / 'province'")
    parser.add_argument("--stations", type=int, help="number of stations (instead of --scale)")
    parser.add_argument("--deputies", type=int, help="total deputies, about (default 30 per station)")
    parser.add_argument("--cases", type=int, help="total cases, about (default 100 per station)")
    args = parser.parse_args(argv)
    try:
        size = Size.parse(args.scale)
    except ValueError:
        parser.error(f"--scale {args.scale}")
    if args.stations:
        size = Size(args.stations, size.deputies, size.cases)
    if args.deputies:
        size = Size(size.stations, args.deputies / size.stations, size.cases)
    if args.cases:
        size = Size(size.stations, size.deputies, args.cases / size.stations)
    try:
        written = write_region(args.out, size, args.seed)
    except FileExistsError:
        parser.error(f"--out {args.out} is not empty")
    print(
        f"{args.out}: {written.stations} stations, {written.deputies} deputies, "
        f"{written.activities} activities, {written.cases} cases"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
