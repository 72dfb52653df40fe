"""An opening paragraph with a dateline and maybe a byline: ``本报讯(记者A B)正文…``.

Forms: 本报讯, 本报消息, 【本報訊】, 本报X月X日电, 本报西宁10月14日电, 新华社北京10月14日电, 据新华社电,
（中央社台北24日電）; the byline in brackets right after it is optional (``本报讯（记者王某）``, the name
glued on, ``（首席记者 X）``); a bracketed byline may also open a paragraph with no dateline.
Matched on the simplified view, sliced from the printed text.
"""

from __future__ import annotations

import re

from corpus_tools.roles import STAFF
from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import DATELINE_RE, WS

NAMES = r"[\u4e00-\u9fff·]{2,}(?:[\s\u3000\xa0、，,]+[\u4e00-\u9fff·]{2,})*"
BYLINE_RE = re.compile(rf"[（(]\s*(?:(?:{STAFF})[^（）()]{{1,60}}|{NAMES})\s*[)）]")
# a bracketed byline opening a paragraph that has no dateline
LEAD_BYLINE_RE = re.compile(rf"^[（(]\s*(?:{STAFF})[^（）()]{{1,60}}[)）]")
ROLE = Role(fills=("dateline", "byline"), text="rest", spill="body", body=True, article=True, boundary=True)
_FIRST = frozenset("本据新中【[（(")


def split_lead(text: str, view: str) -> tuple[str | None, str | None, str]:
    """(dateline, byline, rest) of a paragraph, printed text; (None, None, text) when it has neither."""
    m = DATELINE_RE.match(view)
    dateline, pos = (text[:m.end()], m.end()) if m else (None, 0)
    while pos < len(text) and text[pos] in WS:
        pos += 1
    b = (BYLINE_RE if dateline else LEAD_BYLINE_RE).match(view, pos)
    byline = None
    if b:
        byline, pos = text[b.start():b.end()], b.end()
        while pos < len(text) and text[pos] in WS:
            pos += 1
    if dateline is None and byline is None:
        return None, None, text
    return dateline, byline, text[pos:]


def check(at: At) -> bool:
    return at.view[:1] in _FIRST


def match(at: At) -> Token | None:
    """Match a paragraph that opens with a dateline or a bracketed byline."""
    if not check(at):
        return None
    dateline, byline, rest = split_lead(at.text, at.view)
    if dateline is None and byline is None:
        return None
    return RULE.token(at, dateline=dateline, byline=byline, rest=rest)


RULE = Rule("dateline", match, ROLE, check)
