"""The typed records clerks write in `stations/`: the single source of truth for the schema.

The JSON Schema for editors, the validator's type checks and the field names in
error messages are all derived from these classes. Rules that need more than
one field or record (a weekly rule needs a weekday, a schedule names a known
deputy) live in `lint`, where each problem can point at the exact line.

Field titles are the Chinese names clerks see in their editor; keys stay
short English words so files look the same in every editor and diff. What a
single value may be (a phone number, a time span, 站点类型) is `values`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, create_model

from generator.data.values import (
    LEVEL_SCHEMA,
    ActivityStatus,
    ActivityType,
    Block,
    CaseStatus,
    Channel,
    CountyWord,
    Date,
    DeputyRole,
    Email,
    FormTemplate,
    HolidayPolicy,
    HttpAddress,
    Identifier,
    Level,
    Month,
    MonthParity,
    PersonName,
    Phone,
    PhotoPath,
    Repeat,
    Satisfaction,
    StaffRole,
    StationKind,
    Text,
    TimeSpan,
    Weekday,
    Year,
    normal_levels,
)
from generator.strings.sheets import SHEET_COLUMNS

# --- records -----------------------------------------------------------------------------


class Record(BaseModel):
    """Every record rejects unknown keys: a misspelt key is an error, not silently lost."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False, str_strip_whitespace=True)


class Coordinates(Record):
    lat: float = Field(ge=-90, le=90, title="纬度")
    lng: float = Field(ge=-180, le=180, title="经度")


class Staff(Record):
    role: StaffRole = Field(title="职务", description="站长、副站长或联络员")
    name: PersonName = Field(title="姓名")
    phone: Phone | None = Field(None, title="公开电话", description="只填本人同意公开的办公电话")


class ImportColumns(Record):
    """Extra column headers of a form export, per field, tried before the built-in ones."""

    id: list[Text] = Field(default_factory=list, title="答卷编号列", description="如：序号、编号")
    submitted: list[Text] = Field(default_factory=list, title="提交时间列", description="如：提交答卷时间")
    category: list[Text] = Field(default_factory=list, title="问题类别列", description="如：问题类别")
    content: list[Text] = Field(default_factory=list, title="意见建议内容列", description="如：意见建议内容")
    name: list[Text] = Field(default_factory=list, title="姓名列", description="只用来从内容中去掉姓名，不会保存")
    phone: list[Text] = Field(default_factory=list, title="电话列", description="不会保存")
    id_number: list[Text] = Field(default_factory=list, title="身份证号列", description="不会保存")
    address: list[Text] = Field(default_factory=list, title="住址列", description="不会保存")
    email: list[Text] = Field(default_factory=list, title="邮箱列", description="不会保存")


class SheetColumns(Record):
    """Extra headers of one kind of sheet, per column, tried before the built-in ones.

    The record knows the columns' keys only. What each column is called, and the other
    headers it is known by, are the sheets' words (`strings.sheets`): the schema writer and
    the guide add them where they describe the field (`schema.column_words`).
    """

    sheet: ClassVar[str] = ""  # the kind of sheet: stations, deputies, rota, cases, receptions


def _sheet_settings(kind: str) -> type[Record]:
    """`import.<kind>` of region.yml: more headers for each column of that kind of sheet."""
    name = kind.title()
    columns = create_model(
        f"{name}Columns",
        __base__=SheetColumns,
        __doc__=f"Extra headers of a {kind} sheet, per column, tried before the built-in ones.",
        **{key: (list[Text], Field(default_factory=list)) for key, *_ in SHEET_COLUMNS[kind]},
    )
    columns.sheet = kind
    fields: dict[str, Any] = {
        "columns": (columns, Field(default_factory=columns, title="列名", description="表格里各列的列名"))
    }
    if kind == "stations":
        fields["managed_by"] = (
            Text | None,
            Field(
                None,
                title="默认管理单位",
                description="站点名单里没有写管理单位的站点，先用上级站点的管理单位；总站（或上级也没有的）用这里的，"
                "这里不填时用主办单位",
            ),
        )
    if kind == "cases":
        fields["channel"] = (
            Channel,
            Field(Channel.VISIT, title="默认来源渠道", description="登记册里没有来源渠道时使用（默认 来访）"),
        )
    return create_model(f"{name}Sheet", __base__=Record, __doc__=f"How `import {kind}` reads a {kind} sheet.", **fields)


