"""Reading a whole name from one known edge: forward after a title, backward before a verb.

A surname-led name ends at the first stop word after it (else a soft stop, else a guessed length);
·-names and transliterated names are read by their own shapes.  Built on boundaries.py.
"""

from __future__ import annotations

import re

from corpus_tools.annotate.people import boundaries, patterns
from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people.alternation import _alternation, _char_class
from corpus_tools.annotate.people.boundaries import _is_cjk, _left_strength, _right_strength, _title_ending_at
from corpus_tools.annotate.people.dictionary import _lexicon, _person_word
from corpus_tools.annotate.people.patterns import (
    _CJK,
    _COMPOUND,
    _COMPOUND_FIRST,
    _DOT,
    _DOT_SET,
    _HARD_STOPS,
    _LEFT_WEAK,
    _MAX_FOREIGN,
    _MAX_NAME,
    _TRANSLIT,
    _all_cjk,
    _has_dot,
)

# Called as ``_X.method()`` here: bound by assignment, not imported (why: see the package docstring).
_DOT_SPLIT = patterns._DOT_SPLIT
_SPEECH_AT = patterns._SPEECH_AT
_SPEECH_FIRST = patterns._SPEECH_FIRST
_NAME_HEAD = patterns._NAME_HEAD
_SURNAMES = patterns._SURNAMES
_TITLE_LAST = boundaries._TITLE_LAST

_DOT_PART = 8  # the most characters in one part of a ·-name
_DOT_FWD = re.compile(f"([{_CJK}]{{1,{_DOT_PART}}})((?:[{_DOT}][{_CJK}]{{1,{_DOT_PART}}})+)")
_DOT_BWD = re.compile(f"((?:[{_CJK}]{{1,{_DOT_PART}}}[{_DOT}])+)([{_CJK}]{{1,{_DOT_PART}}})$")
# What the boundary tests count as CJK (U+3400-U+9FFF, U+F900-U+FAFF, a little wider than _CJK).
_CJK_SUFFIX = re.compile("[\u3400-\u9fff\uf900-\ufaff]*\\Z")  # (searched: the longest run of those ending a string)
_CJK_RUN8 = re.compile(f"[{_CJK}]{{1,8}}")
_CONJUNCTIONS = frozenset("和与及同跟")  # a ·-name may end before one (安娜·施密特与某某)


_TRANSLIT_AHEAD = re.compile(f"{_char_class(_TRANSLIT)}{{1,{_MAX_FOREIGN}}}")
_TRANSLIT_BEHIND = re.compile(f"{_char_class(_TRANSLIT)}{{1,{_MAX_FOREIGN}}}\\Z")  # searched up to an end


# Words that a transliterated name may run into -- titles (卡西姆苏丹), time words and verbs after a
# subject (某某当天表示): they end the name.
_RUN_END_AT = re.compile(_alternation((*D.POST_TITLES, *D.OFFICE_TITLES, *D.NAME_END_WORDS, *D.SPEECH_CUES)))


def _translit_run(s: str, i: int, step: int = 1) -> int:
    """Length of the run of transliteration characters (at most 6) from ``i`` going ``step`` (1 or -1).

    Forward, the run stops before a title, time word or verb that starts inside it (卡西姆苏丹,
    某某当天: 苏, 丹, 当 and 天 are in the table too)."""
    if step > 0:
        m = _TRANSLIT_AHEAD.match(s, i) if i >= 0 else None
        if not m:
            return 0
        for j in range(i + 2, m.end()):
            if _RUN_END_AT.match(s, j):
                return j - i
        return m.end() - i
    m = _TRANSLIT_BEHIND.search(s, max(0, i - _MAX_FOREIGN), i) if i <= len(s) else None  # (leftmost: longest)
    return i - m.start() if m else 0


def _mostly_translit(part: str) -> bool:
    """At least half of a ·-name part is transliteration characters (拉贾帕克萨: 拉帕克萨)."""
    return 2 * sum(ch in _TRANSLIT for ch in part) >= len(part)


def _dot_name_forward(s: str, e: int) -> int | None:
    """End of a 约翰·史密斯-style name starting at ``e``."""
    m = _DOT_FWD.match(s, e)
    if not m or m.start(2) - e > _DOT_PART:
        return None
    last_start = m.end() - len(_DOT_SPLIT.split(m.group(2))[-1])
    run = _translit_run(s, last_start)
    if run and _right_strength(s, last_start + run):
        return last_start + run
    # the shortest last part that ends at a marked boundary and reads as a transliteration
    for j in range(last_start + 1, m.end() + 1):
        st = _right_strength(s, j)
        if (st >= 2 or (st == 1 and s[j] in _CONJUNCTIONS)) and _mostly_translit(s[last_start:j]):
            return j  # (a conjunction after it ends a ·-name: 安娜·施密特与某某)
    return last_start + run if run else None


