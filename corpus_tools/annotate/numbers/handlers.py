"""Handlers for the alternatives of ``grammar._MASTER`` that hold digits or fractions: Arabic
numbers, dates (full, day, ISO), clock times and codes, slashes, fractions.  Chinese numerals with
a unit are vetted apart, in ``chinese``.

Each handler turns a match into a ``_Hit``, or returns None when the match is not what it looked
like (an invalid date is then read as a plain number, so no digit goes uncovered).
"""

from __future__ import annotations

import re

from corpus_tools.annotate.numbers.grammar import _ARABIC_ONLY
from corpus_tools.annotate.numbers.hits import _Hit, _kind_of
from corpus_tools.annotate.numbers.tails import _finish_number, _new, _Tail, _unit_tail
from corpus_tools.annotate.numbers.values import _cn_year, _num, _plain_value, _scale, _small_int
from corpus_tools.annotate.numbers.vocab import _CURRENCIES

# ---------------------------------------------------------------------------
# Dates, codes, fractions
# ---------------------------------------------------------------------------


def _date_hit(m: re.Match[str]) -> _Hit | None:
    """2018年10月29日, 10月14日, 二〇一九年十月, 4月份; Chinese month alone is not taken."""
    ys, ms, ds = m.group("dy", "dm", "dd")
    chinese_month = not ms.isdigit()
    if chinese_month and not (ys or ds):
        return None
    year = (int(ys) if ys.isdigit() else _cn_year(ys)) if ys else None
    month = _small_int(ms)
    day = _small_int(ds) if ds else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31) or (ys and year is None):
        return None
    unit = m["ddu"] if ds else ("月份" if m["dmf"] else "月")
    return _Hit(m.start(), m.end(), None, unit=unit, kind="date", date=(year, month, day))


