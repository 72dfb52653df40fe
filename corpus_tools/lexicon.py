"""jieba's offline dictionary as two look-up tables: word → frequency and word → part-of-speech tag.

Why read ``dict.txt`` ourselves: the annotators only ever look single words
up, never segment text.  Initialising jieba would also build its prefix table
(another 230k entries) and load a second copy of the words; reading the file
takes about 0.3 s and keeps one copy, which also makes forked build workers
cheaper to start.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, int], dict[str, str]]:
    """(frequency, tag) of every word in jieba's dict.txt, read once on first use."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("corpus-tools needs the 'jieba' package for its dictionary (pip install jieba)")
    text = Path(spec.origin).with_name("dict.txt").read_text(encoding="utf-8")
    data = text.split()
    if len(data) != 3 * len(text.splitlines()):  # not all "word freq tag": read line by line
        rows = [line.split() for line in text.splitlines()]
        return ({r[0]: int(r[1]) for r in rows if len(r) >= 2},
                {r[0]: sys.intern(r[2]) for r in rows if len(r) >= 3})
    words = data[0::3]
    return (dict(zip(words, map(int, data[1::3]), strict=True)),
            dict(zip(words, map(sys.intern, data[2::3]), strict=True)))


def freq(word: str) -> int:
    """How often jieba's corpus has ``word`` as a word (0: not a word)."""
    return lexicon()[0].get(word) or 0
