"""Candidate hits: evidence that a string names a person, found around context words.

One regex pass per field finds every context word (title, person noun, speech verb, post-title,
crime, age, title ending); each gives an anchor hit (a name after it) or a cue hit (a name before
it).  Names opening a headline or paragraph, bios and names the dictionary knows add the rest.
Nothing is accepted here: accept.py weighs the hits.
"""

from __future__ import annotations

import re

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people.alternation import _alternation, _scanning_alternation
from corpus_tools.annotate.people.boundaries import (
    _ADVERB_BEFORE_VERB,
    _TIME_BEFORE_VERB,
    _glued_cue,
    _left_strength,
    _right_strength,
)
from corpus_tools.annotate.people.dictionary import _common, _freq, _generic_title, _lexicon, _person_word
from corpus_tools.annotate.people.patterns import (
    _CJK,
    _DOT_SPLIT,
    _NOUN_SET,
    _SPEECH_AT,
    _SURNAME_AHEAD,
    _TITLE_NOUN_SET,
    _TITLE_SET,
    _TRANSLIT,
    _all_cjk,
    _has_dot,
    _surname_len,
)
from corpus_tools.annotate.people.reading import _read_backward, _read_forward
from corpus_tools.roles import role_of

_HEAD_FIELDS = ("kicker", "headline", "subheadline", "title")
_SPEECH_SET = frozenset(D.SPEECH_CUES)
_POST_SET = frozenset(D.POST_TITLES)
_CRIME_SET = frozenset(D.CRIMES)
_TAIL_SET = frozenset({*D.TITLE_TAIL_CHARS, "学家"})
_AGE_WORDS = frozenset({"岁", "周岁"})
_CONTEXT_WORDS = frozenset({*D.OFFICE_TITLES, *D.PERSON_NOUNS, *D.SPEECH_CUES, *D.POST_TITLES,
                            *D.CRIMES, *_TAIL_SET, *_AGE_WORDS, "等"})
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
# a line opening with a surname (_surname_len > 0) or a transliteration character
_LINE_NAME_RE = re.compile(f"\n(?={_SURNAME_AHEAD}|[{''.join(sorted(D.TRANSLIT_CHARS))}])")
_ADVERB_END = re.compile(f"(?:{_alternation(D.ADVERBS)})$")
_ADVERB_LAST = frozenset(w[-1] for w in D.ADVERBS)  # an _ADVERB_END match ends in one (or before a newline)
_CASE_TAIL = re.compile(f"[{_CJK}]{{0,2}}?案")
_BIO_RE = re.compile(f"(?:^|\\n)([{_CJK}]{{2,4}})，(?:又名|\\d{{4}}年)")
_BIO_HINT = re.compile("，(?:又名|\\d{4}年)")  # in every _BIO_RE match; cheap to search for
_CHAIN_BREAK = re.compile(
    r"\d+(?:年|月|日|时|分)|[的了在是由对向将把被让给据为]|会见|会晤|看望|慰问|陪同|邀请"
    r"|当天|当日|下午|上午|晚上|昨天|今天|近日|日前|分别|先后|其中"
)
_CHAIN_STOP = frozenset("，。；：！？,.;:!?\n（）()《》〈〉【】[] \u3000\xa0\t—－-")
_CHAIN_RUN = re.compile("[^" + "".join(re.escape(c) for c in sorted(_CHAIN_STOP)) + "]*")


# One piece of evidence that s[start:end] names a person, as a plain tuple (much cheaper to build than a
# NamedTuple): (name, start, end, kind, left, right, chain).  kind: title noun cue post head case bio dict;
# left/right: boundary strengths; chain: (s, title start, title end) after a title, whose title chain
# (_title_chain) is only read when the hit gives a name its title.
_Hit = tuple[str, int, int, str, int, int, "tuple[str, int, int] | None"]


_CLOSE_QUOTES = frozenset("”’\"")
_SPACES = frozenset(" \u3000\xa0")
_CLOSE_PARENS = frozenset("）)")
_OPEN_PARENS = frozenset("（(")
# where a person stands in a photo caption (左二, 右一, 前排左三), not a name
_PHOTO_POSITION = re.compile("(?:前排|后排|中排)?[左右中前后][一二三四五六七八九十起]*")
# Between a name and its verb: the name in Latin letters in brackets (the habit of Taiwan and Hong Kong
# papers: 某某（Antony Blinken）表示), a day of the month (某某22日表示, 某某于22日宣布), or both.
_GLOSS_OR_DAY_END = re.compile(r"(?:[（(][A-Za-z][A-Za-z .'·\-]{0,50}[)）])?(?:[于在]?\d{1,2}日)?\Z")


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


