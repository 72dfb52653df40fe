"""What follows a number: the unit or measure word (个 + unit too), 半, the approximation suffix,
and how they finish a hit (approximation from a prefix or suffix, 第 ordinals, months as dates).

Shared by Arabic and Chinese numbers, so both read units and suffixes the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from corpus_tools.annotate.numbers.grammar import (
    _GE_RE,
    _HALF_RE,
    _PER_RE,
    _POST_FIRST,
    _POST_MORE_RE,
    _POST_RE,
    _RECENT_RE,
    _SUFFIX_FIRST,
    _UNIT_AR_RE,
    _UNIT_CN_RE,
)
from corpus_tools.annotate.numbers.hits import _Hit, _tail_kind
from corpus_tools.annotate.numbers.vocab import _PREFIX_APPROX, _SUFFIX_APPROX, _UNIT_KIND


class _Tail(NamedTuple):
    """What follows a number: the unit as printed, the end, and what it adds."""

    unit: str | None
    end: int
    approx: str | None = None
    half: bool = False


# _new(_Tail, (unit, end, approx, half)) builds a _Tail without the NamedTuple's Python-level
# __new__ (a frame per call): _Tail(...) or _Tail._make(...) make the numbers annotator ~3.5% slower.
_new = tuple.__new__


def _unit_tail(text: str, pos: int, chinese: bool) -> _Tail:
    """Measure word or unit after the number (个 handled apart: 个月, 个百分点, 个团)."""
    if text.startswith("个", pos):
        m = _GE_RE.match(text, pos + 1)
        if m is None:
            return _new(_Tail, ("个", pos + 1, None, False))
        if m["u"]:
            return _new(_Tail, ("个" + m["u"], m.end(), "more_than" if m["ap"] == "多" else None, m["ap"] == "半"))
        return _new(_Tail, ("个" + m[0], m.end(), None, False))
    m = (_UNIT_CN_RE if chinese else _UNIT_AR_RE).match(text, pos)
    if not m:
        return _new(_Tail, (None, pos, None, False))
    unit, end = m[0], m.end()
    if unit[0] in " \u00a0":  # a Latin unit after a space
        unit = unit.strip(" \u00a0")
    if text.startswith("/", end):
        per = _PER_RE.match(text, end)
        if per and _UNIT_KIND.get(unit) in ("money", "length", "weight", "count"):
            unit, end = unit + "/" + per[1].strip(), per.end()
    return _new(_Tail, (unit, end, None, False))


def _suffix(text: str, tail: _Tail, duration: bool) -> _Tail:
    """Add 半 (一年半) and an approximation suffix (左右, 以上, 多 after durations)."""
    end, half = tail.end, tail.half
    nxt = text[end:end + 1]
    if duration and nxt == "半" and tail.unit in ("年", "小时", "天") and _HALF_RE.match(text, end):
        end, half = end + 1, True
        nxt = text[end:end + 1]
    m = _POST_RE.match(text, end) if nxt in _POST_FIRST else None
    if m is None and duration and nxt in "多余" and nxt:
        m = _POST_MORE_RE.match(text, end)
    if m is None:
        return tail if end == tail.end else _new(_Tail, (tail.unit, end, tail.approx, half))
    return _new(_Tail, (tail.unit, m.end(), tail.approx or _SUFFIX_APPROX[m[0]], half))


def _finish_number(text: str, hit: _Hit, tail: _Tail, inner: str | None, prefix: str | None,
                   ordinal: bool) -> None:
    """Shared by Arabic and Chinese numbers: suffixes, approximation, ordinal, month dates."""
    unit = tail.unit
    if text[tail.end:tail.end + 1] in _SUFFIX_FIRST:  # else _suffix keeps the tail as it is
        tail = _suffix(text, tail, _tail_kind(unit) == "duration" and not hit.yearlike)
    hit.end = tail.end
    hit.unit = unit and unit.replace("％", "%")  # the full-width percent sign is the same unit as %
    if tail.half and hit.value is not None:
        hit.value += 0.5
    pre = None
    if prefix:
        pre = _PREFIX_APPROX.get(prefix)
        if prefix in ("近", "接近", "将近") and _tail_kind(unit) == "duration" and _RECENT_RE.match(text, hit.end):
            pre, hit.start = None, hit.start + text[hit.start:].index(prefix) + len(prefix)
    hit.approx = pre or (_SUFFIX_APPROX.get(inner) if inner else None) or tail.approx
    if hit.approx:
        hit.yearlike = False
    if ordinal:
        hit.kind = "ordinal"
    elif hit.unit in ("月", "月份") and hit.value is not None:
        _month_range(hit)


def _month_range(hit: _Hit) -> None:
    """1—4月 / 3月份 reached as a plain number: a month (range) of an unstated year."""
    lo, hi = int(hit.value or 0), int(hit.value_max or hit.value or 0)
    if hit.value == lo and 1 <= lo <= hi <= 12:
        hit.kind, hit.date = "date", (None, lo, None)
        hit.date_max = (None, hi, None) if hit.value_max else None
        hit.value = hit.value_max = None
    else:
        hit.kind = "other"
