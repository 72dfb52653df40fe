"""Numerals to values: Arabic digits (exact, via Decimal), magnitude words (万, 亿), Chinese numerals
(cn2an, plus the forms it does not read: 两三 as a range, 二〇一九 as a year, 几/数 cleared by the
caller), and month or day numbers.

Chinese numerals repeat a lot, so their readings are cached.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from corpus_tools.annotate.numbers.vocab import _MAGNITUDES
from corpus_tools.numerals import read_numeral  # cn2an, imported only for forms it alone reads

_CN_PLAIN_DIGITS = set("零〇一二两三四五六七八九")
_CN_DIGIT_VALUE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWER = {"十": 10, "百": 100, "千": 1000, "万": 10**4}
_ADJACENT_RE = re.compile(r"([一二两三四五六七八九])([二两三四五六七八九])([十百千万]?)")


def _num(s: str) -> Decimal:
    """Arabic digits (any Unicode decimal digits, optional thousands commas) as Decimal."""
    return Decimal(s.replace(",", ""))


def _scale(n: Decimal, *mags: str | None) -> float:
    """Apply magnitude words (万, 亿, 万亿 ...) exactly, then go to float."""
    for m in mags:
        if m:
            n *= _MAGNITUDES[m]
    return float(n)


@lru_cache(maxsize=4096)
def _cn_value(run: str) -> tuple[float, float | None] | None:
    """Value (and range top) of a Chinese numeral without 几/数, or None if it is not one."""
    adj = _ADJACENT_RE.fullmatch(run)
    if adj:
        lo, hi = _CN_DIGIT_VALUE[adj[1]], _CN_DIGIT_VALUE[adj[2]]
        if hi - lo in (1, 2):
            power = _CN_POWER.get(adj[3], 1)
            return float(lo * power), float(hi * power)
        return None
    if len(run) > 1 and all(ch in _CN_PLAIN_DIGITS for ch in run):
        return None  # digit-by-digit strings (一一, 八两) are not quantities; years are handled apart
    text = "一" + run if run[0] in "百千万亿" else run
    try:
        return float(read_numeral(text)), None
    except (ValueError, KeyError, IndexError):
        return None


_CN_YEAR_DIGITS = {"〇": 0, "零": 0, **_CN_DIGIT_VALUE}
_CN_YEAR_CHARS = frozenset(_CN_YEAR_DIGITS) - {"两"}


def _cn_year(run: str) -> int | None:
    """二〇一九 -> 2019 (digit by digit), for 4-character year numerals."""
    if len(run) != 4 or not _CN_YEAR_CHARS.issuperset(run):
        return None
    return int("".join(str(_CN_YEAR_DIGITS[ch]) for ch in run))


def _small_int(s: str) -> int:
    """Month or day number written in Arabic or Chinese digits (0 if unreadable)."""
    if s.isdigit():
        return int(s)
    v = _cn_value(s)
    return int(v[0]) if v else 0


def _plain_value(s: str) -> float | None:
    """Arabic or Chinese numeral (with 点 as decimal point) to float."""
    if s[0].isdigit():
        return float(_num(s))
    if "点" in s:
        try:
            return float(read_numeral(s))
        except (ValueError, KeyError, IndexError):
            return None
    v = _cn_value(s)
    return v[0] if v else None


@lru_cache(maxsize=20_000)
def _cn_parsed(core: str, top: str | None) -> tuple[float, float | None] | None:
    """Value and range top for 三至五 / 两三 / 两万五千 (remembered: numerals repeat)."""
    if core == "半":
        return 0.5, None
    year = _cn_year(core)
    first = _cn_value(core) if year is None else (float(year), None)
    if first is None:
        return None
    if top is None:
        return first
    second = _cn_value(top)
    if second is None or first[1] is not None or second[0] < first[0]:
        return None
    return first[0], second[0]
