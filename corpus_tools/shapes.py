"""Text-shape predicates shared by layout and segmentation (pure functions, no state).

They answer questions like "does this line end a sentence?" or "could this be a
head line?" so that layout repairs and segmentation rules agree on them.
"""

from __future__ import annotations

import re

from corpus_tools.lexicon import lexicon
from corpus_tools.roles import AGENCY, CREDIT_ROLE, EDITOR, PEN_ROLE, STAFF

WS = " \t\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
CJK_DIGITS = "零〇一二两三四五六七八九十百千"
# a sentence is over when the last visible character is one of these (closing quotes skipped)
TERMINAL = "。！？!?…；;：:—"
CLOSERS = "”’\"')）】」』》"
HEAD_MAX = 46

_PAGE_NO = rf"(\d{{1,3}}|[{CJK_DIGITS}]{{1,4}})"
# OCR prints the brackets of a marker mismatched or square: （上接第三版】, [下转第八版）, 〔接上版〕
OPEN, CLOSE = "[（(【\\[〔［]", "[）)】\\]〕］]"
_NOT_CLOSE = "[^）)】\\]〕］]"
CONT_FROM_RE = re.compile(
    rf"^{OPEN}?\s*(?:上接|接上|承上|接)\s*第?\s*{_PAGE_NO}\s*版\s*{_NOT_CLOSE}{{0,20}}{CLOSE}?$")
CONT_FROM_LEAD_RE = re.compile(
    rf"^{OPEN}\s*(?:上接|接上|承上)\s*第?\s*{_PAGE_NO}\s*版\s*[^（）()【】\[\]]{{0,8}}{CLOSE}")
CONT_TO_RE = re.compile(
    rf"(?:{OPEN}\s*(?:下转|转|接|转至|接下)\s*第?\s*{_PAGE_NO}\s*版\s*{_NOT_CLOSE}{{0,20}}{CLOSE}"
    rf"|(?<![\u4e00-\u9fff])下转\s*第?\s*{_PAGE_NO}\s*版)$")
# 接上版 / （接上页）: continued from the page before, number not printed
CONT_PREV_RE = re.compile(rf"^{OPEN}?\s*(?:接上版|接上页|上接前版){CLOSE}?")


def strip_ws(s: str) -> str:
    """Strip ASCII and CJK spaces, NBSP and zero-width characters from both ends."""
    return s.strip(WS)


_WIDE_RE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                      "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]+")


def display_width(s: str) -> int:
    """Columns the line takes in a monospace dump: CJK and full-width forms count 2 (East Asian W/F)."""
    return len(s) + sum(map(len, _WIDE_RE.findall(s)))  # runs: few matches in CJK text


def is_terminated(s: str) -> bool:
    """True when the paragraph ends a sentence (or a quotation/colon lead-in)."""
    t = strip_ws(s).rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def has_sentence_inside(s: str) -> bool:
    """True when there is a full stop or question/exclamation mark before the end."""
    body = strip_ws(s)[:-1]
    return any(c in body for c in "。！？!?；;")


def looks_like_head(s: str) -> bool:
    """Could stand as a kicker, headline, subheading or photo title: short, no full sentence."""
    t = strip_ws(s)
    if not t or len(t) > HEAD_MAX or has_sentence_inside(t):
        return False
    last = t.rstrip(CLOSERS)[-1:] or t[-1]
    if last in "。；;—…" or sum(t.count(c) for c in "，,") >= 2:
        return False
    return not (last in "！？!?…" and len(t) > 24)


def cn_or_int(s: str) -> int | None:
    """Convert a page number printed in Arabic or Chinese numerals."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    try:
        from corpus_tools.numerals import read_numeral

        return int(read_numeral(s.replace("两", "二")))
    except (ValueError, KeyError):
        return None


def _view(s: str) -> str:
    from corpus_tools.script import to_view  # same length: offsets found in the view index ``s``

    return to_view(s)


def continued_from(s: str) -> int | None:
    """Page number of a ``(上接第N版)`` marker paragraph, else None."""
    m = CONT_FROM_RE.match(_view(strip_ws(s)))
    return cn_or_int(m.group(1)) if m else None


def continued_from_lead(s: str) -> tuple[int, str] | None:
    """``(上接第N版)`` opening a paragraph of text: (page, the text after it), else None."""
    t = strip_ws(s)
    m = CONT_FROM_LEAD_RE.match(_view(t))
    page = cn_or_int(m.group(1)) if m else None
    rest = strip_ws(t[m.end():]) if m else ""
    return (page, rest) if page is not None and rest else None


def continued_to(s: str) -> tuple[int, int] | None:
    """``(下转第N版)`` at the end of a paragraph: (page, offset of the marker), else None."""
    if "版" not in s:  # the marker names a page (版): most paragraphs skip the regex
        return None
    t = s.rstrip(WS)
    m = CONT_TO_RE.search(_view(t))
    if not m:
        return None
    page = cn_or_int(m.group(1) or m.group(2))  # bracketed or bare form: one group is set
    return (page, m.start()) if page is not None else None

# roles that open a byline or credit: 本报记者 / 记者 / 通讯员 / 新华社记者 / 首席记者 / 文/ / 图/ ... (roles.py)
ROLE_WORDS = STAFF
BYLINE_LINE_RE = re.compile(
    rf"^(?:[□■◇◆●○▲△☆★]\s*)?(?:{ROLE_WORDS}|{PEN_ROLE}|责任编辑|编辑)"
    r"[\s\u3000\xa0]*[\u4e00-\u9fff·]")
CREDIT_END_RE = re.compile(rf"{CREDIT_ROLE}\s*(?:[（(][^（）()]{{1,12}}[)）])?\s*[)）]?$"
                           rf"|^[（(]\s*{AGENCY}\s*(?:发|供图|图)?\s*[)）]$")
EDITOR_RE = re.compile(rf"^{EDITOR}\s*[:：]")
DATELINE_RE = re.compile(
    r"^(?:本报讯|本报消息|本报[^\s《》“”，,。：:、]{0,12}?电|据?新华社[^\s《》“”，,。：:]{0,16}?电"
    r"|据?中新社[^\s《》“”，,。：:]{0,14}?电|新华网[^\s《》“”，,。：:]{0,14}?电"
    r"|据?人民日报[^\s《》“”，,。：:]{0,12}?电|据[^\s《》“”，,。：:]{2,10}?报道|[【\[]\s*(?:本报讯|本报消息|综合外电|综合报道)\s*[】\]]"
    r"|[（(]\s*中央社\S{0,16}?电\s*[)）])")


def is_structural(s: str) -> bool:
    """Lines that are never the continuation of a broken paragraph."""
    t = _view(strip_ws(s))
    bracketed = t[:1] in "（(【[〔［"  # continuation markers open with a bracket
    return bool((bracketed and (continued_from(t) is not None or continued_from_lead(t) is not None))
                or EDITOR_RE.match(t) or DATELINE_RE.match(t)
                or (len(t) <= 40 and (BYLINE_LINE_RE.match(t) or CREDIT_END_RE.search(t))))


def crosses_word(left: str, right: str) -> bool:
    """True when a dictionary word of 2-4 characters spans the join of ``left`` and ``right``."""
    lex = lexicon()[0]
    a, b = strip_ws(left)[-3:], strip_ws(right)[:3]
    for k in range(1, len(a) + 1):
        for m in range(1, len(b) + 1):
            if 2 <= k + m <= 4 and lex.get(a[-k:] + b[:m], 0) > 0:
                return True
    return False
