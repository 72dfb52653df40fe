"""Continuation markers: ``(上接第N版)`` opens a fragment continued from page N, ``(下转第N版)`` ends one.

OCR prints them with mismatched or square brackets and Chinese numerals
(``（上接第三版】``, ``[下转第八版）``) and runs text on after an opening marker;
see ``shapes.CONT_*_RE``.  A marker that opens the text of a page with no
headline makes that text a fragment of its own (``restarts``), never part of
the article above it.

``接上版`` / ``（接上页）`` print no number: the block continues from the page
before, so ``continued_from_page`` is this page's printed number less one when
its header gave the number; otherwise the marker is kept in the notes (nothing
is dropped, and no page number is guessed).
"""

from __future__ import annotations

from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import CONT_PREV_RE, OPEN, WS, continued_from, continued_from_lead, continued_to

FROM_ROLE = Role(fills=("cont_from",), text="rest", restarts=True, boundary=True)
PREV_ROLE = Role(fills=("cont_from", "notes"), text="rest", restarts=True, boundary=True)
TO_ROLE = Role(fills=("cont_to",))
_OPENERS = "（(【[〔［"


def check_from(at: At) -> bool:
    return "版" in at.view and ("接" in at.view[:4] or at.view[:1] in _OPENERS)


def match_from(at: At) -> Token | None:
    """Match a continued-from marker, alone or opening the paragraph it continues."""
    if not check_from(at):
        return None
    page = continued_from(at.text)
    if page is not None:
        return FROM.token(at, cont_from=page, rest="")
    lead = continued_from_lead(at.text)
    if lead is not None:
        return FROM.token(at, cont_from=lead[0], rest=lead[1])
    return None


def check_prev(at: At) -> bool:
    return "接上" in at.view[:3] or "上接前" in at.view[:4]


def match_prev(at: At) -> Token | None:
    """Match 接上版 (no page number), alone or opening the paragraph it continues."""
    if not check_prev(at):
        return None
    m = CONT_PREV_RE.match(at.view.lstrip(WS))
    if m is None:
        return None
    end = len(at.text) - len(at.text.lstrip(WS)) + m.end()
    page = at.ctx.printed_number
    if page is not None and page > 1:
        return PREV.token(at, cont_from=page - 1, rest=at.text[end:].lstrip(WS))
    return PREV.token(at, notes=at.text[:end].strip(WS), rest=at.text[end:].lstrip(WS))


def check_to(at: At) -> bool:
    return "版" in at.view


def match_to(at: At) -> Token | None:
    """Match a continued-to marker standing alone (one ending a paragraph is taken off its body text)."""
    if not check_to(at):
        return None
    to = continued_to(at.text)
    return TO.token(at, cont_to=to[0]) if to is not None and to[1] == 0 else None


FROM = Rule("cont_from", match_from, FROM_ROLE, check_from)
TO = Rule("cont_to", match_to, TO_ROLE, check_to)
PREV = Rule("cont_prev", match_prev, PREV_ROLE, check_prev)
__all__ = ["FROM", "OPEN", "PREV", "TO"]
