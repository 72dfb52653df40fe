"""One picture of a set printed under one title: ``上图：…``, ``中图：…``, ``下图：…``, ``图①…``.

Each picture is an image of its own; a picture that follows a finished one
(its credit printed) opens a new photo item under the same title (``sibling``).
Captions of a set printed in one paragraph (``上图：…　下图：…``, ``图①…图②…``) under
one credit are parted by ``split_set``: one image per picture, each with the title
and the credit.
"""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token

PICTURE_RE = re.compile(r"^(?:[上中下左右]图|图[①②③④⑤⑥⑦⑧⑨⑩]|图[一二三四五六七八九十\d]{1,2}[:：、）)]|[①②③④⑤⑥⑦⑧⑨⑩])"
                        r"\s*[:：]?")
SIBLING = Role(text="para", sibling=True)
# a picture marker inside a caption, after a finished sentence or a space: 上图 etc. need their colon there
_INNER_RE = re.compile(r"(?<=[。！？!?；;\s\u3000\xa0])[\s\u3000\xa0]*(?=(?:[上中下左右]图\s*[:：]|图[①②③④⑤⑥⑦⑧⑨⑩]"
                       r"|图[一二三四五六七八九十\d]{1,2}[:：、）)]|[①②③④⑤⑥⑦⑧⑨⑩]))")


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


def split_set(caption: str) -> list[str]:
    """The captions of the pictures one paragraph describes (the paragraph itself when it holds one).

    The paragraph must open with a picture marker; it is cut before every further marker
    that follows a finished sentence or a space, and the spaces between pieces are dropped.
    """
    from corpus_tools.script import to_view

    view = to_view(caption)
    if not PICTURE_RE.match(view):
        return [caption]
    cuts = [m for m in _INNER_RE.finditer(view) if m.start() > 0]
    if not cuts:
        return [caption]
    pieces, last = [], 0
    for m in cuts:
        pieces.append(caption[last:m.start()])
        last = m.end()
    pieces.append(caption[last:])
    return [p for p in pieces if p]


RULE = Rule("picture", match, SIBLING, check)
