"""The words of the number grammar: units and their kinds, currencies, approximation words,
magnitudes, set phrases, and the word lists the handlers and passes consult.

Plain data only (no regexes, no code beyond deriving tables), so the vocabulary can be read and
extended in one place; ``grammar`` turns it into patterns and the other modules look words up here.
"""

from __future__ import annotations

# kind -> units.  A trailing "*" marks a unit that is only taken after Arabic
# digits (after a Chinese numeral it is too often part of a word: 第一分院, 两度).
_UNIT_SPEC: dict[str, str] = {
    "money": "元 块钱 角* 美元 美金 欧元 日元 英镑 港元 港币 澳门元 澳门币 新台币 卢布 韩元 澳元 加元 "
    # 元 then the currency's name (元人民币; in Hong Kong and Taiwan papers 元新台币, 元港币)
    "新加坡元 瑞士法郎 泰铢 卢比 缅元 林吉特 越南盾 元人民币 人民币 元新台币 元港币 元澳门币",
    "percent": "% ％ ‰ 个百分点 百分点 个基点 基点",
    "ratio": "成 倍",
    "temperature": "℃ °C 摄氏度 华氏度 °F",
    "length": "毫米 厘米 分米 千米 公里 米 纳米 微米 海里 英里 英尺 英寸 里 km* cm* mm* m*",
    "area": "平方公里 平方千米 平方米 平方厘米 平米 亩 公顷 平方英里 平方*",
    "volume": "立方米 立方* 方* 毫升 升 L* ml* mL*",
    "weight": "吨 公斤 千克 克 斤 毫克 kg* mg* g*",
    "duration": "个工作日 工作日 个小时 小时 个钟头 钟头 个月 分钟 秒钟 秒 天 周年 周 个星期 星期 "
    "昼夜 个昼夜 年 日*",
    "age": "周岁 虚岁 岁",
    "year": "年度",
    "date": "月份* 月*",
    "ordinal": "届",
    "count": "个 位 名 人次 人 剂次 户次 户 家 件 笔 次 项 条 种 类 批 期 场 幅 台 辆 架次 架 艘 座 栋 幢 步 "
    "套 间 所 支 只 头 匹 棵 株 本 册 部 篇 份 张 页 封 包 箱 袋 瓶 杯 块 片 处 段 层 轮 起 宗 例 "
    "根 粒 颗 枚 首 盏 双 剂 句 方面 对* 单* 节* 集* 门* 副* 道* 口*",
    "other": "千瓦时 千瓦 兆瓦 吉瓦 号线* 号* 版* 路* 级* 度* 点钟* 时* 点* 分* 年代 世纪 年级* 季度* 军分区* "
    "军团* 纵队* "
    "支队* 大队* 中队* 师* 团* 旅* 营* 军* 楼* kW* kWh* MW* GW* GB* MB* TB* KB* Hz* GHz* MHz*",
}

# A unit followed by one of these characters is the start of another word.
_GUARD_SPEC = """
    元:素里论化旦宵老首勋 人:民大 位:数 名:单称字义誉言 户:外籍口型 期:间限待望 场:所景面馆
    台:湾风阶账词 部:委门长署队分 所:有在以谓属得长需说 只:有是要能会好 本:身来次地土领科人届报
    间:接隔歇断距谍 起:来点步草诉源到初床飞 处:理置罚分长级室于在境 条:件例约理 项:目链
    种:植子类养地族 类:似型别 份:额子 张:家三某 座:谈右位 支:持付部出撑援柱 批:准评示复发次
    轮:胎船椅流换值岗 层:面级次 宗:教旨 例:如 根:本据源治 首:都先次批届创位席脑府长发
    双:方重边向赢节拥休 对:于比接话外象口待照标 套:餐路装 架:构设 包:括含装容扶 封:闭锁面建 幅:度
    成:为员本果立功就长熟都交绩效型品分年人全 克:服隆林拉罗里 米:饭粉面其兰勒歇 度:假过量日
    方:面案式向法位针便阵舱言圆能可 周:末边围刊报转密到全知长 秒:杀表 时:间期代候刻尚空段节速效任年
    点:钟多半击赞评位燃亮 号:召称码 分:之别钟配析享布红类会局行公成为期批级队区管散解裂子数值校院
    版:本权图块 路:线径段上由演况面口 级:别数 代:表替理价码言购办销谢 师:生傅资范长部级
    团:队体结伙购员长委部拜聚圆建 旅:游客行居程途店馆长部 营:业销造养地商收运长部建救利私
    军:人事队民长部区官训营功团 楼:盘宇房市层 年:级轻 届:时满 家:乡庭 门:槛户口诊类票
    口:号径岸罩头语气 副:职部总主 道:路德理歉别 节:日约省能点目奏 集:团中体合成聚市 单:位独一纯身
    头:脑条等版号部像 块:钱 片:区面刻 天:津然气空 句:号式子 步:伐骤行入调
"""
_GUARDS: dict[str, str] = dict(entry.split(":") for entry in _GUARD_SPEC.split())

