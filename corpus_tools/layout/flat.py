"""Articles flattened onto one line, as scraped corpora store them, laid out as a page dump would be.

Many scraped corpora keep one article per line: headline, tag, dateline, byline, subheadings and
paragraphs separated only by spaces.  ``split_flat_lines`` turns such a line into the paragraphs a page
dump gives (the headline on its own, then each marker, subheading and paragraph), so segmentation reads
both alike.  It cuts only where typesetting puts a break: after the leading headline decks and markers, and
at a space that follows a finished sentence.  A space inside a sentence (``G7 領導人``) stays.

Provenance stays right: every piece keeps its input line number, and a ``flat_line_split`` repair on each
piece gives its role and its character range in that input line.

The related shape: a headline on one line and the whole body on the next (no paragraph breaks).  The
headline is an article start, never the tail of a paragraph broken at a column, so ``join_breaks`` keeps
column-break joins from crossing it, and segmentation reads it as a head line even when it holds an
exclamation mark between its parts (``大雪来了！全市启动应急响应``), which would otherwise make it look like body
text.
"""

from __future__ import annotations

import re

from corpus_tools.layout.repairs import join_column_breaks
from corpus_tools.script import to_view
from corpus_tools.shapes import BYLINE_LINE_RE, CLOSERS, DATELINE_RE, strip_ws
from corpus_tools.types import Para, Repair, SourceText

REPAIR = "flat_line_split"
_TOKEN_RE = re.compile(r"[^\s\u3000\xa0]+")
_SENTENCE_END = "。！？!?…"
_BRACKETED_RE = re.compile(r"^[【〔\[［（(《][^】〕\]］）)》]{1,24}[】〕\]］）)》]$")
# a dateline or byline standing alone: 中央社台北24日电 / 记者林美华／台北报导 / 综合外电报导 / 文：某某
_ROLE_ONLY_RE = re.compile(r"^(?:本报|特派|驻\S{1,6})?记者$|^(?:文|图)[:：／/]?$")
_MARKER_RE = re.compile(r"(?:\d{1,2}日电|报导|报道|外电|本报消息|本报讯)$|^(?:文|图|编译|整理)[:：／/]")
HEAD_DECK_MIN = 4  # a headline deck is a phrase, not a name (名单 ``鲁迅 郭沫若`` is no headline)
HEAD_MAX = 60  # all decks of a headline together
SUB_MAX = 20
FLAT_BODY_MIN = 120  # a body line: this long, with at least two sentences


def _ends_sentence(t: str) -> bool:
    t = t.rstrip(CLOSERS)
    return bool(t) and t[-1] in _SENTENCE_END


def _sentences(t: str) -> int:
    return sum(1 for i, c in enumerate(t) if c in "。！？!?" and (i + 1 == len(t) or t[i + 1] not in "！？!?"))


def _cjk(t: str) -> int:
    return sum(1 for c in t if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")


def _is_marker(view: str) -> bool:
    """A dateline, byline, credit or tag printed as its own piece."""
    if len(view) > 30 or _sentences(view[:-1]):
        return False
    return bool(_BRACKETED_RE.match(view) or DATELINE_RE.match(view) or BYLINE_LINE_RE.match(view)
                or _MARKER_RE.search(view))


def is_head_deck(view: str) -> bool:
    """A headline deck: a short phrase, no finished sentence but at most a ！/？ between its parts."""
    if not HEAD_DECK_MIN <= len(view) <= HEAD_MAX or _cjk(view) < 2:
        return False
    if any(c in view for c in "。；;…") or view.count("，") + view.count(",") >= 2:
        return False
    parts = [p for p in re.split(r"[！？!?]", view) if p]
    return all(len(p) <= 24 for p in parts) and not (_ends_sentence(view) and len(parts) > 1)


def _pieces(line: str) -> list[tuple[str, int, int]] | None:
    """(role, start, end) of each piece of a flattened article line, or None when the line is not one."""
    tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(line)]
    views = [to_view(line[s:e]) for s, e in tokens]
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):  # the leading head: headline decks (one piece) and markers (one piece each)
        if _ROLE_ONLY_RE.match(views[i]) and i + 1 < len(tokens):  # 記者 林美華／台北報導: one byline
            tokens[i:i + 2] = [(tokens[i][0], tokens[i + 1][1])]
            views[i:i + 2] = [to_view(line[slice(*tokens[i])])]
        if _is_marker(views[i]):
            out.append(("marker", *tokens[i]))
        elif is_head_deck(views[i]) and (not out or out[-1][0] != "head" or
                                         tokens[i][1] - out[-1][1] <= HEAD_MAX):
            if out and out[-1][0] == "head":
                out[-1] = ("head", out[-1][1], tokens[i][1])
            else:
                out.append(("head", *tokens[i]))
        else:
            break
        i += 1
    body = line[tokens[i][0]:] if i < len(tokens) else ""
    if not any(r == "head" for r, _, _ in out) or len(body) < FLAT_BODY_MIN // 2 or _sentences(body) < 2:
        return None
    for j in range(i, len(tokens)):
        s, e = tokens[j]
        v = views[j]
        prev = out[-1]
        after_sentence = prev[0] != "para" or _ends_sentence(line[prev[1]:prev[2]])
        if not after_sentence:
            out[-1] = (prev[0], prev[1], e)  # a space inside a sentence stays inside its paragraph
        elif _is_marker(v):
            out.append(("marker", s, e))
        elif (j + 1 < len(tokens) and len(v) <= SUB_MAX and _cjk(v) >= 3 and not _ends_sentence(v)
              and not any(c in v for c in "，,；;：:")):
            out.append(("subheading", s, e))
        else:
            out.append(("para", s, e))
    return out


