"""A photo credit standing alone: ``(记者 江涛 摄)``, ``新华社记者  方  圆摄``, ``X摄（人民视觉）``, ``（路透社）``.

A credit ends a photo item (unless its item is an article with a byline or
dateline, where it is a note of the article's picture).
"""

from __future__ import annotations

from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import CREDIT_END_RE

MAX_CREDIT = 40
ROLE = Role(fills=("credit",), closes=True)


def check(at: At) -> bool:
    return len(at.text) <= MAX_CREDIT and ("摄" in at.view or at.view[:1] in "（(")


def match(at: At) -> Token | None:
    """Match a paragraph that is only a photo credit."""
    if not check(at) or any(c in at.view for c in "。，,；") or not CREDIT_END_RE.search(at.view):
        return None
    return RULE.token(at, credit=at.text)


RULE = Rule("credit", match, ROLE, check)
