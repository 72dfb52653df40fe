"""A long paragraph that opens like plain prose is body text, decided before the finer rules run.

Every other rule needs a short line (heads, bylines, credits, editor lines,
ads), an opening bracket (continuation markers, notes, bracketed bylines), an
opening dateline or an opening ``speaker:``; this rule leaves all of those to
them and saves trying ten rules on each ordinary paragraph.
"""

from __future__ import annotations

from corpus_tools.segment.rules.interview import TURN_RE
from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import DATELINE_RE
from corpus_tools.types import Para

MIN_LENGTH = 61  # longer than any head (46), byline or credit (40) or editor line (60)
OPENERS = frozenset("（(【[")


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match long prose that no finer rule could claim."""
    t = para.text
    if len(t) < MIN_LENGTH or t[0] in OPENERS or DATELINE_RE.match(t) or TURN_RE.match(t):
        return None
    return Token("body", para)
