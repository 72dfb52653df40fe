"""Acceptance: is a string shaped like a name, and is one hit enough evidence for a person?

The answers depend only on the string, the hit's kind and its edge strengths, so they are memoized.
"""

from __future__ import annotations

import re
from operator import itemgetter

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people import patterns
from corpus_tools.annotate.people.alternation import _alternation
from corpus_tools.annotate.people.dictionary import _common, _freq, _lexicon, _memo, _non_person_word, _person_word
from corpus_tools.annotate.people.hits import _Hit, _title_chain
from corpus_tools.annotate.people.patterns import (
    _COMPOUND,
    _HARD_STOPS,
    _LEFT_WEAK,
    _MAX_FOREIGN,
    _MAX_NAME,
    _PLACE_SUFFIXES,
    _PLACES,
    _RARE,
    _all_cjk,
    _surname_len,
)

# Called as ``_X.method()`` here: bound by assignment, not imported (why: see the package docstring).
_DOT_SET = patterns._DOT_SET
_DOT_SPLIT = patterns._DOT_SPLIT
_TRANSLIT = patterns._TRANSLIT

_NOT_IN_NAME = D.NOT_IN_NAME
_COMMON_SURNAMES = D.COMMON_SURNAMES
_GENERIC_TAIL_RE = re.compile(f"[老阿][{''.join(sorted(D.COMMON_SURNAMES))}]$")
# 张先生, 李科, 老王: a surname and a form of address (佐科, whose first character is no surname, is a name)
_GENERIC_RE = re.compile(
    f"^(?:[老小阿][{''.join(sorted(D.COMMON_SURNAMES))}]"
    f"|[{''.join(sorted(D.COMMON_SURNAMES | D.RARE_SURNAMES))}](?:{_alternation(D.GENERIC_SUFFIXES)}))$"
)


@_memo
def _name_shape(name: str) -> str:
    """'dot', 'chinese', 'foreign' or '' for strings that cannot be a name."""
    if not _DOT_SET.isdisjoint(name):
        parts = _DOT_SPLIT.split(name)
        return "dot" if all(parts) and all(_all_cjk(p) for p in parts) else ""
    if not _all_cjk(name) or not _NOT_IN_NAME.isdisjoint(name[1:]):
        return ""
    sl = _surname_len(name, 0)
    if sl == 1 and len(name) == _MAX_NAME and _TRANSLIT.issuperset(name):
        return "foreign"  # 古特雷斯, 马丁内斯: four characters of the table, rarely a Chinese name
    if sl and sl < len(name) <= _MAX_NAME:
        return "chinese"
    if len(name) <= _MAX_FOREIGN and _TRANSLIT.issuperset(name):
        return "foreign"
    return "other"


@_memo
def _is_generic(name: str) -> bool:
    """张先生, 李阿姨, 老李 (also at the end of a longer string): a reference, not a name."""
    return bool(_GENERIC_RE.match(name)) or (len(name) > 2 and bool(_GENERIC_TAIL_RE.search(name)))


def _place_word(word: str) -> bool:
    """A country or region (jieba's tag ns is no help here: it also covers given names such as 建国)."""
    return word in _PLACES


def _place_tagged(word: str) -> bool:
    """jieba tags many foreign leaders' names ns (普京, 苏林: they also name places); between a title
    and a speech verb that tag does not outweigh the context (countries and regions still do)."""
    return word not in _PLACES and _lexicon()[1].get(word) == "ns"


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
    if len(name) == 2 and name[1] == "方" and name[0] in D.STATE_ABBREVIATIONS:
        return True  # 斯方, 缅方: "the Sri Lankan side", a party to talks
    sl = _surname_len(name, 0)
    if sl and _place_word(name[sl:]):
        return True  # 于美国, 向北京: a preposition before a place
    if not (strong and (len(name) >= 3 or _place_tagged(name))) and _non_person_word(name):
        return True
    if len(name) == 4 and _surname_len(name, 0) == 1:
        if name[1] in _COMMON_SURNAMES:  # 陈方安生: the husband's surname before her own
            return _common(name[2:], 1000)
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
        if kind == "head":  # opening a paragraph: three characters at least, a marked end
            return len(name) >= 3 and right >= 2 and not name.endswith(_PLACE_SUFFIXES)
        return kind in ("title", "noun", "cue", "post") and left >= 1 and right >= 1
    if kind == "case" and left >= 3 and len(name) <= 3 and _no_words_inside(name) \
            and not name.endswith(_PLACE_SUFFIXES):
        return True  # a case is named after its defendant (某某受贿案), whatever the surname
    if kind in ("title", "noun", "cue", "post") and left >= 1 and right >= 1 and _person_word(name):
        return True  # a name jieba's dictionary knows (阿依古丽), in the context of a person
    if kind == "frame":  # 由某某总统率领: the frame names a person whatever the characters
        return len(name) <= _MAX_FOREIGN and _no_words_inside(name) and not _place_word(name) \
            and not _non_person_word(name)  # (a country: 由图瓦卢总理率领)
    if kind in ("title", "cue") and left >= 3 and right == 4:  # a title before, a speech verb after
        if kind == "title" and len(name) == 2:
            return _place_tagged(name) or _no_words_inside(name)  # 普京
        return _no_words_inside(name) or (kind == "title" and len(name) == 4 and _halves_rare(name))  # 山田太郎
    return False


def _halves_rare(name: str) -> bool:
    """A four-character name (Japanese 山田太郎) may hold words, but no very common ones."""
    return _freq(name[:2]) < 1000 and _freq(name[2:]) < 1000


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
    return left >= 1 and kind in ("cue", "post", "case", "frame")


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