def _dictionary_name_at(s: str, e: int) -> tuple[int, int] | None:
    """(end, right strength) of a person's name jieba's dictionary knows (阿依古丽) starting at ``e``
    and ending at a marked end, for names no shape rule reads (no surname, few table characters)."""
    for k in (4, 3):
        if _person_word(s[e:e + k]):
            right = _right_strength(s, e + k)
            if right >= 1:
                return e + k, right
    return None


def _anchor_hit(s: str, a: int, e: int, kind: str, dotted: bool = True) -> _Hit | None:
    """A name right after a title, person noun or age (主席周海峰, 母亲吴秀兰, 6岁的某某)."""
    if _freq(s[a:e + 1]) >= 20:
        return None  # 主席国, 主席台, 代表团: the title word runs on into another word
    start = e
    if kind == "title" and s[e:e + 1] in _CLOSE_QUOTES and s.rfind("“", max(0, a - 12), a) >= 0:
        start = e + 1  # “全国劳动模范”某某: a quoted honorific before the name
    elif s[e:e + 1] in _SPACES and role_of(s[a:e]) is None:
        start = e + 1  # 副市长 某某: one space between, as OCR leaves it (记者 某某 is a byline)
    elif s[e:e + 1] in _OPEN_PARENS:
        start = e + 1  # 村民（某某）: the name in brackets after the role, as papers print it
    read = _read_forward(s, start, dotted, kind == "title") or _dictionary_name_at(s, start)
    if not read:
        return None
    end, right = read
    if start > e and s[e] in _OPEN_PARENS and (s[end:end + 1] not in _CLOSE_PARENS
                                               or _PHOTO_POSITION.fullmatch(s, start, end)):
        return None  # the bracket holds more than the name (村民（七十多岁）), or a caption's 左二
    return s[start:end], start, end, kind, 3, right, (s, a, e) if kind == "title" else None


def _cue_hit(s: str, p: int, kind: str, right: int, dotted: bool = True) -> _Hit | None:
    """A name right before a speech verb, 等, a post-title or a crime case (one space between, as OCR
    and some typesetting leave it: 某某 表示)."""
    if kind == "cue" and p > 1 and s[p - 1] in _SPACES:
        p -= 1
    if kind == "cue" and p > 3 and (s[p - 1] in _CLOSE_PARENS or s[p - 1] == "日"):
        gloss = _GLOSS_OR_DAY_END.search(s, max(0, p - 60), p)  # 某某（Latin name）22日表示
        if gloss and gloss.start() < p and gloss.start() > 0 and s[gloss.start() - 1] not in _SPACES:
            p = gloss.start()
    prev = s[p - 1:p]
    if kind == "cue" and prev == "地":
        p, read = _behind_adverb(s, p, dotted)  # 吴某动情地说
    elif kind == "cue" and (q := _before_adverb(s, p)) is not None:
        p, read = q, _read_backward(s, q, right == 4, dotted)  # 某某常说, 某某昨日表示
    else:
        read = _read_backward(s, p, right == 4, dotted)
        if not read and right == 4 and (prev in _ADVERB_LAST or prev == "\n"):
            adverb = _ADVERB_END.search(s, max(0, p - 2), p)  # 甲和乙一起出席
            if adverb:
                p = adverb.start()
                read = _read_backward(s, p, True, dotted)
    if not read or _split_by_a_space(s, read[0]):
        return None
    return s[read[0]:p], read[0], p, kind, read[1], right, None


def _split_by_a_space(s: str, q: int) -> bool:
    """教授卜 文清说: OCR left a space after the surname, so the name does not start at ``q``."""
    return (q >= 2 and s[q - 1] in _SPACES and _surname_len(s[q - 2:q], 0) == 1
            and _left_strength(s, q - 2) == 3)


def _token_hits(s: str, out: list[_Hit | None], dotted: bool = True) -> None:
    """Hits around every context word in ``s``, appended to ``out`` (None for no hit)."""
    actions = _TOKEN_ACTIONS
    append = out.append
    for m in _TOKEN_RE.finditer(s):
        a, e = m.span()
        anchor, cue, post, crime, age, tail, say = actions[m[0]]
        if anchor:
            append(_anchor_hit(s, a, e, anchor, dotted))
        if cue and not (say and s[a - 1:a] in _SAY_BLOCKERS) and not _glued_cue(s, a, e):
            append(_cue_hit(s, a, "cue", cue, dotted))
        if post:
            append(_cue_hit(s, a, "post", 3, dotted))
        if crime and _CASE_TAIL.match(s, e):
            append(_cue_hit(s, a, "case", 3, dotted) or _case_name_hit(s, a))  # 某某受贿案
        elif age and s[a - 1:a].isdigit():
            append(_anchor_hit(s, a, e + (s[e:e + 1] == "的"), "noun", dotted))  # 6岁的某某
        elif tail:
            g = _generic_anchor(s, e)
            if g is not None:
                append(_anchor_hit(s, g, e, "title", dotted))


