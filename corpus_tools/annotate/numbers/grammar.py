"""The compiled patterns: the master grammar ``_MASTER`` (one alternative per kind of match, read
left to right by ``passes._scan``), the unit and tail patterns read after a number, and the few
patterns the vetting and the passes use.

Everything is built once at import from ``vocab``, with the speed devices of ``regex_tools``
(first-character gates, prefix trees, optional groups as branches); the speed-only look-aheads
(gates) are each named where they are written and listed in ``_SPEED_GATES`` at the end.
"""

from __future__ import annotations

import re

from corpus_tools.annotate.numbers.idioms import IDIOMS
from corpus_tools.annotate.numbers.regex_tools import _branch_optionals, _gate, _prefix_tree
from corpus_tools.annotate.numbers.vocab import (
    _AR_UNITS,
    _CN_UNITS,
    _CUR_WORDS,
    _GE_UNITS,
    _GUARDS,
    _PREFIX_APPROX,
)

# ---------------------------------------------------------------------------
# Units and what may follow a number
# ---------------------------------------------------------------------------


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
        parts.append(r"[ \u00a0]?" + tree(latin, lambda _: "(?![A-Za-z])"))
    if other:
        parts.append(tree(other, lambda u: f"(?![{_GUARDS[u]}])" if u in _GUARDS else ""))
    return _unit_gate(units) + "(?:" + "|".join(parts) + ")"


def _unit_gate(units: list[str]) -> str:
    """The speed-only look-ahead that starts ``_unit_trie(units)``."""
    return _gate(_unit_firsts(units))


def _unit_firsts(units: list[str]) -> str:
    """The characters a match of ``_unit_trie(units)`` can start with, as a class body."""
    latin = any(u.isascii() and u.isalpha() for u in units)  # (after an optional space)
    return re.escape("".join(sorted({u[0] for u in units} | ({" ", "\u00a0"} if latin else set()))))


_UNIT_AR_RE = re.compile(_unit_trie(_AR_UNITS))
_UNIT_CN_RE = re.compile(_unit_trie(_CN_UNITS))
_PER_RE = re.compile(r"/(" + _unit_alternation([u for u in _AR_UNITS if u != "%"]) + ")")

_GE_TIME = r"(?P<ap>多|半)?(?P<u>" + "|".join(sorted(_GE_UNITS, key=len, reverse=True)) + ")"
_GE_NOUNS = ("团(?![队体结伙购员长委])", "师(?![生傅资范长])", "旅(?![游客行居程])", "营(?![业销造养地商收运长])",
             "支队", "大队", "中队", "纵队", "国家(?!级)", "省份", "省区", "地区", "城市", "村(?![民委庄级干])", "社区",
             "乡镇", "县(?![级委域城长])", "方面", "项目(?!组)")
# After 个: a time unit (个月, 个多小时), else a noun (个团, 个村), in one match (group u: the time unit).
_GE_FIRSTS = {"多", "半", *(u[0] for u in _GE_UNITS), *(n[0] for n in _GE_NOUNS)}
_GE_GATE = _gate(re.escape("".join(sorted(_GE_FIRSTS))))
_GE_RE = re.compile(_GE_GATE + f"(?:{_GE_TIME}|{'|'.join(_GE_NOUNS)})")
_HALF_RE = re.compile(r"半(?![年月天])")
_POST_RE = re.compile(
    r"左右|上下(?![游班级楼车功联届同])|以上(?!率)|以下(?!简称|称)|以内|开外|有余|许(?![可多诺])"
)
_POST_FIRST = frozenset("左上以开有许")  # first characters of the _POST_RE words
_SUFFIX_FIRST = _POST_FIRST | set("半多余")  # what _suffix can read (半, _POST_RE, _POST_MORE_RE)
_POST_MORE_RE = re.compile(r"[多余](?![次个地家种项名位人条件所方样少数元部批届年月日天])")
_RECENT_RE = re.compile(r"来|以来|内|中|里")
_SINCE_RE = re.compile(r"以来|来|至今|起|开始|以后|后|前")


# ---------------------------------------------------------------------------
# The master grammar
# ---------------------------------------------------------------------------

