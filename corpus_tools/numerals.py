"""Chinese numerals to numbers: the plain forms read here, every other form by cn2an.

Why not always cn2an: importing it costs 0.15-0.2 s (it compiles about 27 kB of regexes, and
its ``proces`` dependency as much again), a third of a one-issue build's start-up, while
nearly every numeral in running text is a plain one (三, 二十, 一百, 两千五百, 三万). Plain
means: 千, 百, 十 and units terms with no gap between them (no 零, no spoken 一百五 = 150),
a bare 十 only at the front, and an optional 万 whose lower part starts at 千. Their value is
the sum of the terms, which is what cn2an gives (tests/test_numerals.py checks every plain
numeral below 10^8 against it); anything else goes to cn2an, imported on first need.
"""

from __future__ import annotations

import re

_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_D = "[一二两三四五六七八九]"
# one section below 10^4: 千, 百, 十 and units terms, contiguous from the first one present
_SECTION = (rf"(?:{_D}千(?:{_D}百(?:{_D}十[一二三四五六七八九]?)?)?"
            rf"|{_D}百(?:{_D}十[一二三四五六七八九]?)?"
            rf"|{_D}?十[一二三四五六七八九]?"
            rf"|{_D})")
_LOWER = rf"{_D}千(?:{_D}百(?:{_D}十[一二三四五六七八九]?)?)?"  # after 万: starts at 千 (两万五 is spoken)
PLAIN_RE = re.compile(rf"(?P<high>{_SECTION})万(?P<low>{_LOWER})?|(?P<only>{_SECTION})")
_UNIT = {"千": 1000, "百": 100, "十": 10}


def _section(text: str) -> int:
    """The value of a plain section: each digit times the unit after it; a bare 十 is ten."""
    total, digit = 0, None
    for ch in text:
        if ch in _UNIT:
            total += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        else:
            digit = _DIGIT[ch]
    return total + (digit or 0)


def plain_value(text: str) -> int | None:
    """The value of a plain Chinese numeral (see the module docstring), None for any other text."""
    m = PLAIN_RE.fullmatch(text)
    if m is None:
        return None
    if m["only"] is not None:
        return _section(m["only"])
    return _section(m["high"]) * 10_000 + (_section(m["low"]) if m["low"] else 0)


def read_numeral(text: str) -> int | float:
    """``cn2an.cn2an(text, "normal")``, without importing cn2an for a plain numeral.

    Raises what cn2an raises (ValueError, KeyError, IndexError) for text it cannot read.
    """
    value = plain_value(text)
    if value is not None:
        return value
    import cn2an

    return cn2an.cn2an(text, "normal")
