"""A kicker that runs into the headline below it: ``今年前三季度——``, ``某某村党支部书记王某——``.

It is a head line the builder always reads as the kicker of the head run it
is in (never an article, never the last paragraph of the article above).
"""

from __future__ import annotations

from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import CLOSERS, HEAD_MAX, WS, looks_like_head

ROLE = Role(head=True)
ENDS = ("——", "──", "--", "—")


def check(at: At) -> bool:
    return len(at.text) <= HEAD_MAX and at.view.rstrip(WS).endswith(ENDS)


def match(at: At) -> Token | None:
    """Match a head-like line ending with a dash, over a head line (the headline it runs into)."""
    nxt = at.next()
    if not check(at) or nxt is None or not looks_like_head(nxt.text):
        return None
    t = at.text.strip(WS)
    core = t.rstrip("—-─").rstrip(WS)
    if len(core.rstrip(CLOSERS)) < 2 or t.startswith(ENDS) or not looks_like_head(core):
        return None
    return RULE.token(at, inner=False, kicker=True)


RULE = Rule("kicker", match, ROLE, check)
