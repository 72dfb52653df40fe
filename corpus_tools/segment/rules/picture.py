"""One picture of a set printed under one title: ``上图：…``, ``中图：…``, ``下图：…``, ``图①…``.

Each picture is an image of its own; a picture that follows a finished one
(its credit printed) opens a new photo item under the same title (``sibling``).
"""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token

PICTURE_RE = re.compile(r"^(?:[上中下左右]图|图[①②③④⑤⑥⑦⑧⑨⑩]|图[一二三四五六七八九十\d]{1,2}[:：、）)]|[①②③④⑤⑥⑦⑧⑨⑩])"
                        r"\s*[:：]?")
SIBLING = Role(text="para", sibling=True)


def check(at: At) -> bool:
    return "图" in at.view[:3] or at.view[:1] in "①②③④⑤⑥⑦⑧⑨⑩"


def match(at: At) -> Token | None:
    """Match a caption that opens with a picture marker (its credit on a line of its own)."""
    if not check(at) or not PICTURE_RE.match(at.view):
        return None
    prev = at.prev()
    if prev is None:
        return None
    return RULE.token(at)


RULE = Rule("picture", match, SIBLING, check)
