"""The spreadsheets districts already keep, as `import` reads them: each kind's columns and the words in them.

One table (`SHEET_COLUMNS`) names every column of every kind: the key it is read
into, the header the template workbook writes, the other headers districts use
for it, whether it is needed, and what goes in it. The importer matches headers
with it, `region.yml` (`import.<kind>.columns`) adds headers per key, the
template workbooks and the guide's column lists are written from it, so they
never drift apart. The value words (what 是否同意公开 says yes with, which
remarks mean a deputy has left) are here too. Words only: no code.
"""

from __future__ import annotations

# kind: (the sheet's name, what it holds, the template's file name)
SHEET_KINDS: dict[str, tuple[str, str, str]] = {
    "stations": ("站点名单", "总站、中心站、联络站和联络点，每个站点一行", "stations.xlsx"),
    "deputies": ("代表名单", "进站的人大代表，每名代表一行", "deputies.xlsx"),
    "rota": ("接待安排表", "各站的固定接待日，每条规则一行", "rota.xlsx"),
    "cases": ("办理登记册", "已办理的群众意见建议，每件一行", "cases.xlsx"),
    "receptions": ("接待登记表", "每场接待的情况：到场代表、接待人次、反映问题，每场一行", "receptions.xlsx"),
}

# (key, template header, other headers, required, what goes in it, example value)
Column = tuple[str, str, tuple[str, ...], bool, str, str]

# The station a rota rule or a reception row belongs to, named as in the station list.
RECEPTION_STATION: Column = (
    "station",
    "站点",
    ("站点名称", "联络站", "所属联络站", "接待站点"),
    True,
    "站点名称（与站点名单一致）",
    "云溪街道人大代表联络中心站",
)

SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    "stations": (
        ("id", "站点编号", ("编号", "站点代码", "代码"), False, "不填时按名称的拼音生成，如 wangjiang", ""),
        (
            "name",
            "站点名称",
            ("联络站名称", "名称", "站名", "站点", "联络站"),
            True,
            "站点的正式名称",
            "云溪街道人大代表联络中心站",
        ),
        (
            "kind",
            "站点类型",
            ("类型", "站点级别", "级别", "层级"),
            False,
            "总站、中心站、联络站或联络点；不填时按名称判断",
            "中心站",
        ),
        (
            "parent",
            "上级站点",
            ("上级", "所属中心站", "上级联络站", "所属站点"),
            False,
            "上级站点的名称；总站不填",
            "",
        ),
        (
            "township",
            "所属镇街",
            ("镇街", "乡镇（街道）", "镇（街道）", "所属乡镇", "所属街道", "乡镇", "街道"),
            False,
            "所在的镇、乡或街道",
            "云溪街道",
        ),
        ("community", "所在村社区", ("村（社区）", "村社区", "社区", "村"), False, "所在的村或社区", "望江社区"),
        (
            "address",
            "地址",
            ("站点地址", "办公地址", "详细地址", "所在地"),
            False,
            "站点的地址（公开）；不填时写“待填写”",
            "云溪路18号",
        ),
        (
            "phone",
            "联系电话",
            ("公开电话", "办公电话", "电话", "联系方式"),
            False,
            "站点的公开电话；不填时写“待填写”",
            "0571-8000 1234",
        ),
        (
            "hours",
            "开放时间",
            ("办公时间", "开放时段"),
            False,
            "如 工作日 8:30-12:00、14:00-17:30；不填时写“待填写”",
            "工作日 8:30-12:00、14:00-17:30",
        ),
        (
            "managed_by",
            "管理单位",
            ("主管单位", "责任单位", "所属单位"),
            False,
            "如 云溪街道人大工委；不填时写“待填写”",
            "云溪街道人大工委",
        ),
        ("intro", "站点简介", ("简介", "基本情况"), False, "一段简短的介绍", ""),
    ),
    "deputies": (
        ("id", "代表编号", ("编号",), False, "不填时按姓名的拼音生成，如 wang-xiulan", ""),
        ("name", "姓名", ("代表姓名", "名字"), True, "代表的姓名", "王秀兰"),
        ("gender", "性别", (), False, "男 或 女", "女"),
        ("ethnicity", "民族", (), False, "如 汉族", "汉族"),
        ("party", "党派", ("政治面貌", "党派（政治面貌）"), False, "如 中共党员、群众", "中共党员"),
        (
            "level",
            "代表层级",
            ("代表类别", "代表级别", "层级", "级别", "人大代表层级"),
            True,
            "如 区人大代表、市、区、区镇两级",
            "市、区人大代表",
        ),
        ("constituency", "选区", ("所在选区", "选举单位", "选区（选举单位）"), False, "如 第12选区", "第12选区"),
        (
            "occupation",
            "工作单位及职务",
            ("单位及职务", "工作单位和职务", "工作单位", "职务", "职业"),
            False,
            "如 望江社区党委书记",
            "望江社区党委书记",
        ),
        (
            "station",
            "所属联络站",
            ("联络站", "进站站点", "所在联络站", "编组站点", "所属站点", "站点"),
            True,
            "站点名称（与站点名单一致）",
            "云溪街道人大代表联络中心站",
        ),
        (
            "role",
            "站内职务",
            ("站内角色", "进站职务", "站内身份"),
            False,
            "站长、副站长、轮值站长、驻站代表或进站代表；不填为驻站代表",
            "驻站代表",
        ),
        (
            "also",
            "同时进站",
            ("同时进总站", "同时进中心站", "兼进站点", "第二联络站"),
            False,
            "同时进的另一个站点的名称（几个站点用“、”隔开）；写“是”表示同时进总站",
            "",
        ),
        (
            "phone",
            "联系电话",
            ("手机号码", "手机", "电话", "联系方式"),
            False,
            "只有“是否同意公开”为“是”时才会公开",
            "",
        ),
        (
            "consent",
            "是否同意公开",
            ("同意公开电话", "是否公开电话", "是否公开", "公开电话"),
            False,
            "是 或 否；不填为否",
            "否",
        ),
        (
            "status",
            "备注",
            ("说明", "状态", "代表状态", "变动情况", "变动"),
            False,
            "已调离、已去世等的代表不会导入，只在报告中列出；写着“同时进望江站”“兼东湖中心站”的，同时登记为那个站点的进站代表",
            "",
        ),
    ),
    "rota": (
        RECEPTION_STATION,
        (
            "when",
            "接待日",
            ("接待时间", "接待日期", "固定接待日", "接待安排", "时间安排"),
            True,
            "如 每月15日上午、每周三下午、每月第二个周三、每月最后一个周五、单月10日",
            "每月15日上午",
        ),
        (
            "time",
            "时段",
            ("接待时段", "具体时间", "时间"),
            False,
            "如 09:00-11:30；不填时按“上午”“下午”和站点的开放时间",
            "",
        ),
        (
            "deputies",
            "接待代表",
            ("值班代表", "轮值代表", "代表姓名", "代表"),
            False,
            "代表姓名，用“、”隔开（与代表名单一致）",
            "王秀兰",
        ),
        ("place", "接待地点", ("地点",), False, "不填为站点地址", ""),
        ("topic", "主题", ("接待主题",), False, "", ""),
        ("note", "备注", ("说明", "暂停"), False, "如 7、8月暂停，春节期间暂停，遇节假日顺延", "7、8月暂停"),
        (
            "start",
            "起始日期",
            ("开始日期", "执行日期", "施行日期", "生效日期", "启用日期"),
            False,
            "这条接待日从哪天起执行；不填时按表格标题或文件名里的年份，从那年1月1日起；写“不限”表示一直按这条接待日",
            "",
        ),
        (
            "end",
            "结束日期",
            ("截止日期", "终止日期", "停止日期"),
            False,
            "这条接待日执行到哪天为止；不填表示一直执行",
            "",
        ),
    ),
    "cases": (
        ("id", "编号", ("登记编号", "案件编号", "办件编号", "建议编号"), False, "不填时按受理日期和内容生成", ""),
        (
            "station",
            "所属联络站",
            ("联络站", "站点", "受理站点", "站点名称"),
            True,
            "站点名称（与站点名单一致）",
            "云溪街道人大代表联络中心站",
        ),
        (
            "received",
            "受理日期",
            ("登记日期", "收到日期", "反映日期", "受理时间", "反映时间", "日期"),
            True,
            "如 2025-03-05 或 2025年3月5日",
            "2025-03-05",
        ),
        (
            "channel",
            "来源渠道",
            ("来源", "渠道", "反映方式", "反映渠道"),
            False,
            "来访、扫码、走访、电话、来信、网络、座谈或其他；不填为来访",
            "来访",
        ),
        ("category", "类别", ("问题类别", "问题类型", "建议类别", "分类", "类型"), False, "如 城市建设", "城市建设"),
        (
            "summary",
            "诉求摘要",
            ("反映内容", "意见建议内容", "问题描述", "主要内容", "诉求内容", "意见建议", "内容"),
            True,
            "不要写群众姓名、电话、住址（导入时会去掉）",
            "建议在望江路口增设红绿灯",
        ),
        ("deputy", "受理代表", ("接待代表", "代表姓名", "代表"), False, "代表姓名（与代表名单一致）", "王秀兰"),
        ("department", "承办部门", ("承办单位", "交办部门", "办理部门", "责任单位"), False, "", "区交通运输局"),
        (
            "status",
            "办理状态",
            ("状态", "办理情况", "办理进度"),
            False,
            "受理、交办、办理中、已答复、已评价或不予受理；不填时按其他列判断",
            "已评价",
        ),
        ("assigned", "交办日期", (), False, "没有记下时不填", ""),
        ("processing", "开始办理日期", ("办理日期",), False, "没有记下时不填", ""),
        (
            "replied",
            "答复日期",
            ("办结日期", "回复日期", "反馈日期", "答复时间", "办结时间"),
            False,
            "已答复的必须填写",
            "2025-03-20",
        ),
        ("rated", "评价日期", ("回访日期",), False, "没有记下时不填", ""),
        (
            "reply",
            "答复摘要",
            ("答复内容", "答复情况", "办理结果", "回复内容", "反馈情况", "办理答复"),
            False,
            "已答复的必须填写",
            "已增设信号灯",
        ),
        (
            "satisfaction",
            "满意度",
            ("群众评价", "评价", "满意情况", "评价结果"),
            False,
            "满意、基本满意或不满意",
            "满意",
        ),
        (
            "reason",
            "不予受理理由",
            ("不受理理由", "不予受理原因", "不受理原因", "不予受理说明", "理由", "原因", "备注", "说明", "情况说明"),
            False,
            "不予受理的必须填写（只在不予受理的行读取）",
            "",
        ),
        # read only to be scrubbed out of the text, never written
        ("name", "反映人", ("群众姓名", "姓名", "联系人", "来访人"), False, "只用来从内容中去掉姓名，不会保存", ""),
        ("phone", "联系电话", ("手机号码", "手机", "电话"), False, "不会保存", ""),
        ("id_number", "身份证号", ("身份证号码", "证件号码"), False, "不会保存", ""),
        ("address", "住址", ("家庭住址", "居住地址", "联系地址"), False, "不会保存", ""),
    ),
    "receptions": (
        RECEPTION_STATION,
        ("date", "接待日期", ("日期", "接待时间", "活动日期"), True, "如 2026-03-15", "2026-03-15"),
        ("time", "时段", ("接待时段", "具体时间"), False, "同一天有两场时写明，如 09:00-11:30", ""),
        (
            "deputies",
            "到场代表",
            ("接待代表", "参加代表", "实到代表", "代表姓名", "代表"),
            False,
            "实际到场的代表姓名，用“、”隔开（与代表名单一致）",
            "王秀兰",
        ),
        ("visitors", "接待人次", ("接待群众", "来访人次", "接待群众人次", "人次"), False, "来访群众的人次", "12"),
        (
            "matters",
            "反映问题",
            ("反映问题数", "问题数", "收集意见建议", "意见建议数"),
            False,
            "群众反映的问题件数",
            "5",
        ),
        (
            "held",
            "是否举行",
            ("举行情况", "是否开展"),
            False,
            "没有举行时写“否”，并在“未举行原因”中写明；不填为已举行",
            "",
        ),
        ("reason", "未举行原因", ("原因", "取消原因"), False, "如 台风预警，接待暂停", ""),
        (
            "note",
            "简要记录",
            ("接待情况", "主要内容", "备注"),
            False,
            "接待情况的简要记录；不写群众姓名、电话、门牌号",
            "群众反映小区停车难、路灯不亮等问题",
        ),
    ),
}

