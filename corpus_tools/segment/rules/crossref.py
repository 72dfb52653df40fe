"""Cross-references on a line of their own: ``（相关报道见第三版）``, ``详见第5版``, ``（更多图片见A5版）``.

Neither a continuation nor a subheading: the article keeps it in its
``cross_references`` field (a reference printed at the end of a paragraph
stays in that paragraph's text).
"""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import CJK_DIGITS, CLOSE, OPEN

XREF_RE = re.compile(
    rf"^{OPEN}?\s*(?:[^（）()【】\[\]]{{0,16}}?(?:报道|新闻|图片|评论|链接|全文|内容|专题|详情|文章|消息|图文|综述))?\s*"
    rf"(?:请)?(?:详|参)?见\s*(?:本报)?(?:今日|本期|今天)?\s*(?:第\s*)?(?:[A-Za-z]?\d{{1,3}}|[{CJK_DIGITS}]{{1,4}})\s*(?:版|页)"
    rf"[^（）()【】\[\]]{{0,12}}{CLOSE}?$")
ROLE = Role(fills=("xrefs",))
MAX_XREF = 40


def check(at: At) -> bool:
    return len(at.text) <= MAX_XREF and "见" in at.view


def match(at: At) -> Token | None:
    """Match a line that only points the reader to another page."""
    if not check(at) or not XREF_RE.match(at.view):
        return None
    return RULE.token(at, xrefs=at.text)


RULE = Rule("crossref", match, ROLE, check)