def split_flat_lines(src: SourceText, paras: list[Para]) -> list[Para]:
    """Each one-line paragraph that is a flattened article becomes its pieces, one paragraph each."""
    out: list[Para] = []
    for p in paras:
        pieces = _pieces(p.text) if p.line_start == p.line_end and len(p.text) >= FLAT_BODY_MIN else None
        if pieces is None:
            out.append(p)
            continue
        lead = src.lines[p.line_start - 1].find(p.text)  # the paragraph is its line, stripped
        for k, (role, s, e) in enumerate(pieces):
            detail = f"{role}: chars {s + lead}-{e + lead} of line {p.line_start}"
            blanks = max(p.blanks_before, 1) if k == 0 else 0  # an article per line: as if a blank stood between
            out.append(Para(p.text[s:e], p.line_start, p.line_end, p.indented and k == 0, blanks,
                            (*p.repairs, Repair(REPAIR, (p.line_start,), detail))))
    return out


def _flat_piece(p: Para) -> bool:
    return any(r.kind == REPAIR for r in p.repairs)


def _body_line(p: Para) -> bool:
    """A whole article body on one line: long, several sentences, opening a sentence."""
    t = p.text
    return (p.line_start == p.line_end and len(t) >= FLAT_BODY_MIN and _sentences(t) >= 2
            and t[:1] not in "，,、；;：:。" + CLOSERS)


def heads_one_line_body(paras: list[Para] | tuple[Para, ...], i: int) -> bool:
    """Paragraph ``i`` is a headline standing on its own line directly above a one-line body."""
    if i + 1 >= len(paras):
        return False
    p, nxt = paras[i], paras[i + 1]
    opens = i == 0 or p.blanks_before >= 1 or _ends_sentence(paras[i - 1].text)
    return (opens and p.line_start == p.line_end and nxt.line_start == p.line_end + 1 and nxt.blanks_before == 0
            and not _flat_piece(p) and is_head_deck(to_view(strip_ws(p.text))) and _body_line(nxt))


def article_heads(paras: list[Para]) -> set[int]:
    """Indexes of headlines standing on their own line directly above a one-line body."""
    return {i for i in range(len(paras) - 1) if heads_one_line_body(paras, i)}


def join_breaks(paras: list[Para], indent_mode: bool = False) -> list[Para]:
    """Column-break joins, never across an article start: a flattened piece or a headline above its body."""
    heads = article_heads(paras)
    out: list[Para] = []
    run: list[Para] = []
    for i, p in enumerate(paras):
        alone = i in heads or _flat_piece(p)
        if alone or (i - 1 in heads):
            out += join_column_breaks(run, indent_mode)
            run = []
        if alone:
            out.append(p)
        else:
            run.append(p)
    return out + join_column_breaks(run, indent_mode)


__all__ = ["REPAIR", "article_heads", "heads_one_line_body", "is_head_deck", "join_breaks", "split_flat_lines"]
