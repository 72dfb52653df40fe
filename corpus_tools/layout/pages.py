"""Page splitting: form feeds, runs of blank lines, printed page headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus_tools.shapes import CJK_DIGITS, cn_or_int, strip_ws
from corpus_tools.types import SourceText

PAGE_GAP = 3  # this many blank lines in a row end a page (when there are no form feeds)
_NO = rf"(\d{{1,3}}|[{CJK_DIGITS}]{{1,4}})"
# 第2版 / 第二版：要闻 / A02版：要闻 / 02版 要闻 / 第2版 时政要闻
# the section name opens with a word or an opening bracket and holds no sentence punctuation, so
# a wrapped line such as ``第2版)`` or ``第3版报道。`` is not taken for a header
PAGE_HEADER_RE = re.compile(rf"^(?:第\s*{_NO}\s*版|[A-Za-z]?\s*(\d{{1,3}})\s*版)\s*[:：·\-—]?\s*"
                            r"([\w（(【《“][^。，,；;！!？?]{0,15})?$")
DATE_HEADER_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]$")


@dataclass
class PageSpan:
    """Line range of one page, 1-based inclusive, and what its header says."""

    line_start: int
    line_end: int
    printed_number: int | None = None
    header: str | None = None  # the page's header and date lines, one per line
    section: str | None = None
    furniture: list[int] = field(default_factory=list)  # header/date lines, not content


def parse_header(line: str) -> tuple[int | None, str | None] | None:
    """(printed page, section name) of a page header line, else None."""
    if "版" not in line:  # every header names the page (版): most lines skip the regex
        return None
    t = strip_ws(line)
    m = PAGE_HEADER_RE.match(t)
    if not m:
        return None
    no = cn_or_int(m.group(1) or m.group(2))
    section = m.group(3)
    return no, (strip_ws(section) if section else None)


def _gap_line(line: str) -> bool:
    """An empty line, the kind a page gap is made of.

    A line of U+3000 or NBSP alone is the blank-looking line a page prints between
    paragraphs or around a lead: it parts paragraphs but does not count toward a page gap
    (nor does it cut a run of empty lines: OCR leaves such lines inside gaps too).
    """
    return not line.strip(" \t\r\n")


def _headers_open_pages(src: SourceText, use_gaps: bool) -> bool:
    """Does the issue print a page header at the top of its pages (the first line after a break)?

    Only then is a header line a page break; a folio printed inside a page (a footer, a
    running head repeated mid-page) is furniture of that page.
    """
    top, blanks = True, 0
    for no, line in enumerate(src.lines, start=1):
        if no in src.form_feeds or (use_gaps and blanks >= PAGE_GAP):
            top = True
        t = strip_ws(line)
        if not t:
            blanks += _gap_line(line)  # a blank-looking line neither counts nor breaks the run
            continue
        blanks = 0
        if top and parse_header(t) is not None:
            return True
        top = False
    return False


def split_pages(src: SourceText) -> list[PageSpan]:
    """Cut the issue into pages; keep header lines as furniture of their page.

    Pages break where the input breaks them: form feeds, runs of ``PAGE_GAP`` empty
    lines, or a page header carrying a new page number in an issue whose pages open
    with one.
    """
    use_gaps = not src.form_feeds
    header_breaks = _headers_open_pages(src, use_gaps)
    pages: list[PageSpan] = []
    cur = PageSpan(1, 0)
    has_content, blanks = False, 0
    for no, line in enumerate(src.lines, start=1):
        t = strip_ws(line)
        header = parse_header(t) if t else None
        new_number = header is not None and header_breaks and header[0] != cur.printed_number
        breaks = no in src.form_feeds or (use_gaps and t and blanks >= PAGE_GAP) or new_number
        if breaks and has_content:
            cur.line_end = no - 1
            pages.append(cur)
            cur, has_content = PageSpan(no, 0), False
        if not t:
            blanks += _gap_line(line)  # a blank-looking line neither counts nor breaks the run
            continue
        blanks = 0
        if header is not None or ("年" in t and DATE_HEADER_RE.match(t)):
            if header is not None:
                if not has_content or cur.printed_number is None:  # a folio inside a page keeps the page's number
                    cur.printed_number = header[0]
                cur.section = cur.section or header[1]
            cur.header = t if cur.header is None else f"{cur.header}\n{t}"  # every furniture line, in order
            cur.furniture.append(no)
        else:
            has_content = True
    cur.line_end = len(src.lines)
    if has_content or not pages or cur.furniture:  # a last page of header lines only is kept too
        pages.append(cur)
    return pages