def _day_hit(m: re.Match[str]) -> _Hit | None:
    """14日 (a day of a month the issue date supplies)."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return _Hit(m.start(), m.end(), None, unit="日", kind="date", date=(None, None, day))


def _iso_hit(m: re.Match[str]) -> _Hit | None:
    """2020-05-12, 2020/5/12, 2020.5.12."""
    y, mo, d = int(m["iso"]), int(m["isom"]), int(m["isod"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return _Hit(m.start(), m.end(), None, kind="date", date=(y, mo, d))


def _simple_hit(m: re.Match[str]) -> _Hit:
    """Clock times, codes (5G, M2, COVID-19), slashed and bare numbers: covered, kind other/ratio."""
    if m["slash"]:
        a, b = (_num(x) for x in m["slash"].split("/"))
        if 0 < a < b:
            return _Hit(m.start(), m.end(), float(a / b), kind="ratio")
    if m["bare"]:  # safety net: digits no other alternative could take
        return _Hit(m.start(), m.end(), float(_num(m["bare"])), kind="other")
    return _Hit(m.start(), m.end(), None, kind="other")


def _frac_hit(m: re.Match[str]) -> _Hit | None:
    """三分之一 (ratio), 百分之五十 (percent, value 50), 百分之十几 (10, more than)."""
    fnum = m["fnum"]
    vague = "几" in fnum  # 十几: the round value, more than it
    if vague:
        fnum = fnum.replace("几", "")
        if not fnum or "点" in fnum:
            return None
    den = _plain_value(m["fden"])
    num = _plain_value(fnum)
    if den is None or num is None or den == 0:
        return None
    approx = "more_than" if vague else None
    if m["fden"] == "百":
        return _Hit(m.start(), m.end(), num, unit="%", kind="percent", approx=approx)
    return _Hit(m.start(), m.end(), num / den, kind="ratio", approx=approx)


# ---------------------------------------------------------------------------
# Arabic numbers
# ---------------------------------------------------------------------------


def _arabic_hit(text: str, m: re.Match[str]) -> _Hit:
    """A number in Arabic digits with everything around it; never rejected."""
    n1s = m["n1"]
    if m.end() - m.start() == len(n1s):  # the digits alone (most numbers): no other group took part
        return _plain_arabic_hit(text, m.start(), n1s)
    n1s, n2s, m1, m2, m3, neg, neg2, ap, pre, ordinal, cur = m.group(*_AR_GROUPS)
    sign1 = -1 if neg else 1
    core_end, value_max = m.end(), None
    if n2s is None and not m1 and not m3:  # one number, no magnitude word (float() rounds as Decimal does)
        value = sign1 * float(n1s.replace(",", ""))
        scaled = False
    else:
        n1, n2 = _num(n1s), _num(n2s) if n2s else None
        value = sign1 * _scale(n1, m1 or (m2 if n2 is not None else None), m3)
        if n2 is not None:
            value_max = (-1 if neg2 else 1) * _scale(n2, m2, m3)
            code = n1s.startswith("0") and "." not in n1s and len(n1s) > 1
            if value_max < value or code:  # 0716-8123456 or 5-3: not a range
                value_max, core_end = None, m.end("m1") if m1 else m.end("n1")
                value, m3 = sign1 * _scale(n1, m1), None
        if core_end != m.end():
            ap = None
        scaled = bool(m1 or m2 or m3)
    tail = _unit_tail(text, core_end, False)
    if ap == "来" and tail.unit is None:
        ap, tail = None, _new(_Tail, (None, core_end - 1, None, False))
    yearlike = not scaled and len(n1s) == 4 and n1s.isdigit() and 1000 <= int(n1s) <= 2199
    hit = _Hit(m.start(), tail.end, value, value_max, tail.unit, None, None, None, yearlike, scaled)
    _finish_number(text, hit, tail, ap, pre, bool(ordinal))
    if neg:
        _drop_sign(m, hit)
    if cur:
        hit.currency = _CURRENCIES.get(cur)
    return hit


_AR_GROUPS = ("n1", "n2", "m1", "m2", "m3", "neg", "neg2", "ap", "pre", "ord", "cur")


def _plain_arabic_hit(text: str, start: int, n1s: str) -> _Hit:
    """_arabic_hit for digits without prefix, currency, sign, 第, range, magnitude or 多/余/来."""
    end = start + len(n1s)
    tail = _unit_tail(text, end, False)
    yearlike = len(n1s) == 4 and n1s.isdigit() and 1000 <= int(n1s) <= 2199
    hit = _Hit(start, tail.end, float(n1s.replace(",", "")), None, tail.unit, None, None, None, yearlike, False)
    _finish_number(text, hit, tail, None, None, False)
    return hit


def _drop_sign(m: re.Match[str], hit: _Hit) -> None:
    """A minus sign or 零下 only counts for temperatures and percentages; else it is a dash."""
    if not m["neg"] or _kind_of(hit) in ("temperature", "percent"):
        return
    if hit.value is not None:
        hit.value = abs(hit.value)
    if hit.start == m.start("neg"):
        hit.start = m.end("neg")


# ---------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------


def _dispatch(text: str, m: re.Match[str], alt: str | None) -> _Hit | None:
    """Run the handler for the alternative ``alt`` (``m.lastgroup``) that matched; dates fall
    back to plain numbers.  The iso alternative ends with its own group isod.  (``ar``, the
    commonest, is handled by ``passes._scan`` itself, which calls ``_arabic_hit`` directly.)"""
    if alt == "date":
        return _date_hit(m) or _fallback(text, m.start())
    if alt == "day":
        return _day_hit(m) or _fallback(text, m.start())
    if alt == "isod":
        return _iso_hit(m) or _fallback(text, m.start())
    if alt == "frac":
        return _frac_hit(m) or _fallback(text, m.start())
    return _simple_hit(m)


def _fallback(text: str, pos: int) -> _Hit | None:
    """A date-looking match that is not a valid date is read as a plain number."""
    m = _ARABIC_ONLY.match(text, pos)
    if m is None:  # (group n1 is not optional: a match always has it)
        return None
    return _arabic_hit(text, m)