_CURRENCIES: dict[str, str] = {
    "元": "CNY", "块钱": "CNY", "角": "CNY", "元人民币": "CNY", "人民币": "CNY", "美元": "USD",
    "美金": "USD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP", "港元": "HKD", "港币": "HKD",
    "澳门元": "MOP", "澳门币": "MOP", "新台币": "TWD", "卢布": "RUB", "韩元": "KRW", "澳元": "AUD",
    "加元": "CAD", "新加坡元": "SGD", "瑞士法郎": "CHF", "泰铢": "THB", "卢比": "INR", "缅元": "MMK",
    "林吉特": "MYR", "越南盾": "VND", "$": "USD", "＄": "USD", "￥": "CNY", "¥": "CNY", "€": "EUR",
    "元新台币": "TWD", "元港币": "HKD", "元澳门币": "MOP",
    "£": "GBP",
}

_PREFIX_APPROX: dict[str, str] = {
    "不超过": "less_than", "不足": "less_than", "不到": "less_than", "不超": "less_than",
    "不满": "less_than", "未满": "less_than", "低于": "less_than", "少于": "less_than", "小于": "less_than",
    "不少于": "more_than", "不低于": "more_than", "高于": "more_than", "多于": "more_than",
    "大于": "more_than", "超过": "more_than", "至少": "more_than", "超": "more_than", "逾": "more_than",
    "大约": "about", "大概": "about", "将近": "about", "接近": "about", "约": "about", "近": "about",
    "上": "about",
}
_SUFFIX_APPROX: dict[str, str] = {
    "左右": "about", "上下": "about", "许": "about", "以上": "more_than", "开外": "more_than",
    "有余": "more_than", "多": "more_than", "余": "more_than", "以下": "less_than", "以内": "less_than",
    "来": "about",
}

_MAGNITUDES: dict[str, int] = {
    "万亿": 10**12, "兆": 10**12, "千亿": 10**11, "百亿": 10**10, "亿": 10**8, "千万": 10**7, "百万": 10**6,
    "万": 10**4, "千": 10**3, "百": 100,
}

# The currency words the grammar reads before a number (人民币100元, $5); Taiwan and Macau papers print
# their own currency the same way (新台币6千元, 澳门币300元), the 元 after it then names no other currency.
_CUR_WORDS = ("人民币", "新台币", "澳门币", "美元", "欧元", "港币", "港元", "日元", "英镑", "$", "＄", "￥", "¥", "€",
              "£")

# After 个: the time units (个月, 个多小时) and percentage points; the kind each gives.
_GE_UNITS = {"月": "duration", "小时": "duration", "昼夜": "duration", "工作日": "duration",
             "交易日": "duration", "星期": "duration", "礼拜": "duration", "钟头": "duration",
             "年头": "duration", "百分点": "percent", "基点": "percent", "季度": "other"}


def _unit_table() -> tuple[dict[str, str], list[str], list[str]]:
    """Unit -> kind, plus the Arabic-side and Chinese-side unit lists."""
    kinds: dict[str, str] = {}
    arabic: list[str] = []
    chinese: list[str] = []
    for kind, spec in _UNIT_SPEC.items():
        for raw in spec.split():
            unit = raw.rstrip("*")
            kinds[unit] = kind
            arabic.append(unit)
            if not raw.endswith("*"):
                chinese.append(unit)
    return kinds, arabic, chinese


_UNIT_KIND, _AR_UNITS, _CN_UNITS = _unit_table()

# Chinese numerals: bare 一 and 半 only with these units (elsewhere 一 is the article "a"),
# bare 百/千/万/亿 only with an approximation or money, 里 only after hundreds.
_ONE_OK_UNITS = {"年", "个月", "周", "小时", "个小时", "分钟", "秒", "秒钟", "星期", "个星期", "昼夜",
                 "个昼夜", "周年", "岁", "周岁", "倍", "个工作日", "工作日", "钟头", "个钟头"}
_HALF_OK_UNITS = {"半": {"天"}}
_ONE_HALF_OK = {core: frozenset(_ONE_OK_UNITS | _HALF_OK_UNITS.get(core, set())) for core in ("一", "半")}
_BARE_CHARS = frozenset("百千万亿")
_HUNDREDS = frozenset("百千万")

# A Chinese numeral after an open quote of a short quoted term (“四个意识”) or before a place-name
# character (三里岗) is no quantity.
_OPEN_QUOTES = "“‘「『《\"'"
_PLACE_CHARS = set("村镇乡庄屯岗峪寨堡")

# Dates: a year named by a word before a month or day.
_YEAR_WORDS = {"去年": -1, "今年": 0, "本年": 0, "明年": 1, "前年": -2}
_SAME_YEAR_WORDS = {"同年", "当年", "是年", "该年"}

# Passes: what joins two quantities into a range (5人至10人) or a list (0.5个和2.6个百分点).
_RANGE_SEPS = {"~", "～", "〜", "-", "－", "—", "–", "至", "到"}
_LIST_SEPS = {"和", "、", "及", "与", "或"}