_AR_NUM = r"(?<!\d)(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)"
# 兆 is 10^12 in Taiwan usage (3.5兆元); before a physical unit it is mega (兆瓦, 兆赫), no magnitude.
_MAG = r"万亿|兆(?![瓦赫帕字焦])|千亿|百亿|千万|百万|亿|万|千(?![米克瓦卡兆帕])|百(?!分)"
_SEP = r"[~～〜\-－—–]|至|到"
_PRE = (
    r"不超过|不少于|不低于|不足|不到|不超|不满|未满|低于|少于|小于|高于|多于|大于|超过|至少|大约|大概|将近|接近"
    r"|(?<![签预合条公节制邀违履特相誓婚守解续缔集纽契隐])约|(?<![最附临靠亲接将贴逼])近|(?<![赶高])超|逾"
)
# A minus sign is only read as one before a temperature or a percentage (else it is a dash).
_SIGNED = r"\d+(?:\.\d+)?(?:[~～至到][-−－]?\d+(?:\.\d+)?)?[ \u00a0]?(?:℃|°C|摄氏度|%|％)"
_CUR = "|".join(map(re.escape, _CUR_WORDS))
_PRE_WORDS = re.sub(r"\(\?<!\[[^\]]*\]\)", "", _PRE).split("|")
_PRE_FIRST = "".join(sorted({w[0] for w in _PRE_WORDS}))
_CUR_FIRST = re.escape("".join(sorted({w[0] for w in _CUR_WORDS})))
_CN_RUN = r"(?:数(?=[十百千万]))?[零〇一二两三四五六七八九十百千万亿几]+|半(?=个(?:月|小时|钟头)|年|天|小时)"
_CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
_PRE_GATE = _gate(_PRE_FIRST)
_CUR_GATE = _gate(_CUR_FIRST)
_CPRE_GATE = _gate(_PRE_FIRST + "上")  # (a Chinese numeral's prefix: also 上 in 上百)
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
    r"(?P<fnum>[零〇一二两三四五六七八九十百千万点几]+|\d+(?:\.\d+)?))"
)
_AR_ALT = (
    rf"(?P<ar>(?:{_PRE_GATE}(?P<pre>{_PRE})(?:为|有|占|达)?)?(?:{_CUR_GATE}(?P<cur>{_CUR}))?"
    rf"(?P<neg>零下|(?<![0-9A-Za-z])[-−－](?={_SIGNED}))?(?P<ord>第)?"
    rf"(?P<n1>{_AR_NUM})(?P<m1>{_MAG})?(?:(?P<sep>{_SEP})(?P<neg2>(?<=[~～至到])[-−－])?(?P<n2>{_AR_NUM})(?P<m2>{_MAG})?)?"
    rf"(?P<ap>多|余|来)?(?P<m3>{_MAG})?)"
)
_CN_ALT = (
    rf"(?P<cn>(?:{_CPRE_GATE}(?P<cpre>{_PRE}|上(?=[百千万亿]))(?:为|有|占|达)?)?(?P<cord>第)?"
    rf"(?P<c1>{_CN_RUN})(?:(?P<csep>至|到|[~～\-—])(?P<c2>{_CN_RUN}))?(?P<cap>多|余|来)?(?P<cm>万亿|万|亿|兆(?![瓦赫帕字焦]))?)"
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
_GATE = (f"(?=[{_GATE_CHARS}]|(?=[{''.join(sorted({w[0] for w in _GATE_WORDS} | {'上'}))}])"
         f"(?:{'|'.join(map(re.escape, _GATE_WORDS))}|上[百千万亿]))")
# A date starts with 1-4 digits before 年, 月, 日 or an ISO separator, or with a Chinese year or
# month; the other alternatives with a digit run before a colon, a letter, a slash or 分 (之),
# with a letter, or with a Chinese numeral before 分 (之).  Most numbers are neither.
_DATE_GATE = rf"(?=\d{{1,4}}[年月日\-/.]|[〇零一二三四五六七八九]{{4}}年|(?:{_CN_MONTH})月)"
_OTHER_GATE = r"(?=[A-Za-z]|\d+[:：A-Za-z/分]|[零〇一二两三四五六七八九十百千万]+分)"
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

_GRAMMAR = _FIRST + _GATE + "(?:" + "|".join(_ALTS) + ")"
_MASTER = re.compile(_branch_optionals(_GRAMMAR))
_ARABIC_ONLY = re.compile(_AR_ALT)

# Every speed-only look-ahead above: taking them all out of the patterns changes no match (tested).
_SPEED_GATES = frozenset({
    _unit_gate(_AR_UNITS), _unit_gate(_CN_UNITS), _GE_GATE, _PRE_GATE, _CUR_GATE, _CPRE_GATE,
    _FIRST, _GATE, _DATE_GATE, _OTHER_GATE, _AR_GATE, _CN_GATE,
})


# ---------------------------------------------------------------------------
# Set phrases, quotes, digits
# ---------------------------------------------------------------------------

_IDIOM_RE = re.compile(_prefix_tree(IDIOMS, lambda _: ""))  # the longest idiom at each position
_IDIOM_LONGEST = max(map(len, IDIOMS))
_SHORT_QUOTED_RE = re.compile(r"[^”’\"'」』》，。、；：！？,.;:!?\n“‘「『《]{0,8}[”’\"'」』》]")
_DIGIT_RE = re.compile(r"\d")