StationsSheet = _sheet_settings("stations")
DeputiesSheet = _sheet_settings("deputies")
RotaSheet = _sheet_settings("rota")
CasesSheet = _sheet_settings("cases")
ReceptionsSheet = _sheet_settings("receptions")


class ImportSettings(Record):
    """How `import-cases` reads a form service's export into draft cases, and `import` the district's sheets."""

    channel: Channel = Field(Channel.SCAN, title="来源渠道", description="导入的案例的来源渠道（默认 扫码）")
    category: Text = Field("其他", title="默认类别", description="表单里没有类别时使用")
    categories: dict[str, Text] = Field(
        default_factory=dict, title="类别对照", description="表单选项: 网站上的类别，如 道路交通: 交通出行"
    )
    columns: ImportColumns = Field(default_factory=ImportColumns, title="列名", description="表单导出文件的列名")
    stations: StationsSheet = Field(  # type: ignore[valid-type]
        default_factory=StationsSheet, title="站点名单", description="python -m generator import stations 的列名"
    )
    deputies: DeputiesSheet = Field(  # type: ignore[valid-type]
        default_factory=DeputiesSheet, title="代表名单", description="python -m generator import deputies 的列名"
    )
    rota: RotaSheet = Field(  # type: ignore[valid-type]
        default_factory=RotaSheet, title="接待安排表", description="python -m generator import rota 的列名"
    )
    cases: CasesSheet = Field(  # type: ignore[valid-type]
        default_factory=CasesSheet, title="办理登记册", description="python -m generator import cases 的列名和来源渠道"
    )
    receptions: ReceptionsSheet = Field(  # type: ignore[valid-type]
        default_factory=ReceptionsSheet,
        title="接待登记表",
        description="python -m generator import receptions 的列名",
    )


class Region(Record):
    """`stations/region.yml`: the district (or city) this site publishes."""

    name: Text = Field(title="地区名称", description="如：云溪区、云山县")
    county: CountyWord | None = Field(
        None,
        title="区、县还是旗",
        description="本地区是区、县还是旗，网页和公示牌上写“区人大代表”“县人大代表”；不填时按地区名称的最后一个字",
    )
    organizer: Text = Field(title="主办单位", description="如：云溪区人大常委会")
    intro: Block | None = Field(None, title="简介")
    phone: Phone | None = Field(None, title="咨询电话")
    notice_days: int = Field(3, ge=0, le=60, title="提前公告天数", description="接待安排至少提前几天公布（默认 3 天）")
    form: FormTemplate | None = Field(
        None,
        title="意见建议表单地址",
        description="全区统一的网上表单，以 http:// 或 https:// 开头；可用 {station} {station_name} {deputy} {deputy_name}"
        " 告诉表单是从哪个站点、哪位代表来的，如 https://wj.example.cn/s/abc{?station,deputy}",
    )
    reply_deadline_days: int = Field(
        30, ge=1, le=365, title="答复期限（天）", description="受理后多少个自然日内答复算按期办结（默认 30 天）"
    )
    import_settings: ImportSettings | None = Field(
        None, alias="import", title="导入表单数据", description="python -m generator import-cases 的设置"
    )


class Station(Record):
    """`station.yml`: the station itself and its work rules (工作制度)."""

    id: Identifier = Field(
        title="站点编号", description="小写字母、数字和连字符，与文件夹名相同；用于网址和二维码，确定后不要修改"
    )
    name: Text = Field(title="站点名称")
    kind: StationKind = Field(title="站点类型", description="总站、中心站、联络站或联络点")
    parent: Identifier | None = Field(None, title="上级站点编号", description="总站不填；其他站点填上级站点的编号")
    area: Annotated[list[Text], Field(min_length=1)] = Field(title="所在区域", description="从区到社区（村）依次列出")
    address: Text = Field(title="地址")
    location: Coordinates | None = Field(
        None,
        title="坐标",
        description="在高德或腾讯地图上点选站点取得的经纬度；填写后，站点页上的地图链接直接标出这个位置，不填时按地址查找",
    )
    hours: Text = Field(title="开放时间", description="如：工作日 8:30-17:00")
    phone: Phone = Field(title="公开电话")
    email: Email | None = Field(None, title="公开邮箱", description="没有网上表单时，群众可以发邮件提建议")
    managed_by: Text = Field(title="管理单位")
    staff: list[Staff] = Field(default_factory=list, title="工作人员")
    intro: Block | None = Field(None, title="站点简介")
    rules: Block | None = Field(None, title="工作制度", description="可使用 Markdown 格式")
    form: FormTemplate | None = Field(
        None,
        title="意见建议表单地址",
        description="本站专用的表单，不填则用地区信息里的表单；以 http:// 或 https:// 开头",
    )
    photo: PhotoPath | None = Field(None, title="站点照片", description="站点文件夹内的图片路径")


