"""Layout repairs: blocks printed twice, paragraphs broken at column breaks."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from operator import add

from corpus_tools.shapes import (
    DATELINE_RE,
    crosses_word,
    has_sentence_inside,
    is_structural,
    is_terminated,
    looks_like_head,
    strip_ws,
)
from corpus_tools.types import Para, Repair

MIN_DUP_CHARS = 20  # shorter repeats (标题, 核心阅读, datelines) are legitimate
CONTEXT = 2  # paragraphs on each side that judge where a duplicated block belongs


def _bigrams(texts: list[str]) -> Counter[str]:
    c: Counter[str] = Counter()
    for t in texts:
        c.update(map(add, t, t[1:]))  # every pair of neighbouring characters
    return c


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _runs(flat: list[Para]) -> list[list[tuple[int, int]]]:
    """Groups of equal runs of paragraphs: each group lists (start, length) of every copy."""
    where: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(flat):
        if len(p.text) >= MIN_DUP_CHARS:
            where[p.text].append(i)
    repeated = {t: ix for t, ix in where.items() if len(ix) >= 2 and not looks_like_head(t)}
    seen: set[int] = set()
    groups = []
    for i in sorted(j for ix in repeated.values() for j in ix):  # only paragraphs printed more than once
        p = flat[i]
        starts = [s for s in repeated[p.text] if s not in seen]  # copies not yet in a block
        if i in seen or len(starts) < 2:
            continue
        length = 1
        while all(s + length < len(flat) and flat[s + length].text == flat[i + length].text
                  and s + length not in starts and s + length not in seen for s in starts):
            length += 1
        for s in starts:
            seen.update(range(s, s + length))
        groups.append([(s, length) for s in starts])
    return groups


def _fit(flat: list[Para], start: int, length: int, others: set[int]) -> float:
    """How well a copy fits where it stands: shared wording with its neighbours."""
    before = [flat[j].text for j in range(start - 1, -1, -1) if j not in others][:CONTEXT]
    after = [flat[j].text for j in range(start + length, len(flat)) if j not in others][:CONTEXT]
    block = _bigrams([p.text for p in flat[start:start + length]])
    return _cosine(block, _bigrams(before + after))


def remove_duplicates(paged: list[list[Para]]) -> tuple[list[list[Para]], list[Repair]]:
    """Drop all but the best-fitting copy of every block printed more than once."""
    flat = [p for page in paged for p in page]
    drop: set[int] = set()
    repairs: list[Repair] = []
    for copies in _runs(flat):
        covered = {j for s, n in copies for j in range(s, s + n)}
        ranked = sorted(copies, key=lambda c: (-_fit(flat, c[0], c[1], covered), c[0]))
        keep = ranked[0]
        for s, n in ranked[1:]:
            drop.update(range(s, s + n))
            lines = tuple(range(flat[s].line_start, flat[s + n - 1].line_end + 1))
            kept = f"kept the copy at lines {flat[keep[0]].line_start}-{flat[keep[0] + keep[1] - 1].line_end}"
            repairs.append(Repair("duplicate_removed", lines, kept))
    out, k = [], 0
    for page in paged:
        out.append([p for j, p in enumerate(page, start=k) if j not in drop])
        k += len(page)
    return out, repairs


def _body_like(p: Para) -> bool:
    """Paragraph text (not a head): long, or containing a finished sentence."""
    t = p.text
    return len(t) > 46 or has_sentence_inside(t) or (not looks_like_head(t) and not is_structural(t))


def _opens_text(t: str) -> bool:
    """A dateline (and bracketed byline) followed by running text: a paragraph, not a lone dateline."""
    m = DATELINE_RE.match(strip_ws(t))
    if m is None:
        return False
    rest = re.sub(r"^[\s\u3000\xa0]*[（(][^（）()]*[)）]", "", strip_ws(t)[m.end():])
    return len(strip_ws(rest)) >= 2


def _bracketed(t: str) -> bool:
    """A paragraph wholly in brackets (a round-up credit, an author note) is complete, never broken."""
    t = strip_ws(t)
    return t[:1] in "（(【[" and t[-1:] in "）)】]" and not any(c in t[1:-1] for c in "（()）")


def _continues(a: Para, b: Para, indent_mode: bool) -> bool:
    """``b`` carries on ``a`` across a column break."""
    if is_terminated(a.text) or is_structural(b.text) or (indent_mode and b.indented) or _bracketed(a.text):
        return False
    if len(a.text) <= 40 and is_structural(a.text) and not _opens_text(a.text):
        return False
    if looks_like_head(b.text) and not is_terminated(b.text):
        return False
    if _body_like(a):
        return True
    # a short piece with a comma inside is a broken paragraph when a word spans the break
    return any(c in a.text for c in "，,、") and _body_like(b) and crosses_word(a.text, b.text)


def join_column_breaks(paras: list[Para], indent_mode: bool = False) -> list[Para]:
    """Join a paragraph that stops mid-sentence with the next one that carries it on."""
    out: list[Para] = []
    for p in paras:
        if out and _continues(out[-1], p, indent_mode):
            a = out[-1]
            rep = Repair("column_break_join", (a.line_end, p.line_start),
                         f"…{strip_ws(a.text)[-6:]}|{strip_ws(p.text)[:6]}…")
            out[-1] = Para(a.text + p.text, a.line_start, p.line_end, a.indented, a.blanks_before,
                           a.repairs + p.repairs + (rep,))
        else:
            out.append(p)
    return out
