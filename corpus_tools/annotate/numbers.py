"""Quantities in Chinese news text: value, range, unit, approximation, kind, date.

The grammar, applied left to right by one compiled regex, is

    [approx prefix] [currency] [第] number [range-sep number] [多/余/来] [magnitude]
        [个 [多/半]] [unit or measure word] [半] [approx suffix]

with separate alternatives for dates (2018年10月29日, 10月14日, 14日), ISO dates,
clock times, alphanumeric codes (5G, M2) and fractions (三分之一, 百分之五十).
A second pass joins two quantities around a range separator (3月24日至27日,
2003年至2017年) and lets a bare number take the unit of its list mate (0.5个和2.6个百分点).

Two kinds of numbers are treated differently on purpose:

* Arabic digits are always numbers: every run of digits ends up inside some span
  (kind "other" when nothing better is known), so downstream code can rely on
  "digit coverage".
* Chinese numerals are mostly words (一些, 统一, 两会, 十三五, 四位一体 ...), so they
  are only taken with a unit or measure word after them and are then vetted:
  bare 一 counts only as a duration (一年, 一个多月), an age, 倍 or an ordinal (第一届),
  because elsewhere it is the article "a"; bare 百/千/万/亿 need an approximation
  (百余位, 上百人, 近千次) or money; short quoted terms ("四个意识"), set phrases
  (``IDIOMS``) and place names (三里岗) are skipped; 大 is not a measure word
  (三大攻坚战).  Quarter names (一季度) are period labels, not quantities, and are
  not taken either.

Values: magnitudes 千/万/亿/万亿 are folded in (1.7万亿元 -> 1.7e12, unit 元);
percent and 成 keep the printed value; 几/数 (十几个, 数十人) give the round value
with approx more_than.  Dates have ``value=None`` and an ISO ``date_iso``; a missing
year comes from 去年/今年/同年, from a year named earlier in the same paragraph (not a
"2025年以来" one, not last year, not for a dateline), else from the issue date (a
month after the issue month is last year's); a bare day far ahead of the issue day
is last month's.  Years have the year as value and date_iso "2025" (or "2025/2026").

Speed: the grammar regex is built for CPython's engine -- look-aheads drop most positions
before any alternative is tried, optional groups are written as branches, unit lists as
prefix trees -- and Chinese numerals without a unit are told apart inside the regex, so
the Python handlers only see real candidates (a lone numeral character such as 一 in 统一
is not even matched).  The look-aheads that are there for speed only are noted in
``_SPEED_GATES``; the tests take them out and check that no match changes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import cn2an

from corpus_tools.types import IssueContext, Item, Quantity, Span

__all__ = ["IDIOMS", "annotate_numbers", "extract_numbers"]

SKIP_FIELDS = frozenset({"byline", "credit"})

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

# kind -> units.  A trailing "*" marks a unit that is only taken after Arabic
# digits (after a Chinese numeral it is too often part of a word: 第一分院, 两度).
_UNIT_SPEC: dict[str, str] = {
    "money": "元 块钱 角* 美元 美金 欧元 日元 英镑 港元 港币 澳门元 澳门币 新台币 卢布 韩元 澳元 加元 "
    "新加坡元 瑞士法郎 泰铢 卢比 缅元 林吉特 越南盾 元人民币 人民币",
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
    "count": "个 位 名 人次 人 剂次 户次 户 家 件 笔 次 项 条 种 类 批 期 场 幅 台 辆 架次 架 艘 座 栋 幢 "
    "套 间 所 支 只 头 匹 棵 株 本 册 部 篇 份 张 页 封 包 箱 袋 瓶 杯 块 片 处 段 层 轮 起 宗 例 "
    "根 粒 颗 枚 首 盏 双 剂 句 方面 对* 单* 节* 集* 门* 副* 道* 口*",
    "other": "号线* 号* 版* 路* 级* 度* 点钟* 时* 点* 分* 年代 世纪 年级* 季度* 军分区* 军团* 纵队* "
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
    头:脑条等版号部像 块:钱 片:区面刻 天:津然气空 句:号式子
"""
_GUARDS: dict[str, str] = dict(entry.split(":") for entry in _GUARD_SPEC.split())

_CURRENCIES: dict[str, str] = {
    "元": "CNY", "块钱": "CNY", "角": "CNY", "元人民币": "CNY", "人民币": "CNY", "美元": "USD",
    "美金": "USD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP", "港元": "HKD", "港币": "HKD",
    "澳门元": "MOP", "澳门币": "MOP", "新台币": "TWD", "卢布": "RUB", "韩元": "KRW", "澳元": "AUD",
    "加元": "CAD", "新加坡元": "SGD", "瑞士法郎": "CHF", "泰铢": "THB", "卢比": "INR", "缅元": "MMK",
    "林吉特": "MYR", "越南盾": "VND", "$": "USD", "＄": "USD", "￥": "CNY", "¥": "CNY", "€": "EUR",
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
    "万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "亿": 10**8, "千万": 10**7, "百万": 10**6,
    "万": 10**4, "千": 10**3, "百": 100,
}

# Set phrases whose numerals are not quantities (checked for Chinese numerals only).
IDIOMS: tuple[str, ...] = (
    "一卡通", "一户一卡", "一户一策", "四位一体", "三位一体", "五位一体", "一站式", "八项规定", "五项原则",
    "四项基本原则", "两个维护", "两个确立", "四个意识", "四个自信", "四个全面", "三个代表", "两个一百年",
    "三大攻坚战", "第一时间", "一天一个样", "一桩桩一件件", "三番五次", "三天两头", "三年五载", "三人行",
    "二人转", "三头六臂", "货比三家", "一年一度", "一年四季", "三尺讲台", "三五成群", "半斤八两", "十年树木",
    "百年树人", "最后一公里", "最先一公里", "最初一公里", "一对一", "一条龙", "千方百计", "万一", "十三五",
    "十四五", "十五五", "一带一路", "一国两制", "两岸", "两会", "三中全会", "四中全会", "一季度", "二季度",
    "三季度", "四季度", "是第一位的", "一把手", "九牛一毛", "一石二鸟", "三令五申", "四面八方", "五湖四海",
    "七上八下",
)

# ---------------------------------------------------------------------------
# Regular expressions
# ---------------------------------------------------------------------------


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