class Contact(Record):
    phone: Phone | None = Field(None, title="公开电话", description="只填代表本人同意公开的号码")
    email: Email | None = Field(None, title="公开邮箱")


class Deputy(Record):
    """One deputy, written once in the deputies file of the station they are based at."""

    id: Identifier = Field(title="代表编号", description="全区唯一，用于网址和代表码，确定后不要修改")
    name: PersonName = Field(title="姓名")
    level: Annotated[list[Level], BeforeValidator(normal_levels), Field(min_length=1), WithJsonSchema(LEVEL_SCHEMA)] = (
        Field(
            title="代表层级",
            description="全国、省、市、县、乡；兼任多级时写成列表，如 [市, 县]。也可以写 区、镇、街道、"
            "区人大代表、市、区 这样的写法，python -m generator fmt 会统一改成 县、乡 等",
        )
    )
    gender: Text | None = Field(None, title="性别", description="如：男、女；官方代表名单公布时填写")
    ethnicity: Text | None = Field(None, title="民族", description="如：汉族、畲族")
    party: Text | None = Field(None, title="党派", description="如：中共党员、民盟盟员、群众")
    constituency: Text | None = Field(None, title="选区")
    occupation: Text | None = Field(None, title="职业职务")
    role: DeputyRole = Field(DeputyRole.RESIDENT, title="站内角色")
    photo: PhotoPath | None = Field(None, title="照片", description="站点文件夹内的图片路径")
    contact: Contact | None = Field(None, title="公开联系方式", description="只填本人同意公开的内容")
    bio: Block | None = Field(None, title="简介")
    pledge: Block | None = Field(None, title="履职承诺")


class LinkedDeputy(Record):
    """A deputy written at another station who also serves at this one."""

    id: Identifier = Field(title="代表编号")
    role: DeputyRole = Field(DeputyRole.VISITING, title="站内角色")


class DeputiesFile(Record):
    deputies: list[Deputy] = Field(default_factory=list, title="本站代表")
    linked: list[LinkedDeputy] = Field(default_factory=list, title="其他站点的进站代表")


class RuleException(Record):
    """One reception day of a rule that is moved or cancelled."""

    date: Date = Field(title="原定日期", description="按规则本应接待的那一天")
    moved_to: Date | None = Field(None, title="改到哪天", description="不填表示这一次取消")
    time: TimeSpan | None = Field(None, title="改后时间", description="不填则时间不变")
    place: Text | None = Field(None, title="改后地点", description="不填则地点不变")
    note: Text | None = Field(None, title="原因", description="如：代表参加区人代会")


class Pause(Record):
    """A period without reception, as a rota says it: 2027-01-20 至 2027-02-20 暂停."""

    start: Date = Field(title="暂停开始日期")
    end: Date = Field(title="暂停结束日期")
    note: Text | None = Field(None, title="原因", description="如：春节期间暂停")


LAST_WEEK = "最后"  # `week: 最后`: the last such weekday of the month


