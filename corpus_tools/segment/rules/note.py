"""Closing notes: a dateline printed last ``（本报仰光1月14日电）`` or ``（作者为…）``, ``（…供稿）``."""

from __future__ import annotations

import re

from corpus_tools.roles import OUTLET
from corpus_tools.segment.tokens import At, Role, Rule, Token

NOTE_RE = re.compile(rf"^[（(](?:(?:据)?{OUTLET}[^（）()]{{0,16}}电|作者[^（）()]{{1,40}}|"
                     r"[^（）()]{0,20}(?:供稿|整理|来源)[^（）()]{0,20})[)）]$")
ROLE = Role(fills=("notes",), finishes=True)


def check(at: At) -> bool:
    return at.view[:1] in "（("


def match(at: At) -> Token | None:
    """Match a closing note paragraph."""
    if not check(at) or not NOTE_RE.match(at.view):
        return None
    return RULE.token(at, notes=at.text)


RULE = Rule("note", match, ROLE, check)
