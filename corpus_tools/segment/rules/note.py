"""Closing notes: a dateline printed last ``（本报仰光1月14日电）`` or ``（作者为…）``."""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.types import Para

NOTE_RE = re.compile(r"^[（(](?:(?:据)?(?:本报|新华社|中新社)[^（）()]{0,16}电|作者[^（）()]{1,40}|"
                     r"[^（）()]{0,20}(?:供稿|整理|来源)[^（）()]{0,20})[)）]$")


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a closing note paragraph."""
    return Token("note", para, {"note": para.text}) if NOTE_RE.match(para.text) else None