class ReceptionRule(Record):
    """A recurring reception day: 每月28日, 每周一, 每月第2个周三, 每月最后一个周五, 每单月15日.

    It names days only between `start` and `end` (both included). Without a start it has always
    applied, as before these fields: every year an output covers has its days (hand-written rules
    of old keep working); `import rota` writes the start its sheet says.
    """

    repeat: Repeat = Field(title="重复方式", description="每月 或 每周")
    day: int | None = Field(None, ge=1, le=31, title="每月几号")
    weekday: Weekday | None = Field(
        None, title="星期几", description="每周接待填写；每月第几个星期几时和 week 一起填写"
    )
    week: Annotated[int, Field(ge=1, le=5)] | Literal["最后"] | None = Field(
        None, title="第几个", description="每月第几个星期几，如 2 表示第2个，最后 表示最后一个"
    )
    months: MonthParity | None = Field(None, title="只在单月或双月", description="单月 或 双月；不填表示每个月")
    skip_months: list[Month] = Field(
        default_factory=list, title="暂停的月份", description="这些月份不接待，如 [7, 8] 表示7、8月暂停"
    )
    start: Date | None = Field(
        None,
        title="开始日期",
        description="这条规则从哪天起执行，如 2026-01-01；这天以前不按这条规则安排接待，也不算进履职档案。"
        "不填表示一直按这条规则（以前每一年都算有这些接待）：换了新的接待安排时，请给新规则写上开始日期，"
        "给旧规则写上结束日期。python -m generator import rota 会按表格的年份写上",
    )
    end: Date | None = Field(
        None,
        title="结束日期",
        description="这条规则执行到哪天为止（这天也算），如 2026-12-31；不填表示一直执行下去",
    )
    time: TimeSpan = Field(title="时间", description="如 09:00-11:30")
    place: Text | None = Field(None, title="地点", description="不填则为站点地址")
    deputies: list[Identifier] = Field(default_factory=list, title="接待代表编号")
    topic: Text | None = Field(None, title="主题")
    holiday: HolidayPolicy = Field(
        HolidayPolicy.NEXT, title="遇法定节假日", description="顺延（默认，到下一个工作日）、提前、取消或照常"
    )
    pause_holidays: list[Text] = Field(
        default_factory=list,
        title="节日期间暂停",
        description="这些节日放假期间的接待取消（不顺延），写节日名称，如 [春节]",
    )
    pauses: list[Pause] = Field(default_factory=list, title="暂停时段", description="这段时间内不接待")
    workdays_only: bool = Field(
        False, title="只在工作日接待", description="true 表示遇周末也按节假日办法调整（调休上班日照常接待）"
    )
    exceptions: list[RuleException] = Field(default_factory=list, title="临时调整", description="某一次改期或取消")


class Session(Record):
    """One dated reception session."""

    date: Date = Field(title="日期")
    time: TimeSpan = Field(title="时间", description="如 09:00-11:30")
    place: Text | None = Field(None, title="地点", description="不填则为站点地址")
    deputies: list[Identifier] = Field(default_factory=list, title="接待代表编号")
    topic: Text | None = Field(None, title="主题")


class ScheduleFile(Record):
    """`schedule.yml`: the reception schedule (接待安排/值班表)."""

    rules: list[ReceptionRule] = Field(default_factory=list, title="固定接待日")
    sessions: list[Session] = Field(default_factory=list, title="专场接待")


class Theme(Record):
    month: Month = Field(title="月份")
    theme: Text = Field(title="主题")


class Activity(Record):
    id: Identifier = Field(title="活动编号", description="本站内唯一，如 2026-03-survey")
    title: Text = Field(title="活动名称")
    type: ActivityType = Field(title="活动类型")
    date: Date | None = Field(None, title="日期", description="日期和月份二选一")
    month: Month | None = Field(None, title="月份", description="日期未定时只填月份")
    place: Text | None = Field(None, title="地点")
    deputies: list[Identifier] = Field(default_factory=list, title="参加代表编号")
    status: ActivityStatus = Field(ActivityStatus.PLANNED, title="状态", description="计划、已完成或已取消")
    record: Block | None = Field(None, title="活动记录", description="已完成的活动写一段简短记录")


class PlanFile(Record):
    """`plan-<year>.yml`: the annual activity plan (年度活动计划)."""

    year: Year = Field(title="年度")
    themes: list[Theme] = Field(default_factory=list, title="每月主题")
    activities: list[Activity] = Field(default_factory=list, title="活动")


