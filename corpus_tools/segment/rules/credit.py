"""A photo credit standing alone: ``(记者 潘路 摄)``, ``新华社记者  杜  宇摄``, ``X摄（人民视觉）``."""

from __future__ import annotations

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import CREDIT_END_RE
from corpus_tools.types import Para

MAX_CREDIT = 40


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a paragraph that is only a photo credit."""
    t = para.text
    if len(t) > MAX_CREDIT or not CREDIT_END_RE.search(t) or any(c in t for c in "。，,；"):
        return None
    return Token("credit", para, {"credit": t})
