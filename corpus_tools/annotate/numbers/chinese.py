"""Chinese numerals with a unit after them (the ``cnu`` alternative), vetted against words.

Chinese numerals are mostly words (一些, 统一, 两会, 十三五), so a numeral is only a quantity when
its value reads, its unit allows it (bare 一 and 半 only with durations, ages and 倍; bare 百/千/万
only approximated or as money), and it is not part of a set phrase (``IDIOMS``), a short quoted
term or a place name.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from corpus_tools.annotate.numbers.grammar import _IDIOM_LONGEST, _IDIOM_RE, _SHORT_QUOTED_RE
from corpus_tools.annotate.numbers.hits import _Hit
from corpus_tools.annotate.numbers.tails import _finish_number, _unit_tail
from corpus_tools.annotate.numbers.values import _cn_parsed, _cn_year, _scale
from corpus_tools.annotate.numbers.vocab import (
    _BARE_CHARS,
    _HUNDREDS,
    _ONE_HALF_OK,
    _OPEN_QUOTES,
    _PLACE_CHARS,
    _UNIT_KIND,
)


def _cn_hit(text: str, m: re.Match[str], idioms: _Idioms) -> _Hit | None:
    """A Chinese numeral with a unit after it, vetted against words, idioms and names."""
    run, c2, cm, cap, cpre, cord = m.group("c1", "c2", "cm", "cap", "cpre", "cord")
    vague = run.startswith("数") or "几" in run
    core = run.replace("几", "").lstrip("数") if vague else run
    if not core:
        return None
    tail = _unit_tail(text, m.end(), True)
    if tail.unit is None:
        return None
    if core in _ONE_HALF_OK and not cord and tail.unit.replace("％", "%") not in _ONE_HALF_OK[core]:
        return None  # bare 一/半 only with the units _ONE_HALF_OK allows (hit.unit is this unit, ％ as %)
    parsed = _cn_parsed(core, c2)
    if parsed is None:
        return None
    value, value_max = parsed
    yearlike = len(core) == 4 and _cn_year(core) is not None
    if yearlike and (tail.unit != "年" or c2):
        return None  # 二〇一九 only makes sense as a year
    if cm:  # (without a magnitude the value stays: float(str(x)) == x)
        value = _scale(Decimal(str(value)), cm)
        if value_max is not None:
            value_max = _scale(Decimal(str(value_max)), cm)
    hit = _Hit(m.start(), tail.end, value, value_max, None, None, None, None, yearlike, bool(cm))
    _finish_number(text, hit, tail, "多" if vague else cap, cpre, bool(cord))
    if not _cn_plausible(text, cpre, hit, core, idioms):
        return None
    if hit.unit == "届" and core != "两":
        hit.kind = "ordinal"
    return hit


def _cn_plausible(text: str, cpre: str | None, hit: _Hit, core: str, idioms: _Idioms) -> bool:
    """The checks that keep words, idioms, slogans and place names out (``cpre``: the match's
    prefix group); the bare 一/半 check is made in ``_cn_hit``, before the work it does not need."""
    unit = hit.unit or ""
    bare = _BARE_CHARS.issuperset(core)
    if bare and not (hit.approx or _UNIT_KIND.get(unit) == "money" or cpre == "上"):
        return False
    if core in ("零", "〇"):
        return False
    if unit == "里" and _HUNDREDS.isdisjoint(core):
        return False
    if idioms.overlap(hit.start, hit.end):
        return False
    if hit.start > 0 and text[hit.start - 1] in _OPEN_QUOTES and _SHORT_QUOTED_RE.match(text, hit.end):
        return False
    nxt = text[hit.end:hit.end + 1]
    return not (nxt in _PLACE_CHARS and len(unit) == 1)


class _Idioms:
    """The set phrases of one text, as ``_IDIOM_RE.finditer`` finds them left to right."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int]] | None = None  # found on the first question that needs them

    def overlap(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a known set phrase?"""
        if not self._near(start, end):
            return False
        if self._spans is None:
            self._spans = [(x.start(), x.end()) for x in _IDIOM_RE.finditer(self._text)]
        i = bisect.bisect_left(self._spans, (end, end))
        return any(s < end and start < e for s, e in self._spans[max(0, i - 3):i])

    def _near(self, start: int, end: int) -> bool:
        """Could any phrase overlap [start, end)?  A cheap look at the few positions where one
        could start, which usually spares scanning the whole text: if no phrase there reaches
        into the span, none of the phrases finditer finds (a subset of them) does either."""
        pos = max(0, start - _IDIOM_LONGEST + 1)
        stop = end + _IDIOM_LONGEST - 1  # (a phrase starting before end ends by then)
        while (m := _IDIOM_RE.search(self._text, pos, stop)) is not None and m.start() < end:
            if m.end() > start:  # (the longest phrase at a position: a shorter one reaches less far)
                return True
            pos = m.start() + 1
        return False