class ReceptionRecord(Record):
    """What happened at one reception session: who came, how many residents, what was raised. No names of residents."""

    date: Date = Field(title="日期", description="接待的日期")
    time: TimeSpan | None = Field(None, title="时间", description="同一天有两场接待时写明是哪一场，如 09:00-11:30")
    held: bool = Field(True, title="是否举行", description="没有举行时写 false，并在 reason 中写明原因")
    deputies: list[Identifier] = Field(default_factory=list, title="到场代表编号", description="实际到场的代表")
    visitors: int | None = Field(None, ge=0, le=10000, title="接待人次", description="来访群众的人次")
    matters: int | None = Field(None, ge=0, le=10000, title="反映问题（件）", description="群众反映的问题件数")
    cases: list[Identifier] = Field(
        default_factory=list, title="形成的案例编号", description="由这次接待登记的意见建议，写 cases-年份.yml 中的编号"
    )
    note: Block | None = Field(
        None, title="简要记录", description="接待情况的简要记录；不得写入群众姓名、电话等个人信息"
    )
    reason: Text | None = Field(None, title="没有举行的原因", description="如：台风预警，接待暂停")


class RecordsFile(Record):
    """`records-<year>.yml`: the year's reception records (接待记录), the base of each deputy's 履职档案."""

    year: Year = Field(title="年度")
    records: list[ReceptionRecord] = Field(default_factory=list, title="接待记录")


class Case(Record):
    """A handled suggestion, anonymised: no resident's name, phone or ID ever goes here."""

    id: Identifier = Field(title="案例编号", description="本站内唯一，如 2026-001")
    received: Date = Field(title="受理日期")
    channel: Channel = Field(title="来源渠道")
    category: Text = Field(title="类别", description="如：城市建设、交通出行、民生保障")
    summary: Block = Field(title="诉求摘要", description="不得写入群众姓名、电话、身份证号等个人信息")
    deputy: Identifier | None = Field(None, title="受理代表编号")
    department: Text | None = Field(None, title="承办部门")
    status: CaseStatus = Field(title="办理状态")
    assigned: Date | None = Field(None, title="交办日期")
    processing: Date | None = Field(None, title="开始办理日期")
    replied: Date | None = Field(None, title="答复日期")
    rated: Date | None = Field(None, title="评价日期")
    reply: Block | None = Field(None, title="答复摘要")
    satisfaction: Satisfaction = Field(Satisfaction.UNRATED, title="满意度")
    reason: Block | None = Field(None, title="不予受理理由")
    undated: list[CaseStatus] = Field(
        default_factory=list,
        title="日期不详的步骤",
        description="原有登记册没有记下日期的步骤（交办、办理中、已评价），网页上显示“日期不详”；"
        "受理日期和答复日期必须照实填写，不要补猜日期",
    )


class CasesFile(Record):
    """`cases-<year>.yml`: summaries of handled cases (意见建议办理情况)."""

    year: Year = Field(title="年度")
    cases: list[Case] = Field(default_factory=list, title="案例")


class DeclaredHoliday(Record):
    """One holiday of the State Council's notice: its days off and the weekend days worked instead."""

    name: Text = Field(
        title="节日名称",
        description="照抄通知，如 元旦、春节、清明节、劳动节、端午节、中秋节、国庆节；两个节日连在一起放假时照通知写，如 国庆节、中秋节",
        json_schema_extra={"examples": ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]},
    )
    start: dt.date = Field(title="放假第一天", description="通知中“至”前面的日期，如 2026-02-15")
    end: dt.date | None = Field(None, title="放假最后一天", description="通知中“至”后面的日期；只放一天时不填")
    workdays: list[dt.date] = Field(
        default_factory=list,
        title="调休上班日",
        description="通知中这个节日后面写着“上班”的日期（都是周六或周日），如 [2026-02-14, 2026-02-28]；不调休时不填",
    )


class HolidaysFile(Record):
    """`holidays-<year>.yml`: a year's official holiday arrangement, before chinesecalendar carries it."""

    year: Year = Field(title="年度")
    source: HttpAddress | None = Field(
        None, title="通知网址", description="国务院办公厅关于本年部分节假日安排的通知在 www.gov.cn 上的网址，方便审核"
    )
    holidays: Annotated[list[DeclaredHoliday], Field(min_length=1)] = Field(
        title="放假安排", description="通知中的每个节日一项，照通知的顺序"
    )


# The order of the closed loop, and the date field each step is recorded in.
CASE_STEPS: tuple[tuple[CaseStatus, str], ...] = (
    (CaseStatus.ACCEPTED, "received"),
    (CaseStatus.ASSIGNED, "assigned"),
    (CaseStatus.PROCESSING, "processing"),
    (CaseStatus.REPLIED, "replied"),
    (CaseStatus.RATED, "rated"),
)
