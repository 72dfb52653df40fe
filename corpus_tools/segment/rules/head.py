"""Head lines: kicker, headline, subheadline, subheading or photo title (decided later)."""

from __future__ import annotations

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import looks_like_head
from corpus_tools.types import Para


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a short line with no full sentence; in indented dumps note whether it is indented."""
    if not looks_like_head(para.text):
        return None
    return Token("head", para, {"inner": shape.indent_mode and para.indented})
