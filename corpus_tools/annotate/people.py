"""People named in an item: byline and credit people by rule, the rest by context.

Why this shape: bylines and credits follow a small grammar (role word, names,
a trailing 摄), so rules read them exactly.  Running text is scanned for
anchors -- a title or person noun before a name (主席刘勇), a speech verb
after it (王青说), a title after it (习近平总书记), a list (韩正、孙春兰) --
and the name boundary is read from the stop words around it.  A name accepted
once is then found at every occurrence in the item.  jieba's dictionary is
only consulted for single look-ups (is this string a common word?), never
run over whole texts, which keeps the annotator fast.

Speed: the annotator runs once per item of every issue, so the hot paths are
written for CPython -- one compiled regex pass per field for the context words
(gated so most characters are rejected without entering the trie), character
tests against frozensets (or one dict look-up of a character's flags) instead of
generator expressions, and memo tables for the dictionary look-ups, which depend
on a short string only (a name, a word).  Finding a longer string in CJK text is
some 20 times slower than finding one character, so such searches are gated by a
one-character test; readings whose result could never be accepted are skipped
(see _read_forward's ``other``, _expand_lists's reach test).

Offsets are Python code-point indices, end exclusive, into ``item.fields()``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from corpus_tools.annotate import people_data as D
from corpus_tools.lexicon import lexicon
from corpus_tools.types import IssueContext, Item, PersonMention, Span, Speaker

__all__ = ["annotate_people", "parse_credit_line"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DOT = "·•‧・"
_TEXT_FIELDS = ("kicker", "headline", "subheadline", "text", "title", "caption")
_HEAD_FIELDS = ("kicker", "headline", "subheadline", "title")
_BYLINE_FIELDS = ("byline", "credit")
_LEFT_WEAK = frozenset("、和与及同跟由向对给被让把据将当")
_MAX_NAME = 4
_MAX_FOREIGN = 6

_HARD_STOPS = D.HARD_STOPS
_SOFT_STOPS = D.SOFT_STOPS
_TRANSLIT = D.TRANSLIT_CHARS
_RARE = D.RARE_SURNAMES
_NOT_IN_NAME = D.NOT_IN_NAME
_PLACES = frozenset(D.PLACES)
_PLACE_SUFFIXES = D.PLACE_SUFFIXES
_DOT_SET = frozenset(_DOT)


def _trie_body(words: Iterable[str]) -> str:
    """A prefix-factored alternation of ``words`` that matches the longest word at a position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body}|)" if "" in node else body  # (X|) is (X)? but faster in CPython

    return build(trie)


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(sorted(re.escape(ch) for ch in set(chars))) + "]"


def _alternation(words: Iterable[str]) -> str:
    """A prefix-factored regex alternation: fast, and longest match first."""
    words = list(words)
    return f"(?={_char_class(w[0] for w in words)}){_trie_body(words)}"


