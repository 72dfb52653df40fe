"""How surely a name starts or ends at a position: the strengths of its left and right edges.

_right_strength reads what follows a name (a speech verb, punctuation, a stop word, a soft stop),
_left_strength what precedes it (punctuation, a title, a conjunction).  They run for nearly every
candidate, so most characters are settled by one dict or set look-up.
"""

from __future__ import annotations

import re

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people import patterns
from corpus_tools.annotate.people.alternation import _alternation
from corpus_tools.annotate.people.dictionary import _GENERIC_LAST, _freq, _generic_title
from corpus_tools.annotate.people.patterns import _HARD_STOPS, _LEFT_WEAK, _SOFT_STOPS, _SPEECH_FIRST, _TITLE_NOUN_SET

# Called as ``_X.method()`` here: bound by assignment, not imported (why: see the package docstring).
_SPEECH_AT = patterns._SPEECH_AT

_END_AT = re.compile(_alternation(D.NAME_END_WORDS))
_END_FIRST = frozenset(w[0] for w in D.NAME_END_WORDS)


def _is_cjk(ch: str) -> bool:
    """The boundary tests' notion of a CJK character (U+3400-U+9FFF, U+F900-U+FAFF)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# What _right_strength must look at for a CJK character, as bits (one dict look-up for most characters,
# which are in none of the sets): a speech verb may start there, a hard stop, an end word may start, a soft stop.
_R_SPEECH, _R_HARD, _R_END, _R_SOFT = 1, 2, 4, 8
_RIGHT_CODE: dict[str, int] = {
    ch: (_R_SPEECH if ch in _SPEECH_FIRST else 0) | (_R_HARD if ch in _HARD_STOPS else 0)
    | (_R_END if ch in _END_FIRST else 0) | (_R_SOFT if ch in _SOFT_STOPS else 0)
    for ch in _SPEECH_FIRST | _HARD_STOPS | _END_FIRST | _SOFT_STOPS if _is_cjk(ch)
}


# Adverbs and time words that stand between a subject and its verb (常说, 笑称, 昨表示, 昨日表示).
_ADVERB_BEFORE_VERB = frozenset("常笑昨今曾再均亦仍先也还又都")
_TIME_BEFORE_VERB = ("昨日", "今日", "昨天", "今天", "日前", "近日", "当天", "当日", "随即", "随后", "多次", "曾经")


def _before_speech(s: str, i: int) -> bool:
    """Does an adverb or time word at ``i`` lead straight into a speech verb?"""
    for word in _TIME_BEFORE_VERB:
        if s.startswith(word, i):
            return bool(_SPEECH_AT.match(s, i + len(word)))
    return bool(_SPEECH_AT.match(s, i + 1))


def _glued_cue(s: str, i: int, j: int) -> bool:
    """A one-character cue (称, 说) that ends a word with the character before it (堪称, 号称, 小说)."""
    return j - i == 1 and i > 0 and _freq(s[i - 1:j]) >= 100


def _right_strength(s: str, i: int) -> int:
    """How surely a name ends at ``i``: 4 speech verb, 3 punctuation, 2 stop word, 1 soft stop, 0 none."""
    if i >= len(s):
        return 3
    ch = s[i]
    if ch in _ADVERB_BEFORE_VERB and _before_speech(s, i):
        return 4  # 某某常说, 某某昨表示, 某某昨日表示, 某某今表示
    code = _RIGHT_CODE.get(ch)
    if code is None:
        return 0 if _is_cjk(ch) else 3
    if code & _R_SPEECH and (m := _SPEECH_AT.match(s, i)) and not _glued_cue(s, i, m.end()):
        return 4
    if code & _R_HARD or (code & _R_END and _END_AT.match(s, i)):
        return 2
    if code & _R_SOFT:
        return 2 if s[i + 1:i + 2].isdigit() else 1  # 张伟以2小时: a preposition
    return 0


_TITLE_LAST = frozenset(w[-1] for w in (*D.OFFICE_TITLES, *D.PERSON_NOUNS)) | D.TITLE_TAIL_CHARS | {"家"}
_LEFT_SPECIAL = frozenset("年月日岁的") | _TITLE_LAST | _LEFT_WEAK  # characters _left_strength looks at
# For each last character, the lengths (ascending) of the titles and person nouns ending in it.
_TITLE_LENGTHS: dict[str, tuple[int, ...]] = {
    ch: tuple(sorted({len(w) for w in _TITLE_NOUN_SET if w[-1] == ch and 2 <= len(w) <= 6}))
    for ch in _TITLE_LAST
}


def _title_ending_at(s: str, q: int) -> str | None:
    """The title or person noun that ends right at ``q``, if any."""
    if q < 2:
        return None
    last = s[q - 1]
    lengths = _TITLE_LENGTHS.get(last)
    if lengths is None:
        return None
    for k in lengths:
        if k > q:
            break
        w = s[q - k:q]
        if w in _TITLE_NOUN_SET:
            return w
    if last in _GENERIC_LAST:
        for k in (4, 3, 2):
            if q >= k and _generic_title(s[q - k:q]):
                return s[q - k:q]
    return None


def _left_strength(s: str, q: int) -> int:
    """How surely a name starts at ``q``: 3 punctuation/title, 1 conjunction, 0 none."""
    if q <= 0:
        return 3
    ch = s[q - 1]
    if ch not in _LEFT_SPECIAL:  # an ordinary character: none of the tests below applies
        return 0 if _is_cjk(ch) else 3
    if not _is_cjk(ch):
        return 3
    if ch in "年月日" and q >= 2 and s[q - 2].isdigit():
        return 3
    if ch in _TITLE_LAST and _title_ending_at(s, q):
        return 3
    if ch == "岁" or (ch == "的" and q >= 2 and s[q - 2] == "岁"):
        return 3
    return 1 if ch in _LEFT_WEAK or ch == "的" else 0