_DOT_WINDOW = 40  # how far back from its end _dot_name_backward looks for a ·-name's dots


def _dot_name_backward(s: str, p: int) -> int | None:
    """Start of a ·-name that ends at ``p`` (at most _DOT_WINDOW + _MAX_FOREIGN characters back)."""
    m = _DOT_BWD.search(s[max(0, p - _DOT_WINDOW):p])
    if not m or sum(ch not in _TRANSLIT for ch in m.group(2)) > (len(m.group(2)) >= 4):
        return None  # read back from a verb, the last part is all of it: one character off the table at most
    first = _DOT_SPLIT.split(m.group(1))[0]
    first_end = max(0, p - _DOT_WINDOW) + m.start(1) + len(first)
    run = _translit_run(s, first_end, step=-1)
    if run and _left_strength(s, first_end - run):
        return first_end - run
    # the shortest first part that starts at a marked boundary and reads as a transliteration
    for q in range(first_end - 1, max(0, first_end - _DOT_PART) - 1, -1):
        if not _all_cjk(s, q, first_end):
            break
        if _left_strength(s, q) and _mostly_translit(s[q:first_end]):
            return q
    return first_end - run if run else None


def _default_length(s: str, e: int, sl: int) -> int:
    """Name length when nothing delimits it: 3 unless the text after 2 chars is a word (a common
    two-character one, or a three-character one: 某某通电话)."""
    if sl == 2:
        return 3
    freq = _lexicon()[0]
    if ((freq.get(s[e + 2:e + 4]) or 0) >= 100 or (freq.get(s[e + 2:e + 5]) or 0) >= 20) \
            and not freq.get(s[e + 1:e + 3]):
        return 2
    return 3


# What _read_forward must know of a name's first character, as bits (one dict look-up): a hard stop,
# a transliteration character, a surname, the first character of a compound surname.
_S_HARD, _S_TRANSLIT, _S_SURNAME, _S_COMPOUND = 1, 2, 4, 8
_START_CODE: dict[str, int] = {
    ch: (_S_HARD if ch in _HARD_STOPS else 0) | (_S_TRANSLIT if ch in _TRANSLIT else 0)
    | (_S_SURNAME if ch in _SURNAMES else 0) | (_S_COMPOUND if ch in _COMPOUND_FIRST else 0)
    for ch in _HARD_STOPS | _TRANSLIT | _SURNAMES | _COMPOUND_FIRST
}


def _read_forward(s: str, e: int, dotted: bool = True, other: bool = True,
                  closed: bool = False) -> tuple[int, int] | None:
    """(end, right strength) of a name starting at ``e``, e.g. after a title.

    ``dotted``: ``s`` may hold a name dot (·); False skips the ·-name reading.  ``other``: also read
    a name of no known shape up to a speech verb; False skips that reading (after a person noun such
    a name is never accepted, see _accept_parts).  ``closed``: see _read_surname_forward (may spare
    the guess of a surname-led name's length).
    """
    if e >= len(s):
        return None
    ch = s[e]
    code = _START_CODE.get(ch, 0)
    if code & _S_HARD or not _is_cjk(ch):
        return None
    if dotted and _has_dot(s[e + 1:e + _DOT_PART + 1]):  # (a ·-name's first dot follows within 8 characters)
        dot_end = _dot_name_forward(s, e)
        if dot_end:
            return dot_end, _right_strength(s, dot_end)
    run = _translit_run(s, e) if code & _S_TRANSLIT else 0
    if run >= 4 and _right_strength(s, e + run):
        return e + run, _right_strength(s, e + run)
    if code & _S_SURNAME:
        end = _translit_after_surname(s, e)
        if end:
            return end, _right_strength(s, end)
        return _read_surname_forward(s, e, 2 if code & _S_COMPOUND and s[e:e + 2] in _COMPOUND else 1, closed)
    if code & _S_COMPOUND and s[e:e + 2] in _COMPOUND:
        return _read_surname_forward(s, e, 2, closed)
    if run >= 2:
        return e + run, _right_strength(s, e + run)
    if not other or _SPEECH_FIRST.isdisjoint(s[e + 2:e + _MAX_FOREIGN + 2]) \
            or not _SPEECH_AT.search(s, e + 2, e + _MAX_FOREIGN + 2):
        return None
    for k in range(2, _MAX_FOREIGN):
        if not _all_cjk(s, e, e + k):
            return None
        if _right_strength(s, e + k) == 4:
            return e + k, 4
    return None