def _scanning_alternation(words: Iterable[str], buckets: int = 4,
                          follow: tuple[Iterable[str], str] | None = None) -> str:
    """Matches what ``_alternation(words)`` matches (the longest word at a position), but is
    much faster when scanning long texts with finditer.

    CPython's regex engine tries the branches of an alternation one after another, so a
    trie with some 250 first characters costs about that many steps at every position that
    holds one of them.  Here the first character is read from a character class (the search
    then skips all other characters at C speed), a look-ahead wants a known second character
    (or a one-character word), and a trie over the rest of each word, cut into a few buckets
    by second character, is walked.  Each word end checks the whole word with a look-behind;
    deeper nodes are tried first, so the match is the longest word starting there.

    ``follow`` = (words, pattern): those one-character words only match where ``pattern`` follows
    (a one-character word that does not match leaves the scan where it would have resumed anyway).
    """
    words = sorted(set(words))
    trie: dict = {}  # over w[1:]; the key "" lists the words ending at a node
    for w in words:
        node = trie
        for ch in w[1:]:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(w)

    def ends(ws: list[str]) -> str:  # the text just read is one of ws (all of one length)
        if len(ws[0]) == 1:
            return f"(?<={_char_class(ws)})"
        return "(?<=" + "|".join(re.escape(w) for w in sorted(ws)) + ")"

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if "" in node:
            alts.append(ends(node[""]))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    seconds = sorted(ch for ch in trie if ch)
    size = max(1, -(-len(seconds) // buckets))
    parts = [f"(?={_char_class(chunk)})" + build({ch: trie[ch] for ch in chunk})
             for chunk in (seconds[i:i + size] for i in range(0, len(seconds), size))]
    gates = [_char_class(seconds)] if seconds else []
    if "" in trie:
        free = [w for w in trie[""] if not follow or w not in follow[0]]
        if follow and len(free) < len(trie[""]):  # a one-character word, then: a free one or what must follow
            parts.append(ends(trie[""]) + (f"(?:{ends(free)}|(?={follow[1]}))" if free else f"(?={follow[1]})"))
        else:
            parts.append(ends(trie[""]))
        gates.append(ends(trie[""]))
    return f"{_char_class(w[0] for w in words)}(?={'|'.join(gates)})(?:{'|'.join(parts)})"


# --- lexicon ---------------------------------------------------------------------------------

_lexicon = lexicon


# Look-ups that depend on short strings only (dictionary facts about a word or a name) are
# cached; the same words recur across items and issues.
_MEMO_LIMIT = 20_000
_memo = lru_cache(maxsize=_MEMO_LIMIT)


def _freq(word: str) -> int:
    return _lexicon()[0].get(word) or 0


@_memo
def _non_person_word(word: str) -> bool:
    """True for dictionary words that are not person names (江汉, 胜利, 伊朗)."""
    if word in _PLACES:
        return True
    freq, tags = _lexicon()
    f = freq.get(word) or 0
    if not f:
        return False
    # jieba tags many common two-character words nr (康复, 高峰): trust the tag only when rare
    return not tags.get(word, "").startswith("nr") or (len(word) == 2 and f >= 200)


@_memo
def _person_word(word: str) -> bool:
    """A dictionary word tagged as a person name (习近平, 李克强)."""
    freq, tags = _lexicon()
    return bool(freq.get(word)) and tags.get(word, "").startswith("nr") and not _non_person_word(word)


# --- regexes ---------------------------------------------------------------------------------

_TITLE_SET = frozenset(D.OFFICE_TITLES)
_NOUN_SET = frozenset(D.PERSON_NOUNS)
_TITLE_NOUN_SET = _TITLE_SET | _NOUN_SET
_SPEECH_SET = frozenset(D.SPEECH_CUES)
_POST_SET = frozenset(D.POST_TITLES)
_CRIME_SET = frozenset(D.CRIMES)
_TAIL_SET = frozenset({*D.TITLE_TAIL_CHARS, "学家"})
_AGE_WORDS = frozenset({"岁", "周岁"})
_CONTEXT_WORDS = frozenset({*D.OFFICE_TITLES, *D.PERSON_NOUNS, *D.SPEECH_CUES, *D.POST_TITLES,
                            *D.CRIMES, *_TAIL_SET, *_AGE_WORDS, "等"})
_SURNAMES = D.COMMON_SURNAMES | D.RARE_SURNAMES
# Where a surname-led name starts (_surname_len > 0): a surname or a compound surname.
_SURNAME_AHEAD = f"[{''.join(sorted(_SURNAMES))}]|{_alternation(D.COMPOUND_SURNAMES)}"
# One-character title endings (员, 长) only act before a surname (see _generic_anchor): they need not be found
# elsewhere.
_TAIL_ONLY = frozenset(w for w in _TAIL_SET if len(w) == 1) - _TITLE_NOUN_SET - _SPEECH_SET - _POST_SET \
    - _CRIME_SET - _AGE_WORDS - {"等"}
# One pass finds every context word: titles, nouns, verbs, post-titles, crimes, ages, title endings.
_TOKEN_RE = re.compile(_scanning_alternation(_CONTEXT_WORDS, follow=(_TAIL_ONLY, _SURNAME_AHEAD)))
# What to do around each context word: (anchor kind, cue strength, post, crime, age, tail, is 说).
_TOKEN_ACTIONS: dict[str, tuple[str | None, int, bool, bool, bool, bool, bool]] = {
    w: ("title" if w in _TITLE_SET else "noun" if w in _NOUN_SET else None,
        1 if w == "等" else 4 if w in _SPEECH_SET else 0,
        w in _POST_SET, w in _CRIME_SET, w in _AGE_WORDS, w in _TAIL_SET, w == "说")
    for w in _CONTEXT_WORDS
}
_SAY_BLOCKERS = D.SAY_BLOCKERS
# A surname and two characters before punctuation, found from the punctuation (rarer than surnames):
# the match is the punctuation mark, the candidate the three characters before it.
_DICT_CAND_RE = re.compile(f"[，。、；：！？”,;:!?](?<=[{''.join(sorted(D.COMMON_SURNAMES))}][{_CJK}]{{2}}.)")
# The same matches, capturing the candidate (the three characters before the punctuation).
_DICT_CAND_WORDS_RE = re.compile(f"[，。、；：！？”,;:!?](?<=([{''.join(sorted(D.COMMON_SURNAMES))}][{_CJK}]{{2}}).)")
_LINE_SURNAME_RE = re.compile(f"\n(?=[{''.join(sorted(_SURNAMES))}])")
_ADVERB_END = re.compile(f"(?:{_alternation(D.ADVERBS)})$")
_ADVERB_LAST = frozenset(w[-1] for w in D.ADVERBS)  # an _ADVERB_END match ends in one (or before a newline)
_CASE_TAIL = re.compile(f"[{_CJK}]{{0,2}}?案")
_BIO_RE = re.compile(f"(?:^|\\n)([{_CJK}]{{2,4}})，(?:又名|\\d{{4}}年)")
_BIO_HINT = re.compile("，(?:又名|\\d{4}年)")  # in every _BIO_RE match; cheap to search for
_ALIAS_RE = re.compile(f"又名([{_CJK}]{{2,4}})[，,。）)]")
_SPEECH_AT = re.compile(_alternation(D.SPEECH_CUES))
_SPEECH_FIRST = frozenset(w[0] for w in D.SPEECH_CUES)
_END_AT = re.compile(_alternation(D.NAME_END_WORDS))
_END_FIRST = frozenset(w[0] for w in D.NAME_END_WORDS)
_CHAIN_BREAK = re.compile(
    r"\d+(?:年|月|日|时|分)|[的了在是由对向将把被让给据为]|会见|会晤|看望|慰问|陪同|邀请"
    r"|当天|当日|下午|上午|晚上|昨天|今天|近日|日前|分别|先后|其中"
)
_CHAIN_STOP = frozenset("，。；：！？,.;:!?\n（）()《》〈〉【】[] \u3000\xa0\t—－-")
_CHAIN_RUN = re.compile("[^" + "".join(re.escape(c) for c in sorted(_CHAIN_STOP)) + "]*")
_DOT_ANY = re.compile(f"[{_DOT}]")
_DOT_SPLIT = re.compile(f"[{_DOT}]")
_DOT_PART = 8  # the most characters in one part of a ·-name
_DOT_FWD = re.compile(f"([{_CJK}]{{1,{_DOT_PART}}})((?:[{_DOT}][{_CJK}]{{1,{_DOT_PART}}})+)")
_DOT_BWD = re.compile(f"((?:[{_CJK}]{{1,{_DOT_PART}}}[{_DOT}])+)([{_CJK}]{{1,{_DOT_PART}}})$")
_GENERIC_TAIL_RE = re.compile(f"[老阿][{''.join(sorted(D.COMMON_SURNAMES))}]$")
_GENERIC_RE = re.compile(
    f"^(?:[老小阿][{''.join(sorted(D.COMMON_SURNAMES))}]|.(?:{_alternation(D.GENERIC_SUFFIXES)}))$"
)


_CJK_RUN = re.compile(f"[{_CJK}]+")
# What the boundary tests count as CJK (U+3400-U+9FFF, U+F900-U+FAFF, a little wider than _CJK).
_CJK_SUFFIX = re.compile("[\u3400-\u9fff\uf900-\ufaff]*\\Z")  # (searched: the longest run of those ending a string)
_CJK_RUN8 = re.compile(f"[{_CJK}]{{1,8}}")
_NAME_RUN = re.compile(f"[{_CJK}{_DOT}]+")


def _has_dot(s: str) -> bool:
    """Does ``s`` hold a name dot (one of ``_DOT``)?  Four substring tests beat one regex search by far."""
    return "·" in s or "•" in s or "‧" in s or "・" in s


def _all_cjk(s: str, a: int = 0, b: int | None = None) -> bool:
    """Is ``s[a:b]`` a non-empty run of CJK characters?"""
    return _CJK_RUN.fullmatch(s, a, len(s) if b is None else b) is not None


_NAME_START = _SURNAMES | D.TRANSLIT_CHARS
_COMPOUND = frozenset(D.COMPOUND_SURNAMES)
_COMPOUND_FIRST = frozenset(w[0] for w in D.COMPOUND_SURNAMES)


def _surname_len(s: str, i: int) -> int:
    """Length of the surname starting at ``s[i]`` (0 if none)."""
    ch = s[i:i + 1]
    if ch in _COMPOUND_FIRST and s[i:i + 2] in _COMPOUND:
        return 2
    return 1 if ch in _SURNAMES else 0


# --- boundaries ------------------------------------------------------------------------------

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


def _right_strength(s: str, i: int) -> int:
    """How surely a name ends at ``i``: 4 speech verb, 3 punctuation, 2 stop word, 1 soft stop, 0 none."""
    if i >= len(s):
        return 3
    ch = s[i]
    code = _RIGHT_CODE.get(ch)
    if code is None:
        return 0 if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" else 3
    if code & _R_SPEECH and _SPEECH_AT.match(s, i):
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


_GENERIC_LAST = D.TITLE_TAIL_CHARS | {"家"}  # what a word _generic_title accepts ends in


@_memo
def _generic_title(w: str) -> bool:
    """预报员, 技术员, 厨师, 医学家: a dictionary noun ending like a title."""
    if w.endswith("学家") and len(w) >= 3:
        return True
    freq, tags = _lexicon()
    return w[-1:] in D.TITLE_TAIL_CHARS and w not in D.NOT_TITLES and tags.get(w) == "n" and (freq.get(w) or 0) >= 3


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
        return 0 if ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff") else 3
    if not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
        return 3
    if ch in "年月日" and q >= 2 and s[q - 2].isdigit():
        return 3
    if ch in _TITLE_LAST and _title_ending_at(s, q):
        return 3
    if ch == "岁" or (ch == "的" and q >= 2 and s[q - 2] == "岁"):
        return 3
    return 1 if ch in _LEFT_WEAK or ch == "的" else 0


_TRANSLIT_AHEAD = re.compile(f"{_char_class(_TRANSLIT)}{{1,{_MAX_FOREIGN}}}")
_TRANSLIT_BEHIND = re.compile(f"{_char_class(_TRANSLIT)}{{1,{_MAX_FOREIGN}}}\\Z")  # searched up to an end


def _translit_run(s: str, i: int, step: int = 1) -> int:
    """Length of the run of transliteration characters (at most 6) from ``i`` going ``step`` (1 or -1)."""
    if step > 0:
        m = _TRANSLIT_AHEAD.match(s, i) if i >= 0 else None
        return m.end() - i if m else 0
    m = _TRANSLIT_BEHIND.search(s, max(0, i - _MAX_FOREIGN), i) if i <= len(s) else None  # (leftmost: longest)
    return i - m.start() if m else 0


def _dot_name_forward(s: str, e: int) -> int | None:
    """End of a 马欣达·拉贾帕克萨-style name starting at ``e``."""
    m = _DOT_FWD.match(s, e)
    if not m or m.start(2) - e > _DOT_PART:
        return None
    last_start = m.end() - len(_DOT_SPLIT.split(m.group(2))[-1])
    run = _translit_run(s, last_start)
    if run and _right_strength(s, last_start + run):
        return last_start + run
    for j in range(last_start + run + 1, min(m.end(), last_start + run + 2) + 1):
        if _right_strength(s, j) >= 3:
            return j  # one or two characters outside the transliteration set
    return last_start + run if run else None


_DOT_WINDOW = 40  # how far back from its end _dot_name_backward looks for a ·-name's dots


def _dot_name_backward(s: str, p: int) -> int | None:
    """Start of a ·-name that ends at ``p`` (at most _DOT_WINDOW + _MAX_FOREIGN characters back)."""
    m = _DOT_BWD.search(s[max(0, p - _DOT_WINDOW):p])
    if not m:
        return None
    if _translit_run(m.group(2), 0) != len(m.group(2)):
        return None
    first = _DOT_SPLIT.split(m.group(1))[0]
    first_end = max(0, p - _DOT_WINDOW) + m.start(1) + len(first)
    run = _translit_run(s, first_end, step=-1)
    return first_end - run if run else None


def _default_length(s: str, e: int, sl: int) -> int:
    """Name length when nothing delimits it: 3 unless the text after 2 chars is a word."""
    if sl == 2:
        return 3
    freq = _lexicon()[0]
    if (freq.get(s[e + 2:e + 4]) or 0) >= 100 and not freq.get(s[e + 1:e + 3]):
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
    if code & _S_HARD or not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
        return None
    if dotted and _has_dot(s[e + 1:e + _DOT_PART + 1]):  # (a ·-name's first dot follows within 8 characters)
        dot_end = _dot_name_forward(s, e)
        if dot_end:
            return dot_end, _right_strength(s, dot_end)
    run = _translit_run(s, e) if code & _S_TRANSLIT else 0
    if run >= 4 and _right_strength(s, e + run):
        return e + run, _right_strength(s, e + run)
    if code & _S_SURNAME:
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
    title (负责人朵林说) may be read too.  ``dotted``: ``s`` may hold a name dot (·).
    """
    # A cheap test first: a surname, a transliteration, a · or (before a verb) a title nearby.
    w = s[p - 6 if p > 6 else 0:p]
    if not (not w or w[-1] in _DOT_TRANSLIT or not _SURNAMES.isdisjoint(w[-4:-1])
            or (dotted and _DOT[0] in w) or (speech and not _TITLE_LAST.isdisjoint(w[-5:-1]))):
        return None
    n = len(w) - _CJK_SUFFIX.search(w).start() if p > 0 else 0  # how many CJK characters (at most 6) end at p
    if n < 2:
        return None
    # a ·-name's last part is all the CJK characters (1 to 8) between its last dot and p
    if dotted and ((p - n > 0 and s[p - n - 1] in _DOT_SET)
                   or (n == _MAX_FOREIGN and _has_dot(s[max(0, p - _DOT_PART - 1):p - _MAX_FOREIGN]))):
        q = _dot_name_backward(s, p) if _DOT_ANY.search(s, max(0, p - 30), p) else None
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


# --- candidate hits --------------------------------------------------------------------------

# One piece of evidence that s[start:end] names a person, as a plain tuple (much cheaper to build than a
# NamedTuple): (name, start, end, kind, left, right, chain).  kind: title noun cue post head case bio dict;
# left/right: boundary strengths; chain: (s, title start, title end) after a title, whose title chain
# (_title_chain) is only read when the hit gives a name its title.
_Hit = tuple[str, int, int, str, int, int, "tuple[str, int, int] | None"]


def _title_chain(s: str, t_start: int, t_end: int) -> str | None:
    """The title words before a name: back to punctuation or a verb/preposition."""
    lo = max(0, t_end - 60)  # at most 60 characters back from the title's end
    a = t_start
    if lo < a:
        a -= _CHAIN_RUN.match(s[lo:a][::-1]).end()
    cut = a
    for m in _CHAIN_BREAK.finditer(s, a, t_start):
        if m.end() - m.start() > 1 or not _freq(s[m.start():m.start() + 2]) >= 20:
            cut = m.end()  # 向阳社区: a word, not the preposition 向
    chain = s[cut:t_end].strip("“”\"'")
    return chain if len(chain) >= 2 else None


def _generic_anchor(s: str, e: int) -> int | None:
    """Start of a dictionary title (预报员, 医学家) ending at ``e`` that a name follows."""
    if e >= len(s) or not _surname_len(s, e) or _common(s[e - 1:e + 1], 50):
        return None  # 司机师傅: 机师 is inside a word
    return next((e - k for k in (4, 3, 2) if e >= k and _generic_title(s[e - k:e])), None)


def _anchor_hit(s: str, a: int, e: int, kind: str, dotted: bool = True) -> _Hit | None:
    """A name right after a title, person noun or age (主席刘勇, 母亲余细女, 6岁的某某)."""
    read = _read_forward(s, e, dotted, kind == "title")
    if not read:
        return None
    end, right = read
    return s[e:end], e, end, kind, 3, right, (s, a, e) if kind == "title" else None


def _cue_hit(s: str, p: int, kind: str, right: int, dotted: bool = True) -> _Hit | None:
    """A name right before a speech verb, 等, a post-title or a crime case."""
    prev = s[p - 1:p]
    if kind == "cue" and prev == "地":
        p, read = _behind_adverb(s, p, dotted)  # 吴某动情地说
    else:
        read = _read_backward(s, p, right == 4, dotted)
        if not read and right == 4 and (prev in _ADVERB_LAST or prev == "\n"):
            adverb = _ADVERB_END.search(s, max(0, p - 2), p)  # 甲和乙一起出席
            if adverb:
                p = adverb.start()
                read = _read_backward(s, p, True, dotted)
    return (s[read[0]:p], read[0], p, kind, read[1], right, None) if read else None


def _token_hits(s: str, out: list[_Hit | None], dotted: bool = True) -> None:
    """Hits around every context word in ``s``, appended to ``out`` (None for no hit)."""
    actions = _TOKEN_ACTIONS
    append = out.append
    for m in _TOKEN_RE.finditer(s):
        a, e = m.span()
        anchor, cue, post, crime, age, tail, say = actions[m[0]]
        if anchor:
            append(_anchor_hit(s, a, e, anchor, dotted))
        if cue and not (say and s[a - 1:a] in _SAY_BLOCKERS):
            append(_cue_hit(s, a, "cue", cue, dotted))
        if post:
            append(_cue_hit(s, a, "post", 3, dotted))
        if crime and _CASE_TAIL.match(s, e):
            append(_cue_hit(s, a, "case", 3, dotted))  # 某某受贿案
        elif age and s[a - 1:a].isdigit():
            append(_anchor_hit(s, a, e + (s[e:e + 1] == "的"), "noun", dotted))  # 6岁的某某
        elif tail:
            g = _generic_anchor(s, e)
            if g is not None:
                append(_anchor_hit(s, g, e, "title", dotted))


def _behind_adverb(s: str, p: int, dotted: bool = True) -> tuple[int, tuple[int, int] | None]:
    """Skip a two- or three-character adverb in 地 before a speech verb."""
    for k in (3, 4):
        read = _read_backward(s, p - k, False, dotted)
        if read:
            return p - k, read
    return p, None


def _head_hits(s: str, fname: str, out: list[_Hit | None], dotted: bool = True) -> None:
    """A name opening a headline or paragraph (赵尚志：…, 刘勇走访…)."""
    if fname in _HEAD_FIELDS:
        starts = [0] if s and _surname_len(s, 0) else []
    else:  # the start of the field or of a line, at a surname
        starts = [0] if s[:1] in _SURNAMES else []
        if "\n" in s:
            starts += [m.end() for m in _LINE_SURNAME_RE.finditer(s)]
    for i in starts:
        read = _read_forward(s, i, dotted, closed=True)
        if read and read[1] >= 2:
            out.append((s[i:read[0]], i, read[0], "head", 3, read[1], None))
    if ("年" in s or "又" in s) and _BIO_HINT.search(s):  # (one-character tests are much faster)
        for m in _BIO_RE.finditer(s):
            out.append((m.group(1), m.start(1), m.end(1), "bio", 3, 3, None))


def _dictionary_hits(s: str, out: list[_Hit | None]) -> None:
    """Names jieba's dictionary knows (杨靖宇), standing alone before punctuation."""
    freq = _lexicon()[0]
    # most texts have no such name: test the candidate words first, without match objects (and
    # intersected with the dictionary's words: most candidates are no word at all)
    if not any(freq[w] >= 5 and _person_word(w) for w in freq.keys() & _DICT_CAND_WORDS_RE.findall(s)):
        return
    for m in _DICT_CAND_RE.finditer(s):
        end = m.start()
        w = s[end - 3:end]
        if (freq.get(w) or 0) >= 5 and _person_word(w):
            left = _left_strength(s, end - 3)
            if left:
                out.append((w, end - 3, end, "dict", left, 3, None))


def _find_text_names(s: str, fname: str = "text", dotted: bool | None = None) -> list[_Hit]:
    """All candidate person hits in one field string, before acceptance."""
    if dotted is None:
        dotted = _has_dot(s)
    hits: list[_Hit | None] = []
    _token_hits(s, hits, dotted)
    _head_hits(s, fname, hits, dotted)
    _dictionary_hits(s, hits)
    return [h for h in hits if h and 2 <= len(h[0]) <= 24]


# --- acceptance ------------------------------------------------------------------------------

@_memo
def _name_shape(name: str) -> str:
    """'dot', 'chinese', 'foreign' or '' for strings that cannot be a name."""
    if not _DOT_SET.isdisjoint(name):
        parts = _DOT_SPLIT.split(name)
        return "dot" if all(parts) and all(_all_cjk(p) for p in parts) else ""
    if not _all_cjk(name) or not _NOT_IN_NAME.isdisjoint(name[1:]):
        return ""
    sl = _surname_len(name, 0)
    if sl and sl < len(name) <= _MAX_NAME:
        return "chinese"
    if len(name) <= _MAX_FOREIGN and _TRANSLIT.issuperset(name):
        return "foreign"
    return "other"


@_memo
def _is_generic(name: str) -> bool:
    """张先生, 李阿姨, 老李 (also at the end of a longer string): a reference, not a name."""
    return bool(_GENERIC_RE.match(name)) or (len(name) > 2 and bool(_GENERIC_TAIL_RE.search(name)))


def _common(word: str, min_freq: int) -> bool:
    return _non_person_word(word) and _freq(word) >= min_freq


@_memo
def _word_like(name: str, right: int = 3, head: bool = False, strong: bool = False) -> bool:
    """True when the string reads as ordinary vocabulary rather than a name.

    ``right`` is how surely the name ends there (see ``_right_strength``).  A
    three-character string opening with a common word (关于党, 战斗中) is no name
    unless a stop word or punctuation closes it; a common word as given name
    (何建国) is fine whenever the end is marked.  ``strong``: a title before and a
    speech verb after, which outweighs jieba's tag for the whole string (钟南山).
    """
    if name in _PLACES or _freq(name) >= 1000:
        return True
    if not (strong and len(name) >= 3) and _non_person_word(name):
        return True
    if len(name) == 4 and _surname_len(name, 0) == 1:
        return _common(name[2:], 50) or _common(name[:2], 50)
    if len(name) != 3:
        return False
    if _common(name[:2], 50) and name[:2] not in _COMPOUND:
        noun = _lexicon()[1].get(name[:2], "").startswith("n")
        if right < 2 or (head and right < 4) or (right < 3 and not noun):
            return True
    return right < 2 and _common(name[1:], 500)


@_memo
def _accept_parts(name: str, kind: str, left: int, right: int) -> bool:
    """Is one hit, on its own, enough evidence for a person?  Only the hit's name, kind and
    boundary strengths matter (cached: the same hits recur)."""
    shape = _name_shape(name)
    if not shape or _is_generic(name) or name[0] in _HARD_STOPS or name[0] in _LEFT_WEAK:
        return False
    if shape == "dot":
        return (left >= 1 or right >= 1) and not _non_person_word(name)
    strong = kind == "title" and right == 4
    if _word_like(name, right, head=kind == "head", strong=strong):
        return False
    if shape == "chinese":
        return _chinese_evidence(name, kind, left, right) and (right == 4 or not name.endswith(_PLACE_SUFFIXES))
    if shape == "foreign":
        return kind in ("title", "noun", "cue", "post") and left >= 1 and right >= 1
    return kind in ("title", "cue") and left >= 3 and right == 4 and _no_words_inside(name)


def _no_words_inside(name: str) -> bool:
    """A foreign name of unknown shape should hold no common two-character word."""
    return not any(_non_person_word(name[i:i + 2]) and _freq(name[i:i + 2]) >= 100
                   for i in range(len(name) - 1))


def _chinese_evidence(name: str, kind: str, left: int, right: int) -> bool:
    sl = _surname_len(name, 0)
    if len(name) == _MAX_NAME and sl == 1:
        return kind in ("title", "cue", "post") and left >= 3 and right >= 2
    if name[0] in _RARE and sl == 1:
        return left >= 1 and right >= 2 and not _common(name[1:], 50)
    if kind in ("title", "noun"):
        return True
    if kind == "head":
        return right >= 2
    if kind == "bio":
        return True
    if kind == "dict":
        return not _word_like(name, right=0) and not name.endswith(_PLACE_SUFFIXES)
    return left >= 1 and kind in ("cue", "post", "case")


_BY_START = itemgetter(1)  # a _Hit's start


def _accepted_names(hits: list[_Hit]) -> dict[str, str | None]:
    """Names with enough evidence, mapped to the first title seen for them."""
    names: dict[str, str | None] = {}
    if len(hits) > 1:
        hits = sorted(hits, key=_BY_START)
    for name, _, _, kind, left, right, chain in hits:
        if names.get(name) is None and _accept_parts(name, kind, left, right):
            names[name] = _title_chain(*chain) if chain else None
    return names


# --- lists -----------------------------------------------------------------------------------

def _first_in_chain(s: str, sep: int) -> bool:
    """Is the 、 at ``sep`` the first of its list (no 、 one short member before it)?"""
    prev = s.rfind("、", max(0, sep - _MAX_FOREIGN - 1), sep)
    return prev < 0 or not _NAME_RUN.fullmatch(s, prev + 1, sep)


def _list_members(s: str, sep: int, dotted: bool = True) -> tuple[list[str], int, bool]:
    """Members of the 、-list opening at ``sep``, the first member's left strength, and
    whether a title stands right before the list.

    An unreadable first member gives ``_NO_LIST``: the list is not one of names.
    """
    back = _read_backward(s, sep, False, dotted)
    if not back:
        return _NO_LIST
    members = [s[back[0]:sep]]
    pos = sep
    while pos < len(s) and s[pos] == "、":
        seg_end = _segment_end(s, pos + 1, s.find("、", pos + 1), dotted)
        if seg_end is None:
            return _NO_LIST
        members.append(s[pos + 1:seg_end])
        pos = seg_end
    return members, back[1], _title_ending_at(s, back[0]) is not None


def _segment_end(s: str, a: int, nxt: int, dotted: bool = True) -> int | None:
    """End of one list member starting at ``a``: the next 、 or where a name stops."""
    if 0 < nxt - a <= _MAX_FOREIGN and _NAME_RUN.fullmatch(s, a, nxt):
        return nxt
    read = _read_forward(s, a, dotted)
    return read[0] if read else None


_NO_LIST: tuple[list[str], int, bool] = ([], 0, False)
_NAME_HEAD = _SURNAMES | _COMPOUND_FIRST  # what a surname-led name starts with
# A 、 that may join plain names: a surname right after it, and one 2 to 4 characters before it
# (the first member ends at the 、, a surname-led name is 2 to 4 characters long).
_PLAIN_LIST_SEP = re.compile(  # (the look-ahead first: one character class rejects most 、)
    f"、(?={_SURNAME_AHEAD})"
    "(?:" + "|".join(f"(?<=[{''.join(sorted(_NAME_HEAD))}]{'.' * k}、)" for k in (1, 2, 3)) + ")", re.DOTALL
)


def _expand_lists(fields: dict[str, str], names: dict[str, str | None],
                  memo: dict[str, dict[int, tuple[list[str], int, bool]]] | None = None,
                  dots: dict[str, bool] | None = None, occurs: dict[str, dict[str, list[int]]] | None = None) -> None:
    """Add the other members of lists (、 和 与 及) that contain an accepted name.

    ``memo`` keeps per field the lists read at each 、 (they depend on the text only) for a
    second pass; ``dots`` tells per field whether it holds a name dot (·); ``occurs`` keeps
    per field where names occur (see _occurrences).
    """
    if memo is None:
        memo = {}
    if occurs is None:
        occurs = {}
    for fname, s in fields.items():
        sep = s.find("、")
        if sep >= 0:
            dotted = dots[fname] if dots is not None else _has_dot(s)
            lists = memo.get(fname)
            if lists is None:
                lists = memo[fname] = {}
            seen = occurs.setdefault(fname, {})
            known = -1
            chain_last = -1
        while sep >= 0:
            if len(names) != known:  # names only grow: look again when they do
                short = [n for n in names if len(n) <= 4]
                named = any(n[-1:] in s and n in s for n in names)  # (the one-character test is much faster)
                known = len(names)
                name_starts = None
            # _accept_list only acts on a list with a known member (so a known name occurs in s)
            # or on a list of plain names (_PLAIN_LIST_SEP): without a known name in s, go to the next
            # 、 that could open one
            if not named:
                m = _PLAIN_LIST_SEP.search(s, sep)
                if m is None:
                    break
                sep = m.start()
            else:
                # Where the members of a list read at this 、 can be: the first one ends here and starts
                # at most 6 characters back (46 for a ·-name, see _dot_name_backward); each later one
                # starts after a 、, ends at or before the next 、 and has at most 6 characters unless it
                # is a ·-name (a run of CJK and dots); the list goes on only from a member that ends at a
                # 、.  With no known name in that stretch and no plain list here, the list cannot act.
                if sep > chain_last:
                    chain_last = sep
                    while True:
                        nxt = s.find("、", chain_last + 1) if dotted else s.find("、", chain_last + 1, chain_last + 8)
                        if nxt < 0 or (nxt - chain_last > _MAX_FOREIGN + 1
                                       and not _NAME_RUN.fullmatch(s, chain_last + 1, nxt)):
                            break
                        chain_last = nxt
                    chain_end = chain_last + _MAX_FOREIGN + 1
                    if dotted:
                        m = _NAME_RUN.match(s, chain_last + 1)
                        if m and m.end() > chain_end:
                            chain_end = m.end()
                if name_starts is None:
                    name_starts = sorted(i for n in names for i in _starts(s, n, seen))
                j = bisect_left(name_starts, sep - (_DOT_WINDOW + _MAX_FOREIGN if dotted else _MAX_FOREIGN))
                if (j == len(name_starts) or name_starts[j] >= chain_end) and not _PLAIN_LIST_SEP.match(s, sep):
                    sep = s.find("、", sep + 1)
                    continue
            lst = lists.get(sep)  # read in the first pass: this 、 passed the test below, which names only widen
            if lst is None:
                near = s[sep - 4 if sep > 4 else 0:sep + 4]  # a cheap test: a name may stand by this 、
                if s[sep + 1:sep + 2] in _NAME_START or not _NAME_START.isdisjoint(near[:3]) \
                        or (short and any(n in near for n in short)):
                    lst = lists[sep] = _list_members(s, sep, dotted) if _first_in_chain(s, sep) else _NO_LIST
            if lst is not None and lst is not _NO_LIST:
                _accept_list(*lst, names)
            sep = s.find("、", sep + 1)
        _expand_pairs(s, names, occurs.setdefault(fname, {}))


def _plain_list_name(m: str) -> bool:
    """A list member that is a name on its own: surname-led, short, no word, no place."""
    sl = _surname_len(m, 0)
    return (_name_shape(m) == "chinese" and len(m) <= sl + 2 and m[0] not in _RARE
            and not _is_generic(m) and not _word_like(m, right=0) and not m.endswith(_PLACE_SUFFIXES))


def _member_ok(m: str, n_known: int) -> bool:
    """May this member of a list with ``n_known`` accepted names be a person?"""
    shape = _name_shape(m)
    if not shape or _is_generic(m) or _word_like(m) or m[0] in _LEFT_WEAK:
        return False
    if shape == "chinese" and len(m) <= _surname_len(m, 0) + 2:
        return not m.endswith(_PLACE_SUFFIXES)
    if shape in ("dot", "foreign"):
        return True
    return n_known >= 2 and len(m) <= _MAX_NAME and _no_words_inside(m)


def _accept_list(members: list[str], left: int, titled: bool, names: dict[str, str | None]) -> None:
    """Accept list members: all of a plain list of names, or the plausible ones next to known names."""
    if len(members) < 2:
        return
    known = [m for m in members if m in names]
    if not known and not (left >= 1 and all(_plain_list_name(m) for m in members)):
        return
    title = names.get(members[0]) if titled else None  # 副总理韩正、孙春兰: the title covers the list
    for m in members[1:] if members[0] in names else members:
        if m in names:
            names[m] = names[m] or title
        elif _member_ok(m, len(known)):
            names[m] = title
    if members[0] not in names and _member_ok(members[0], len(known)):
        names[members[0]] = None


def _expand_pairs(s: str, names: dict[str, str | None], seen: dict[str, list[int]] | None = None) -> None:
    """洪振海和王志胜: a name joined by 和/与/及 to an accepted one (``seen``: see _occurrences)."""
    if not names or ("和" not in s and "与" not in s and "及" not in s):
        return
    for a, b, _ in _occurrences(s, list(names), seen):
        if b < len(s) and s[b] in "和与及":
            fwd = _read_forward(s, b + 1)
            if fwd and fwd[1] >= 1:
                _add_partner(s[b + 1:fwd[0]], names)
        if a > 0 and s[a - 1] in "和与及":
            back = _read_backward(s, a - 1)
            if back and back[1] >= 1:
                _add_partner(s[back[0]:a - 1], names)


def _add_partner(other: str, names: dict[str, str | None]) -> None:
    if other not in names and _name_shape(other) == "chinese" and not _is_generic(other) \
            and not _word_like(other) and len(other) <= _surname_len(other, 0) + 2:
        names[other] = None


# --- bylines and credits ---------------------------------------------------------------------

_ROLE_OF = {
    "特约通讯员": "correspondent", "通讯员": "correspondent", "摄影记者": "photographer",
    "特派记者": "reporter", "首席记者": "reporter", "见习记者": "reporter", "记者": "reporter",
    "责任编辑": "editor", "编辑": "editor", "作者": "author", "实习生": "reporter",
    "美编": "editor", "校对": "editor", "审校": "editor", "统筹": "editor", "策划": "editor",
    "文": "author", "图": "photographer", "摄影": "photographer", "摄": "photographer",
}
_ROLE_PAT = "特约通讯员|通讯员|摄影记者|特派记者|首席记者|见习记者|记者|责任编辑|编辑|作者|实习生" \
            "|美编|校对|审校|统筹|策划" \
            "|[文图]\\s*[/／:：]|摄影\\s*[/／:：]?|摄"
_BYLINE_TOKEN = re.compile(
    f"(?P<role>{_ROLE_PAT})|(?P<word>(?:(?!{_ROLE_PAT})[{_CJK}{_DOT}])+)|(?P<sep>[\\s\u3000\xa0]+)|(?P<other>.)"
)
_ROLE_RE = re.compile(_ROLE_PAT)
_BYLINE_STOP = frozenset(D.BYLINE_STOP)
_PAREN_RE = re.compile(r"[(（]([^()（）]*)[)）]")
_SUFFIX_ROLES = ("摄", "摄影")


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


# A byline token: (kind, printed text, start, end, name); kind is "role" or "word".
_Tok = tuple[str, str, int, int, str]


def _tokens(s: str, a: int, b: int) -> list[_Tok]:
    """Role words and name words of ``s[a:b]``; single characters split by spaces are joined
    (杜\xa0\xa0宇 -> one word 杜宇 whose span covers the printed form)."""
    out: list[_Tok] = []
    end = a  # every character falls in some token, so the tokens tile s[a:b]
    single = 0  # 1: the last token is a one-character word; 2: ... followed by a separator
    for role, word, sep, other in _BYLINE_TOKEN.findall(s, a, b):
        start = end
        if role:
            end += len(role)
            out.append(("role", role, start, end, role))
            single = 0
        elif word:
            end += len(word)
            if single == 2 and len(word) == 1:  # a spaced-out name: join it
                gap = out[-1]
                out[-1] = ("word", s[gap[2]:end], gap[2], end, gap[4] + word)
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
    last = len(toks) - 1
    for i, (kind, text, start, end, name) in enumerate(toks):
        if kind == "role":
            key = _role_key(text)
            role = _ROLE_OF.get(key, role)
            if i and key in _SUFFIX_ROLES:
                suffix = True
            continue
        if i < last:
            nxt = toks[i + 1]
            if nxt[0] == "role" and nxt[2] == end and _role_key(nxt[1]) not in _SUFFIX_ROLES:
                continue  # 新华社记者, 本报通讯员: an outlet, not a name
        if _byline_name_ok(name, role is not None):
            out.append((name, role or default, start, end))
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


# --- assembling records ----------------------------------------------------------------------

@dataclass(slots=True)
class _Person:
    name: str
    role: str
    title: str | None = None
    spans: list[Span] = field(default_factory=list)


def _occurrences(s: str, names: list[str],
                 seen: dict[str, list[int]] | None = None) -> list[tuple[int, int, str]]:
    """Every non-overlapping occurrence of the names in ``s``, longer names first.

    ``seen`` keeps, per name, where it occurs in ``s`` for later calls on the same string.
    """
    if seen is None:
        seen = {}
    found: list[tuple[int, int, str]] = []
    for n in names:
        starts = seen.get(n)
        if starts is None:
            starts = _starts(s, n, seen)
        if starts:
            neg = -len(n)
            found += [(i, neg, n) for i in starts]  # sorts by start, then longer first (equal keys: equal names)
    if not found:
        return []
    found.sort()
    out: list[tuple[int, int, str]] = []
    last = -1
    for a, neg, n in found:
        if a >= last:
            last = a - neg
            out.append((a, last, n))
    return out


def _starts(s: str, n: str, seen: dict[str, list[int]]) -> list[int]:
    """Where ``n`` starts in ``s`` (overlaps included), in order; kept in ``seen`` for ``s``."""
    starts = seen.get(n)
    if starts is None:
        starts = seen[n] = []
        find = s.find
        i = find(n) if n[-1:] in s else -1  # (a one-character test first: much faster when n is absent)
        while i >= 0:
            starts.append(i)
            i = find(n, i + 1)
    return starts


def _aliases(names: Iterable[str]) -> dict[str, str]:
    """Short forms of ·-names: 马欣达 -> 马欣达·拉贾帕克萨."""
    out: dict[str, str] = {}
    for n in names:
        if _DOT_SET.isdisjoint(n):
            continue
        parts = _DOT_SPLIT.split(n)
        if len(parts) > 1:
            for p in (parts[0], parts[-1]):
                if len(p) >= 2:
                    out.setdefault(p, n)
    return out


def _byline_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """People in the byline and the photo credit, with the roles printed there."""
    for fname in _BYLINE_FIELDS:
        s = fields.get(fname)
        if not s:
            continue
        default = "photographer" if fname == "credit" else "reporter"
        for name, role, a, b in parse_credit_line(s, default):
            if fname == "credit" and role != "author":
                role = "photographer"
            p = people.get(name)
            if p is None:
                p = people[name] = _Person(name, role)
            p.spans.append(Span(fname, a, b, s[a:b]))


_INLINE_CREDIT_RE = re.compile(
    r"(?:^|\n)(?:[^\n（(]{0,20}?[讯电]\s*)?[（(](?P<head>[^()（）\n]{2,40})[)）]"
    r"|[（(](?P<tail>[^()（）\n]{2,40})[)）]\s*(?=\n|$)"
)
_CREDIT_WORD_RE = re.compile("记者|通讯员|编辑|摄")
_CREDIT_START_RE = re.compile("[\n（(]")  # where an _INLINE_CREDIT_RE match can start (besides 0)


def _inline_credit_matches(s: str) -> list[re.Match[str]]:
    """``list(_INLINE_CREDIT_RE.finditer(s))``, trying only the places a match can start at."""
    out: list[re.Match[str]] = []
    if "(" not in s and "（" not in s:  # every match holds a bracket
        return out
    cand = 0
    while True:
        m = _INLINE_CREDIT_RE.match(s, cand)
        if m:
            out.append(m)
            nxt = _CREDIT_START_RE.search(s, m.end())
        else:
            nxt = _CREDIT_START_RE.search(s, cand + 1)
        if nxt is None:
            return out
        cand = nxt.start()


def _inline_credit_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Bylines and credits left inside the body ((记者甲 乙)…, …(记者 丙 摄)): their roles, not mentioned."""
    for fname, s in fields.items():
        # (one-character tests first: finding a longer string in CJK text is some 20 times slower)
        if fname not in _TEXT_FIELDS or not ("摄" in s or ("者" in s and "记者" in s) or ("讯" in s and "通讯员" in s)
                                              or ("辑" in s and "编辑" in s)):
            continue
        for m in _inline_credit_matches(s):
            group = "head" if m.group("head") else "tail"
            a, b = m.span(group)
            if not _CREDIT_WORD_RE.search(s, a, b):
                continue
            photo = "摄" in s[a:b] or fname == "caption"
            for name, role, x, y in parse_credit_line(s[a:b]):
                if _surname_len(name, 0) or any(d in name for d in _DOT):
                    role = "photographer" if photo and role != "author" else role
                    p = people.get(name)
                    if p is None:
                        p = people[name] = _Person(name, role)
                    p.spans.append(Span(fname, a + x, a + y, s[a + x:a + y]))


_TURN_RE = re.compile(f"(?:^|\n)([{_CJK}{_DOT}]{{2,12}})[:：]")


def _interview_turns(text: str) -> list[Speaker]:
    """Speakers of a 记者：/某某： interview when the segmenter gave none."""
    # (a one-character test first: finding a longer string in CJK text is some 20 times slower)
    if "记" not in text or ("记者：" not in text and "记者:" not in text):
        return []
    turns = list(_TURN_RE.finditer(text))
    if not any(m.group(1) == "记者" for m in turns):
        return []
    return [Speaker(m.group(1), 0, m.start(1), m.end(1)) for m in turns
            if m.group(1) != "记者" and _name_shape(m.group(1)) in ("chinese", "dot", "foreign")
            and not _is_generic(m.group(1))]


_SPACES = re.compile(r"\s+")


def _speaker_people(item: Item, fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Interview speakers are interviewees (unless already in the byline)."""
    text = fields.get("text", "")
    for sp in item.speakers or _interview_turns(text):
        name = _SPACES.sub("", sp.name)
        if not name or name == "记者":
            continue
        p = people.get(name)
        if p is None:
            p = people[name] = _Person(name, "interviewee")
        if 0 <= sp.start < sp.end <= len(text):
            p.spans.append(Span("text", sp.start, sp.end, text[sp.start:sp.end]))


def _text_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Accept names from running text, grow lists, then find every occurrence."""
    texts: dict[str, str] = {}
    dots: dict[str, bool] = {}
    hits: list[_Hit] = []
    for fname, s in fields.items():
        if fname in _TEXT_FIELDS:
            texts[fname] = s
            dotted = dots[fname] = _has_dot(s)
            hits += _find_text_names(s, fname, dotted)
    names = _accepted_names(hits)
    lists: dict[str, dict[int, tuple[list[str], int, bool]]] = {}
    occurs: dict[str, dict[str, list[int]]] = {k: {} for k in texts}  # per field: name -> its starts
    for _ in range(2):
        before = len(names)
        _expand_lists(texts, names, lists, dots, occurs)
        if len(names) == before:
            break
    for s in texts.values():
        m = _ALIAS_RE.search(s) if "又" in s else None  # (the one-character test is much faster)
        if m and _name_shape(m.group(1)) == "chinese":
            names.setdefault(m.group(1), None)
    if not names and not people:
        return
    aliases = _aliases((*names, *people))
    for name, title in names.items():
        target = aliases.get(name, name)
        p = people.get(target)
        if p is None:
            p = people[target] = _Person(target, "mentioned")
        if p.title is None and p.role == "mentioned":
            p.title = _clean_title(title, names)
    _collect_spans(texts, people, aliases, occurs)


def _clean_title(title: str | None, names: Iterable[str]) -> str | None:
    """Cut a title chain after any other person in it (校长甲、副校长乙 -> 副校长)."""
    if not title:
        return None
    cut = max((title.rfind(n) + len(n) for n in names if n in title), default=0)
    title = title[cut:].lstrip("、，,和与及")
    return title if len(title) >= 2 else None


def _collect_spans(texts: dict[str, str], people: dict[str, _Person], aliases: dict[str, str],
                   occurs: dict[str, dict[str, list[int]]] | None = None) -> None:
    """Span every occurrence; a byline name that is also a word (温馨) is not searched for."""
    forms = [n for n, p in people.items() if p.role == "mentioned" or not _non_person_word(n)]
    forms += [a for a in aliases if aliases[a] in people]
    seen: dict[str, set[tuple[str, int, int]]] = {}  # (field, start, end) already spanned, per person
    for fname, s in texts.items():
        for a, b, n in _occurrences(s, forms, occurs[fname] if occurs is not None else None):
            p = people[aliases.get(n, n) if n not in people else n]
            keys = seen.get(p.name)
            if keys is None:
                keys = seen[p.name] = {(x.field, x.start, x.end) for x in p.spans}
            if (fname, a, b) not in keys:  # equal field and offsets give equal text: an equal span
                keys.add((fname, a, b))
                p.spans.append(Span(fname, a, b, s[a:b]))


_BY_FIRST_AND_NAME = itemgetter(0, 1)


def annotate_people(item: Item, ctx: IssueContext) -> list[PersonMention]:
    """One record per person in the item, every mention spanned, sorted by first mention."""
    del ctx  # issue-wide facts are not needed yet
    fields = item.fields()
    people: dict[str, _Person] = {}
    _byline_people(fields, people)
    _inline_credit_people(fields, people)
    _speaker_people(item, fields, people)
    _text_people(fields, people)
    if not people:
        return []
    order = {f: i for i, f in enumerate(fields)}

    def span_key(sp: Span) -> tuple[int, int]:
        return order.get(sp.field, 99), sp.start

    ranked = []  # (first mention, name, person, spans in order): the spans are sorted once per person
    for p in people.values():
        spans = p.spans
        if spans:
            if len(spans) > 1:
                spans = sorted(spans, key=span_key)
            ranked.append((span_key(spans[0]), p.name, p, spans))
    ranked.sort(key=_BY_FIRST_AND_NAME)
    return [PersonMention(p.name, p.role, tuple(spans), p.title) for _, _, p, spans in ranked]
