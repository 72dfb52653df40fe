"""Last touches over the hits of one field, where two matches of the grammar are one quantity
or a match needs its neighbour to be read right:

- mixed magnitudes: 109亿7千万美元 is one value (10 970 000 000), not 109亿 and 7千万美元;
- approximated fractions: 近1/5, 超过1/3 (the prefix is read with the first digits), 约三分之一,
  约占四分之一 (a linking verb between), 三分之二以上, 百分之六十左右 (a suffix after);
- body temperatures written with 度: 37度2 is 37.2 (unit 度, kind temperature); 度 after a word of
  temperature (气温, 体温, 高烧) is a temperature too;
- 多 after the unit: 1公里多 (more than 1 km); 半 after 成: 三成半 is 3.5 成;
- period words: 下半年, 上半年, 前半场 are halves of a period, not 0.5 years.
"""

from __future__ import annotations

import re

from corpus_tools.annotate.numbers.grammar import _POST_RE
from corpus_tools.annotate.numbers.hits import _Hit
from corpus_tools.annotate.numbers.vocab import _MAGNITUDES, _PREFIX_APPROX, _SUFFIX_APPROX

_PREFIXES = sorted(_PREFIX_APPROX, key=len, reverse=True)
_TEMPERATURE_WORDS = re.compile("温|烧|热|冷|零下|摄氏")
_AFTER_MORE = re.compile(r"多(?=$|[长高宽深重远厚的了来前后时，。、；：！？,.;:!?）)”\s])")
_PERIOD_BEFORE_HALF = frozenset("上下前后")
_LINKING_VERBS = frozenset("占为达有")


def refine(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The hits with the joins and readings above applied (``text``: the field's view)."""
    hits = [h for h in hits if not _period_half(text, h)]
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and (_join_magnitudes(text, prev, h) or _join_slash(text, prev, h)
                                 or _join_body_temperature(text, prev, h)):
            continue
        out.append(h)
    for h in out:
        _prefix_fraction(text, h)
        _suffix_fraction(text, h)
        _unit_then_more(text, h)
        _tenths_then_half(text, h)
        if h.unit == "度" and h.kind is None and _TEMPERATURE_WORDS.search(text, max(0, h.start - 10), h.start):
            h.kind = "temperature"
    return out


def _period_half(text: str, h: _Hit) -> bool:
    return text.startswith("半", h.start) and h.start > 0 and text[h.start - 1] in _PERIOD_BEFORE_HALF


def _magnitude_at_end(text: str, h: _Hit) -> int | None:
    """The magnitude a hit without a unit ends in (亿, 万 ...), if any."""
    for word in ("万亿", "亿", "万", "兆"):
        if text.endswith(word, h.start, h.end):
            return _MAGNITUDES[word]
    return None


def _join_magnitudes(text: str, a: _Hit, b: _Hit) -> bool:
    """109亿 + 7千万美元: a smaller amount right after a bare magnitude adds to it."""
    if b.start != a.end or a.unit or a.value is None or b.value is None or a.value_max or b.value_max:
        return False
    mag = _magnitude_at_end(text, a)
    if mag is None or not 0 < b.value < mag or b.approx or b.kind:
        return False
    a.end, a.value, a.unit, a.currency, a.scaled = b.end, a.value + b.value, b.unit, b.currency or a.currency, True
    return True


def _join_slash(text: str, a: _Hit, b: _Hit) -> bool:
    """近1/5: the prefix took the numerator; numerator and denominator are one ratio."""
    if not (a.approx and b.start == a.end + 1 and text[a.end] == "/" and a.unit is None and b.unit is None):
        return False
    if a.value is None or b.value is None or not 0 < a.value < b.value or a.value_max or b.value_max:
        return False  # (b's approximation is a suffix, 约1/4左右: the prefix's reading stands)
    a.end, a.value, a.kind = b.end, a.value / b.value, "ratio"
    return True


def _join_body_temperature(text: str, a: _Hit, b: _Hit) -> bool:
    """37度2: a body temperature (34 to 43 degrees) with its tenth after 度."""
    if not (a.unit == "度" and b.start == a.end and b.end == b.start + 1 and text[b.start].isdigit()):
        return False
    if a.value is None or not 34 <= a.value <= 43 or a.value != int(a.value) or (b.end < len(text)
                                                                                 and text[b.end].isdigit()):
        return False
    a.end, a.value, a.kind = b.end, a.value + int(text[b.start]) / 10, "temperature"
    return True


def _prefix_fraction(text: str, h: _Hit) -> None:
    """约三分之一, 逾三分之二: an approximation word right before a fraction."""
    if (h.kind != "ratio" and h.unit != "%") or h.approx:
        return
    # a linking verb may stand between the word and the fraction: 约占四分之一, 近为三分之一
    before = h.start - 1 if h.start > 0 and text[h.start - 1] in _LINKING_VERBS else h.start
    for word in _PREFIXES:
        if word != "上" and text.endswith(word, 0, before):  # (上 only approximates 上百, 上千)
            h.start = before - len(word)
            h.approx = _PREFIX_APPROX[word]
            return


def _suffix_fraction(text: str, h: _Hit) -> None:
    """三分之二以上, 百分之六十左右, 3/4以下: an approximation word right after a fraction."""
    if (h.kind != "ratio" and h.unit != "%") or h.approx:
        return
    m = _POST_RE.match(text, h.end)
    if m:
        h.end = m.end()
        h.approx = _SUFFIX_APPROX[m[0]]


def _tenths_then_half(text: str, h: _Hit) -> None:
    """三成半, 7成半: half a tenth more (成 counts tenths)."""
    if h.unit == "成" and h.value is not None and h.value_max is None and text.startswith("半", h.end):
        h.end += 1
        h.value += 0.5


def _unit_then_more(text: str, h: _Hit) -> None:
    """1公里多, 3斤多: 多 after the unit makes it more than."""
    if h.unit and not h.approx and h.kind is None and _AFTER_MORE.match(text, h.end):
        h.end += 1
        h.approx = "more_than"