# What no column of a kind holds: `export` leaves it out, and `import` keeps what the file says.
SHEET_KEPT: dict[str, tuple[str, ...]] = {
    "stations": ("location", "email", "staff", "rules", "form", "photo"),
    "deputies": (
        "deputies[].photo",
        "deputies[].bio",
        "deputies[].pledge",
        "deputies[].contact.email",
        "linked[].role",
    ),
    "rota": ("rules[].exceptions", "rules[].pauses", "rules[].workdays_only", "sessions"),
    "cases": (),
    "receptions": ("records[].cases",),
}

# How region.yml's `import.<kind>.columns.<key>` is described to clerks (editors' schema, the guide's field list).
COLUMN_SETTING_TITLE = "“{header}”列"
COLUMN_SETTING_NOTE = "本地区表格里这一列的列名（已能识别：{headers}）"

# Columns that are never read, whatever sheet they are in: private, and nothing public needs them.
NEVER_READ = (
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "出生年月",
    "出生日期",
    "出生年月日",
    "家庭住址",
    "家庭地址",
    "住址",
)

# What the cells say, by what it means.
SHEET_WORDS: dict[str, tuple[str, ...]] = {
    # 是否同意公开: yes
    "yes": ("是", "同意", "同意公开", "公开", "可公开", "y", "yes", "√", "✓", "1", "true"),
    # 是否举行: no (anything else written there is refused, an empty cell means held)
    "no": ("否", "不", "未举行", "没有举行", "取消", "暂停", "n", "no", "×", "✗", "0", "false"),
    # 同时进站: a yes means "also the head station"
    "also_head": ("是", "同时进总站", "总站", "√", "✓"),
    # a remark that a deputy also serves at another station: a lead word and a verb (同时进望江站, 同时编入…,
    # 另进…), or a verb alone (兼东湖中心站, 兼进…), then the station's name
    "also_lead": ("同时", "另外", "另", "并", "还", "也"),
    "also_verb": ("进驻", "进入", "编入", "编进", "编到", "编在", "编组到", "划入", "加入", "入驻", "进", "在", "到"),
    "also_alone": ("兼进驻", "兼进入", "兼编入", "兼进", "兼任", "兼在", "兼"),
    # where a station's name may end in such a remark (望江站, 河口联络点, 东湖代表之家)
    "also_name_end": ("站", "点", "室", "家"),
    # what may follow a station's name in such a remark, and is not part of it (兼望江站站长)
    "also_role_tail": ("轮值站长", "副站长", "站长", "驻站代表", "进站代表", "代表", "成员"),
    # remarks that mean the deputy no longer serves, and what the report calls them
    "left_transferred": ("调离", "调出", "调走", "工作调动"),
    "left_deceased": ("去世", "逝世", "病故", "死亡", "故去"),
    "left_ended": ("辞职", "罢免", "终止代表资格", "代表资格终止", "出缺", "辞去"),
    # a date in a rota's title that says when it takes effect: 自2026年3月1日起执行
    "rota_from": ("起", "开始", "执行", "施行", "生效", "启用"),
    # rows below the table: 注：…, 填表人：…
    "notes": ("注", "备注", "说明", "填表", "制表", "审核", "统计", "合计", "总计", "以上", "数据来源", "*", "※"),
    # what a kind column or a station's name says
    "kind_head": ("总站",),
    "kind_centre": ("中心站", "联络中心"),
    "kind_point": ("联络点", "联系点", "联络室", "联系站"),
    "kind_station": ("联络站", "代表之家", "代表活动室"),
    # generic endings dropped from a station's name before its id is made: 望江社区人大代表联络站 → 望江
    "station_endings": (
        "人大代表联络总站",
        "人大代表联络中心站",
        "人大代表联络站",
        "人大代表联络点",
        "人大代表联系点",
        "人大代表联络室",
        "代表联络总站",
        "代表联络中心站",
        "代表联络站",
        "代表联络点",
        "人大代表之家",
        "代表之家",
        "联络总站",
        "联络中心站",
        "中心站",
        "联络站",
        "联络点",
        "联系点",
        "联络室",
        "总站",
        "社区",
        "街道",
        "村",
        "镇",
        "乡",
    ),
    # rota words
    "morning": ("上午",),
    "afternoon": ("下午",),
    "all_day": ("全天",),
    "weekday_names": ("一", "二", "三", "四", "五", "六", "日"),
    "last": ("最后一个", "最后1个", "最后一"),
    "pause": ("暂停", "不接待", "停止接待", "休息"),
    # 起始日期 of a rule that has always applied (no start): it names days in every year, as before it had one
    "always": ("不限", "一直", "长期"),
}

