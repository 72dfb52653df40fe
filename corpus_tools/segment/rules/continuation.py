"""``(上接第N版)`` / ``(下转第N版)`` standing alone: the item continues from or to printed page N."""

from __future__ import annotations

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import continued_from, continued_from_lead, continued_to
from corpus_tools.types import Para


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a continued-from marker, alone or opening the paragraph it continues."""
    page = continued_from(para.text)
    if page is not None:
        return Token("cont_from", para, {"page": page})
    lead = continued_from_lead(para.text)
    if lead is not None:
        return Token("cont_from", para, {"page": lead[0], "rest": lead[1]})
    to = continued_to(para.text)
    return Token("cont_to", para, {"page": to[0]}) if to and to[1] == 0 else None
