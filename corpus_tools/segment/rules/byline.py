"""Bylines: who wrote the article, printed on a line of their own.

Forms: ``□ 记者 李明 通讯员 徐园园``, ``本报记者 张三``, ``本报首席记者 张三``, ``文/张三 图/李四``,
``文：笔名``, ``記者：甲、乙、丙``, ``記者甲／台北報導``, ``《某报》记者 X``; the round-up credit at the
end ``（综合本报记者甲、乙、丙报道）``; and a bare line of names after the body (``王某某  李某``,
the authors).  A byline is never a subheading, and marks its item as an article.
"""

from __future__ import annotations

import re

from corpus_tools.roles import STAFF
from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import BYLINE_LINE_RE, CREDIT_END_RE, is_terminated, looks_like_head

MAX_BYLINE = 40
MAX_ROUNDUP = 120
_NAME = r"[\u4e00-\u9fff·]{2,8}"
_NAMES = rf"{_NAME}(?:[、，,\s]+(?:{STAFF})?\s*{_NAME})*"
ROUNDUP_RE = re.compile(rf"^[（(]\s*综合(?:{STAFF})?\s*{_NAMES}\s*(?:的)?报道\s*[)）]$")
COLON_RE = re.compile(rf"^(?:{STAFF}|文|图|文图|撰文|撰稿)\s*[:：/／]\s*{_NAMES}(?:\s*[/／]\s*\S{{2,8}}报道)?$")
PAPER_RE = re.compile(rf"^《[^《》]{{1,12}}》(?:{STAFF})\s*{_NAME}")
# the commonest surnames: a bare line of names after the body is a byline only if every word opens with one
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
ROLE = Role(fills=("byline",), article=True, boundary=True, finishes=True)


def check(at: At) -> bool:
    return len(at.text) <= MAX_ROUNDUP


def _names_line(at: At) -> bool:
    """A bare line of two or more names after a finished paragraph: the article's authors."""
    words = at.text.split()
    if not 2 <= len(words) <= 6 or any(not 2 <= len(w) <= 3 or w[0] not in SURNAMES for w in at.view.split()):
        return False
    if any(not ("\u4e00" <= c <= "\u9fff") for w in words for c in w):
        return False
    prev, nxt = at.prev(), at.next()
    if prev is None or looks_like_head(prev.text) or not is_terminated(prev.text):
        return False
    return nxt is None or nxt.para.blanks_before >= 1 or looks_like_head(nxt.text)


def match(at: At) -> Token | None:
    """Match a byline paragraph (short, opens with a role, no sentence), a round-up credit or a names line."""
    t, v = at.text, at.view
    if len(t) > MAX_ROUNDUP:
        return None
    if v[:1] in "（(" and ROUNDUP_RE.match(v):
        return RULE.token(at, byline=t)
    if len(t) > MAX_BYLINE or CREDIT_END_RE.search(v):
        return None
    if COLON_RE.match(v) or PAPER_RE.match(v):
        return RULE.token(at, byline=t)
    if any(c in v for c in "。，,；：:"):
        return None
    if BYLINE_LINE_RE.match(v) or _names_line(at):
        return RULE.token(at, byline=t)
    return None


RULE = Rule("byline", match, ROLE, check)