# Status, satisfaction and channel words of registers, each read as a value of the model.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "不予受理": ("不予受理", "不受理", "未受理"),
    "已评价": ("已评价", "已回访"),
    "已答复": ("已答复", "已回复", "已反馈", "已办结", "办结", "已办理", "已完成", "答复"),
    "办理中": ("办理中", "正在办理", "在办", "处理中", "未办结", "未答复", "未回复"),
    "交办": ("已交办", "交办", "已转办", "转办"),
    "受理": ("已受理", "受理", "待办", "登记"),
}
SATISFACTION_WORDS: dict[str, tuple[str, ...]] = {
    "不满意": ("不满意", "不太满意"),
    "基本满意": ("基本满意", "较满意", "比较满意", "一般"),
    "满意": ("满意", "非常满意", "很满意"),
    "未评价": ("未评价", "未回访", "无"),
}
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "扫码": ("扫码", "二维码", "联络站码", "代表码"),
    "来访": ("来访", "接待", "当面", "进站"),
    "走访": ("走访", "上门", "入户"),
    "电话": ("电话", "热线", "来电"),
    "来信": ("来信", "信件", "书信", "信访"),
    "网络": ("网络", "网上", "网站", "微信", "线上", "小程序", "邮件"),
    "座谈": ("座谈", "会议", "协商", "议事"),
    "其他": ("其他", "其它"),
}

# Surnames whose reading differs from the character's common one (pypinyin reads words, not names).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "区": "ou", "仇": "qiu", "解": "xie", "查": "zha", "朴": "piao", "盖": "ge",
    "乐": "yue", "缪": "miao", "翟": "zhai", "覃": "qin", "召": "shao", "种": "chong", "繁": "po", "员": "yun",
    "尉": "yu", "秘": "bi", "洗": "xian", "冼": "xian", "折": "she", "隗": "wei", "员外": "yuanwai",
}  # fmt: skip
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
    "澹台", "端木", "南宫", "西门", "呼延", "万俟",
)  # fmt: skip
