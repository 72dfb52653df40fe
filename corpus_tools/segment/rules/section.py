"""Page furniture at the top of a page: the section title (``时政要闻``, ``要闻·社会``, ``A3 经济``) and the masthead.

A section title is the first line of a page (or the line under the masthead),
very short, followed by a head line; it becomes the section's ``name``.  A masthead (the paper's name, such as
``某某日报``) opening a page above a section title and a headline is furniture.
"""

from __future__ import annotations

import re

from corpus_tools.segment.heads import SUB_START, looks_like_section
from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import WS

FOLIO_SECTION_RE = re.compile(r"^[A-Za-z]\d{1,2}\s*[\u4e00-\u9fff·]{2,8}$")
MASTHEAD_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,8}(?:日报|晚报|早报|晨报|时报|商报|都市报|青年报|法制报|经济报|新闻|周报)$")
ROLE = Role(furniture="name")
MASTHEAD = Role(furniture="furniture")
MAX_SECTION = 12


def _head(at: At) -> bool:
    """The other rules read the paragraph as a head line."""
    tok = at.classify(skip="section")
    return tok is not None and tok.role.head


def _banner_stack(at: At) -> bool:
    """Short tag lines stacked right over a longer headline (攻坚克难 / 乡村振兴 / headline): a banner."""
    run = [at]
    while (nxt := run[-1].next()) is not None and nxt.para.blanks_before == 0 and _head(nxt):
        run.append(nxt)
    return len(run) >= 3 and looks_like_section(run[1].text) and not looks_like_section(run[-1].text)


def check(at: At) -> bool:
    return len(at.text) <= MAX_SECTION and at.index <= 1


def match(at: At) -> Token | None:
    """Match a section title opening a page (a head line follows), or a masthead at a page edge."""
    if not check(at):
        return None
    t = at.text.strip(WS)
    v = at.view.strip(WS)
    nxt, prev = at.next(), at.prev()
    if nxt is None or not _head(nxt):
        return None
    if prev is not None and not MASTHEAD_RE.match(prev.view.strip(WS)):
        return None  # only a masthead may stand above the section title
    if prev is None and MASTHEAD_RE.match(v) and nxt.next() is not None and _head(nxt.next()):
        return RULE.token(at, role=MASTHEAD)  # masthead, then the section title and a headline
    if nxt.text.strip(WS).startswith(SUB_START):
        return None
    if _banner_stack(at):
        return None
    if looks_like_section(t) or FOLIO_SECTION_RE.match(v):
        return RULE.token(at, name=t)
    return None


RULE = Rule("section", match, ROLE, check)
