"""Which head line is the kicker, the headline and the subheadline."""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import strip_ws

SUB_START = ("——", "—", "--", "──")
KICKER_END_RE = re.compile(r"(?:[:：]|强调|指出|表示|要求|提出|认为|宣布|称|说|寄语|致辞|批示|讲话)$")
SECTION_MAX = 8
BANNER_MAX = 6  # a banner tag over a headline: a few characters, no punctuation


def looks_like_section(text: str) -> bool:
    """A page title such as 时政要闻: very short, no punctuation, spaces or digits."""
    t = strip_ws(text)
    return 2 <= len(t) <= SECTION_MAX and all("\u4e00" <= c <= "\u9fff" or c == "·" for c in t)


def _banner(text: str) -> bool:
    """A short tag line (攻坚克难): CJK only, at most BANNER_MAX characters."""
    return 2 <= len(text) <= BANNER_MAX and all("\u4e00" <= c <= "\u9fff" for c in text)


def _couplet(text: str) -> bool:
    """Two balanced phrases parted by a space: the shape of a main headline."""
    parts = strip_ws(text).split()
    return len(parts) == 2 and all(len(p) >= 3 for p in parts)


def _pair(first: Token, second: Token, after: Token | None, shape: DocShape) -> str:
    """Decide whether two head lines are kicker+headline ("kh") or headline+subheadline ("hs")."""
    a, b = strip_ws(first.para.text), strip_ws(second.para.text)
    if b.startswith(SUB_START):
        return "hs"
    if KICKER_END_RE.search(a):
        return "kh"
    if shape.dense:  # fixed head slots: a blank where a slot is empty
        if after is not None and after.para.blanks_before >= 1:
            return "kh"
        if first.para.blanks_before >= 2:
            return "hs"
    if _couplet(b) and not _couplet(a):
        return "kh"
    return "hs"


def _join(texts: list[str]) -> str | None:
    return " ".join(texts) or None


def assign(heads: list[Token], after: Token | None,
           shape: DocShape) -> tuple[str | None, str | None, str | None]:
    """(kicker, headline, subheadline) from a run of head lines.

    A line the kicker rule marked (``…——``) is the kicker, with any banner lines
    above it; two or three short tag lines over a longer line are a banner.
    """
    texts = [strip_ws(h.para.text) for h in heads]
    if not texts:
        return None, None, None
    marked = [i for i, h in enumerate(heads[:-1]) if h.data.get("kicker")]
    if marked:
        k = marked[-1]
        return _join(texts[:k + 1]), texts[k + 1], _join(texts[k + 2:])
    if len(texts) == 1:
        return None, texts[0], None
    tags = 0
    while tags < min(3, len(texts) - 1) and _banner(texts[tags]):
        tags += 1
    if tags >= 2 and len(texts[tags]) > max(len(t) for t in texts[:tags]):
        return _join(texts[:tags]), texts[tags], _join(texts[tags + 1:])
    if len(texts) == 2:
        if _pair(heads[0], heads[1], after, shape) == "kh":
            return texts[0], texts[1], None
        return None, texts[0], texts[1]
    subs = [i for i, t in enumerate(texts) if i > 0 and t.startswith(SUB_START)]
    h = subs[0] - 1 if subs else len(texts) - 2
    return _join(texts[:h]), texts[h], _join(texts[h + 1:])
