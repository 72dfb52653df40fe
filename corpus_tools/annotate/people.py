"""People named in an item: byline and credit people by rule, the rest by context.

Why this shape: bylines and credits follow a small grammar (role word, names,
a trailing 摄), so rules read them exactly.  Running text is scanned for
anchors -- a title or person noun before a name (主席刘勇), a speech verb
after it (王青说), a title after it (习近平总书记), a list (韩正、孙春兰) --
and the name boundary is read from the stop words around it.  A name accepted
once is then found at every occurrence in the item.  jieba's dictionary is
only consulted for single look-ups (is this string a common word?), never
run over whole texts, which keeps the annotator fast.

Offsets are Python code-point indices, end exclusive, into ``item.fields()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from corpus_tools.annotate import people_data as D
from corpus_tools.types import IssueContext, Item, PersonMention, Span

__all__ = ["annotate_people", "parse_credit_line", "find_text_names"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DOT = "·•‧・"
_TEXT_FIELDS = ("kicker", "headline", "subheadline", "text", "title", "caption")
_HEAD_FIELDS = ("kicker", "headline", "subheadline", "title")
_BYLINE_FIELDS = ("byline", "credit")
_LIST_SEPS = "、和与及"
_LEFT_WEAK = frozenset("、和与及同跟由向对给被让把据将当")
_MAX_NAME = 4
_MAX_FOREIGN = 6


def _alternation(words: Iterable[str]) -> str:
    """A prefix-factored regex alternation: fast, and longest match first."""
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
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# --- lexicon ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word frequencies and POS tags, loaded once on first use."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab


def _freq(word: str) -> int:
    return _lexicon()[0].get(word) or 0


def _non_person_word(word: str) -> bool:
    """True for dictionary words that are not person names (江汉, 胜利, 伊朗)."""
    if word in D.PLACES:
        return True
    freq, tags = _lexicon()
    f = freq.get(word) or 0
    if not f:
        return False
    # jieba tags many common two-character words nr (康复, 高峰): trust the tag only when rare
    return not tags.get(word, "").startswith("nr") or (len(word) == 2 and f >= 200)


def _person_word(word: str) -> bool:
    """A dictionary word tagged as a person name (习近平, 李克强)."""
    freq, tags = _lexicon()
    return bool(freq.get(word)) and tags.get(word, "").startswith("nr") and not _non_person_word(word)


# --- regexes ---------------------------------------------------------------------------------

_TITLE_SET = frozenset(D.OFFICE_TITLES)
_NOUN_SET = frozenset(D.PERSON_NOUNS)
_ANCHOR_RE = re.compile(
    f"(?P<title>{_alternation(D.OFFICE_TITLES + D.PERSON_NOUNS)})|(?P<age>\\d+(?:周岁|岁)的?)"
)
_CUE_RE = re.compile(f"(?:[{_CJK}]{{1,2}}地)?(?:{_alternation(D.SPEECH_CUES)})|等")
_POST_RE = re.compile(_alternation(D.POST_TITLES))
_CASE_RE = re.compile(f"(?:{_alternation(D.CRIMES)})[{_CJK}]{{0,2}}案")
_BIO_RE = re.compile(f"(?:^|\\n)([{_CJK}]{{2,4}})，(?:又名|\\d{{4}}年)")
_ALIAS_RE = re.compile(f"又名([{_CJK}]{{2,4}})[，,。）)]")
_SPEECH_AT = re.compile(_alternation(D.SPEECH_CUES))
_END_AT = re.compile(_alternation(D.NAME_END_WORDS))
_CHAIN_BREAK = re.compile(
    r"\d+(?:年|月|日|时|分)|[的了在是由对向将把被让给据和与及]|会见|会晤|看望|慰问|陪同|邀请"
    r"|当天|当日|下午|上午|晚上|昨天|今天|近日|日前|分别|先后|其中"
)
_CHAIN_STOP = frozenset("，。；：！？,.;:!?\n（）()《》〈〉【】[] \u3000\xa0\t")
_DOT_FWD = re.compile(f"([{_CJK}]{{1,8}})((?:[{_DOT}][{_CJK}]{{1,8}})+)")
_DOT_BWD = re.compile(f"((?:[{_CJK}]{{1,8}}[{_DOT}])+)([{_CJK}]{{1,8}})$")
_GENERIC_RE = re.compile(
    f"^(?:[老小阿][{''.join(sorted(D.COMMON_SURNAMES))}]|.(?:{_alternation(D.GENERIC_SUFFIXES)}))$"
)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _surname_len(s: str, i: int) -> int:
    """Length of the surname starting at ``s[i]`` (0 if none)."""
    if s[i:i + 2] in D.COMPOUND_SURNAMES:
        return 2
    return 1 if i < len(s) and (s[i] in D.COMMON_SURNAMES or s[i] in D.RARE_SURNAMES) else 0


# --- boundaries ------------------------------------------------------------------------------

def _right_strength(s: str, i: int) -> int:
    """How surely a name ends at ``i``: 4 speech verb, 3 punctuation, 2 stop word, 1 soft stop, 0 none."""
    if i >= len(s) or not _is_cjk(s[i]):
        return 3
    if _SPEECH_AT.match(s, i):
        return 4
    if _END_AT.match(s, i) or s[i] in D.HARD_STOPS:
        return 2
    return 1 if s[i] in D.SOFT_STOPS else 0


def _title_ending_at(s: str, q: int) -> str | None:
    """The title or person noun that ends right at ``q``, if any."""
    for k in range(2, 7):
        w = s[q - k:q] if q >= k else ""
        if w in _TITLE_SET or w in _NOUN_SET:
            return w
    return None


def _left_strength(s: str, q: int) -> int:
    """How surely a name starts at ``q``: 3 punctuation/title, 1 conjunction, 0 none."""
    if q <= 0 or not _is_cjk(s[q - 1]):
        return 3
    if s[q - 1] in "年月日" and q >= 2 and s[q - 2].isdigit():
        return 3
    if _title_ending_at(s, q) or s[q - 1] == "岁" or s[q - 2:q] == "岁的":
        return 3
    return 1 if s[q - 1] in _LEFT_WEAK or s[q - 1] == "的" else 0


def _translit_run(s: str, i: int, step: int = 1, limit: int = _MAX_FOREIGN) -> int:
    """Length of the run of transliteration characters from ``i`` going ``step``."""
    n = 0
    j = i if step > 0 else i - 1
    while 0 <= j < len(s) and s[j] in D.TRANSLIT_CHARS and n < limit:
        n += 1
        j += step
    return n


def _dot_name_forward(s: str, e: int) -> int | None:
    """End of a 马欣达·拉贾帕克萨-style name starting at ``e``."""
    m = _DOT_FWD.match(s, e)
    if not m:
        return None
    last_start = m.end() - len(re.split(f"[{_DOT}]", m.group(2))[-1])
    run = _translit_run(s, last_start)
    if run == 0 or m.start(2) - e > 8:
        return None
    return last_start + run


def _dot_name_backward(s: str, p: int) -> int | None:
    """Start of a ·-name that ends at ``p``."""
    m = _DOT_BWD.search(s[max(0, p - 40):p])
    if not m:
        return None
    if _translit_run(m.group(2), 0) != len(m.group(2)):
        return None
    first = re.split(f"[{_DOT}]", m.group(1))[0]
    first_end = max(0, p - 40) + m.start(1) + len(first)
    run = _translit_run(s, first_end, step=-1)
    return first_end - run if run else None


def _default_length(s: str, e: int, sl: int) -> int:
    """Name length when nothing delimits it: 3 unless the text after 2 chars is a word."""
    if sl == 2:
        return 3
    if _freq(s[e + 2:e + 4]) >= 20 and not _freq(s[e + 1:e + 3]):
        return 2
    return 3


def _read_forward(s: str, e: int) -> tuple[int, int] | None:
    """(end, right strength) of a name starting at ``e``, e.g. after a title."""
    if e >= len(s) or not _is_cjk(s[e]) or s[e] in D.HARD_STOPS:
        return None
    dot_end = _dot_name_forward(s, e)
    if dot_end:
        return dot_end, _right_strength(s, dot_end)
    run = _translit_run(s, e)
    if run >= 4 and _right_strength(s, e + run):
        return e + run, _right_strength(s, e + run)
    sl = _surname_len(s, e)
    if sl:
        return _read_surname_forward(s, e, sl)
    if run >= 2:
        return e + run, _right_strength(s, e + run)
    for k in range(2, _MAX_FOREIGN):
        if not all(_is_cjk(c) for c in s[e:e + k]):
            return None
        if _right_strength(s, e + k) == 4:
            return e + k, 4
    return None


def _read_surname_forward(s: str, e: int, sl: int) -> tuple[int, int] | None:
    """Surname-led name: stop at the first stop word, else at a soft stop, else guess."""
    soft = 0
    for k in range(sl + 1, sl + 4):
        if e + k > len(s) or not all(_is_cjk(c) for c in s[e:e + k]):
            break
        st = _right_strength(s, e + k)
        if st >= 2:
            return e + k, st
        if st == 1 and not soft:
            soft = k
    if soft:
        return e + soft, 1
    k = _default_length(s, e, sl)
    if e + k > len(s) or not all(_is_cjk(c) for c in s[e:e + k]):
        return None
    return e + k, 0


def _read_backward(s: str, p: int) -> tuple[int, int] | None:
    """(start, left strength) of a name ending at ``p``, e.g. before 表示."""
    if p <= 0 or not _is_cjk(s[p - 1]):
        return None
    if _DOT[0] in s[max(0, p - 30):p] or any(d in s[max(0, p - 30):p] for d in _DOT[1:]):
        q = _dot_name_backward(s, p)
        if q is not None:
            return q, _left_strength(s, q)
    for length in (3, 2, 4):
        q = p - length
        if q < 0 or not all(_is_cjk(c) for c in s[q:p]) or s[q] in _LEFT_WEAK:
            continue
        sl = _surname_len(s, q)
        left = _left_strength(s, q) or (1 if length == 3 and _person_word(s[q:p]) else 0)
        if sl and length > sl and left and (length < 4 or left == 3 or sl == 2):
            return q, left
    return _read_backward_foreign(s, p)


def _read_backward_foreign(s: str, p: int) -> tuple[int, int] | None:
    run = _translit_run(s, p, step=-1)
    for length in range(min(run, _MAX_FOREIGN), 1, -1):
        st = _left_strength(s, p - length)
        if st:
            return p - length, st
    for length in range(2, _MAX_NAME + 1):
        q = p - length
        if q >= 0 and all(_is_cjk(c) for c in s[q:p]) and _title_ending_at(s, q):
            return q, 3
    return None


# --- candidate hits --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Hit:
    """One piece of evidence that ``s[start:end]`` names a person."""

    name: str
    start: int
    end: int
    kind: str  # title noun cue post head case bio list
    left: int
    right: int
    title: str | None = None


def _title_chain(s: str, t_start: int, t_end: int) -> str | None:
    """The title words before a name: back to punctuation or a verb/preposition."""
    a = t_start
    while a > 0 and s[a - 1] not in _CHAIN_STOP and t_end - a < 40:
        a -= 1
    cut = a
    for m in _CHAIN_BREAK.finditer(s, a, t_start):
        cut = m.end()
    chain = s[cut:t_end].strip("“”\"'")
    return chain if len(chain) >= 2 else None


def _anchor_hits(s: str) -> Iterable[_Hit]:
    """Names right after a title, person noun or age (主席刘勇, 母亲余细女, 6岁的某某)."""
    for m in _ANCHOR_RE.finditer(s):
        read = _read_forward(s, m.end())
        if not read:
            continue
        end, right = read
        word = m.group("title")
        kind = "title" if word and word in _TITLE_SET else "noun"
        title = _title_chain(s, m.start(), m.end()) if kind == "title" else None
        yield _Hit(s[m.end():end], m.end(), end, kind, 3, right, title)


def _cue_hits(s: str) -> Iterable[_Hit]:
    """Names right before a speech verb, 等, a post-title or a crime case."""
    for regex, kind in ((_CUE_RE, "cue"), (_POST_RE, "post"), (_CASE_RE, "case")):
        for m in regex.finditer(s):
            read = _read_backward(s, m.start())
            if read:
                start, left = read
                right = 1 if m.group() == "等" else 2
                yield _Hit(s[start:m.start()], start, m.start(), kind, left, right)


def _head_hits(s: str, fname: str) -> Iterable[_Hit]:
    """A name opening a headline or paragraph (赵尚志：…, 刘勇走访…)."""
    starts = [0] if fname in _HEAD_FIELDS else [0] + [m.end() for m in re.finditer("\n", s)]
    for i in starts:
        if i < len(s) and _surname_len(s, i):
            read = _read_forward(s, i)
            if read and read[1] >= 2:
                yield _Hit(s[i:read[0]], i, read[0], "head", 3, read[1])
    for m in _BIO_RE.finditer(s):
        yield _Hit(m.group(1), m.start(1), m.end(1), "bio", 3, 3)


def find_text_names(s: str, fname: str = "text") -> list[_Hit]:
    """All candidate person hits in one field string, before acceptance."""
    hits = [*_anchor_hits(s), *_cue_hits(s), *_head_hits(s, fname)]
    return [h for h in hits if 2 <= len(h.name) <= 24]


# --- acceptance ------------------------------------------------------------------------------

def _name_shape(name: str) -> str:
    """'dot', 'chinese', 'foreign' or '' for strings that cannot be a name."""
    if any(d in name for d in _DOT):
        parts = re.split(f"[{_DOT}]", name)
        return "dot" if all(parts) and all(_is_cjk(c) for p in parts for c in p) else ""
    if not all(_is_cjk(c) for c in name) or any(c in D.NOT_IN_NAME for c in name[1:]):
        return ""
    sl = _surname_len(name, 0)
    if sl and sl < len(name) <= _MAX_NAME:
        return "chinese"
    if len(name) <= _MAX_FOREIGN and all(c in D.TRANSLIT_CHARS for c in name):
        return "foreign"
    return "other"


def _is_generic(name: str) -> bool:
    """张先生, 李阿姨, 老李: a reference, not a name."""
    return bool(_GENERIC_RE.match(name))


def _common(word: str, min_freq: int) -> bool:
    return _non_person_word(word) and _freq(word) >= min_freq


def _word_like(name: str, certain: bool) -> bool:
    """True when the string reads as ordinary vocabulary rather than a name.

    ``certain`` means the right edge is punctuation or a speech verb; otherwise a
    three-character string that opens with a common word (关于党, 荆州人) is no name.
    """
    if _non_person_word(name):
        return True
    if len(name) == 4 and _surname_len(name, 0) == 1 and _common(name[2:], 50):
        return True
    return not certain and len(name) == 3 and (_common(name[:2], 50) or _common(name[1:], 500))


def _accept(hit: _Hit) -> bool:
    """Is one hit, on its own, enough evidence for a person?"""
    shape = _name_shape(hit.name)
    name = hit.name
    if not shape or _is_generic(name) or name[0] in D.HARD_STOPS or name[0] in _LEFT_WEAK:
        return False
    if shape == "dot":
        return (hit.left >= 1 or hit.right >= 1) and not _non_person_word(name)
    if _word_like(name, certain=hit.right >= 3):
        return False
    if shape == "chinese":
        return _chinese_evidence(hit) and (hit.right == 4 or not name.endswith(D.PLACE_SUFFIXES))
    if shape == "foreign":
        return hit.kind in ("title", "noun", "cue", "post") and hit.left >= 1 and hit.right >= 1
    return hit.kind in ("title", "cue") and hit.left >= 3 and hit.right == 4 and _no_words_inside(name)


def _no_words_inside(name: str) -> bool:
    """A foreign name of unknown shape should hold no common two-character word."""
    return not any(_non_person_word(name[i:i + 2]) and _freq(name[i:i + 2]) >= 100
                   for i in range(len(name) - 1))


def _chinese_evidence(hit: _Hit) -> bool:
    name = hit.name
    sl = _surname_len(name, 0)
    if len(name) == _MAX_NAME and sl == 1:
        return hit.kind in ("title", "cue", "post") and hit.left >= 3 and hit.right >= 2
    if name[0] in D.RARE_SURNAMES and sl == 1:
        return hit.left >= 1 and hit.right >= 2 and not _common(name[1:], 50)
    if hit.kind in ("title", "noun"):
        return True
    if hit.kind in ("head", "bio"):
        return hit.right >= 2
    return hit.left >= 1 and hit.kind in ("cue", "post", "case")


def _accepted_names(hits: list[_Hit]) -> dict[str, str | None]:
    """Names with enough evidence, mapped to the first title seen for them."""
    names: dict[str, str | None] = {}
    for h in sorted(hits, key=lambda h: h.start):
        if _accept(h):
            if names.get(h.name) is None:
                names[h.name] = h.title
    return names


# --- lists -----------------------------------------------------------------------------------

def _list_members(s: str, sep_pos: int) -> tuple[list[tuple[int, int]], int]:
    """Members of the 、-list around the separator at ``sep_pos`` and its left strength."""
    back = _read_backward(s, sep_pos)
    members: list[tuple[int, int]] = []
    left = 0
    if back:
        members.append((back[0], sep_pos))
        left = back[1]
    pos = sep_pos
    while pos < len(s) and s[pos] == "、":
        nxt = s.find("、", pos + 1)
        seg_end = _segment_end(s, pos + 1, nxt)
        if seg_end is None:
            break
        members.append((pos + 1, seg_end))
        pos = seg_end
    return members, left


def _segment_end(s: str, a: int, nxt: int) -> int | None:
    """End of one list member starting at ``a``: the next 、 or where a name stops."""
    if 0 < nxt - a <= _MAX_FOREIGN and all(_is_cjk(c) or c in _DOT for c in s[a:nxt]):
        return nxt
    read = _read_forward(s, a)
    return read[0] if read else None


def _expand_lists(fields: dict[str, str], names: dict[str, str | None]) -> None:
    """Add the other members of lists (、 和 与 及) that contain an accepted name."""
    for s in fields.values():
        for m in re.finditer("、", s):
            members, left = _list_members(s, m.start())
            _accept_list([s[a:b] for a, b in members], left, names)
        _expand_pairs(s, names)


def _accept_list(members: list[str], left: int, names: dict[str, str | None]) -> None:
    if len(members) < 2:
        return
    known = [m for m in members if m in names]
    shapes = [_name_shape(m) for m in members]
    plain = all(sh == "chinese" and not _is_generic(m) and not _word_like(m, True)
                and not m.endswith(D.PLACE_SUFFIXES) for m, sh in zip(members, shapes))
    if not known and not (plain and left >= 1):
        return
    title = next((names[m] for m in members if names.get(m)), None)
    for m, sh in zip(members, shapes):
        if m in names or not sh or _is_generic(m) or _word_like(m, True):
            continue
        if sh in ("chinese", "dot", "foreign") or (len(known) >= 2 and len(m) <= _MAX_NAME):
            names[m] = title if members.index(m) > 0 and known and members[0] in names else None


_PAIR_RE = re.compile(f"[{_LIST_SEPS}]")


def _expand_pairs(s: str, names: dict[str, str | None]) -> None:
    """洪振海和王志胜: a name joined by 和/与/及 to an accepted one."""
    for m in _PAIR_RE.finditer(s):
        if m.group() == "、":
            continue
        p = m.start()
        back = _read_backward(s, p)
        fwd = _read_forward(s, p + 1)
        if not back or not fwd:
            continue
        left_name, right_name = s[back[0]:p], s[p + 1:fwd[0]]
        for known, other, ok in ((left_name, right_name, fwd[1] >= 1), (right_name, left_name, back[1] >= 1)):
            if known in names and other not in names and ok and _name_shape(other) == "chinese" \
                    and not _is_generic(other) and not _word_like(other, True):
                names[other] = None


# --- bylines and credits ---------------------------------------------------------------------

_ROLE_OF = {
    "特约通讯员": "correspondent", "通讯员": "correspondent", "摄影记者": "photographer",
    "特派记者": "reporter", "首席记者": "reporter", "见习记者": "reporter", "记者": "reporter",
    "责任编辑": "editor", "编辑": "editor", "作者": "author", "实习生": "reporter",
    "文": "author", "图": "photographer", "摄影": "photographer", "摄": "photographer",
}
_ROLE_PAT = "特约通讯员|通讯员|摄影记者|特派记者|首席记者|见习记者|记者|责任编辑|编辑|作者|实习生" \
            "|[文图]\\s*[/／:：]|摄影\\s*[/／:：]?|摄"
_BYLINE_TOKEN = re.compile(
    f"(?P<role>{_ROLE_PAT})|(?P<word>(?:(?!{_ROLE_PAT})[{_CJK}{_DOT}])+)|(?P<sep>[\\s\u3000\xa0]+)|(?P<other>.)"
)
_ROLE_RE = re.compile(_ROLE_PAT)
_PAREN_RE = re.compile(r"[(（]([^()（）]*)[)）]")
_SUFFIX_ROLES = ("摄", "摄影")


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int
    name: str = ""


def _byline_regions(s: str) -> list[tuple[int, int]]:
    """Which parts of a byline hold names: outside text with a role word, else the brackets."""
    outside = _PAREN_RE.sub(lambda m: "\0" * len(m.group()), s)
    groups = [m.span(1) for m in _PAREN_RE.finditer(s)]
    if _ROLE_RE.search(outside) or not groups:
        return [(a.start(), a.end()) for a in re.finditer("[^\0]+", outside)]
    return groups


def _tokens(s: str, a: int, b: int) -> list[_Tok]:
    """Role words and name words of ``s[a:b]``; single characters split by spaces are joined."""
    toks: list[_Tok] = []
    for m in _BYLINE_TOKEN.finditer(s, a, b):
        kind = m.lastgroup or "other"
        if kind == "sep" and toks and toks[-1].kind == "word":
            toks[-1] = _Tok("word", toks[-1].text, toks[-1].start, toks[-1].end, toks[-1].name)
            toks.append(_Tok("sep", m.group(), m.start(), m.end()))
            continue
        toks.append(_Tok(kind, m.group(), m.start(), m.end(), m.group()))
    return _join_spaced(toks, s)


def _join_spaced(toks: list[_Tok], s: str) -> list[_Tok]:
    """杜\xa0\xa0宇 -> one word 杜宇 whose span covers the printed form."""
    out: list[_Tok] = []
    for t in toks:
        prev = out[-1] if out else None
        gap = out[-2] if len(out) >= 2 else None
        if t.kind == "word" and len(t.text) == 1 and prev and prev.kind == "sep" and gap \
                and gap.kind == "word" and len(gap.name) == 1:
            out.pop()
            out[-1] = _Tok("word", s[gap.start:t.end], gap.start, t.end, gap.name + t.text)
            continue
        out.append(t)
    return out


def _role_key(text: str) -> str:
    return re.sub(r"[\s/／:：]", "", text)


def _parse_region(s: str, a: int, b: int, default: str) -> list[tuple[str, str, int, int]]:
    """(name, role, start, end) for one byline region."""
    toks = [t for t in _tokens(s, a, b) if t.kind in ("role", "word")]
    out: list[tuple[str, str, int, int]] = []
    role: str | None = None
    for i, t in enumerate(toks):
        if t.kind == "role":
            role = _ROLE_OF.get(_role_key(t.text), role)
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        glued = nxt is not None and nxt.kind == "role" and nxt.start == t.end
        if glued and _role_key(nxt.text) not in _SUFFIX_ROLES:
            continue  # 新华社记者, 本报通讯员: an outlet, not a name
        if _byline_name_ok(t.name, role is not None):
            out.append((t.name, role or default, t.start, t.end))
    if any(t.kind == "role" and _role_key(t.text) in _SUFFIX_ROLES for t in toks[1:]):
        out = [(n, "photographer" if r != "author" else r, a2, b2) for n, r, a2, b2 in out]
    return out


def _byline_name_ok(name: str, after_role: bool) -> bool:
    if name in D.BYLINE_STOP or not 2 <= len(name) <= 12:
        return False
    if any(d in name for d in _DOT):
        return True
    if len(name) > _MAX_NAME:
        return False
    return after_role or bool(_surname_len(name, 0))


def parse_credit_line(s: str, default: str = "reporter") -> list[tuple[str, str, int, int]]:
    """People in a byline or photo credit as printed: (name, role, start, end) into ``s``.

    ``default`` is the role of bare names (a byline's (祝倩) is its reporter).
    """
    out: list[tuple[str, str, int, int]] = []
    for a, b in _byline_regions(s):
        out.extend(_parse_region(s, a, b, default))
    return out


# --- assembling records ----------------------------------------------------------------------

@dataclass
class _Person:
    name: str
    role: str
    title: str | None = None
    spans: list[Span] = field(default_factory=list)


def _occurrences(s: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every non-overlapping occurrence of the names in ``s``, longer names first."""
    found: list[tuple[int, int, str]] = []
    for n in names:
        i = s.find(n)
        while i >= 0:
            found.append((i, i + len(n), n))
            i = s.find(n, i + 1)
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    last = -1
    for a, b, n in found:
        if a >= last:
            out.append((a, b, n))
            last = b
    return out


def _aliases(names: Iterable[str]) -> dict[str, str]:
    """Short forms of ·-names: 马欣达 -> 马欣达·拉贾帕克萨."""
    out: dict[str, str] = {}
    for n in names:
        parts = re.split(f"[{_DOT}]", n)
        if len(parts) > 1:
            for p in (parts[0], parts[-1]):
                if len(p) >= 2:
                    out.setdefault(p, n)
    return out


def _byline_people(item: Item, fields: dict[str, str], people: dict[str, _Person]) -> None:
    for fname in _BYLINE_FIELDS:
        s = fields.get(fname)
        if not s:
            continue
        default = "photographer" if fname == "credit" else "reporter"
        for name, role, a, b in parse_credit_line(s, default):
            if fname == "credit" and role != "author":
                role = "photographer"
            p = people.setdefault(name, _Person(name, role))
            p.spans.append(Span(fname, a, b, s[a:b]))


def _speaker_people(item: Item, fields: dict[str, str], people: dict[str, _Person]) -> None:
    text = fields.get("text", "")
    for sp in item.speakers:
        name = re.sub(r"\s+", "", sp.name)
        if not name or name == "记者":
            continue
        p = people.setdefault(name, _Person(name, "interviewee"))
        if 0 <= sp.start < sp.end <= len(text):
            p.spans.append(Span("text", sp.start, sp.end, text[sp.start:sp.end]))


def _text_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Accept names from running text, grow lists, then find every occurrence."""
    texts = {k: v for k, v in fields.items() if k in _TEXT_FIELDS}
    hits = [h for fname, s in texts.items() for h in find_text_names(s, fname)]
    names = _accepted_names(hits)
    for _ in range(2):
        _expand_lists(texts, names)
    for m in (_ALIAS_RE.search(s) for s in texts.values()):
        if m and _name_shape(m.group(1)) == "chinese":
            names.setdefault(m.group(1), None)
    aliases = _aliases([*names, *people])
    for name, title in names.items():
        target = aliases.get(name, name)
        p = people.setdefault(target, _Person(target, "mentioned"))
        if p.title is None and p.role == "mentioned":
            p.title = title
    _collect_spans(texts, people, aliases)


def _collect_spans(texts: dict[str, str], people: dict[str, _Person], aliases: dict[str, str]) -> None:
    forms = [*people, *(a for a in aliases if aliases[a] in people)]
    for fname, s in texts.items():
        for a, b, n in _occurrences(s, forms):
            p = people[aliases.get(n, n) if n not in people else n]
            span = Span(fname, a, b, s[a:b])
            if span not in p.spans:
                p.spans.append(span)


def annotate_people(item: Item, ctx: IssueContext) -> list[PersonMention]:
    """One record per person in the item, every mention spanned, sorted by first mention."""
    del ctx  # issue-wide facts are not needed yet
    fields = item.fields()
    people: dict[str, _Person] = {}
    _byline_people(item, fields, people)
    _speaker_people(item, fields, people)
    _text_people(fields, people)
    order = {f: i for i, f in enumerate(fields)}

    def first(p: _Person) -> tuple[int, int]:
        return min((order.get(s.field, 99), s.start) for s in p.spans)

    out = [p for p in people.values() if p.spans]
    out.sort(key=lambda p: (first(p), p.name))
    return [
        PersonMention(p.name, p.role, tuple(sorted(p.spans, key=lambda s: (order.get(s.field, 99), s.start))),
                      p.title)
        for p in out
    ]
