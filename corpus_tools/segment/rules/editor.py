"""``责任编辑：X`` and similar production credits: page metadata, not article text."""

from __future__ import annotations

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import EDITOR_RE
from corpus_tools.types import Para


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match an editor line."""
    return Token("editor", para) if len(para.text) <= 60 and EDITOR_RE.match(para.text) else None