def _translit_after_surname(s: str, e: int) -> int | None:
    """End of a transliterated name opening with a surname character (史托腾伯格): 3 to 5 more
    characters, first and last in the table, at most one outside it, then a marked end.

    The name ends at the first marked end (a stop word, punctuation, a verb): 李某当日在 is a
    Chinese name before 当日, however many of its characters the table holds."""
    for k in range(1, _MAX_FOREIGN):
        part = s[e + 1:e + 1 + k]
        if len(part) < k or not _all_cjk(part):
            return None
        if _right_strength(s, e + 1 + k) >= 2:
            if k >= 3 and part[0] in _TRANSLIT and part[-1] in _TRANSLIT \
                    and sum(ch not in _TRANSLIT for ch in part) <= 1:
                return e + 1 + k
            return None
    return None


def _read_surname_forward(s: str, e: int, sl: int, closed: bool = False) -> tuple[int, int] | None:
    """Surname-led name: stop at the first stop word, else at a soft stop, else guess.

    ``closed``: only a name closed by a stop word, punctuation or a verb (right strength >= 2) is
    wanted; None instead of a weaker reading.
    """
    m = _CJK_RUN8.match(s, e)
    run_end = m.end() if m else e  # s[e:x] is all CJK exactly when e < x <= run_end (x - e <= 8)
    soft = 0
    for k in range(sl + 1, sl + 4):
        if e + k > run_end:
            break
        st = _right_strength(s, e + k)
        if st >= 2:
            return e + k, st
        if st == 1 and not soft:
            soft = k
    if closed:
        return None
    if soft:
        return e + soft, 1
    k = _default_length(s, e, sl)
    if e + k > run_end:
        return None
    return e + k, 0


_DOT_TRANSLIT = _DOT_SET | _TRANSLIT


def _read_backward(s: str, p: int, speech: bool = False, dotted: bool = True) -> tuple[int, int] | None:
    """(start, left strength) of a name ending at ``p``, e.g. before 表示.

    ``speech``: a speech verb follows, so a name of unknown shape right after a
    title (负责人布朗说) may be read too.  ``dotted``: ``s`` may hold a name dot (·).
    """
    # A cheap test first: a surname (or a compound's first character), a transliteration or a · last
    # (a ·-name's last part is all transliteration), or (before a verb) a title nearby.
    w = s[p - 6 if p > 6 else 0:p]
    if not (not w or w[-1] in _DOT_TRANSLIT or not _NAME_HEAD.isdisjoint(w[-4:-1])
            or (speech and not _TITLE_LAST.isdisjoint(w[-5:-1]))):
        return None
    n = len(w) - _CJK_SUFFIX.search(w).start() if p > 0 else 0  # how many CJK characters (at most 6) end at p
    if n < 2:
        return None
    # a ·-name's last part is all the CJK characters (1 to 8) between its last dot and p
    if dotted and ((p - n > 0 and s[p - n - 1] in _DOT_SET)
                   or (n == _MAX_FOREIGN and _has_dot(s[max(0, p - _DOT_PART - 1):p - _MAX_FOREIGN]))):
        q = _dot_name_backward(s, p)
        if q is not None:
            return q, _left_strength(s, q)
    for length in (3, 2, 4):
        if length > n:
            continue
        q = p - length
        code = _START_CODE.get(s[q], 0)
        if not code & (_S_SURNAME | _S_COMPOUND) or s[q] in _LEFT_WEAK:
            continue
        if code & _S_COMPOUND and s[q:q + 2] in _COMPOUND:
            if length <= 2:
                continue
            sl = 2
        elif code & _S_SURNAME:
            sl = 1
        else:
            continue
        left = _left_strength(s, q) or (1 if length == 3 and _person_word(s[q:p]) else 0)
        if left < 3 and _translit_run(s, p, step=-1) > length:
            continue  # 卡斯特罗: a surname character (斯) inside a longer transliteration does not start the name
        if left and (length < 4 or left == 3 or sl == 2):
            return q, left
    return _read_backward_foreign(s, p, n, speech)


def _read_backward_foreign(s: str, p: int, n: int, speech: bool) -> tuple[int, int] | None:
    if s[p - 1:p] in _TRANSLIT:
        run = _translit_run(s, p, step=-1)
        for length in range(min(run, _MAX_FOREIGN), 1, -1):
            st = _left_strength(s, p - length)
            if st:
                return p - length, st
    if not speech:
        return None
    for length in range(2, min(n, _MAX_NAME) + 1):
        if s[p - length - 1] in _TITLE_LAST and _title_ending_at(s, p - length):  # (a title ends in one)
            return p - length, 3
    return None
