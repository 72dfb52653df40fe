"""Head lines: kicker, headline, subheadline, subheading or photo title (decided by the builder).

Quoted (``“把论文写在大地上！”``), numbered (``一、…``, ``（一）…``) and short bold-style lines are head
lines; in an indented dump an indented head line is ``inner`` (a subheading).  A headline on its own line over a
one-line body (a scraper's headline-then-body shape, ``layout.flat``) is a head line even with a ``！`` between its
parts.
"""

from __future__ import annotations

from corpus_tools.layout.flat import heads_one_line_body
from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import HEAD_MAX, looks_like_head

ROLE = Role(head=True)


def check(at: At) -> bool:
    return len(at.text) <= HEAD_MAX


def match(at: At) -> Token | None:
    """Match a short line with no full sentence; in indented dumps note whether it is indented."""
    if not check(at) or not (looks_like_head(at.text) or heads_one_line_body(at.ctx.paras, at.index)):
        return None
    return RULE.token(at, inner=at.shape.indent_mode and at.para.indented)


RULE = Rule("head", match, ROLE, check)
