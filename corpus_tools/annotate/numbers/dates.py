"""Dates and years against the issue date: ISO text for every date and year of a field, with a
missing year taken from the context (2020年 right before, 去年/今年, 同年, a year named earlier in the
paragraph) or else from the issue date, and a missing month from the issue month.

A pass of its own because it reads the hits in order (a year sets the scene for later months).
"""

from __future__ import annotations

import datetime as dt

from corpus_tools.annotate.numbers.grammar import _SINCE_RE
from corpus_tools.annotate.numbers.hits import _Hit
from corpus_tools.annotate.numbers.vocab import _SAME_YEAR_WORDS, _YEAR_WORDS


def _resolve_dates(text: str, hits: list[_Hit], issue: dt.date, kinds: list[str]) -> None:
    """Give dates and years their ISO form; fill missing years from context or the issue date.

    ``kinds`` holds ``_kind_of`` of each hit (this pass changes no kind).
    """
    last_year: int | None = None  # the last year named anywhere before (for 同年)
    para_year: tuple[int, int] | None = None  # (year, end) of a narrative year in this paragraph
    for i, kind in enumerate(kinds):
        if kind != "date" and kind != "year":  # only dates and years read or change this state
            continue  # (a paragraph break before a later date is still seen there)
        h = hits[i]
        if para_year and "\n" in text[para_year[1]:h.start]:
            para_year = None
        named = None
        if kind == "year":
            if h.value is not None:
                named = int(h.value)
                h.date_iso = str(named) + (f"/{int(h.value_max)}" if h.value_max else "")
        elif h.date:
            prev, prev_kind = (hits[i - 1], kinds[i - 1]) if i else (None, "")
            ctx = _context_year(text, h, prev, prev_kind, last_year, issue)
            if ctx is None and para_year and h.date[1] is not None and not text.startswith("电", h.end):
                ctx = para_year[0]
            _date_iso(h, ctx, issue)
            named = h.date[0]
        if named is not None:
            last_year = named
            if _narrative_year(text, h, named, issue):
                para_year = (named, h.end)


def _narrative_year(text: str, h: _Hit, year: int, issue: dt.date) -> bool:
    """A year that sets the scene for later months: not 以来/至今 spans, not last year's review."""
    if _SINCE_RE.match(text, h.end):
        return False
    return year == issue.year or year <= issue.year - 2


def _date_iso(h: _Hit, ctx: int | None, issue: dt.date) -> None:
    """ISO text of a date or a date range."""
    assert h.date is not None
    start, year = _iso(h.date, ctx, issue)
    h.date_iso = start
    if h.date_max and start:
        end, _ = _iso(h.date_max, year, issue, after=h.date)
        h.date_iso = f"{start}/{end}" if end else start


def _context_year(text: str, h: _Hit, prev: _Hit | None, prev_kind: str, last_year: int | None,
                  issue: dt.date) -> int | None:
    """Year from 2020年 right before, 去年/今年 before, or 同年 meaning the last year named."""
    if prev is not None and prev.end == h.start and prev_kind == "year" and prev.value:
        return int(prev.value)
    before = text[max(0, h.start - 2):h.start]
    if before in _YEAR_WORDS:
        return issue.year + _YEAR_WORDS[before]
    if before in _SAME_YEAR_WORDS:
        return last_year
    return None


def _iso(parts: tuple[int | None, int | None, int | None], ctx_year: int | None, issue: dt.date,
         after: tuple[int | None, int | None, int | None] | None = None) -> tuple[str | None, int | None]:
    """ISO text for (year, month, day) with gaps filled; also return the year used."""
    y, mo, d = parts
    if y is None and mo is None:  # a bare day: the issue's month, or the one before for far days
        y, mo = issue.year, issue.month
        if d is not None and d > issue.day + 15:
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    elif y is None:
        y = ctx_year if ctx_year is not None else issue.year - (mo > issue.month)
        if after is not None and after[1] is not None and (mo, d or 0) < (after[1], after[2] or 0):
            y += 1
    try:
        dt.date(y, mo or 1, d or 1)
    except (ValueError, TypeError):
        return None, y
    text = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
    return text, y
