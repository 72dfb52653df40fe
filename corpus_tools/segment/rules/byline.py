"""A byline standing alone: ``□ 记者 李理 通讯员 徐心园``, ``本报记者 张三``, ``文/张三 图/李四``."""

from __future__ import annotations

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import BYLINE_LINE_RE, CREDIT_END_RE
from corpus_tools.types import Para

MAX_BYLINE = 40


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a byline paragraph (short, opens with a role, no sentence)."""
    t = para.text
    if len(t) > MAX_BYLINE or any(c in t for c in "。，,；：:") or CREDIT_END_RE.search(t):
        return None
    return Token("byline", para, {"byline": t}) if BYLINE_LINE_RE.match(t) else None