def _unit_alternation(units: list[str]) -> str:
    """Longest first; Latin units must not run into more letters; guards stop word starts."""
    parts = []
    for u in sorted(set(units), key=lambda s: (-len(s), s)):
        pat = re.escape(u)
        if u.isascii() and u.isalpha():
            pat = rf"[ \u00a0]?{pat}(?![A-Za-z])"
        elif u in _GUARDS:
            pat = rf"{pat}(?![{_GUARDS[u]}])"
        parts.append(pat)
    return "|".join(parts)


def _prefix_tree(words: Iterable[str], end: Callable[[str], str]) -> str:
    """An alternation of ``words`` as a prefix tree: at a position it matches the longest word
    (with ``end(word)`` after it, e.g. a guard) like longest-first alternatives, but the regex
    engine walks a tree much faster than a few hundred alternatives in a row."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = w

    def build(node: dict) -> str:  # longer words first, then the word ending here
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if "" in node:
            alts.append(end(node[""]))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


_SPEED_GATES: set[str] = set()  # the look-aheads that only make the grammar faster (see _speed_only)


def _speed_only(lookahead: str) -> str:
    """Note ``lookahead`` as one that changes no match, only speed, and return it.

    Such a look-ahead sits before a part and holds wherever that part can match (a class of its
    first characters, or a cheap outline of its start).  CPython's engine tries the branches of
    an alternation one by one, saving its state for each, so a test that fails at once saves
    that work at almost every position.  The tests strip every look-ahead noted here and check
    that the matches stay the same.
    """
    _SPEED_GATES.add(lookahead)
    return lookahead


def _gate(chars: str) -> str:
    """A speed-only look-ahead for one character of the class body ``chars`` (regex syntax)."""
    return _speed_only(f"(?=[{chars}])")


def _unit_trie(units: list[str]) -> str:
    """The matches of ``_unit_alternation(units)`` (the longest unit whose guard passes), as a
    prefix tree.  Latin units (after an optional space) and the others start with different
    characters, so the two groups never compete at one position.
    """
    tree = _prefix_tree
    latin = sorted({u for u in units if u.isascii() and u.isalpha()})
    other = sorted({u for u in units if not (u.isascii() and u.isalpha())})
    parts = []
    if latin:
        parts.append(r"[ \u00a0]?" + tree(latin, lambda u: "(?![A-Za-z])"))
    if other:
        parts.append(tree(other, lambda u: f"(?![{_GUARDS[u]}])" if u in _GUARDS else ""))
    return _gate(_unit_firsts(units)) + "(?:" + "|".join(parts) + ")"


def _unit_firsts(units: list[str]) -> str:
    """The characters a match of ``_unit_trie(units)`` can start with, as a class body."""
    latin = any(u.isascii() and u.isalpha() for u in units)  # (after an optional space)
    return re.escape("".join(sorted({u[0] for u in units} | ({" ", "\u00a0"} if latin else set()))))


_UNIT_KIND, _AR_UNITS, _CN_UNITS = _unit_table()
_UNIT_AR_RE = re.compile(_unit_trie(_AR_UNITS))
_UNIT_CN_RE = re.compile(_unit_trie(_CN_UNITS))
_PER_RE = re.compile(r"/(" + _unit_alternation([u for u in _AR_UNITS if u != "%"]) + ")")

_GE_UNITS = {"月": "duration", "小时": "duration", "昼夜": "duration", "工作日": "duration",
             "交易日": "duration", "星期": "duration", "礼拜": "duration", "钟头": "duration",
             "年头": "duration", "百分点": "percent", "基点": "percent", "季度": "other"}
_GE_TIME = r"(?P<ap>多|半)?(?P<u>" + "|".join(sorted(_GE_UNITS, key=len, reverse=True)) + ")"
_GE_NOUNS = ("团(?![队体结伙购员长委])", "师(?![生傅资范长])", "旅(?![游客行居程])", "营(?![业销造养地商收运长])",
             "支队", "大队", "中队", "纵队", "国家(?!级)", "省份", "省区", "地区", "城市", "村(?![民委庄级干])", "社区",
             "乡镇", "县(?![级委域城长])", "方面", "项目(?!组)")
# After 个: a time unit (个月, 个多小时), else a noun (个团, 个村), in one match (group u: the time unit).
_GE_FIRSTS = {"多", "半", *(u[0] for u in _GE_UNITS), *(n[0] for n in _GE_NOUNS)}
_GE_RE = re.compile(_gate(re.escape("".join(sorted(_GE_FIRSTS)))) + f"(?:{_GE_TIME}|{'|'.join(_GE_NOUNS)})")
_HALF_RE = re.compile(r"半(?![年月天])")
_POST_RE = re.compile(
    r"左右|上下(?![游班级楼车功联届同])|以上(?!率)|以下(?!简称|称)|以内|开外|有余|许(?![可多诺])"
)
_POST_FIRST = frozenset("左上以开有许")  # first characters of the _POST_RE words
_SUFFIX_FIRST = _POST_FIRST | set("半多余")  # what _suffix can read (半, _POST_RE, _POST_MORE_RE)
_POST_MORE_RE = re.compile(r"[多余](?![次个地家种项名位人条件所方样少数元部批届年月日天])")
_RECENT_RE = re.compile(r"来|以来|内|中|里")
_SINCE_RE = re.compile(r"以来|来|至今|起|开始|以后|后|前")

_AR_NUM = r"(?<!\d)(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)"
_MAG = r"万亿|千亿|百亿|千万|百万|亿|万|千(?![米克瓦卡兆帕])|百(?!分)"
_SEP = r"[~～〜\-－—–]|至|到"
_PRE = (
    r"不超过|不少于|不低于|不足|不到|不超|不满|未满|低于|少于|小于|高于|多于|大于|超过|至少|大约|大概|将近|接近"
    r"|(?<![签预合条公节制邀违履特相誓婚守解续缔集纽契隐])约|(?<![最附临靠亲接将贴逼])近|(?<![赶高])超|逾"
)
# A minus sign is only read as one before a temperature or a percentage (else it is a dash).
_SIGNED = r"\d+(?:\.\d+)?(?:[~～至到][-−－]?\d+(?:\.\d+)?)?[ \u00a0]?(?:℃|°C|摄氏度|%|％)"
_CUR_WORDS = ("人民币", "美元", "欧元", "港币", "港元", "日元", "英镑", "$", "＄", "￥", "¥", "€", "£")
_CUR = "|".join(map(re.escape, _CUR_WORDS))
_PRE_WORDS = re.sub(r"\(\?<!\[[^\]]*\]\)", "", _PRE).split("|")
_PRE_FIRST = "".join(sorted({w[0] for w in _PRE_WORDS}))
_CUR_FIRST = re.escape("".join(sorted({w[0] for w in _CUR_WORDS})))
_CN_RUN = r"(?:数(?=[十百千万]))?[零〇一二两三四五六七八九十百千万亿几]+|半(?=个(?:月|小时|钟头)|年|天|小时)"
_CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
_CN_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_LATIN_UNIT = r"(?:km|cm|mm|m|kg|mg|g|L|ml|mL|kW|kWh|MW|GW|GB|MB|TB|KB|Hz|GHz|MHz)(?![A-Za-z])"

_DATE_ALT = (
    rf"(?P<date>(?:(?P<dy>(?<!\d)\d{{4}}|[〇零一二三四五六七八九]{{4}})年)?"
    rf"(?P<dm>(?<!\d)\d{{1,2}}|{_CN_MONTH})月(?P<dmf>份)?(?:(?P<dd>\d{{1,2}}(?!\d)|{_CN_DAY})(?P<ddu>[日号]))?)"
    r"|(?P<day>(?<!\d)\d{1,2})日"
    r"|(?P<iso>(?<!\d)\d{4})[-/.](?P<isom>\d{1,2})[-/.](?P<isod>\d{1,2})(?!\d)"
)
_OTHER_ALT = (
    r"(?P<clock>(?<!\d)\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)(?!\d)"
    rf"|(?P<code>(?<![A-Za-z0-9])(?:[A-Za-z]+-?\d+(?:\.\d+)?[A-Za-z0-9]*|\d+(?!{_LATIN_UNIT})[A-Za-z][A-Za-z0-9]*))"
    r"|(?P<slash>(?<!\d)\d+/\d+)(?![\d/])"
    r"|(?P<frac>(?P<fden>[零〇一二两三四五六七八九十百千万]+|\d+)分之"
    r"(?P<fnum>[零〇一二两三四五六七八九十百千万点]+|\d+(?:\.\d+)?))"
)
_AR_ALT = (
    rf"(?P<ar>(?:{_gate(_PRE_FIRST)}(?P<pre>{_PRE})(?:为|有|占|达)?)?(?:{_gate(_CUR_FIRST)}(?P<cur>{_CUR}))?"
    rf"(?P<neg>零下|(?<![0-9A-Za-z])[-−－](?={_SIGNED}))?(?P<ord>第)?"
    rf"(?P<n1>{_AR_NUM})(?P<m1>{_MAG})?(?:(?P<sep>{_SEP})(?P<neg2>(?<=[~～至到])[-−－])?(?P<n2>{_AR_NUM})(?P<m2>{_MAG})?)?"
    rf"(?P<ap>多|余|来)?(?P<m3>{_MAG})?)"
)
_CN_ALT = (
    rf"(?P<cn>(?:{_gate(_PRE_FIRST + '上')}(?P<cpre>{_PRE}|上(?=[百千万亿]))(?:为|有|占|达)?)?(?P<cord>第)?"
    rf"(?P<c1>{_CN_RUN})(?:(?P<csep>至|到|[~～\-—])(?P<c2>{_CN_RUN}))?(?P<cap>多|余|来)?(?P<cm>万亿|万|亿)?)"
)
# Order matters where two alternatives match at the same position: dates before numbers.
# The leading class lists every character a match can start with, so most positions fail at once.
_FIRST_CHARS = {w[0] for w in (*_PREFIX_APPROX, *_CUR_WORDS)} | set("零〇一二两三四五六七八九十百千万亿")
_FIRST_CHARS |= set("几数半第-−－")
_FIRST = _gate("\\dA-Za-z" + re.escape("".join(sorted(_FIRST_CHARS))))


# Speed only (the matches are the same): a second look-ahead wants what a match really starts
# with -- a digit, a letter, a numeral character, a sign, 第, or a whole prefix or currency word
# (so the common characters 人 大 不 日 上 ... are dropped unless 人民币, 大约, 不足, 上百 ... follow),
# and each group of alternatives is tried only at the characters it can start with.
_GATE_WORDS = sorted({*(w for w in _PRE_WORDS if len(w) > 1), *(w for w in _CUR_WORDS if len(w) > 1)},
                     key=lambda w: (-len(w), w))
_GATE_CHARS = ("\\dA-Za-z" + re.escape("零〇一二两三四五六七八九十百千万亿几数半第-−－")
               + re.escape("".join(w for w in (*_PRE_WORDS, *_CUR_WORDS) if len(w) == 1)))
_GATE = _speed_only(f"(?=[{_GATE_CHARS}]|(?=[{''.join(sorted({w[0] for w in _GATE_WORDS} | {'上'}))}])"
                    f"(?:{'|'.join(map(re.escape, _GATE_WORDS))}|上[百千万亿]))")
# A date starts with 1-4 digits before 年, 月, 日 or an ISO separator, or with a Chinese year or
# month; the other alternatives with a digit run before a colon, a letter, a slash or 分 (之),
# with a letter, or with a Chinese numeral before 分 (之).  Most numbers are neither.
_DATE_GATE = _speed_only(rf"(?=\d{{1,4}}[年月日\-/.]|[〇零一二三四五六七八九]{{4}}年|(?:{_CN_MONTH})月)")
_OTHER_GATE = _speed_only(r"(?=[A-Za-z]|\d+[:：A-Za-z/分]|[零〇一二两三四五六七八九十百千万]+分)")
_AR_GATE = _gate("\\d第零\\-−－" + _PRE_FIRST + _CUR_FIRST)
_CN_GATE = _gate("第数半上零〇一二两三四五六七八九十百千万亿几" + _PRE_FIRST)
# A lone numeral character that nothing continues (一 in 统一 or 一些: no longer numeral, range, 多/余/来
# or unit after it) matches the Chinese alternative as one character and only to be skipped; failing
# there instead lets the search move on by that character in C, as _scan would.  The class of what
# may follow is wider than needed (any separator, any first character of a unit), never narrower;
# and no prefix word (nor 第) starts with a numeral, so the match would have started with it.
_CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿几"  # (the class of _CN_RUN)
_CN_LONE = f"(?![{_CN_NUMERALS}](?![{_CN_NUMERALS}多余来个至到~～\\-—{_unit_firsts(_CN_UNITS)}]))"
_ALTS = (
    f"{_DATE_GATE}(?:{_DATE_ALT})",
    f"{_OTHER_GATE}(?:{_OTHER_ALT})",
    f"{_AR_GATE}{_AR_ALT}",
    # cnu: an empty group, set when a unit follows the Chinese numeral (without one it is no quantity)
    f"{_CN_GATE}{_CN_LONE}{_CN_ALT}(?P<cnu>(?=个|{_UNIT_CN_RE.pattern}))?",
    r"(?P<bare>\d+)",
)


def _branch_optionals(pattern: str) -> str:
    """Rewrite each greedy optional group ``(X)?`` as ``(?:(X)|)``, the same match for speed.

    Both try X first and then nothing, with the same backtracking and captures; but CPython's
    engine runs a {0,1} repeat of a group through its general repeat machinery (saving the
    capture marks at every step), while a branch with an empty alternative is cheap.  With some
    40 groups in the grammar that makes the search about a quarter faster.  Look-arounds, lazy
    and possessive forms are left alone.
    """
    out: list[str] = []
    opened: list[tuple[int, bool]] = []  # (index in out, is a look-around) per open group
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":  # a character class, copied as it is
            j = i + 1
            if pattern[j:j + 1] == "^":
                j += 1
            if pattern[j:j + 1] == "]":
                j += 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append(pattern[i:j + 1])
            i = j + 1
        elif c == "(":
            opened.append((len(out), pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)))
            out.append(c)
            i += 1
        elif c == ")":
            start, look = opened.pop()
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "?" and pattern[i + 1:i + 2] not in ("?", "+") and not look:
                out[start:] = ["(?:" + "".join(out[start:]) + "|)"]
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


_GRAMMAR = _FIRST + _GATE + "(?:" + "|".join(_ALTS) + ")"
_MASTER = re.compile(_branch_optionals(_GRAMMAR))
_ARABIC_ONLY = re.compile(_AR_ALT)

_IDIOM_RE = re.compile(_prefix_tree(IDIOMS, lambda w: ""))  # the longest idiom at each position
_IDIOM_LONGEST = max(map(len, IDIOMS))
_OPEN_QUOTES = "“‘「『《\"'"
_SHORT_QUOTED_RE = re.compile(r"[^”’\"'」』》，。、；：！？,.;:!?\n“‘「『《]{0,8}[”’\"'」』》]")
_PLACE_CHARS = set("村镇乡庄屯岗峪寨堡")
_CN_PLAIN_DIGITS = set("零〇一二两三四五六七八九")
_CN_DIGIT_VALUE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWER = {"十": 10, "百": 100, "千": 1000, "万": 10**4}
_ADJACENT_RE = re.compile(r"([一二两三四五六七八九])([二两三四五六七八九])([十百千万]?)")
_ONE_OK_UNITS = {"年", "个月", "周", "小时", "个小时", "分钟", "秒", "秒钟", "星期", "个星期", "昼夜",
                 "个昼夜", "周年", "岁", "周岁", "倍", "个工作日", "工作日", "钟头", "个钟头"}
_HALF_OK_UNITS = {"半": {"天"}}
_ONE_HALF_OK = {core: frozenset(_ONE_OK_UNITS | _HALF_OK_UNITS.get(core, set())) for core in ("一", "半")}
_BARE_CHARS = frozenset("百千万亿")
_HUNDREDS = frozenset("百千万")
_YEAR_WORDS = {"去年": -1, "今年": 0, "本年": 0, "明年": 1, "前年": -2}
_SAME_YEAR_WORDS = {"同年", "当年", "是年", "该年"}
_LIST_SEPS = {"和", "、", "及", "与", "或"}
_DIGIT_RE = re.compile(r"\d")
_RANGE_SEPS = {"~", "～", "〜", "-", "－", "—", "–", "至", "到"}


# ---------------------------------------------------------------------------
# Hits: a mutable working record per match, turned into a Quantity at the end
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    """One match while the passes still adjust it (ranges, inherited units, dates)."""

    start: int
    end: int
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    approx: str | None = None
    kind: str | None = None  # fixed kind (date, ordinal, other for codes); else derived from unit
    currency: str | None = None
    yearlike: bool = False
    scaled: bool = False
    date: tuple[int | None, int | None, int | None] | None = None
    date_max: tuple[int | None, int | None, int | None] | None = None
    date_iso: str | None = None


def _num(s: str) -> Decimal:
    """Arabic digits (any Unicode decimal digits, optional thousands commas) as Decimal."""
    return Decimal(s.replace(",", ""))


def _scale(n: Decimal, *mags: str | None) -> float:
    """Apply magnitude words (万, 亿, 万亿 ...) exactly, then go to float."""
    for m in mags:
        if m:
            n *= _MAGNITUDES[m]
    return float(n)


@lru_cache(maxsize=4096)
def _cn_value(run: str) -> tuple[float, float | None] | None:
    """Value (and range top) of a Chinese numeral without 几/数, or None if it is not one."""
    adj = _ADJACENT_RE.fullmatch(run)
    if adj:
        lo, hi = _CN_DIGIT_VALUE[adj[1]], _CN_DIGIT_VALUE[adj[2]]
        if hi - lo in (1, 2):
            power = _CN_POWER.get(adj[3], 1)
            return float(lo * power), float(hi * power)
        return None
    if len(run) > 1 and all(ch in _CN_PLAIN_DIGITS for ch in run):
        return None  # digit-by-digit strings (一一, 八两) are not quantities; years are handled apart
    text = "一" + run if run[0] in "百千万亿" else run
    try:
        return float(cn2an.cn2an(text, "normal")), None
    except (ValueError, KeyError, IndexError):
        return None


_CN_YEAR_DIGITS = {"〇": 0, "零": 0, **_CN_DIGIT_VALUE}
_CN_YEAR_CHARS = frozenset(_CN_YEAR_DIGITS) - {"两"}


def _cn_year(run: str) -> int | None:
    """二〇一九 -> 2019 (digit by digit), for 4-character year numerals."""
    if len(run) != 4 or not _CN_YEAR_CHARS.issuperset(run):
        return None
    return int("".join(str(_CN_YEAR_DIGITS[ch]) for ch in run))


# ---------------------------------------------------------------------------
# Tails: unit, 个 + unit, half, approximation suffix
# ---------------------------------------------------------------------------


class _Tail(NamedTuple):
    """What follows a number: the unit as printed, the end, and what it adds."""

    unit: str | None
    end: int
    approx: str | None = None
    half: bool = False


_new = tuple.__new__  # _new(_Tail, (unit, end, approx, half)): a _Tail without the slower keyword __new__


def _unit_tail(text: str, pos: int, chinese: bool) -> _Tail:
    """Measure word or unit after the number (个 handled apart: 个月, 个百分点, 个团)."""
    if text.startswith("个", pos):
        m = _GE_RE.match(text, pos + 1)
        if m is None:
            return _new(_Tail, ("个", pos + 1, None, False))
        if m["u"]:
            return _new(_Tail, ("个" + m["u"], m.end(), "more_than" if m["ap"] == "多" else None, m["ap"] == "半"))
        return _new(_Tail, ("个" + m[0], m.end(), None, False))
    m = (_UNIT_CN_RE if chinese else _UNIT_AR_RE).match(text, pos)
    if not m:
        return _new(_Tail, (None, pos, None, False))
    unit, end = m[0], m.end()
    if unit[0] in " \u00a0":  # a Latin unit after a space
        unit = unit.strip(" \u00a0")
    if text.startswith("/", end):
        per = _PER_RE.match(text, end)
        if per and _UNIT_KIND.get(unit) in ("money", "length", "weight", "count"):
            unit, end = unit + "/" + per[1].strip(), per.end()
    return _new(_Tail, (unit, end, None, False))


def _suffix(text: str, tail: _Tail, duration: bool) -> _Tail:
    """Add 半 (一年半) and an approximation suffix (左右, 以上, 多 after durations)."""
    end, half = tail.end, tail.half
    nxt = text[end:end + 1]
    if duration and nxt == "半" and tail.unit in ("年", "小时", "天") and _HALF_RE.match(text, end):
        end, half = end + 1, True
        nxt = text[end:end + 1]
    m = _POST_RE.match(text, end) if nxt in _POST_FIRST else None
    if m is None and duration and nxt in "多余" and nxt:
        m = _POST_MORE_RE.match(text, end)
    if m is None:
        return tail if end == tail.end else _new(_Tail, (tail.unit, end, tail.approx, half))
    return _new(_Tail, (tail.unit, m.end(), tail.approx or _SUFFIX_APPROX[m[0]], half))


# ---------------------------------------------------------------------------
# Handlers, one per alternative of _MASTER
# ---------------------------------------------------------------------------


def _date_hit(m: re.Match[str]) -> _Hit | None:
    """2018年10月29日, 10月14日, 二〇一九年十月, 4月份; Chinese month alone is not taken."""
    ys, ms, ds = m.group("dy", "dm", "dd")
    chinese_month = not ms.isdigit()
    if chinese_month and not (ys or ds):
        return None
    year = (int(ys) if ys.isdigit() else _cn_year(ys)) if ys else None
    month = _small_int(ms)
    day = _small_int(ds) if ds else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31) or (ys and year is None):
        return None
    unit = m["ddu"] if ds else ("月份" if m["dmf"] else "月")
    return _Hit(m.start(), m.end(), None, unit=unit, kind="date", date=(year, month, day))


def _small_int(s: str) -> int:
    """Month or day number written in Arabic or Chinese digits (0 if unreadable)."""
    if s.isdigit():
        return int(s)
    v = _cn_value(s)
    return int(v[0]) if v else 0


def _day_hit(m: re.Match[str]) -> _Hit | None:
    """14日 (a day of a month the issue date supplies)."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return _Hit(m.start(), m.end(), None, unit="日", kind="date", date=(None, None, day))


