"""Quantities in Chinese news text: value, range, unit, approximation, kind, date.

The grammar, applied left to right by one compiled regex, is

    [approx prefix] [currency] [第] number [range-sep number] [多/余/来] [magnitude]
        [个 [多/半]] [unit or measure word] [半] [approx suffix]

with separate alternatives for dates (2018年10月29日, 10月14日, 14日), ISO dates,
clock times, alphanumeric codes (5G, M2) and fractions (三分之一, 百分之五十).
A second pass joins two quantities around a range separator (3月24日至27日,
2003年至2017年) and lets a bare number take the unit of its list mate (0.5个和2.6个百分点).

Two kinds of numbers are treated differently on purpose:

* Arabic digits are always numbers: every run of digits ends up inside some span
  (kind "other" when nothing better is known), so downstream code can rely on
  "digit coverage".
* Chinese numerals are mostly words (一些, 统一, 两会, 十三五, 四位一体 ...), so they
  are only taken with a unit or measure word after them and are then vetted:
  bare 一 counts only as a duration (一年, 一个多月), an age, 倍 or an ordinal (第一届),
  because elsewhere it is the article "a"; bare 百/千/万/亿 need an approximation
  (百余位, 上百人, 近千次) or money; short quoted terms ("四个意识"), set phrases
  (``IDIOMS``) and place names (三里岗) are skipped; 大 is not a measure word
  (三大攻坚战).  Quarter names (一季度) are period labels, not quantities, and are
  not taken either.

Values: magnitudes 千/万/亿/万亿 are folded in (1.7万亿元 -> 1.7e12, unit 元);
percent and 成 keep the printed value; 几/数 (十几个, 数十人) give the round value
with approx more_than.  Dates have ``value=None`` and an ISO ``date_iso``; a missing
year comes from 去年/今年/同年, from a year named earlier in the same paragraph (not a
"2025年以来" one, not last year, not for a dateline), else from the issue date (a
month after the issue month is last year's); a bare day far ahead of the issue day
is last month's.  Years have the year as value and date_iso "2025" (or "2025/2026").

Speed: the grammar regex is built for CPython's engine -- look-aheads drop most positions
before any alternative is tried, optional groups are written as branches, unit lists as
prefix trees -- and Chinese numerals without a unit are told apart inside the regex, so
the Python handlers only see real candidates (a lone numeral character such as 一 in 统一
is not even matched).  The look-aheads that are there for speed only are noted in
``grammar._SPEED_GATES``; the tests take them out and check that no match changes.

Layout (each module imports only from those before it): ``vocab`` (words and units) ->
``regex_tools`` (fast-regex helpers) -> ``grammar`` (compiled patterns) -> ``values`` (numerals
to values) -> ``hits`` (the working record, kinds) -> ``tails`` (units and suffixes after a
number) -> ``handlers`` (Arabic numbers, dates, codes, fractions) -> ``chinese`` (vetted
Chinese numerals) -> ``dates`` (ISO dates against the issue date) -> ``passes`` (scan, ranges,
list units, records) -> this module (the public API).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_left
from typing import TYPE_CHECKING

from corpus_tools.annotate.numbers.dates import _resolve_dates
from corpus_tools.annotate.numbers.hits import _Hit, _kind_of
from corpus_tools.annotate.numbers.idioms import IDIOMS
from corpus_tools.annotate.numbers.passes import _inherit_units, _merge_ranges, _scan, _to_quantity
from corpus_tools.annotate.numbers.refine import refine
from corpus_tools.script import to_view
from corpus_tools.types import IssueContext, Item, Quantity, Span

if TYPE_CHECKING:
    from corpus_tools.annotate import Doc

__all__ = ["IDIOMS", "annotate_numbers", "extract_numbers"]

SKIP_FIELDS = frozenset({"byline", "credit"})


def extract_numbers(text: str, field: str, issue_date: dt.date,
                    taken: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """All quantities in one printed string, sorted by start and non-overlapping.

    The grammar reads ``to_view(text)`` (萬 as 万, ％ as %, full-width digits as ASCII); each span's
    text and unit are sliced from ``text`` as printed.  ``taken``: sorted ranges other annotators
    claimed (people's names), where no quantity may start or end.
    """
    if not text:
        return []
    view = to_view(text)
    hits = _scan(view)
    if taken:
        hits = [h for h in hits if not _overlaps(h, taken)]
    if not hits:
        return []
    hits = refine(view, hits)
    if len(hits) > 1:
        hits = _merge_ranges(view, hits)
        _inherit_units(view, hits)
    kinds = [_kind_of(h) for h in hits]
    if "date" in kinds or "year" in kinds:
        _resolve_dates(view, hits, issue_date, kinds)
    out = [_to_quantity(view, field, h, kind) for h, kind in zip(hits, kinds, strict=True)]
    return out if view == text else [_as_printed(q, text, view) for q in out]


def _overlaps(h: _Hit, taken: list[tuple[int, int]]) -> bool:
    i = bisect_left(taken, (h.end, h.end))
    return any(a < h.end and h.start < b for a, b in taken[max(0, i - 2):i])


def _as_printed(q: Quantity, text: str, view: str) -> Quantity:
    """The span text and the unit as printed (噸 for 吨, ％ for %); offsets are shared with the view."""
    s = q.span
    unit = q.unit
    if unit:
        i = view.rfind(unit, s.start, s.end)
        if i >= 0:
            unit = text[i:i + len(unit)]
    return dataclasses.replace(q, span=Span(s.field, s.start, s.end, text[s.start:s.end]), unit=unit)


def annotate_numbers(doc: Doc | Item, ctx: IssueContext) -> list[Quantity]:
    """Quantities of every field of an item except the byline and the photo credit, outside people's names."""
    from corpus_tools.annotate import Doc

    if isinstance(doc, Item):
        doc = Doc.of(doc)
    out: list[Quantity] = []
    issue_date = ctx.meta.date
    for field, text in doc.fields.items():
        if field not in SKIP_FIELDS:
            out += extract_numbers(text, field, issue_date, doc.taken("people", field))
    return out
