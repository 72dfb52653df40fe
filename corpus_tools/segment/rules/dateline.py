"""An opening paragraph with a dateline and maybe a byline: ``本报讯(记者A B)正文…``.

Forms: 本报讯, 本报X月X日电, 本报西宁10月14日电, 新华社北京10月14日电, 据新华社电;
the byline in brackets right after it is optional.
"""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import DATELINE_RE, WS
from corpus_tools.types import Para

NAMES = r"[\u4e00-\u9fff·]{2,}(?:[\s\u3000\xa0、，,]+[\u4e00-\u9fff·]{2,})*"
BYLINE_RE = re.compile(
    r"[（(]\s*(?:(?:本报|新华社|特派|实习|见习)?(?:记者|通讯员|特约通讯员)[^（）()]{1,60}|"
    rf"{NAMES})\s*[)）]")
# a bracketed byline opening a paragraph that has no dateline
LEAD_BYLINE_RE = re.compile(r"^[（(]\s*(?:本报|新华社|特派|实习|见习)?(?:记者|通讯员)[^（）()]{1,60}[)）]")


def split_lead(text: str) -> tuple[str | None, str | None, str]:
    """(dateline, byline, rest) of a paragraph; (None, None, text) when it has neither."""
    m = DATELINE_RE.match(text)
    dateline, pos = (m.group(0), m.end()) if m else (None, 0)
    rest = text[pos:].lstrip(WS)
    b = (BYLINE_RE if dateline else LEAD_BYLINE_RE).match(rest)
    byline = None
    if b:
        byline, rest = b.group(0), rest[b.end():].lstrip(WS)
    if dateline is None and byline is None:
        return None, None, text
    return dateline, byline, rest


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a paragraph that opens with a dateline or a bracketed byline."""
    dateline, byline, rest = split_lead(para.text)
    if dateline is None and byline is None:
        return None
    return Token("dateline", para, {"dateline": dateline, "byline": byline, "rest": rest})