def _iso_hit(m: re.Match[str]) -> _Hit | None:
    """2020-05-12, 2020/5/12, 2020.5.12."""
    y, mo, d = int(m["iso"]), int(m["isom"]), int(m["isod"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return _Hit(m.start(), m.end(), None, kind="date", date=(y, mo, d))


def _simple_hit(m: re.Match[str]) -> _Hit:
    """Clock times, codes (5G, M2, COVID-19), slashed and bare numbers: covered, kind other/ratio."""
    if m["slash"]:
        a, b = (_num(x) for x in m["slash"].split("/"))
        if 0 < a < b:
            return _Hit(m.start(), m.end(), float(a / b), kind="ratio")
    if m["bare"]:  # safety net: digits no other alternative could take
        return _Hit(m.start(), m.end(), float(_num(m["bare"])), kind="other")
    return _Hit(m.start(), m.end(), None, kind="other")


def _frac_hit(m: re.Match[str]) -> _Hit | None:
    """三分之一 (ratio) and 百分之五十 (percent, value 50)."""
    den = _plain_value(m["fden"])
    num = _plain_value(m["fnum"])
    if den is None or num is None or den == 0:
        return None
    if m["fden"] == "百":
        return _Hit(m.start(), m.end(), num, unit="%", kind="percent")
    return _Hit(m.start(), m.end(), num / den, kind="ratio")


def _plain_value(s: str) -> float | None:
    """Arabic or Chinese numeral (with 点 as decimal point) to float."""
    if s[0].isdigit():
        return float(_num(s))
    if "点" in s:
        try:
            return float(cn2an.cn2an(s, "normal"))
        except (ValueError, KeyError, IndexError):
            return None
    v = _cn_value(s)
    return v[0] if v else None


def _arabic_hit(text: str, m: re.Match[str]) -> _Hit:
    """A number in Arabic digits with everything around it; never rejected."""
    n1s = m["n1"]
    if m.end() - m.start() == len(n1s):  # the digits alone (most numbers): no other group took part
        return _plain_arabic_hit(text, m.start(), n1s)
    n1s, n2s, m1, m2, m3, neg, neg2, ap, pre, ordinal, cur = m.group(*_AR_GROUPS)
    sign1 = -1 if neg else 1
    core_end, value_max = m.end(), None
    if n2s is None and not m1 and not m3:  # one number, no magnitude word (float() rounds as Decimal does)
        value = sign1 * float(n1s.replace(",", ""))
        scaled = False
    else:
        n1, n2 = _num(n1s), _num(n2s) if n2s else None
        value = sign1 * _scale(n1, m1 or (m2 if n2 is not None else None), m3)
        if n2 is not None:
            value_max = (-1 if neg2 else 1) * _scale(n2, m2, m3)
            code = n1s.startswith("0") and "." not in n1s and len(n1s) > 1
            if value_max < value or code:  # 0716-8123456 or 5-3: not a range
                value_max, core_end = None, m.end("m1") if m1 else m.end("n1")
                value, m3 = sign1 * _scale(n1, m1), None
        if core_end != m.end():
            ap = None
        scaled = bool(m1 or m2 or m3)
    tail = _unit_tail(text, core_end, False)
    if ap == "来" and tail.unit is None:
        ap, tail = None, _new(_Tail, (None, core_end - 1, None, False))
    yearlike = not scaled and len(n1s) == 4 and n1s.isdigit() and 1000 <= int(n1s) <= 2199
    hit = _Hit(m.start(), tail.end, value, value_max, tail.unit, None, None, None, yearlike, scaled)
    _finish_number(text, hit, tail, ap, pre, bool(ordinal))
    if neg:
        _drop_sign(m, hit)
    if cur:
        hit.currency = _CURRENCIES.get(cur)
    return hit


_AR_GROUPS = ("n1", "n2", "m1", "m2", "m3", "neg", "neg2", "ap", "pre", "ord", "cur")


def _plain_arabic_hit(text: str, start: int, n1s: str) -> _Hit:
    """_arabic_hit for digits without prefix, currency, sign, 第, range, magnitude or 多/余/来."""
    end = start + len(n1s)
    tail = _unit_tail(text, end, False)
    yearlike = len(n1s) == 4 and n1s.isdigit() and 1000 <= int(n1s) <= 2199
    hit = _Hit(start, tail.end, float(n1s.replace(",", "")), None, tail.unit, None, None, None, yearlike, False)
    _finish_number(text, hit, tail, None, None, False)
    return hit


def _drop_sign(m: re.Match[str], hit: _Hit) -> None:
    """A minus sign or 零下 only counts for temperatures and percentages; else it is a dash."""
    if not m["neg"] or _kind_of(hit) in ("temperature", "percent"):
        return
    if hit.value is not None:
        hit.value = abs(hit.value)
    if hit.start == m.start("neg"):
        hit.start = m.end("neg")


def _finish_number(text: str, hit: _Hit, tail: _Tail, inner: str | None, prefix: str | None,
                   ordinal: bool) -> None:
    """Shared by Arabic and Chinese numbers: suffixes, approximation, ordinal, month dates."""
    unit = tail.unit
    if text[tail.end:tail.end + 1] in _SUFFIX_FIRST:  # else _suffix keeps the tail as it is
        tail = _suffix(text, tail, _tail_kind(unit) == "duration" and not hit.yearlike)
    hit.end = tail.end
    hit.unit = unit and unit.replace("％", "%")  # the full-width percent sign is the same unit as %
    if tail.half and hit.value is not None:
        hit.value += 0.5
    pre = None
    if prefix:
        pre = _PREFIX_APPROX.get(prefix)
        if prefix in ("近", "接近", "将近") and _tail_kind(unit) == "duration" and _RECENT_RE.match(text, hit.end):
            pre, hit.start = None, hit.start + text[hit.start:].index(prefix) + len(prefix)
    hit.approx = pre or (_SUFFIX_APPROX.get(inner) if inner else None) or tail.approx
    if hit.approx:
        hit.yearlike = False
    if ordinal:
        hit.kind = "ordinal"
    elif hit.unit in ("月", "月份") and hit.value is not None:
        _month_range(hit)


def _month_range(hit: _Hit) -> None:
    """1—4月 / 3月份 reached as a plain number: a month (range) of an unstated year."""
    lo, hi = int(hit.value or 0), int(hit.value_max or hit.value or 0)
    if hit.value == lo and 1 <= lo <= hi <= 12:
        hit.kind, hit.date = "date", (None, lo, None)
        hit.date_max = (None, hi, None) if hit.value_max else None
        hit.value = hit.value_max = None
    else:
        hit.kind = "other"


def _tail_kind(unit: str | None) -> str | None:
    """The kind a unit as printed gives (个月 and the like too); None without a unit."""
    return (_UNIT_KIND.get(unit) or _GE_UNITS.get(unit[1:])) if unit else None


def _cn_hit(text: str, m: re.Match[str], idioms: _Idioms) -> _Hit | None:
    """A Chinese numeral with a unit after it, vetted against words, idioms and names."""
    run, c2, cm, cap, cpre, cord = m.group("c1", "c2", "cm", "cap", "cpre", "cord")
    vague = run.startswith("数") or "几" in run
    core = run.replace("几", "").lstrip("数") if vague else run
    if not core:
        return None
    tail = _unit_tail(text, m.end(), True)
    if tail.unit is None:
        return None
    if core in _ONE_HALF_OK and not cord and tail.unit.replace("％", "%") not in _ONE_HALF_OK[core]:
        return None  # (the first check of _cn_plausible, made before the work it does not need)
    parsed = _cn_parsed(core, c2)
    if parsed is None:
        return None
    value, value_max = parsed
    yearlike = len(core) == 4 and _cn_year(core) is not None
    if yearlike and (tail.unit != "年" or c2):
        return None  # 二〇一九 only makes sense as a year
    if cm:  # (without a magnitude the value stays: float(str(x)) == x)
        value = _scale(Decimal(str(value)), cm)
        if value_max is not None:
            value_max = _scale(Decimal(str(value_max)), cm)
    hit = _Hit(m.start(), tail.end, value, value_max, None, None, None, None, yearlike, bool(cm))
    _finish_number(text, hit, tail, "多" if vague else cap, cpre, bool(cord))
    if not _cn_plausible(text, cord, cpre, hit, core, idioms):
        return None
    if hit.unit == "届" and core != "两":
        hit.kind = "ordinal"
    return hit


_PARSED: dict[tuple[str, str | None], tuple[float, float | None] | None] = {}


def _cn_parsed(core: str, top: str | None) -> tuple[float, float | None] | None:
    """Value and range top for 三至五 / 两三 / 两万五千 (remembered: numerals repeat)."""
    key = (core, top)
    if key in _PARSED:
        return _PARSED[key]
    if len(_PARSED) >= 20_000:
        _PARSED.clear()
    r = _PARSED[key] = _cn_parsed_uncached(core, top)
    return r


def _cn_parsed_uncached(core: str, top: str | None) -> tuple[float, float | None] | None:
    if core == "半":
        return 0.5, None
    year = _cn_year(core)
    first = _cn_value(core) if year is None else (float(year), None)
    if first is None:
        return None
    if top is None:
        return first
    second = _cn_value(top)
    if second is None or first[1] is not None or second[0] < first[0]:
        return None
    return first[0], second[0]


def _cn_plausible(text: str, cord: str | None, cpre: str | None, hit: _Hit, core: str,
                  idioms: _Idioms) -> bool:
    """The checks that keep words, idioms, slogans and place names out (``cord``, ``cpre``:
    the match's 第 and prefix groups)."""
    unit = hit.unit or ""
    if core in _ONE_HALF_OK and not cord and unit not in _ONE_HALF_OK[core]:
        return False
    bare = _BARE_CHARS.issuperset(core)
    if bare and not (hit.approx or _UNIT_KIND.get(unit) == "money" or cpre == "上"):
        return False
    if core in ("零", "〇"):
        return False
    if unit == "里" and _HUNDREDS.isdisjoint(core):
        return False
    if idioms.overlap(hit.start, hit.end):
        return False
    if hit.start > 0 and text[hit.start - 1] in _OPEN_QUOTES and _SHORT_QUOTED_RE.match(text, hit.end):
        return False
    nxt = text[hit.end:hit.end + 1]
    return not (nxt in _PLACE_CHARS and len(unit) == 1)


class _Idioms:
    """The set phrases of one text, as ``_IDIOM_RE.finditer`` finds them left to right."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int]] | None = None  # found on the first question that needs them

    def overlap(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a known set phrase?"""
        if not self._near(start, end):
            return False
        if self._spans is None:
            self._spans = [(x.start(), x.end()) for x in _IDIOM_RE.finditer(self._text)]
        i = bisect.bisect_left(self._spans, (end, end))
        return any(s < end and start < e for s, e in self._spans[max(0, i - 3):i])

    def _near(self, start: int, end: int) -> bool:
        """Could any phrase overlap [start, end)?  A cheap look at the few positions where one
        could start, which usually spares scanning the whole text: if no phrase there reaches
        into the span, none of the phrases finditer finds (a subset of them) does either."""
        pos = max(0, start - _IDIOM_LONGEST + 1)
        stop = end + _IDIOM_LONGEST - 1  # (a phrase starting before end ends by then)
        while (m := _IDIOM_RE.search(self._text, pos, stop)) is not None and m.start() < end:
            if m.end() > start:  # (the longest phrase at a position: a shorter one reaches less far)
                return True
            pos = m.start() + 1
        return False


# ---------------------------------------------------------------------------
# Passes over the hits of one field
# ---------------------------------------------------------------------------


def _scan(text: str) -> list[_Hit]:
    """Left-to-right, non-overlapping matches of the grammar."""
    hits: list[_Hit] = []
    idioms: _Idioms | None = None
    pos = 0
    search = _MASTER.search
    while (m := search(text, pos)) is not None:
        alt = m.lastgroup  # the outer group of the alternative that matched
        if alt == "cn":  # a Chinese numeral without a unit after it: no quantity, skip the word
            pos = m.end()
            continue
        if alt == "cnu":  # the same with a unit after it
            if idioms is None:
                idioms = _Idioms(text)
            hit = _cn_hit(text, m, idioms)
            if hit is None:  # a Chinese numeral holds no digit: skip the word
                pos = m.end()
                continue
        elif alt == "ar":
            hit = _arabic_hit(text, m)
        else:
            hit = _dispatch(text, m, alt)
        if hit is None or hit.end <= hit.start:  # rejected: skip words, but never skip digits
            pos = m.start() + 1 if _DIGIT_RE.search(m[0]) or m.end() == m.start() else m.end()
            continue
        hits.append(hit)
        pos = hit.end
    return hits


def _dispatch(text: str, m: re.Match[str], alt: str | None) -> _Hit | None:
    """Run the handler for the alternative ``alt`` (``m.lastgroup``) that matched; dates fall
    back to plain numbers.  The iso alternative ends with its own group isod."""
    if alt == "ar":
        return _arabic_hit(text, m)
    if alt == "date":
        return _date_hit(m) or _fallback(text, m.start())
    if alt == "day":
        return _day_hit(m) or _fallback(text, m.start())
    if alt == "isod":
        return _iso_hit(m) or _fallback(text, m.start())
    if alt == "frac":
        return _frac_hit(m) or _fallback(text, m.start())
    return _simple_hit(m)


def _fallback(text: str, pos: int) -> _Hit | None:
    """A date-looking match that is not a valid date is read as a plain number."""
    m = _ARABIC_ONLY.match(text, pos)
    if m is None or m["n1"] is None:
        return None
    return _arabic_hit(text, m)


def _merge_ranges(text: str, hits: list[_Hit]) -> list[_Hit]:
    """3月24日至27日, 2003年至2017年, 5人至10人: two hits joined by a range separator."""
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and h.start - prev.end == 1 and text[prev.end] in _RANGE_SEPS and _joinable(prev, h):
            _join(prev, h)
            continue
        out.append(h)
    return out


def _joinable(a: _Hit, b: _Hit) -> bool:
    """Same sort of thing on both sides and a single value on each."""
    if a.value_max is not None or a.date_max is not None or b.value_max is not None or b.date_max:
        return False
    if a.kind == "date" and b.kind == "date" and a.date and b.date:
        return (a.date[2] is None) == (b.date[2] is None)
    if a.kind is not None or b.kind is not None or a.unit is None or a.unit != b.unit:
        return False
    return a.value is not None and b.value is not None and b.value >= a.value and a.yearlike == b.yearlike


def _join(a: _Hit, b: _Hit) -> None:
    """Fold b into a as the top of the range."""
    a.end = b.end
    a.approx = a.approx or b.approx
    if a.kind == "date" and a.date and b.date:
        y, mo, _d = a.date
        by, bm, bd = b.date
        a.date_max = (by if by is not None else (y if bm is None else None), bm or mo, bd)
        a.unit = b.unit
        return
    a.value_max = b.value


def _inherit_units(text: str, hits: list[_Hit]) -> None:
    """0.5个和2.6个百分点, 2018、2019年: a bare number before a list mate takes its unit."""
    for a, b in zip(reversed(hits[:-1]), reversed(hits[1:]), strict=True):
        if b.start - a.end != 1 or text[a.end] not in _LIST_SEPS or b.unit is None or b.scaled or a.kind or b.kind:
            continue
        if a.unit is None or (a.unit == "个" and b.unit.startswith("个")):
            a.unit = b.unit
            a.currency = a.currency or b.currency


_KINDS: dict[tuple[str | None, bool, bool], str] = {}


def _kind_of(hit: _Hit) -> str:
    """The kind: fixed by the grammar (date, ordinal, code) or read off the unit."""
    if hit.kind:
        return hit.kind
    key = (hit.unit, hit.yearlike, not hit.currency)  # all that _unit_kind_of reads
    kind = _KINDS.get(key)
    if kind is None:
        kind = _KINDS[key] = _unit_kind_of(hit)
    return kind


def _unit_kind_of(hit: _Hit) -> str:
    unit = hit.unit or ""
    if unit in ("年", "年度") and hit.yearlike:
        return "year"
    base = unit.split("/")[0]
    if base.startswith("个") and base != "个":
        return _GE_UNITS.get(base[1:], _UNIT_KIND.get(base, "count"))
    if unit == "年度":
        return "duration"
    return _UNIT_KIND.get(base, "other") if unit else ("money" if hit.currency else "other")


def _resolve_dates(text: str, hits: list[_Hit], issue: dt.date, kinds: list[str]) -> None:
    """Give dates and years their ISO form; fill missing years from context or the issue date.

    ``kinds`` holds ``_kind_of`` of each hit (this pass changes no kind).
    """
    last_year: int | None = None  # the last year named anywhere before (for 同年)
    para_year: tuple[int, int] | None = None  # (year, end) of a narrative year in this paragraph
    for i, kind in enumerate(kinds):
        if kind != "date" and kind != "year":  # only dates and years read or change this state
            continue  # (a paragraph break before a later date is still seen there)
        h = hits[i]
        if para_year and "\n" in text[para_year[1]:h.start]:
            para_year = None
        named = None
        if kind == "year":
            if h.value is not None:
                named = int(h.value)
                h.date_iso = str(named) + (f"/{int(h.value_max)}" if h.value_max else "")
        elif h.date:
            prev, prev_kind = (hits[i - 1], kinds[i - 1]) if i else (None, "")
            ctx = _context_year(text, h, prev, prev_kind, last_year, issue)
            if ctx is None and para_year and h.date[1] is not None and not text.startswith("电", h.end):
                ctx = para_year[0]
            _date_iso(h, ctx, issue)
            named = h.date[0]
        if named is not None:
            last_year = named
            if _narrative_year(text, h, named, issue):
                para_year = (named, h.end)


def _narrative_year(text: str, h: _Hit, year: int, issue: dt.date) -> bool:
    """A year that sets the scene for later months: not 以来/至今 spans, not last year's review."""
    if _SINCE_RE.match(text, h.end):
        return False
    return year == issue.year or year <= issue.year - 2


def _date_iso(h: _Hit, ctx: int | None, issue: dt.date) -> None:
    """ISO text of a date or a date range."""
    assert h.date is not None
    start, year = _iso(h.date, ctx, issue)
    h.date_iso = start
    if h.date_max and start:
        end, _ = _iso(h.date_max, year, issue, after=h.date)
        h.date_iso = f"{start}/{end}" if end else start


def _context_year(text: str, h: _Hit, prev: _Hit | None, prev_kind: str, last_year: int | None,
                  issue: dt.date) -> int | None:
    """Year from 2020年 right before, 去年/今年 before, or 同年 meaning the last year named."""
    if prev is not None and prev.end == h.start and prev_kind == "year" and prev.value:
        return int(prev.value)
    before = text[max(0, h.start - 2):h.start]
    if before in _YEAR_WORDS:
        return issue.year + _YEAR_WORDS[before]
    if before in _SAME_YEAR_WORDS:
        return last_year
    return None


def _iso(parts: tuple[int | None, int | None, int | None], ctx_year: int | None, issue: dt.date,
         after: tuple[int | None, int | None, int | None] | None = None) -> tuple[str | None, int | None]:
    """ISO text for (year, month, day) with gaps filled; also return the year used."""
    y, mo, d = parts
    if y is None and mo is None:  # a bare day: the issue's month, or the one before for far days
        y, mo = issue.year, issue.month
        if d is not None and d > issue.day + 15:
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    elif y is None:
        y = ctx_year if ctx_year is not None else issue.year - (mo > issue.month)
        if after is not None and after[1] is not None and (mo, d or 0) < (after[1], after[2] or 0):
            y += 1
    try:
        dt.date(y, mo or 1, d or 1)
    except (ValueError, TypeError):
        return None, y
    text = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
    return text, y


def _to_quantity(text: str, field: str, h: _Hit, kind: str) -> Quantity:
    """The public, frozen record (``kind`` is ``_kind_of(h)``)."""
    start, end = h.start, h.end
    currency = (h.currency or _CURRENCIES.get((h.unit or "").split("/")[0])) if kind == "money" else None
    value, value_max = (None, None) if kind == "date" else (h.value, h.value_max)
    return Quantity(Span(field, start, end, text[start:end]), value, value_max, h.unit, h.approx, kind, currency,
                    h.date_iso)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def extract_numbers(text: str, field: str, issue_date: dt.date) -> list[Quantity]:
    """All quantities in one string, sorted by start and non-overlapping."""
    if not text:
        return []
    hits = _scan(text)
    if not hits:
        return []
    if len(hits) > 1:
        hits = _merge_ranges(text, hits)
        _inherit_units(text, hits)
    kinds = [h.kind or _kind_of(h) for h in hits]
    if "date" in kinds or "year" in kinds:
        _resolve_dates(text, hits, issue_date, kinds)
    return [_to_quantity(text, field, h, kind) for h, kind in zip(hits, kinds, strict=True)]


def annotate_numbers(item: Item, ctx: IssueContext) -> list[Quantity]:
    """Quantities of every field of an item except the byline and the photo credit."""
    out: list[Quantity] = []
    issue_date = ctx.meta.date
    for field, text in item.fields().items():
        if field not in SKIP_FIELDS:
            out += extract_numbers(text, field, issue_date)
    return out
