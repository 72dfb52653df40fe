"""jieba dictionary facts about short strings: a common word?  a person's name?  a title noun?

Consulted only for single look-ups, never run over whole texts.  Each answer depends on the string
alone, so the look-ups are memoized (``_memo``) across items and issues.
"""

from __future__ import annotations

from functools import lru_cache

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people.patterns import _PLACES
from corpus_tools.lexicon import lexicon as _lexicon

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
    """A dictionary word tagged as a person name (鲁迅, 郭沫若)."""
    freq, tags = _lexicon()
    return bool(freq.get(word)) and tags.get(word, "").startswith("nr") and not _non_person_word(word)


def _common(word: str, min_freq: int) -> bool:
    return _non_person_word(word) and _freq(word) >= min_freq


_GENERIC_LAST = D.TITLE_TAIL_CHARS | {"家"}  # what a word _generic_title accepts ends in


@_memo
def _generic_title(w: str) -> bool:
    """预报员, 技术员, 厨师, 医学家: a dictionary noun ending like a title."""
    if w.endswith("学家") and len(w) >= 3:
        return True
    freq, tags = _lexicon()
    return w[-1:] in D.TITLE_TAIL_CHARS and w not in D.NOT_TITLES and tags.get(w) == "n" and (freq.get(w) or 0) >= 3
