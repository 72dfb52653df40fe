"""Set phrases whose numerals are no quantities (一五一十, 三心二意, 四面八方, 十四五).

Where they come from: the idioms (tag ``i``) and set phrases (tag ``l``) of jieba's dictionary that hold
a Chinese numeral followed by a measure word or unit -- only there could the grammar read a quantity --
plus the short general list in data/wordlists/set_phrases.txt (phrases jieba tags otherwise, political
formulas, plan and plenum labels).  A dictionary phrase that is itself just a numeral and a unit
(两万人, 三秒钟) is a quantity and is left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from corpus_tools.annotate.numbers.vocab import _CN_UNITS
from corpus_tools.lexicon import lexicon

_LIST = Path(__file__).resolve().parents[2] / "data" / "wordlists" / "set_phrases.txt"
_NUMERALS = "一二三四五六七八九十百千万亿两半"
_UNITS = "|".join(re.escape(u) for u in sorted(set(_CN_UNITS), key=len, reverse=True))
# A numeral with a unit after it: the only place the grammar reads a Chinese numeral.
_COUNTED = re.compile(f"[{_NUMERALS}]+(?:{_UNITS}|个)")
# A phrase that is no more than a (prefixed, approximated) quantity: 两万人, 上千人, 十秒钟, 三岁时.
_PLAIN_QUANTITY = re.compile(
    f"^(?:[上近约几]|前|另)?[{_NUMERALS}几]+(?:{_UNITS}|个)(?:[多余来时半]|以上|以下|左右){{0,2}}$")


def _general_list() -> list[str]:
    text = _LIST.read_text(encoding="utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


_NUMERAL_RUN = re.compile(f"[{_NUMERALS}]+")


def _set_phrase(word: str, tag: str) -> bool:
    """An idiom (i) with a counted numeral; a set phrase (l) only when its numerals do not simply
    count the noun after them (三天两头, 不远万里 are set; 三句话, 一封信 are plain counts)."""
    if len(word) < 3 or not _COUNTED.search(word) or _PLAIN_QUANTITY.match(word):
        return False
    return tag == "i" or (tag == "l" and (len(_NUMERAL_RUN.findall(word)) >= 2 or not _COUNTED.match(word)))


def _dictionary_idioms() -> list[str]:
    """jieba's i/l phrases in which the grammar could find a counted numeral."""
    _, tags = lexicon()
    return sorted(w for w, tag in tags.items() if tag in ("i", "l") and _set_phrase(w, tag))  # tag first: 10x


IDIOMS: tuple[str, ...] = tuple(dict.fromkeys([*_general_list(), *_dictionary_idioms()]))
