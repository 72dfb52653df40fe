"""Bylines and credits: role words and the names they govern, read by a small grammar.

``记者 甲 乙``, ``文/甲 图/乙``, ``（记者 甲 摄）``: a tokenizer splits role words from name words; each
name takes the role before it, or the suffix role (摄) of its region.
"""

from __future__ import annotations

import re

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people.accept import _is_generic, _name_shape
from corpus_tools.annotate.people.dictionary import _memo
from corpus_tools.annotate.people.patterns import _CJK, _DOT
from corpus_tools.roles import BYLINE_ROLE, SUFFIX_WORDS, role_of

_ROLE_PAT = BYLINE_ROLE  # the one table of roles (roles.py), as bylines print them
_FILL_PAT = "|".join(sorted(map(re.escape, D.BYLINE_FILLERS), key=len, reverse=True))
# role words, connective words (综合, 报道: no role, but they end a name), name words, separators
_BYLINE_TOKEN = re.compile(
    f"(?P<role>{_ROLE_PAT})|(?P<fill>{_FILL_PAT})|(?P<word>(?:(?!{_ROLE_PAT}|{_FILL_PAT})[{_CJK}{_DOT}])+)"
    f"|(?P<sep>[\\s\u3000\xa0]+)|(?P<other>.)"
)
# A pen role printed after a name with a mark (甲/文 乙/图, the 人民日报 style): that name's role.
_POSTFIX_ROLE = re.compile(f"[ \u3000\xa0]*[/／|｜][ \u3000\xa0]*(?P<role>文图|文|图)(?![{_CJK}])")
_ROLE_RE = re.compile(_ROLE_PAT)
_BYLINE_STOP = frozenset(D.BYLINE_STOP)
_PAREN_RE = re.compile(r"[(（]([^()（）]*)[)）]")
_SUFFIX_ROLES = SUFFIX_WORDS


_NON_NUL = re.compile("[^\0]+")


def _byline_regions(s: str) -> list[tuple[int, int]]:
    """Which parts of a byline hold names: outside text with a role word, else the brackets."""
    parens = list(_PAREN_RE.finditer(s))
    if not parens:
        return [m.span() for m in _NON_NUL.finditer(s)]
    # A role word outside the brackets?  Searching each outside piece is searching the text with
    # the brackets blanked out (no role word holds a NUL); most bylines are one bracket, no outside.
    last = 0
    for m in parens:
        if last < m.start() and _ROLE_RE.search(s, last, m.start()):
            break
        last = m.end()
    else:
        if last >= len(s) or not _ROLE_RE.search(s, last):
            return [m.span(1) for m in parens]
    pieces, last = [], 0  # the brackets blanked out, as _PAREN_RE.sub would
    for m in parens:
        pieces += (s[last:m.start()], "\0" * (m.end() - m.start()))
        last = m.end()
    pieces.append(s[last:])
    return [m.span() for m in _NON_NUL.finditer("".join(pieces))]


# A byline token: (kind, printed text, start, end, name); kind is "role", "fill" or "word".
_Tok = tuple[str, str, int, int, str]


def _tokens(s: str, a: int, b: int) -> list[_Tok]:
    """Role words and name words of ``s[a:b]``; single characters split by spaces are joined
    (方\xa0\xa0圆 -> one word 方圆 whose span covers the printed form)."""
    out: list[_Tok] = []
    end = a  # every character falls in some token, so the tokens tile s[a:b]
    single = 0  # 1: the last token is a one-character word; 2: ... followed by a separator
    for role, fill, word, sep, other in _BYLINE_TOKEN.findall(s, a, b):
        start = end
        if fill:
            end += len(fill)
            out.append(("fill", fill, start, end, fill))
            single = 0
        elif role:
            end += len(role)
            out.append(("role", role, start, end, role))
            single = 0
        elif word:
            end += len(word)
            if single == 2 and len(word) == 1:  # a spaced-out name: join it
                _, _, first_start, _, first_name = out[-1]
                out[-1] = ("word", s[first_start:end], first_start, end, first_name + word)
                single = 0
            else:
                out.append(("word", word, start, end, word))
                single = 1 if len(word) == 1 else 0
        elif sep:
            end += len(sep)
            single = 2 if single == 1 else 0
        else:
            end += len(other)
            single = 0
    return out


_ROLE_KEY_DROP = re.compile(r"[\s/／:：]")


@_memo
def _role_key(text: str) -> str:
    return _ROLE_KEY_DROP.sub("", text)


def _parse_region(s: str, a: int, b: int, default: str) -> list[tuple[str, str, int, int]]:
    """(name, role, start, end) for one byline region."""
    toks = _tokens(s, a, b)
    out: list[tuple[str, str, int, int]] = []
    role: str | None = None
    suffix = False  # a suffix role (摄) after the first token: everyone here took photos
    unroled: list[int] = []  # names in ``out`` read since the last role word or postfix, with no role
    last = len(toks) - 1
    place_next = False  # 发自 before: the word is where the report was filed, no name
    for i, (kind, text, start, end, name) in enumerate(toks):
        if kind == "fill":
            place_next = text == "发自"
            continue
        if place_next:
            place_next = False
            continue
        if kind == "role":
            key = _role_key(text)
            role = role_of(key) or role
            unroled = []
            if i and key in _SUFFIX_ROLES:
                suffix = True
            continue
        if i < last:
            next_kind, next_text, next_start, _, _ = toks[i + 1]
            if next_kind == "role" and next_start == end and _role_key(next_text) not in _SUFFIX_ROLES:
                continue  # 新华社记者, 本报通讯员: an outlet, not a name
        post = _POSTFIX_ROLE.match(s, end, b)
        if _byline_name_ok(name, role is not None or post is not None):
            if role is None:
                unroled.append(len(out))
            out.append((name, role or default, start, end))
        if post:  # 甲 乙/文: the names since the last role take the pen role; then no role governs
            pen = role_of(post["role"]) or default
            for j in unroled:
                out[j] = (out[j][0], pen, out[j][2], out[j][3])
            role, unroled = None, []
    if suffix:
        out = [(n, "photographer" if r != "author" else r, a2, b2) for n, r, a2, b2 in out]
    return out


@_memo
def _byline_name_ok(name: str, after_role: bool) -> bool:
    """A byline word is a name: surname-led, or transliterated after a role word."""
    if name in _BYLINE_STOP or not 2 <= len(name) <= 12 or _is_generic(name):
        return False
    shape = _name_shape(name)
    return shape in ("chinese", "dot") or (after_role and shape == "foreign")


def parse_credit_line(s: str, default: str = "reporter") -> list[tuple[str, str, int, int]]:
    """People in a byline or photo credit as printed: (name, role, start, end) into ``s``.

    ``default`` is the role of bare names (a byline's (祝倩) is its reporter).
    """
    out: list[tuple[str, str, int, int]] = []
    for a, b in _byline_regions(s):
        out.extend(_parse_region(s, a, b, default))
    return out
