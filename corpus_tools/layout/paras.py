"""Paragraphs from lines: one per line, or hard-wrapped lines joined back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from corpus_tools.layout.pages import PageSpan
from corpus_tools.shapes import WS, display_width, is_terminated, looks_like_head, strip_ws
from corpus_tools.types import Para, Repair, SourceText

_MIN_WRAPPED_LINES = 8


def is_indented(line: str) -> bool:
    """A paragraph indent: a leading ideographic space, a tab or two ASCII spaces."""
    return line.startswith(("\u3000", "\t", "  ", "\xa0\xa0"))


def _measure_fn(unit: str):
    return len if unit == "chars" else display_width


def _wrap_in(lines: list[str], unit: str) -> tuple[int, float, int, float] | None:
    """(width, share of long lines filled to it, commonest width, share longer) measured in ``unit``."""
    measure = _measure_fn(unit)
    long = [w for w in (measure(x) for x in lines) if w >= 8]
    if len(long) < _MIN_WRAPPED_LINES:
        return None
    full, _ = Counter(long).most_common(1)[0]
    width = max(w for w in long if w <= full + 1)
    slack = 1 if unit == "chars" else 3
    near = sum(1 for w in long if width - slack <= w <= width)
    over = sum(1 for w in long if w > width)
    return width, near / len(long), full, over / len(long)


def wrap_width(src: SourceText) -> tuple[str, int, int] | None:
    """(unit, column, commonest full-line width) of a hard-wrapped dump, or None if lines are paragraphs.

    A wrapped dump has most lines filled to nearly the same width (counted in
    characters, or in display columns where CJK counts two); a
    one-paragraph-per-line dump has widths spread all over.  A page of short
    items has fewer full lines, but then no line at all is longer than the
    column, which never happens in a one-paragraph-per-line dump.
    """
    lines = [x.lstrip("\f").rstrip(WS) for x in src.lines if strip_ws(x)]
    lengths = [len(x) for x in lines]
    if sum(n > 120 for n in lengths) > 0.5 * sum(n >= 4 for n in lengths):
        return None  # most lines are longer than any wrap column (in characters, so in columns too)
    best = None
    for unit in ("chars", "columns"):
        got = _wrap_in(lines, unit)
        if got is None or got[0] > 120:
            continue
        capped = got[1] >= 0.3 and got[3] <= 0.05 and got[2] >= (16 if unit == "chars" else 32)
        if (got[1] >= 0.5 or capped) and (best is None or got[1] > best[2]):
            best = (unit, got[0], got[1], got[2])
    return (best[0], best[1], best[3]) if best else None


def _joinable(prev: str, wrap: tuple[str, int, int], indent_mode: bool, nxt_raw: str, nxt_alone: bool) -> bool:
    """A hard-wrapped line continues on the next when it is filled to the wrap column.

    A line that ends a sentence short of the usual full width (one character
    less, or two columns less) is the last line of its paragraph; so is one
    that ends a sentence (or a kicker's dash) before a line that ends none and
    is short or stands alone above a blank line (a head line: the tail of a
    paragraph ends a sentence).
    """
    unit, width, full = wrap
    measure = _measure_fn(unit)
    slack = 1 if unit == "chars" else 3
    w = measure(prev)
    if w < width - slack:
        return False
    if is_terminated(prev):
        nxt = nxt_raw.lstrip("\f").rstrip(WS)
        if w < full - (0 if unit == "chars" else 1):
            return False
        if ((measure(nxt) < width - slack or nxt_alone) and not is_terminated(nxt) and looks_like_head(nxt)
                and sum(c.isalnum() for c in nxt) >= 2):  # a lone wrapped ” is no head
            return False
    return not (indent_mode and is_indented(nxt_raw))


def indent_mode(flags: Iterable[bool]) -> bool:
    """Indentation marks paragraphs (so unindented lines are heads): the one definition of "indent mode".

    Enough lines are indented, and enough are not: on a page where every line
    is indented (heads and continuations too) indentation tells nothing, and
    the page is read like an unindented dump.
    """
    marks = list(flags)
    n, k = len(marks), sum(marks)
    return k >= max(3, 0.3 * n) and n - k >= max(1, 0.04 * n)


def uses_indent(src: SourceText) -> bool:
    """Indent mode of the issue's non-blank lines."""
    return indent_mode(is_indented(x.lstrip("\f")) for x in src.lines if strip_ws(x))


def make_paras(src: SourceText, span: PageSpan, wrap: tuple[str, int, int] | None,
               indent_mode: bool) -> list[Para]:
    """Turn a page's lines into paragraphs, remembering blank lines and indents."""
    furniture = set(span.furniture)
    paras: list[Para] = []
    blanks, prev_line = 0, 0
    for no in range(span.line_start, span.line_end + 1):
        raw = src.lines[no - 1]
        t = strip_ws(raw)
        if not t or no in furniture:
            blanks += 0 if no in furniture else 1
            continue
        if (wrap and paras and blanks == 0 and prev_line == no - 1
                and _joinable(src.lines[no - 2].lstrip("\f").rstrip(WS), wrap, indent_mode, raw,
                              no == span.line_end or not strip_ws(src.lines[no]))):
            spaced = raw.lstrip("\f")[:1] in (" ", "\u3000") or src.lines[no - 2][-1:] in (" ", "\u3000")
            paras[-1] = _wrap_join(paras[-1], t, no, spaced)
        else:
            paras.append(Para(t, no, no, is_indented(raw.lstrip("\f")), blanks))
        blanks, prev_line = 0, no
    return paras


def _wrap_join(last: Para, t: str, no: int, spaced: bool) -> Para:
    """Append a wrapped line; one repair per paragraph lists every line joined.

    A space printed at the wrap point is kept as one space, and so is the gap
    between two Latin words; CJK text and digits are joined directly.
    """
    latin = last.text[-1:].isascii() and last.text[-1:].isalpha() and t[:1].isascii() and t[:1].isalpha()
    sep = " " if spaced or latin else ""
    repairs = tuple(r for r in last.repairs if r.kind != "hard_wrap_join")
    repairs += (Repair("hard_wrap_join", tuple(range(last.line_start, no + 1))),)
    return Para(last.text + sep + t, last.line_start, no, last.indented, last.blanks_before, repairs)


__all__ = ["WS", "indent_mode", "is_indented", "make_paras", "uses_indent", "wrap_width"]
