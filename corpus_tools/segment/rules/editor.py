"""Production credits and contact lines: ``责任编辑：X``, ``本版编辑：X 校对：Y``, ``电话：…``, ``E-mail：…``.

They are page furniture (the section's ``editors``), never article text.  Contact
lines (电话, 传真, 邮箱, E-mail) count only at the top or bottom of a page, where
the page's own furniture is printed; inside an article they are its text.
"""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import EDITOR_RE

MAX_EDITOR = 60
CONTACT_RE = re.compile(
    r"^(?:(?:本版|编辑部|新闻|热线|投稿|报料)?(?:电话|传真|邮箱|信箱|热线)|E-?mail)\s*[:：]", re.IGNORECASE)
EDGE = 2  # paragraphs from the top or bottom of the page where contact lines are furniture
ROLE = Role(furniture="editors")


def check(at: At) -> bool:
    return len(at.text) <= MAX_EDITOR and ("：" in at.text or ":" in at.text)


def _at_edge(at: At) -> bool:
    return at.index < EDGE or at.index >= len(at.ctx.paras) - EDGE


def match(at: At) -> Token | None:
    """Match an editor or proof-reader line anywhere, a contact line at the page's edge."""
    if not check(at):
        return None
    v = at.view
    if EDITOR_RE.match(v) or (CONTACT_RE.match(v) and _at_edge(at)):
        return RULE.token(at)
    return None


RULE = Rule("editor", match, ROLE, check)
