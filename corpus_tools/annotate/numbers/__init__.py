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

import datetime as dt

from corpus_tools.annotate.numbers.dates import _resolve_dates
from corpus_tools.annotate.numbers.hits import _kind_of
from corpus_tools.annotate.numbers.idioms import IDIOMS
from corpus_tools.annotate.numbers.passes import _inherit_units, _merge_ranges, _scan, _to_quantity
from corpus_tools.types import IssueContext, Item, Quantity

__all__ = ["IDIOMS", "annotate_numbers", "extract_numbers"]

SKIP_FIELDS = frozenset({"byline", "credit"})


def extract_numbers(text: str, field: str, issue_date: dt.date) -> list[Quantity]:
    """All quantities in one string, sorted by start and non-overlapping."""
    if not text:
        return []
    hits = _scan(text)
    if not hits:
        return []
    if len(hits) > 1:
        hits = _merge_ranges(text, hits)
        _inherit_units(text, hits)
    kinds = [_kind_of(h) for h in hits]
    if "date" in kinds or "year" in kinds:
        _resolve_dates(text, hits, issue_date, kinds)
    return [_to_quantity(text, field, h, kind) for h, kind in zip(hits, kinds, strict=True)]


def annotate_numbers(item: Item, ctx: IssueContext) -> list[Quantity]:
    """Quantities of every field of an item except the byline and the photo credit."""
    out: list[Quantity] = []
    issue_date = ctx.meta.date
    for field, text in item.fields().items():
        if field not in SKIP_FIELDS:
            out += extract_numbers(text, field, issue_date)
    return out
