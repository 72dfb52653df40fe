"""The regexes, word sets and character tests that several rule modules share.

Built once, at import, from the word lists in data.py.  A pattern that one module alone uses lives in
that module (the context-word scan in hits.py, the ·-name readers in reading.py, ...).
"""

from __future__ import annotations

import re

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people.alternation import _alternation

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DOT = "·•‧・"
_LEFT_WEAK = frozenset("、和与及同跟由向对给被让把据将当有")
_MAX_NAME = 4
_MAX_FOREIGN = 6

_HARD_STOPS = D.HARD_STOPS
_SOFT_STOPS = D.SOFT_STOPS
_TRANSLIT = D.TRANSLIT_CHARS
_RARE = D.RARE_SURNAMES
_PLACES = frozenset(D.PLACES)
_PLACE_SUFFIXES = D.PLACE_SUFFIXES
_DOT_SET = frozenset(_DOT)


_TITLE_SET = frozenset(D.OFFICE_TITLES)
_NOUN_SET = frozenset(D.PERSON_NOUNS)
_TITLE_NOUN_SET = _TITLE_SET | _NOUN_SET
_SURNAMES = D.COMMON_SURNAMES | D.RARE_SURNAMES
# Where a surname-led name starts (_surname_len > 0): a surname or a compound surname.
_SURNAME_AHEAD = f"[{''.join(sorted(_SURNAMES))}]|{_alternation(D.COMPOUND_SURNAMES)}"
_SPEECH_AT = re.compile(_alternation(D.SPEECH_CUES))
_SPEECH_FIRST = frozenset(w[0] for w in D.SPEECH_CUES)
_DOT_SPLIT = re.compile(f"[{_DOT}]")
_CJK_RUN = re.compile(f"[{_CJK}]+")


def _has_dot(s: str) -> bool:
    """Does ``s`` hold a name dot (one of ``_DOT``)?  Four substring tests beat one regex search by far."""
    return "·" in s or "•" in s or "‧" in s or "・" in s


def _all_cjk(s: str, a: int = 0, b: int | None = None) -> bool:
    """Is ``s[a:b]`` a non-empty run of CJK characters?"""
    return _CJK_RUN.fullmatch(s, a, len(s) if b is None else b) is not None


_COMPOUND = frozenset(D.COMPOUND_SURNAMES)
_COMPOUND_FIRST = frozenset(w[0] for w in D.COMPOUND_SURNAMES)
_NAME_HEAD = _SURNAMES | _COMPOUND_FIRST  # what a surname-led name starts with (a superset of _surname_len > 0)


def _surname_len(s: str, i: int) -> int:
    """Length of the surname starting at ``s[i]`` (0 if none)."""
    ch = s[i:i + 1]
    if ch in _COMPOUND_FIRST and s[i:i + 2] in _COMPOUND:
        return 2
    return 1 if ch in _SURNAMES else 0