def _case_name_hit(s: str, p: int) -> _Hit | None:
    """The defendant of a case name (某某故意杀人案) whose surname the table lacks: the two or three
    characters between punctuation (or a line start) and the charge."""
    for k in (3, 2):
        q = p - k
        if q >= 0 and _all_cjk(s, q, p) and _left_strength(s, q) == 3:
            return s[q:p], q, p, "case", 3, 3, None
    return None


def _before_adverb(s: str, p: int) -> int | None:
    """Where a name before the verb at ``p`` ends when an adverb or time word stands between
    them (常说, 昨表示, 昨日表示, 常笑称); None if none does."""
    for word in _TIME_BEFORE_VERB:
        if s.endswith(word, 0, p):
            return p - len(word)
    for k in (1, 2):  # 常说, 常笑称 (笑 is part of the verb 笑称, 常 the adverb)
        q = p - k
        if q > 1 and s[q] in _ADVERB_BEFORE_VERB and (k == 1 or _SPEECH_AT.match(s, q + 1)):
            return q
    return None


def _behind_adverb(s: str, p: int, dotted: bool = True) -> tuple[int, tuple[int, int] | None]:
    """Skip a two- or three-character adverb in 地 before a speech verb."""
    for k in (3, 4):
        read = _read_backward(s, p - k, False, dotted)
        if read:
            return p - k, read
    return p, None


def _head_hits(s: str, fname: str, out: list[_Hit | None], dotted: bool = True) -> None:
    """A name opening a headline or paragraph (郑成功：…, 周海峰走访…, 泽兰斯卡当天表示…).

    The name must end at a stop word, punctuation or a verb; a ·-name (安娜·施密特与…), whose shape
    is evidence enough, also at a soft stop."""
    starts = [0] if _surname_len(s, 0) or s[:1] in _TRANSLIT else []
    if fname not in _HEAD_FIELDS and "\n" in s:  # the start of a line too
        starts += [m.end() for m in _LINE_NAME_RE.finditer(s)]
    for i in starts:
        read = _read_forward(s, i, dotted, closed=True)
        if not read:
            continue
        name = s[i:read[0]]
        if not _surname_len(s, i) and not _TRANSLIT.issuperset(_DOT_SPLIT.sub("", name)):
            continue  # opening with no surname: a transliteration throughout (肯尼亚学者某某 is none)
        if read[1] >= 2 or (read[1] and dotted and _has_dot(name)):
            out.append((name, i, read[0], "head", 3, read[1], None))
    if ("年" in s or "又" in s) and _BIO_HINT.search(s):  # (one-character tests are much faster)
        for m in _BIO_RE.finditer(s):
            out.append((m.group(1), m.start(1), m.end(1), "bio", 3, 3, None))


def _dictionary_hits(s: str, out: list[_Hit | None]) -> None:
    """Names jieba's dictionary knows (郑成功), standing alone before punctuation."""
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


# 由 + name + post-title + a verb of leading or chairing (代表团由某某总统率领, 会议由某某议长主持): the
# frame of official reports marks a name of any characters, also one off the transliteration table.
_LED_BY_RE = re.compile(f"由([{_CJK}·]{{2,6}}?)(?:{_alternation(D.POST_TITLES)})(?:率领|领导|带领|带队|主持)")


def _led_by_hits(s: str, out: list[_Hit | None]) -> None:
    if "由" in s:
        for m in _LED_BY_RE.finditer(s):
            out.append((m[1], m.start(1), m.end(1), "frame", 3, 3, None))


def _find_text_names(s: str, fname: str, dotted: bool) -> list[_Hit]:
    """All candidate person hits in one field string, before acceptance (``dotted``: ``s`` holds a ·)."""
    hits: list[_Hit | None] = []
    _token_hits(s, hits, dotted)
    _head_hits(s, fname, hits, dotted)
    _dictionary_hits(s, hits)
    _led_by_hits(s, hits)
    return [h for h in hits if h and 2 <= len(h[0]) <= 24]
