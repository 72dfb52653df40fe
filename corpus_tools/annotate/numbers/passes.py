"""Passes over the hits of one field: the left-to-right scan with the master grammar, ranges
joined across a separator (3月24日至27日), units passed on to a bare list mate (0.5个和2.6个百分点),
and the frozen ``Quantity`` records at the end.  Dates are resolved in ``dates``.
"""

from __future__ import annotations

from corpus_tools.annotate.numbers.chinese import _cn_hit, _Idioms
from corpus_tools.annotate.numbers.grammar import _DIGIT_RE, _MASTER
from corpus_tools.annotate.numbers.handlers import _arabic_hit, _dispatch
from corpus_tools.annotate.numbers.hits import _Hit
from corpus_tools.annotate.numbers.vocab import _CURRENCIES, _LIST_SEPS, _RANGE_SEPS
from corpus_tools.types import Quantity, Span


def _scan(text: str) -> list[_Hit]:
    """Left-to-right, non-overlapping matches of the grammar."""
    hits: list[_Hit] = []
    idioms: _Idioms | None = None
    pos = 0
    search = _MASTER.search
    while (m := search(text, pos)) is not None:
        alt = m.lastgroup  # the outer group of the alternative that matched
        if alt == "cn":  # a Chinese numeral without a unit after it: no quantity, skip the word
            # (after a prefix, from the numeral on: 约三分之一 is a fraction the frac alternative reads)
            pos = m.start("c1") if m["cpre"] and "分之" in text[m.start("c1"):m.end() + 2] else m.end()
            continue
        if alt == "cnu":  # the same with a unit after it
            if idioms is None:
                idioms = _Idioms(text)
            hit = _cn_hit(text, m, idioms)
            if hit is None:  # a Chinese numeral holds no digit: skip the word
                pos = m.end()
                continue
        elif alt == "ar":
            hit = _arabic_hit(text, m)
        else:
            hit = _dispatch(text, m, alt)
        if hit is None or hit.end <= hit.start:  # rejected: skip words, but never skip digits
            pos = m.start() + 1 if _DIGIT_RE.search(m[0]) or m.end() == m.start() else m.end()
            continue
        hits.append(hit)
        pos = hit.end
    return hits


def _merge_ranges(text: str, hits: list[_Hit]) -> list[_Hit]:
    """3月24日至27日, 2003年至2017年, 5人至10人: two hits joined by a range separator."""
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and h.start - prev.end == 1 and text[prev.end] in _RANGE_SEPS and _joinable(prev, h):
            _join(prev, h)
            continue
        out.append(h)
    return out


def _joinable(a: _Hit, b: _Hit) -> bool:
    """Same sort of thing on both sides and a single value on each."""
    if a.value_max is not None or a.date_max is not None or b.value_max is not None or b.date_max:
        return False
    if a.kind == "date" and b.kind == "date" and a.date and b.date:
        return (a.date[2] is None) == (b.date[2] is None)
    if a.kind is not None or b.kind is not None or a.unit is None or a.unit != b.unit:
        return False
    return a.value is not None and b.value is not None and b.value >= a.value and a.yearlike == b.yearlike


def _join(a: _Hit, b: _Hit) -> None:
    """Fold b into a as the top of the range."""
    a.end = b.end
    a.approx = a.approx or b.approx
    if a.kind == "date" and a.date and b.date:
        y, mo, _d = a.date
        by, bm, bd = b.date
        a.date_max = (by if by is not None else (y if bm is None else None), bm or mo, bd)
        a.unit = b.unit
        return
    a.value_max = b.value


def _inherit_units(text: str, hits: list[_Hit]) -> None:
    """0.5个和2.6个百分点, 2018、2019年: a bare number before a list mate takes its unit."""
    for a, b in zip(reversed(hits[:-1]), reversed(hits[1:]), strict=True):
        if b.start - a.end != 1 or text[a.end] not in _LIST_SEPS or b.unit is None or b.scaled or a.kind or b.kind:
            continue
        if a.unit is None or (a.unit == "个" and b.unit.startswith("个")):
            a.unit = b.unit
            a.currency = a.currency or b.currency


def _to_quantity(text: str, field: str, h: _Hit, kind: str) -> Quantity:
    """The public, frozen record (``kind`` is ``_kind_of(h)``)."""
    start, end = h.start, h.end
    currency = (h.currency or _CURRENCIES.get((h.unit or "").split("/")[0])) if kind == "money" else None
    value, value_max = (None, None) if kind == "date" else (h.value, h.value_max)
    return Quantity(Span(field, start, end, text[start:end]), value, value_max, h.unit, h.approx, kind, currency,
                    h.date_iso)
