"""Everything else is body text."""

from __future__ import annotations

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.types import Para


def rule(para: Para, shape: DocShape) -> Token | None:
    """Always match: the fallback."""
    return Token("body", para)
